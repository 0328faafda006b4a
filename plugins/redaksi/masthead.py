"""The masthead ("Boks Redaksi", UU Pers article 12): stored in the plugin's settings and
shown as a page and in the footer.

The press council's verification is stated in words with a link to the council's own
record; its logo is never shown, because the council forbids media to use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from cms.api import is_plugin_loaded, plugin_settings

if TYPE_CHECKING:
    from flask_wtf import FlaskForm

PLUGIN = "redaksi"

#: The press council's verification levels, as the masthead states them ("" states none).
STATUSES = {
    "": _l("— tidak ditampilkan —"),
    "faktual": _l("Terverifikasi administratif dan faktual oleh Dewan Pers"),
    "administratif": _l("Terverifikasi administratif oleh Dewan Pers"),
    "proses": _l("Dalam proses verifikasi Dewan Pers"),
    "belum": _l("Belum terverifikasi Dewan Pers"),
}

DEFAULTS: dict[str, str] = {
    "legal_name": "", "address": "", "penanggung_jawab": "", "editors": "",
    "press_council_status": "", "press_council_url": "",
}


def is_web_address(value: str) -> bool:
    """Only http(s): a ``javascript:`` address saved here would run on every public page."""
    return value.strip().lower().startswith(("https://", "http://"))


@dataclass(frozen=True)
class Masthead:
    """The cleaned values templates show; the link is left empty unless it is http(s)."""

    legal_name: str
    address: str
    penanggung_jawab: str
    editors: list[str]
    status: str
    status_label: str
    status_url: str

    @property
    def is_filled(self) -> bool:
        return bool(self.legal_name or self.penanggung_jawab or self.editors or self.status)


def current() -> Masthead:
    """The masthead as readers see it, from what an admin saved over the defaults."""
    values = {**DEFAULTS, **plugin_settings(PLUGIN)}
    status = values["press_council_status"] or ""
    url = (values["press_council_url"] or "").strip()
    return Masthead(
        legal_name=(values["legal_name"] or "").strip(),
        address=(values["address"] or "").strip(),
        penanggung_jawab=(values["penanggung_jawab"] or "").strip(),
        editors=[line.strip() for line in (values["editors"] or "").splitlines()
                 if line.strip()],
        status=status,
        status_label=str(STATUSES.get(status, "")) if status else "",
        status_url=url if is_web_address(url) else "",
    )


def changed_fields(form: FlaskForm) -> list[str]:
    """Labels of the fields whose submitted value differs from what is stored."""
    stored = {**DEFAULTS, **plugin_settings(PLUGIN)}
    return [str(form[name].label.text) for name in DEFAULTS
            if (form[name].data or "") != (stored.get(name) or "")]


def guideline_url() -> str | None:
    """The PPMS page of the pages plugin, when that plugin runs and the page exists."""
    if not is_plugin_loaded("pages"):
        return None
    # Imported only when the plugin runs: importing its API declares its table.
    from plugins.pages.api import GUIDELINE_SLUG, page_url

    return page_url(GUIDELINE_SLUG)


def footer() -> Markup:
    """The short masthead in every public page's footer, linking to the full one."""
    return Markup(render_template("plugins/redaksi/footer.html", masthead=current()))
