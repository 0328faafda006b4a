"""``rel="sponsored noopener"`` on every outbound link of an advertorial, at display time.

Search engines ask paid links to say so (``sponsored``); ``noopener`` keeps the sponsor's
page from reaching back into ours. It is applied when the body is shown rather than
stored, so it also covers advertorials written or imported before the marking, and an
article that stops being an advertorial loses it at once.

A real tokenizer (:mod:`html.parser`) does the rewriting, never a regular expression: an
attribute value may legally hold ``>`` or ``<a``, and a regex would cut markup there.
Everything except the rewritten ``<a>`` tags is re-emitted exactly as it came.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import current_app, has_request_context

from cms.api import site_origin

SPONSORED_REL = ("sponsored", "noopener")


def _host(netloc_or_url: str) -> str:
    host = (urlsplit(netloc_or_url).hostname or "").lower()
    return host.removeprefix("www.")


def site_hosts() -> set[str]:
    """The host that is this site: ``SITE_URL``'s, or without it the one the reader asked
    for (the origin the body's cached fragment is kept under either way)."""
    if not (current_app.config.get("SITE_URL") or has_request_context()):
        return set()
    return {_host(site_origin())} - {""}


def is_outbound(href: str, hosts: set[str]) -> bool:
    """An http(s) address on another host; relative, mailto: and our own links are not."""
    try:
        parts = urlsplit(href.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # e.g. a malformed IPv6 host
        return False
    if parts.scheme.lower() not in ("http", "https", ""):
        return False
    return bool(host) and host not in hosts


def merged_rel(current: str | None, wanted: Iterable[str] = SPONSORED_REL) -> str:
    """Keep the tokens a link already has (``nofollow``…) and add the missing ones."""
    tokens = (current or "").split()
    present = {token.lower() for token in tokens}
    return " ".join([*tokens, *(token for token in wanted if token not in present)])


class _SponsoredLinks(HTMLParser):
    def __init__(self, hosts: set[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.hosts = hosts
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._rewritten(tag, attrs, "") or self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self._rewritten(tag, attrs, " /") or self.get_starttag_text() or "")

    def _rewritten(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> str | None:
        values = dict(attrs)
        if tag != "a" or not is_outbound(values.get("href") or "", self.hosts):
            return None
        values["rel"] = merged_rel(values.get("rel"))
        # The parser unescaped the values; escape them again for the output.
        parts = [name if value is None else f'{name}="{escape(value, quote=True)}"'
                 for name, value in values.items()]
        return f"<a {' '.join(parts)}{end}>"

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def mark_sponsored_links(html: str, hosts: set[str]) -> str:
    """``html`` with ``rel="sponsored noopener"`` on each link that leaves ``hosts``."""
    if "<a" not in html.lower():
        return html
    parser = _SponsoredLinks(hosts)
    parser.feed(html)
    parser.close()
    return "".join(parser.out)
