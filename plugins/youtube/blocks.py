"""Video blocks in article bodies: how they are stored, found and replaced.

A video block is stored as ``<figure data-youtube-id="ID" data-start="90">`` holding a
plain link to the video, so a site that switches the plugin off still shows a working
link. Only the validated id, start, playlist and Shorts flag are kept; the player is
built when the page is shown, from those values re-validated, never from stored markup.

Bodies reaching this module have been through :func:`cms.sanitize.clean_html`, but the
rewriting still uses a real HTML tokenizer rather than regular expressions: attribute
values may legally contain ``>`` or ``<figure``, and a regex would cut markup there.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

from flask_babel import gettext as _
from markupsafe import Markup

from plugins.youtube.urls import (
    InvalidYouTubeURL,
    YouTubeVideo,
    is_valid_video_id,
    parse_start_time,
    parse_youtube_url,
)

ID_ATTRIBUTE = "data-youtube-id"
START_ATTRIBUTE = "data-start"
PLAYLIST_ATTRIBUTE = "data-playlist"
SHORTS_ATTRIBUTE = "data-shorts"
#: What the sanitizer must let through on ``<figure>`` for blocks to survive a save.
BLOCK_ATTRIBUTES = (ID_ATTRIBUTE, START_ATTRIBUTE, PLAYLIST_ATTRIBUTE, SHORTS_ATTRIBUTE)

# Spaces a pasted line may carry around the URL; TinyMCE pads with no-break spaces.
_PADDING = " \t\r\n\xa0"

Replacement = Callable[[YouTubeVideo | None, dict[str, str]], str]


def block_html(video: YouTubeVideo) -> Markup:
    """The stored form of one video: validated values only, and a fallback link.

    The link's words are a label, not the URL, because text-only views of a body (the
    page description, search snippets) would otherwise start with an address.
    """
    attributes = [f'{ID_ATTRIBUTE}="{video.video_id}"']
    if video.start is not None:
        attributes.append(f'{START_ATTRIBUTE}="{video.start}"')
    if video.playlist is not None:
        attributes.append(f'{PLAYLIST_ATTRIBUTE}="{video.playlist}"')
    if video.shorts:
        attributes.append(f'{SHORTS_ATTRIBUTE}="1"')
    return Markup('<figure {}><a href="{}">{}</a></figure>').format(
        Markup(" ".join(attributes)), video.watch_url, _("Tonton video di YouTube"))


def video_from_attributes(attributes: dict[str, str]) -> YouTubeVideo | None:
    """Rebuild the video a block names, or ``None`` when its id is not a valid one.

    A broken start or playlist only loses that detail (the parser treats a bad ``t=``
    the same way); a broken id loses the block, because it names no video at all.
    """
    video_id = attributes.get(ID_ATTRIBUTE, "")
    if not is_valid_video_id(video_id):
        return None
    start = parse_start_time(attributes.get(START_ATTRIBUTE, ""))
    shorts = attributes.get(SHORTS_ATTRIBUTE) == "1"
    try:
        return YouTubeVideo(video_id, start, attributes.get(PLAYLIST_ATTRIBUTE) or None, shorts)
    except InvalidYouTubeURL:
        return YouTubeVideo(video_id, start, shorts=shorts)


class _PassThrough(HTMLParser):
    """Re-emit markup token by token, exactly as it came, unless a subclass intervenes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def emit(self, text: str) -> None:
        self.out.append(text)

    def run(self, markup: str) -> str:
        self.feed(markup)
        self.close()
        return "".join(self.out)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.emit(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.emit(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.emit(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.emit(data)

    def handle_entityref(self, name: str) -> None:
        self.emit(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.emit(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.emit(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.emit(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.emit(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.emit(f"<![{data}]>")


class _BlockReplacer(_PassThrough):
    """Swap each video ``<figure>``, contents and all, for ``replace(video, attributes)``."""

    def __init__(self, replace: Replacement) -> None:
        super().__init__()
        self.replace = replace
        self.depth = 0  # figures open inside the block being replaced
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            if tag == "figure":
                self.depth += 1
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag == "figure" and ID_ATTRIBUTE in attributes:
            self.depth, self.attributes = 1, attributes
            return
        super().handle_starttag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.depth:
            super().handle_startendtag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            super().handle_endtag(tag)
            return
        if tag == "figure":
            self.depth -= 1
            if not self.depth:
                self._finish()

    def emit(self, text: str) -> None:
        if not self.depth:
            super().emit(text)

    def close(self) -> None:
        super().close()
        if self.depth:  # an unclosed block still counts, its contents are dropped
            self.depth = 0
            self._finish()

    def _finish(self) -> None:
        self.emit(self.replace(video_from_attributes(self.attributes), self.attributes))


def replace_blocks(markup: str, replace: Replacement) -> str:
    """Return ``markup`` with every video block replaced by what ``replace`` returns.

    ``replace`` receives the re-validated video (``None`` for a block whose id is
    invalid) and the block's raw attributes.
    """
    if ID_ATTRIBUTE not in markup:
        return markup
    return _BlockReplacer(replace).run(markup)


def videos_in(markup: str) -> list[YouTubeVideo]:
    """The valid videos of a body's blocks, in order, for listings and structured data."""
    found: list[YouTubeVideo] = []

    def collect(video: YouTubeVideo | None, attributes: dict[str, str]) -> str:
        if video is not None:
            found.append(video)
        return ""

    replace_blocks(markup, collect)
    return found


class _BareUrlParagraphs(_PassThrough):
    """Turn ``<p>URL</p>`` (or ``<p><a href=URL>URL</a></p>``) into a video block."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraph: list[str] | None = None  # raw markup of the open paragraph
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.plain = True  # nothing but text, one link and line breaks so far

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" and self.paragraph is None:
            self.paragraph, self.text, self.hrefs, self.plain = [], [], [], True
        elif self.paragraph is not None:
            if tag == "a":
                self.hrefs.append(dict(attrs).get("href") or "")
            self.plain = self.plain and tag in ("a", "br") and len(self.hrefs) <= 1
        super().handle_starttag(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.paragraph is not None:
            self.plain = self.plain and tag == "br"
        super().handle_startendtag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self._text(data)
        super().handle_data(data)

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")
        super().handle_entityref(name)

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")
        super().handle_charref(name)

    def _text(self, raw: str) -> None:
        if self.paragraph is not None:
            self.text.append(raw)

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if tag == "p" and self.paragraph is not None:
            raw, self.paragraph = "".join(self.paragraph), None
            video = self._video() if self.plain else None
            self.out.append(str(block_html(video)) if video is not None else raw)

    def emit(self, text: str) -> None:
        (self.paragraph if self.paragraph is not None else self.out).append(text)

    def close(self) -> None:
        super().close()
        if self.paragraph is not None:
            self.out.append("".join(self.paragraph))
            self.paragraph = None

    def _video(self) -> YouTubeVideo | None:
        """The video when the paragraph's whole text is a video URL its link agrees with.

        A link whose words differ from its address ("tonton videonya") is a sentence,
        not a paste, and stays a link.
        """
        text = html.unescape("".join(self.text)).strip(_PADDING)
        if not text or "youtu" not in text.lower():
            return None
        try:
            video = parse_youtube_url(text)
            linked = [parse_youtube_url(html.unescape(href)) for href in self.hrefs]
        except InvalidYouTubeURL:
            return None
        if any(other.video_id != video.video_id for other in linked):
            return None
        return video


def embed_bare_urls(markup: str) -> str:
    """Turn each paragraph that holds nothing but a YouTube video URL into a video block.

    The WordPress habit: journalists paste a link on its own line and expect a player.
    Anything else in the paragraph (words, a second link, formatting) keeps it as text.
    """
    if "youtu" not in markup.lower():
        return markup
    return _BareUrlParagraphs().run(markup)


def canonical_blocks(markup: str) -> str:
    """Rewrite every block from its validated values; refuse a block naming no video.

    :raises ValueError: with a message for the writer when a block's id is invalid.
    """

    def rebuild(video: YouTubeVideo | None, attributes: dict[str, str]) -> str:
        if video is None:
            raise ValueError(
                f"Blok video berisi ID YouTube yang tidak valid: "
                f"{attributes.get(ID_ATTRIBUTE, '')[:40]!r}. Hapus blok itu atau sisipkan "
                "ulang videonya dengan tombol Video YouTube."
            )
        return str(block_html(video))

    return replace_blocks(markup, rebuild)
