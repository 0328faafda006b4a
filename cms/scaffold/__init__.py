"""``cms plugins new NAME``: a working plugin package to start from.

The files are templates next to this module; ``$name`` and friends are filled in with
:class:`string.Template`, so the templates stay readable as the files they become.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from packaging.version import Version

import cms
from cms.pluginmanager import NAME_PATTERN

TEMPLATES = Path(__file__).resolve().parent


class ScaffoldError(ValueError):
    """The plugin cannot be created; the message says why."""


def new_plugin(name: str, folder: Path) -> Path:
    """Write ``folder/warta-<name>/`` and return it."""
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(
            f"{name!r} is not a plugin name: use 2-40 lower-case letters, digits or _, "
            "starting with a letter")
    target = folder / f"warta-{name}"
    if target.exists():
        raise ScaffoldError(f"{target} already exists")
    version = Version(cms.__version__)
    values = {
        "name": name,
        "title": name.replace("_", " ").title(),
        "class_name": "".join(part.title() for part in name.split("_")),
        "cms_version": f"{version.major}.{version.minor}",
        "cms_next_major": str(version.major + 1),
    }
    for source in sorted(TEMPLATES.rglob("*.tmpl")):
        relative = source.relative_to(TEMPLATES).with_suffix("")
        parts = ["warta_" + name if part == "package" else part for part in relative.parts]
        if parts[-1] == "0001_initial.py":
            parts[-1] = f"{name}0001_initial.py"
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(Template(source.read_text(encoding="utf-8")).substitute(values),
                               encoding="utf-8")
    return target
