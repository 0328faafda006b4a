"""Themes: discovery, the template loader chain, and theme static files.

A theme is ``themes/<name>/`` with a ``theme.toml`` (name, version, parent, requires_cms),
``templates/`` and ``static/``. Templates are looked up in ``instance/templates``, the
active theme, its parents, the core, then each plugin's own folder under
``plugins/<name>/``, so a theme overrides any page without copying the core.

Choosing a theme (admin or ``cms themes use``) takes effect at once on every worker: the
choice is stored in the setting and announced in the shared cache store, which every
process rechecks the way it rechecks the page cache's generation (at most every
:data:`cms.pagecache.GENERATION_RECHECK_SECONDS`, no database query), switching before it
renders. ``THEME`` in the configuration pins a theme and wins over the setting.
"""

from __future__ import annotations

import hashlib
import logging
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, current_app, request, send_from_directory, url_for
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader
from packaging.specifiers import InvalidSpecifier, SpecifierSet

import cms
from cms import pagecache
from cms.extensions import cache
from cms.settings import get_setting, set_setting

logger = logging.getLogger(__name__)

DEFAULT_THEME = "default"
SETTING_KEY = "theme"
STATIC_MAX_AGE = 365 * 24 * 3600
PLUGIN_FOLDERS = "warta.theme_plugin_folders"
#: The chosen theme's name in the cache store every worker shares.
CHOICE_KEY = "warta.theme"
#: This process's last reading of it: ``(monotonic time, name or None)``.
CHOICE_READ = "warta.theme_choice"


class ThemeError(Exception):
    """A theme cannot be used; the message says why."""


@dataclass(frozen=True)
class Theme:
    name: str
    version: str
    title: str
    parent: str | None
    requires_cms: str
    path: Path

    @property
    def templates(self) -> Path:
        return self.path / "templates"

    @property
    def static(self) -> Path:
        return self.path / "static"


def read_theme(folder: Path) -> Theme:
    """Parse ``folder/theme.toml``; raise :class:`ThemeError` when it is unusable."""
    try:
        data = tomllib.loads((folder / "theme.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ThemeError(f"theme {folder.name!r}: cannot read theme.toml: {exc}") from None
    name = data.get("name", folder.name)
    parent = data.get("parent") or None
    if not isinstance(parent, str | None):
        raise ThemeError(f"theme {folder.name!r}: parent must be a theme name")
    if name != folder.name:
        raise ThemeError(f"theme.toml in {folder} names {name!r}; it must match the folder")
    requires = str(data.get("requires_cms", ""))
    try:
        compatible = SpecifierSet(requires).contains(cms.__version__, prereleases=True)
    except InvalidSpecifier:
        raise ThemeError(f"theme {name!r}: requires_cms {requires!r} is not valid") from None
    if not compatible:
        raise ThemeError(f"theme {name!r} needs Warta {requires}, this is {cms.__version__}")
    return Theme(
        name=name,
        version=str(data.get("version", "0")),
        title=str(data.get("title", name)),
        parent=parent,
        requires_cms=requires,
        path=folder,
    )


def discover_themes(folder: str | Path) -> tuple[dict[str, Theme], dict[str, str]]:
    """Every theme under ``folder``, and the error of each one that could not be read."""
    themes: dict[str, Theme] = {}
    errors: dict[str, str] = {}
    root = Path(folder)
    if not root.is_dir():
        return themes, errors
    for path in sorted(root.iterdir()):
        if (path / "theme.toml").is_file():
            try:
                themes[path.name] = read_theme(path)
            except ThemeError as exc:
                errors[path.name] = str(exc)
    return themes, errors


def resolve_chain(themes: dict[str, Theme], name: str) -> list[Theme]:
    """The theme and its ancestors, child first; missing parents and cycles are refused."""
    chain: list[Theme] = []
    current: str | None = name
    while current is not None:
        if current not in themes:
            if not chain:
                raise ThemeError(f"no theme named {name!r}; see `cms themes list`")
            raise ThemeError(
                f"theme {chain[-1].name!r} names parent {current!r}, which is not installed"
            )
        if any(theme.name == current for theme in chain):
            names = " → ".join([t.name for t in chain] + [current])
            raise ThemeError(f"theme parents form a cycle: {names}")
        chain.append(themes[current])
        current = themes[current].parent
    return chain


class ThemeRegistry:
    """The themes of one site and the active chain, kept in ``app.extensions``."""

    def __init__(self, app: Flask) -> None:
        self.themes, self.errors = discover_themes(app.config["THEMES_FOLDER"])
        self.active_error: str | None = None
        wanted = app.config["THEME"] or get_setting(SETTING_KEY, DEFAULT_THEME)
        #: The choice this registry was built for; a newer announced choice rebuilds it.
        self.followed = wanted
        try:
            self.chain = resolve_chain(self.themes, wanted)
        except ThemeError as exc:
            self.active_error = str(exc)
            logger.error("theme %r cannot be used (%s); falling back to %r", wanted, exc,
                         DEFAULT_THEME)
            try:
                self.chain = resolve_chain(self.themes, DEFAULT_THEME)
            except ThemeError as fallback_error:
                logger.error("the %r theme cannot be used either: %s", DEFAULT_THEME,
                             fallback_error)
                self.chain = []
        self._versions: dict[str, str] = {}

    @property
    def active(self) -> Theme | None:
        return self.chain[0] if self.chain else None

    def find_static(self, filename: str) -> Path | None:
        for theme in self.chain:
            candidate = theme.static / filename
            try:
                inside = candidate.resolve().is_relative_to(theme.static.resolve())
                if inside and candidate.is_file():
                    return theme.static
            except (OSError, ValueError):  # a name too long or with a NUL byte
                return None
        return None

    def version_of(self, filename: str) -> str:
        """A short content hash, so a changed file gets a new URL and the old one caches."""
        if filename not in self._versions:
            folder = self.find_static(filename)
            if folder is None:
                return "0"
            digest = hashlib.sha256((folder / filename).read_bytes()).hexdigest()
            self._versions[filename] = digest[:10]
        return self._versions[filename]


def use_theme(app: Flask, name: str) -> Theme:
    """Make ``name`` the site's theme on every worker now; refuse a broken one."""
    themes, errors = discover_themes(app.config["THEMES_FOLDER"])
    if name in errors:
        raise ThemeError(errors[name])
    chain = resolve_chain(themes, name)
    set_setting(SETTING_KEY, name)
    app.extensions["cache"][cache].set(CHOICE_KEY, name, timeout=0)
    app.extensions[CHOICE_READ] = (float("-inf"), None)
    pagecache.invalidate()
    _follow_choice(app)
    return chain[0]


def _activate(app: Flask, registry: ThemeRegistry) -> None:
    app.extensions["warta.themes"] = registry
    app.jinja_loader = template_loader(app, registry, app.extensions[PLUGIN_FOLDERS])
    if app.jinja_env.cache is not None:
        app.jinja_env.cache.clear()  # compiled templates of the old chain
    pagecache.describe_theme(app, registry.active.name if registry.active else None)


def _shared_choice(app: Flask) -> str | None:
    """The theme announced in the shared store, re-read at most every recheck interval."""
    read_at, name = app.extensions.get(CHOICE_READ, (float("-inf"), None))
    now = time.monotonic()
    if now - read_at > pagecache.GENERATION_RECHECK_SECONDS:
        name = app.extensions["cache"][cache].get(CHOICE_KEY)
        app.extensions[CHOICE_READ] = (now, name)  # one assignment: thread-safe
    return name


def _follow_choice(app: Flask) -> None:
    """Before a request: switch to the theme another process chose, if any."""
    if app.config["THEME"]:
        return
    chosen = _shared_choice(app)
    if chosen is not None and chosen != app.extensions["warta.themes"].followed:
        fresh = ThemeRegistry(app)  # reads the setting, written before the announcement
        fresh.followed = chosen
        _activate(app, fresh)


def get_registry() -> ThemeRegistry:
    return current_app.extensions["warta.themes"]


def theme_url(filename: str) -> str:
    """URL of a theme static file, found along the theme chain, with a cache-busting hash."""
    return url_for("theme_static", filename=filename, v=get_registry().version_of(filename))


def _serve_theme_static(filename: str):
    folder = get_registry().find_static(filename)
    if folder is None:
        abort(404)
    max_age = STATIC_MAX_AGE if request.args.get("v") else 300
    return send_from_directory(folder, filename, max_age=max_age)


def template_loader(app: Flask, registry: ThemeRegistry, plugin_folders: dict[str, Path]):
    loaders: list[BaseLoader] = [FileSystemLoader(Path(app.instance_path) / "templates")]
    loaders += [FileSystemLoader(theme.templates) for theme in registry.chain]
    loaders.append(FileSystemLoader(Path(app.root_path) / "templates"))
    plugin_loaders = {name: FileSystemLoader(path) for name, path in plugin_folders.items()}
    loaders.append(PrefixLoader({"plugins": PrefixLoader(plugin_loaders)}))
    return ChoiceLoader(loaders)


def init_app(app: Flask, plugin_folders: dict[str, Path]) -> ThemeRegistry:
    """Choose the active theme and chain the template folders.

    :param plugin_folders: each started plugin's own ``templates/`` folder, by plugin name.
    """
    with app.app_context():
        registry = ThemeRegistry(app)
    app.extensions[PLUGIN_FOLDERS] = plugin_folders
    app.extensions["warta.themes"] = registry
    app.jinja_loader = template_loader(app, registry, plugin_folders)
    app.before_request(lambda: _follow_choice(current_app._get_current_object()))
    app.add_url_rule("/theme/<path:filename>", "theme_static", _serve_theme_static)
    app.add_template_global(theme_url, "theme_url")
    return registry
