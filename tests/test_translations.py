"""The English catalog: every interface string in the source is there, translated, not fuzzy.

The source strings are Indonesian; ``?lang=en`` shows whatever ``en/messages.po`` lacks in
Indonesian. To bring the catalog up to date::

    pybabel extract -F babel.cfg -k _l -k lazy_gettext --omit-header --no-location \\
        -o cms/translations/messages.pot .
    pybabel update -i cms/translations/messages.pot -d cms/translations -l en

then translate the new and fuzzy entries by hand and run ``make translations``. The
jinja2 sections of the mapping file must say ``extensions = cms.fragments.FragmentExtension``,
or pybabel skips every template that uses ``{% fragment %}`` without a word; this test
extracts with that extension whatever the mapping says.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
MAPPING = ROOT / "babel.cfg"
ENGLISH = ROOT / "cms" / "translations" / "en" / "LC_MESSAGES" / "messages.po"

#: The keywords the catalog was extracted with (``-k _l -k lazy_gettext``).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}

#: Jinja extensions the templates need in order to parse. Jinja's extractor skips a
#: template it cannot parse without a word, so without ``{% fragment %}`` every string
#: on the home, article and listing pages would go unchecked.
JINJA_EXTENSIONS = "cms.fragments.FragmentExtension"

Key = tuple[str | tuple[str, ...], str | None]


def _jinja_options(options: dict[str, str]) -> dict[str, str]:
    """Options that make a template the extractor cannot parse fail here, loudly."""
    return {**options, "extensions": options.get("extensions") or JINJA_EXTENSIONS,
            "silent": "false"}


@cache
def source_messages() -> dict[Key, list[str]]:
    """Every msgid the code and templates use, with where each one is used."""
    with MAPPING.open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, filename=str(MAPPING))
    for pattern, method in method_map:
        if method == "jinja2":
            options_map[pattern] = _jinja_options(options_map.get(pattern, {}))
    # Walk only the folders babel.cfg names (not node_modules, not the instance).
    roots = {pattern.split("/", 1)[0] for pattern, _ in method_map}

    def wanted(path: str) -> bool:
        parts = Path(path).relative_to(ROOT).parts
        return parts[0] in roots and not parts[-1].startswith((".", "__"))

    reading: list[str] = []

    def note(filename: str, method: str, options: dict) -> None:
        reading[:] = [filename]

    found: dict[Key, list[str]] = {}
    try:
        for filename, lineno, message, _comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS, callback=note,
            directory_filter=wanted,
        ):
            found.setdefault((message, context), []).append(f"{filename}:{lineno}")
    except Exception as error:
        raise AssertionError(
            f"Cannot extract messages from {reading[0] if reading else ROOT}: {error}. "
            "If it uses a new Jinja extension, add it to JINJA_EXTENSIONS here and to babel.cfg."
        ) from error
    return found


@cache
def english() -> Catalog:
    with ENGLISH.open("rb") as po:
        return read_po(po)


def test_extraction_finds_the_source_strings():
    found = source_messages()
    # One from Python, one from a core template, one from inside {% fragment %}.
    assert ("Permintaan tidak valid", None) in found
    assert ("Masuk ke redaksi", None) in found
    assert ("Berita terkait", None) in found


def test_every_source_message_is_in_the_english_catalog():
    catalog = english()
    missing = []
    for (msgid, context), places in source_messages().items():
        entry = catalog.get(msgid, context=context)
        if entry is None or entry.pluralizable != isinstance(msgid, tuple):
            missing.append(f"{msgid!r} (used at {places[0]})")
    assert not missing, (
        f"{len(missing)} interface strings are not in {ENGLISH}; "
        "re-extract and update the catalog (see this module's docstring):\n"
        + "\n".join(missing)
    )


def test_every_english_message_is_translated_and_not_fuzzy():
    untranslated, fuzzy = [], []
    for entry in english():
        if not entry.id:
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            untranslated.append(repr(entry.id))
        if entry.fuzzy:
            fuzzy.append(repr(entry.id))
    assert not untranslated and not fuzzy, (
        "English mode shows these in Indonesian; translate them and drop the fuzzy flag.\n"
        f"Untranslated ({len(untranslated)}):\n" + "\n".join(untranslated)
        + f"\nFuzzy ({len(fuzzy)}):\n" + "\n".join(fuzzy)
    )


def test_english_translations_keep_the_placeholders():
    problems = [
        f"{entry.id!r}: {error}"
        for entry, errors in english().check()
        for error in errors
    ]
    assert not problems, "\n".join(problems)
