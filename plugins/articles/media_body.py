"""Library images in article bodies: responsive sizes for readers, and photo galleries.

A body keeps only what the sanitizer allows, so ``srcset`` never comes from stored
HTML (an address outside Warta could hide in it). When the body is shown, each
``<img>`` whose address is one of Warta's own uploads gets the ``srcset`` and ``sizes``
the featured image has, built from its library row.

A gallery is stored as plain, sanitized HTML that reads well even without this plugin::

    <figure class="warta-gallery">
      <figure><img src="/uploads/…" alt="…"><figcaption>…</figcaption></figure>
      …
      <figcaption>the gallery's title</figcaption>
    </figure>

On save (:func:`normalize_body`) each gallery is rebuilt from its parts: only images of
the media library stay, each with alternative text (the library's, when the writer
left it empty), captions become text. Shown to readers (:func:`render_body`), it becomes
a list that scrolls sideways with snap points: swiped on a phone, scrolled with the
arrow keys once focused, announced with its number of photos.

The rewriting uses a real HTML tokenizer rather than regular expressions, as the video
blocks do: attribute values may legally hold ``>`` or ``<figure``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask import current_app, has_request_context
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from cms.api import db
from plugins.articles.media import is_served_path, srcset_for, url_for_media
from plugins.articles.models import Media

GALLERY_CLASS = "warta-gallery"
#: What the sanitizer must let through for galleries to survive a save.
ALLOWLIST = {"attributes": {"figure": ["class"]}}
#: The article column, as the featured image is laid out (article.html).
BODY_SIZES = "(max-width: 800px) 100vw, 760px"
#: A gallery shows most of one photo on a phone and about two side by side on a laptop.
GALLERY_SIZES = "(max-width: 700px) 85vw, 380px"
_VARIANT = re.compile(r"-\d{2,5}(?=\.[a-z]+$)")


class GalleryError(ValueError):
    """A gallery cannot be saved as it is; ``str(exc)`` tells the writer what to add."""


@dataclass
class GalleryImage:
    src: str
    alt: str
    caption: str = ""


@dataclass
class Gallery:
    images: list[GalleryImage] = field(default_factory=list)
    title: str = ""


def _uploads_prefix() -> str:
    """Where uploads are served, as the editor inserted it (under the site's script root
    in a request; an import from the command line has no request to ask)."""
    if has_request_context():
        return url_for_media("x")[:-1]
    [rule] = current_app.url_map.iter_rules("articles_files.uploaded")
    return rule.rule.split("<", 1)[0]


def upload_path(src: str) -> str | None:
    """The library path of the original behind an address of Warta's own uploads, else None.

    Only the relative address the editor inserts counts: a full URL may name any host.
    """
    prefix = _uploads_prefix()
    if not src.startswith(prefix):
        return None
    path = src[len(prefix):]
    return _VARIANT.sub("", path, count=1) if is_served_path(path) else None


def library_rows(paths: Iterable[str]) -> dict[str, Media]:
    """The library rows of these original paths, in one query."""
    wanted = sorted(set(paths))
    if not wanted:
        return {}
    return {row.path: row for row in db.session.scalars(
        select(Media).where(Media.path.in_(wanted)))}


def _attributes(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in pairs)


def _is_gallery(attrs: dict[str, str | None]) -> bool:
    return GALLERY_CLASS in (attrs.get("class") or "").split()


class _Rewriter(HTMLParser):
    """Re-emit a body token by token, handing each gallery and each image to a callback.

    ``on_gallery(gallery) -> html`` replaces a whole gallery; ``on_image(attrs) -> html``
    replaces an image outside galleries (None keeps it as it came); ``keep_figure_class``
    False drops the class of any other figure (the sanitizer lets it through for
    galleries only).
    """

    def __init__(self, on_gallery: Callable[[Gallery], str],
                 on_image: Callable[[list[tuple[str, str | None]]], str | None],
                 keep_figure_class: bool = True) -> None:
        super().__init__(convert_charrefs=True)
        self.on_gallery = on_gallery
        self.on_image = on_image
        self.keep_figure_class = keep_figure_class
        self.out: list[str] = []
        self.gallery: Gallery | None = None
        self.depth = 0
        self.image: GalleryImage | None = None
        self.caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.gallery is not None:
            self._gallery_start(tag, dict(attrs))
        elif tag == "figure" and _is_gallery(dict(attrs)):
            self.gallery, self.depth = Gallery(), 1
        elif tag == "img":
            self.out.append(self.on_image(attrs) or self.get_starttag_text() or "")
        elif tag == "figure" and not self.keep_figure_class:
            self.out.append(f"<figure{_attributes([p for p in attrs if p[0] != 'class'])}>")
        else:
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _gallery_start(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "figure":
            self.depth += 1
            if self.depth == 2:
                self.image = GalleryImage(src="", alt="")
        elif tag == "img" and self.image is not None and not self.image.src:
            self.image.src, self.image.alt = attrs.get("src") or "", attrs.get("alt") or ""
        elif tag == "figcaption":
            self.caption = []
        elif tag == "br" and self.caption is not None:
            self.caption.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.gallery is None:
            self.out.append(f"</{tag}>")
        elif tag == "figcaption" and self.caption is not None:
            text = " ".join("".join(self.caption).split())
            if self.image is not None:
                self.image.caption = text
            elif self.depth == 1:
                self.gallery.title = text
            self.caption = None
        elif tag == "figure":
            self.depth -= 1
            if self.depth == 1 and self.image is not None:
                self.gallery.images.append(self.image)
                self.image = None
            elif self.depth == 0:
                self.out.append(self.on_gallery(self.gallery))
                self.gallery = None

    def handle_data(self, data: str) -> None:
        if self.gallery is None:
            self.out.append(html.escape(data, quote=False))
        elif self.caption is not None:
            self.caption.append(data)

    def handle_comment(self, data: str) -> None:
        if self.gallery is None:
            self.out.append(f"<!--{data}-->")

    def result(self) -> str:
        self.close()
        if self.gallery is not None:  # cut off before its end: what was there is kept
            self.out.append(self.on_gallery(self.gallery))
        return "".join(self.out)


def _rewrite(body: str, on_gallery: Callable[[Gallery], str],
             on_image: Callable[[list[tuple[str, str | None]]], str | None],
             keep_figure_class: bool = True) -> str:
    rewriter = _Rewriter(on_gallery, on_image, keep_figure_class)
    rewriter.feed(body)
    return rewriter.result()


def stored_gallery(gallery: Gallery) -> str:
    """The stored form of a gallery whose images were all checked."""
    parts = [f'<figure class="{GALLERY_CLASS}">']
    for image in gallery.images:
        caption = (f"<figcaption>{html.escape(image.caption, quote=False)}</figcaption>"
                   if image.caption else "")
        parts.append(f"<figure><img{_attributes([('src', image.src), ('alt', image.alt)])}>"
                     f"{caption}</figure>")
    if gallery.title:
        parts.append(f"<figcaption>{html.escape(gallery.title, quote=False)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def _checked(gallery: Gallery, rows: dict[str, Media]) -> Gallery:
    """The gallery with only library images, each with alternative text."""
    kept = Gallery(title=gallery.title[:300])
    for image in gallery.images:
        row = rows.get(upload_path(image.src) or "")
        if row is None:
            continue
        alt = " ".join(image.alt.split()) or row.alt or row.caption
        if not alt:
            raise GalleryError(_(
                "Setiap foto di galeri perlu teks alternatif untuk pembaca tunanetra; "
                "foto nomor %(id)d belum punya. Isi teks alternatifnya di pustaka media.",
                id=row.id))
        kept.images.append(GalleryImage(src=image.src, alt=alt[:300],
                                        caption=image.caption[:500]))
    return kept


def normalize_body(body: str) -> str:
    """The body with each gallery rebuilt from library images only (on every save).

    A gallery left with no image goes; any other figure loses its class.

    :raises GalleryError: when a gallery image has no alternative text anywhere.
    """
    if "<figure" not in body:
        return body
    rows = library_rows(_body_paths(body))

    def rebuild(gallery: Gallery) -> str:
        checked = _checked(gallery, rows)
        return stored_gallery(checked) if checked.images else ""

    return _rewrite(body, rebuild, lambda attrs: None, keep_figure_class=False)


def _responsive(attrs: list[tuple[str, str | None]], row: Media, sizes: str) -> str:
    """An ``<img>`` tag with the row's ``srcset``, its size (no layout shift) and lazy."""
    given = [(name, value) for name, value in attrs
             if name not in ("srcset", "sizes", "width", "height", "loading", "decoding")]
    return (f"<img{_attributes(given)}"
            f"{_attributes([('srcset', srcset_for(row)), ('sizes', sizes)])}"
            f' width="{row.width}" height="{row.height}" loading="lazy" decoding="async">')


def _reader_gallery(gallery: Gallery, rows: dict[str, Media]) -> str:
    """The gallery as readers get it; an image deleted from the library since is left out."""
    shown = [(image, row) for image in gallery.images
             if (row := rows.get(upload_path(image.src) or "")) is not None]
    if not shown:
        return ""
    count = len(shown)
    label = ngettext("Galeri foto, %(num)d foto", "Galeri foto, %(num)d foto", count)
    if gallery.title:
        label = f"{gallery.title}: {label}"
    hint = _("Geser ke samping, atau fokuskan lalu pakai tombol panah, untuk melihat semua foto.")
    items = []
    for number, (image, row) in enumerate(shown, 1):
        img = _responsive([("src", image.src), ("alt", image.alt)], row, GALLERY_SIZES)
        caption = html.escape(image.caption, quote=False)
        position = html.escape(_("Foto %(n)d dari %(count)d", n=number, count=count))
        items.append(f'<li class="warta-gallery__item"><figure>{img}<figcaption>'
                     f'<span class="warta-gallery__count">{position}</span> {caption}'
                     f"</figcaption></figure></li>")
    title = (f'<figcaption class="warta-gallery__title">'
             f"{html.escape(gallery.title, quote=False)}</figcaption>" if gallery.title else "")
    return (f'<figure class="{GALLERY_CLASS}">{title}'
            f'<ul class="warta-gallery__track" role="list" tabindex="0"'
            f"{_attributes([('aria-label', label)])}>{''.join(items)}</ul>"
            f'<p class="warta-gallery__hint">{html.escape(hint, quote=False)}</p></figure>')


def _body_paths(body: str) -> list[str]:
    found: list[str] = []

    def in_gallery(gallery: Gallery) -> str:
        found.extend(filter(None, (upload_path(image.src) for image in gallery.images)))
        return ""

    def alone(attrs: list[tuple[str, str | None]]) -> None:
        found.append(upload_path(dict(attrs).get("src") or "") or "")

    _rewrite(body, in_gallery, alone)
    return [path for path in found if path]


def render_body(body: str) -> str:
    """The body as readers get it: library images responsive, galleries swipeable."""
    if "<img" not in body or _uploads_prefix() not in body:
        return body
    rows = library_rows(_body_paths(body))

    def image(attrs: list[tuple[str, str | None]]) -> str | None:
        row = rows.get(upload_path(dict(attrs).get("src") or "") or "")
        return _responsive(attrs, row, BODY_SIZES) if row else None

    return _rewrite(body, lambda gallery: _reader_gallery(gallery, rows), image)
