"""The Indonesian dateline and closing byline, inline, in the site's house style.

Indonesian news opens its first paragraph with the place and the source, then a dash and
the text on the same line ("KEDIRI, Warta – Komunitas Informasi …"), and closes its last
paragraph with the writer's code ("… di Kediri. (bsr1/adv)"). The style is the site's
choice among :data:`STYLES`, on the articles plugin's settings page, with the source (an
agency's code, else the site's name).

The functions working on markup are pure, so their rules are tested as tables; the body
they receive is already sanitized, and everything they add is escaped.
"""

from __future__ import annotations

import re
from html import unescape

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from cms.api import plugin_settings, site_settings
from plugins.articles.models import Article

#: The opening tag of the first paragraph, and the closing tag of the last.
FIRST_PARAGRAPH = re.compile(r"^\s*<p(\s[^>]*)?>", re.IGNORECASE)
LAST_PARAGRAPH = re.compile(r"</p>\s*$", re.IGNORECASE)
PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
DASHES = "–—-"
DEFAULT_STYLE = "upper_comma"
#: The forms Indonesian newsrooms use; ``{PLACE}`` is the place in capitals, ``{Place}``
#: as the writer typed it, ``{source}`` the site's name or an agency's code.
STYLES = {
    "upper_comma": "{PLACE}, {source} –",
    "upper_dash": "{PLACE} –",
    "place_paren": "{Place} ({source}) –",
    "upper_paren": "{PLACE} ({source}) –",
}


class DatelineSettingsForm(FlaskForm):
    """The house style, on the articles plugin's settings page."""

    dateline_style = SelectField(
        _l("Gaya dateline"), default=DEFAULT_STYLE,
        choices=[SelectChoice(key, pattern.format(PLACE="KEDIRI", Place="Kediri",
                                                  source="Warta"))
                 for key, pattern in STYLES.items()],
        description=_l("Dateline dan kode penulis tampil menyatu dengan paragraf pertama "
                       "dan terakhir."))
    dateline_source = StringField(
        _l("Sumber di dateline"), validators=[Optional(), Length(max=40)],
        description=_l("Misalnya kode kantor berita; kosongkan untuk memakai nama situs."))


DEFAULT_SETTINGS = {"dateline_style": DEFAULT_STYLE, "dateline_source": ""}


def dateline_text(place: str, source: str, style: str) -> str:
    """``"KEDIRI, Warta –"`` for place "Kediri", source "Warta" and the default style."""
    pattern = STYLES.get(style, STYLES[DEFAULT_STYLE])
    place = " ".join(place.split())
    return pattern.format(PLACE=place.upper(), Place=place, source=source.strip())


def plain_text(html: str) -> str:
    """Text of a piece of markup, whitespace collapsed, for comparisons."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def first_paragraph_text(html: str) -> str:
    found = PARAGRAPH.search(html)
    return plain_text(found.group(1)) if found else ""


def opens_with_dateline(paragraph: str, place: str) -> bool:
    """Does the writer's first paragraph already carry the dateline ("KEDIRI – …")?"""
    text = paragraph.casefold()
    place = " ".join(place.split()).casefold()
    if not place or not text.startswith(place):
        return False
    rest = text[len(place):].lstrip()
    return rest[:1] in (",", "(", *DASHES)


def with_dateline(html: str, dateline: str) -> Markup:
    """``html`` with ``dateline`` opening its first paragraph, on the same line.

    A body that does not start with a paragraph (a photo, a heading) gets the dateline
    as a paragraph of its own before it.
    """
    opening = Markup('<span class="article__dateline">{}</span> ').format(dateline)
    match = FIRST_PARAGRAPH.match(html)
    if match is None:
        return Markup("<p>{}</p>").format(opening) + Markup(html)
    return Markup(html[:match.end()]) + opening + Markup(html[match.end():])


def with_byline(html: str, byline: str) -> Markup:
    """``html`` with the writer's code "(bsr1/adv)" closing its last paragraph."""
    code = Markup(' <span class="article__byline">({})</span>').format(byline)
    match = LAST_PARAGRAPH.search(html)
    if match is None:
        return Markup(html) + Markup("<p>{}</p>").format(code.lstrip())
    return Markup(html[:match.start()]) + code + Markup(html[match.start():])


def compose(html: str, place: str, source: str, style: str, byline: str) -> Markup:
    """The body readers see: the dateline inline at the start (unless the writer typed it
    already), the byline inline at the end."""
    html = str(html).strip()
    if place.strip() and not opens_with_dateline(first_paragraph_text(html), place):
        html = str(with_dateline(html, dateline_text(place, source, style)))
    if byline.strip():
        html = str(with_byline(html, byline.strip()))
    return Markup(html)


def lead_repeats_body(lead: str, html: str) -> bool:
    """A lead equal to the first paragraph (imports often copy it) is printed once."""
    lead_text = plain_text(str(escape(lead)))
    return bool(lead_text) and lead_text == first_paragraph_text(html)


def article_text(article: Article, body: Markup) -> Markup:
    """``body`` (the filtered body) with the article's dateline and byline in the site's
    style: what the article page shows."""
    settings = plugin_settings("articles")
    source = settings.get("dateline_source") or site_settings().get("site_name") or ""
    return compose(body, article.dateline or "", source,
                   settings.get("dateline_style") or DEFAULT_STYLE, article.byline or "")


def show_lead(article: Article) -> bool:
    """Whether the page prints the lead above the body (not when it repeats it)."""
    return bool(article.lead) and not lead_repeats_body(article.lead, article.body or "")
