"""A WordPress post body turned into the HTML Warta stores, before the sanitizer.

Pure text-in, text-out (table-driven tests in ``tests/wordpress/test_content.py``): block
editor comments and the ``<!--more-->``/``<!--nextpage-->`` markers go, captions become
figures, galleries the images they name, YouTube embeds a paragraph holding the bare URL
(which the youtube plugin turns into its video block on import, as it does for a pasted
link), and classic-editor text gets its paragraphs the way WordPress's ``wpautop`` gives
them. Any other shortcode is removed (its enclosed text kept) and counted for the report:
readers never see ``[something]``. The result still goes through ``clean_html``.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

#: WordPress's own shortcodes: always treated as shortcodes, even without attributes.
KNOWN_SHORTCODES = frozenset({"caption", "wp_caption", "gallery", "embed", "youtube", "video",
                              "audio", "playlist"})
_SHORTCODE = re.compile(r"\[(\[?)(/?)([a-z][a-z0-9_-]*)((?:\s[^\]]*)?)(/?)\](\]?)")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-)?embed(?:/youtube)?\s+(\{.*?\})\s*/?-->.*?<!--\s*/wp:(?:core-)?embed"
    r"(?:/youtube)?\s*-->", re.S)
_COMMENT = re.compile(r"<!--\s*(?:/?wp:[^>]*?|more\b.*?|nextpage\s*)-->", re.S)
_YOUTUBE_LINE = re.compile(
    r"^[ \t\xa0]*(https?://(?:www\.|m\.)?(?:youtube\.com|youtu\.be|youtube-nocookie\.com)/"
    r"\S+)[ \t\xa0]*$", re.M)
_BLOCK_START = re.compile(
    r"^\s*<(?:p|div|figure|h[1-6]|ul|ol|li|table|blockquote|pre|hr|section|iframe|"
    r"address|dl)\b", re.I)
_HAS_PARAGRAPHS = re.compile(r"<p[\s>]", re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_LINKED_IMG = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.I)


@dataclass
class Converted:
    """A body ready for the sanitizer, and what the report should mention about it."""

    html: str
    unknown_shortcodes: Counter[str] = field(default_factory=Counter)


def _attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTRIBUTE.finditer(text)}


def _is_youtube(url: str) -> bool:
    return bool(_YOUTUBE_LINE.match(url.strip()))


def _video_paragraph(url: str) -> str:
    """The form the youtube plugin recognises as "a video link alone in its paragraph"."""
    url = url.strip()
    if _is_youtube(url):
        return f"\n\n<p>{html.escape(url)}</p>\n\n"
    if url.startswith(("http://", "https://")):
        return f'\n\n<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>\n\n'
    return ""


def _embed_block(match: re.Match[str]) -> str:
    try:
        url = json.loads(match.group(1)).get("url", "")
    except (ValueError, AttributeError):
        url = ""
    return _video_paragraph(url) if isinstance(url, str) else ""


def _caption(attrs: dict[str, str], inner: str) -> str:
    image = _LINKED_IMG.search(inner)
    if image is None:
        return inner
    caption = (inner[:image.start()] + inner[image.end():]).strip() or attrs.get("caption", "")
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"\n\n<figure>{image.group(0)}{figcaption}</figure>\n\n"


def _gallery(attrs: dict[str, str], images: Mapping[int, str]) -> str:
    ids = [int(part) for part in re.findall(r"\d+", attrs.get("ids", attrs.get("include", "")))]
    figures = [f'<figure><img src="{html.escape(images[i])}" alt=""></figure>'
               for i in ids if i in images]
    return "\n\n" + "\n".join(figures) + "\n\n" if figures else ""


class _Shortcodes:
    def __init__(self, images: Mapping[int, str]) -> None:
        self.images = images
        self.unknown: Counter[str] = Counter()

    def run(self, text: str) -> str:
        closers = set(re.findall(r"\[/([a-z][a-z0-9_-]*)\]", text))
        out: list[str] = []
        position = 0
        for match in _SHORTCODE.finditer(text):
            if match.start() < position:
                continue
            escaped, closing, name, rest = match.group(1, 2, 3, 4)
            if not self._is_shortcode(name, rest, closers):
                continue
            out.append(text[position:match.start()])
            position = match.end()
            if escaped and match.group(6):  # [[name]] is WordPress's way to show "[name]"
                out.append(html.escape(match.group(0)[1:-1]))
                continue
            if closing:
                continue  # an enclosing shortcode's end: its start already decided
            attrs = _attributes(rest)
            inner = ""
            end = re.compile(rf"\[/{re.escape(name)}\]").search(text, position) \
                if name in closers and not match.group(5) else None
            if end is not None:
                inner, position = text[position:end.start()], end.end()
            out.append(self._replace(name, attrs, inner, rest))
        out.append(text[position:])
        return "".join(out)

    @staticmethod
    def _is_shortcode(name: str, rest: str, closers: set[str]) -> bool:
        """``[Foto: Antara]`` or ``[ADV]`` in a sentence is text, not a shortcode."""
        return name in KNOWN_SHORTCODES or name in closers or "=" in rest

    def _replace(self, name: str, attrs: dict[str, str], inner: str, rest: str) -> str:
        if name in ("caption", "wp_caption"):
            return _caption(attrs, self.run(inner))
        if name == "gallery":
            return _gallery(attrs, self.images)
        if name in ("embed", "youtube", "video"):
            url = inner or attrs.get("src") or attrs.get("url") or rest.strip().lstrip("=")
            if name == "youtube" and attrs.get("id"):
                url = f"https://www.youtube.com/watch?v={attrs['id']}"
            if _is_youtube(url.strip()):
                return _video_paragraph(url)
        self.unknown[name] += 1
        return self.run(inner)


def autop(text: str) -> str:
    """Paragraphs from blank lines and ``<br>`` from single line breaks, as ``wpautop``.

    Only for bodies without any ``<p>``: the block editor and pasted HTML have their own.
    A chunk that starts with a block element (a figure made from a caption) is left alone.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text)]
    out = []
    for chunk in chunks:
        if not chunk:
            continue
        if _BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(out)


def convert(body: str, images: Mapping[int, str] | None = None,
            rewrite_url: Callable[[str], str] | None = None) -> Converted:
    """``body`` as WordPress would show it, ready for ``clean_html``.

    :param images: attachment id → image address, for ``[gallery ids="…"]``.
    :param rewrite_url: maps an old image or link address to the new one (media import).
    """
    shortcodes = _Shortcodes(images or {})
    text = _EMBED_BLOCK.sub(_embed_block, body)
    text = _COMMENT.sub("", text)
    classic = not _HAS_PARAGRAPHS.search(text)
    text = _YOUTUBE_LINE.sub(lambda m: _video_paragraph(m.group(1)), text)
    text = shortcodes.run(text)
    if classic:
        text = autop(text)
    if rewrite_url is not None:
        text = re.sub(r"""(\b(?:src|href)=)(["'])([^"']+)\2""",
                      lambda m: f"{m.group(1)}{m.group(2)}{rewrite_url(m.group(3))}{m.group(2)}",
                      text)
    return Converted(text.strip(), shortcodes.unknown)
