"""Turn an image uploaded to the media library into safe, web-ready files on disk.

Uploads come from journalists' phones and from the public internet, so nothing about an
upload is trusted: not its file name, not the content type the browser sent, not its
metadata. This module therefore

* decodes the bytes with Pillow, restricted to the four web formats, and judges the file
  by the format Pillow actually decoded; everything else (SVG, which can carry script,
  PDFs, HTML renamed to ``.jpg``, BMP, TIFF...) is refused;
* bounds the work an upload can cause: at most ``max_bytes`` are read, and images with
  more than ``max_pixels`` pixels, or a side longer than ``max_side``, are refused
  *before* their pixels are decoded, so a tiny file that unpacks to gigabytes (a
  decompression bomb) costs nothing, and a 100000×1 strip never reaches the pages;
* re-encodes the pixels into fresh files, which drops EXIF (GPS position of a source's
  house, camera serial numbers), XMP and comments. EXIF orientation is applied first so
  phone photos are not shown sideways once the tag is gone, and an embedded colour
  profile is converted to sRGB so phone photos (Display P3) keep their colours;
* stores the result under a random name in a ``YYYY/MM/`` folder of the site's media
  store (:class:`cms.api.MediaStorage`: the uploads folder or the database), never under
  the uploaded name, plus narrower copies for ``srcset`` (never wider than the original).

Animated GIF, WebP and PNG files keep their first frame only: one frame is what the pixel
limit measures and what a news photo needs, and re-encoding every frame would multiply
memory and CPU per upload by a frame count the uploader controls. A GIF stays a GIF.

Rejections carry a person-readable reason in Indonesian, because the editor UI shows the
message as-is.

No Flask here: the view passes bytes or a stream and the site's media store in, and maps
the exceptions to responses (``ImageTooLarge`` to 413, any other ``ImageRejected`` to a
form error).
"""

from __future__ import annotations

import io
import secrets
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from cms.api import MediaStorage

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
"""Pillow format name -> file extension of the stored files; the only formats accepted."""

RESPONSIVE_WIDTHS = (320, 640, 1024, 1600)
"""Widths of the narrower copies made for ``srcset``; only those below the original's."""

_DECODED_AS = {"MPO": "JPEG"}
"""Pillow reports a JPEG with extra embedded pictures (many cameras and phones write
them) as MPO; its first picture is an ordinary JPEG photo, so it is stored as one."""

_READ_CHUNK = 1024 * 1024
"""Bytes read from an upload stream at a time, so the limit is checked as data arrives."""

_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 85, "progressive": True, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
    "GIF": {"optimize": True},
}
"""Encoder settings per stored format: visually lossless for news photos, small on the
wire. No ``exif``, ``icc_profile``, ``xmp`` or ``comment`` is ever passed."""

_SRGB = ImageCms.createProfile("sRGB")

_UNSUPPORTED = "Berkas bukan gambar yang didukung (JPEG, PNG, WebP, GIF)."
_CORRUPT = (
    "Berkas gambar rusak atau tidak lengkap. Simpan ulang gambarnya di perangkat Anda, "
    "lalu unggah lagi."
)
_EMPTY = "Berkas kosong. Pilih gambar yang akan diunggah."


class ImageRejected(ValueError):
    """The upload cannot be stored; ``str(exc)`` is the reason to show the uploader."""


class ImageTooLarge(ImageRejected):
    """The upload has more bytes than allowed; the view answers 413 with ``str(exc)``."""


@dataclass(frozen=True)
class StoredImage:
    """Where a stored upload lives and what it is, for the media library's database row.

    Paths are relative to the media store and use ``/``, so they can go into URLs and
    into the database unchanged whatever the server's operating system.
    """

    path: str
    width: int
    height: int
    format: str
    size_bytes: int
    variants: dict[int, str]


def store_image(
    data: bytes | BinaryIO,
    storage: MediaStorage,
    *,
    max_bytes: int = 10 * 1024 * 1024,
    max_pixels: int = 40_000_000,
    max_side: int = 12_000,
    now: datetime | None = None,
) -> StoredImage:
    """Check, clean and store one uploaded image and its responsive copies.

    ``data`` is the upload's content or a stream of it; of a stream at most
    ``max_bytes + 1`` bytes are read, so an oversized upload never sits in memory whole.
    The files go to ``YYYY/MM/`` of ``storage`` (month of ``now``, UTC by default) as
    ``<name>.<ext>`` plus ``<name>-<width>.<ext>`` per responsive width, ``<name>``
    being random. Nothing is stored unless every file could be encoded, and files
    already stored are removed again if storing a later one fails.

    Raises ``ImageTooLarge`` for too many bytes and ``ImageRejected`` for anything that
    is not a sound JPEG, PNG, WebP or GIF within ``max_pixels`` (or within Pillow's own
    ``Image.MAX_IMAGE_PIXELS``, where that is lower) and ``max_side`` pixels a side.
    """
    content = _read_limited(data, max_bytes)
    image, image_format = _decode(content, max_pixels, max_side)
    extension = ALLOWED_FORMATS[image_format]

    moment = now or datetime.now(UTC)
    base = f"{moment:%Y/%m}/{secrets.token_hex(8)}"
    path = f"{base}.{extension}"
    encoded = {path: _encode(image, image_format)}
    variants: dict[int, str] = {}
    for width in RESPONSIVE_WIDTHS:
        if width >= image.width:
            break
        height = max(1, round(image.height * width / image.width))
        variant = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        variants[width] = f"{base}-{width}.{extension}"
        encoded[variants[width]] = _encode(variant, image_format)

    _save_all(storage, encoded)
    return StoredImage(
        path=path,
        width=image.width,
        height=image.height,
        format=image_format,
        size_bytes=len(encoded[path]),
        variants=variants,
    )


def srcset(image: StoredImage, url_for_path: Callable[[str], str]) -> str:
    """Build an ``<img srcset>`` value listing every stored width, the original included.

    ``url_for_path`` turns a stored relative path into a public URL (the view knows how
    uploads are served; this module does not).
    """
    candidates = {**image.variants, image.width: image.path}
    return ", ".join(f"{url_for_path(candidates[width])} {width}w" for width in sorted(candidates))


def _read_limited(data: bytes | BinaryIO, max_bytes: int) -> bytes:
    """Return the upload's bytes, reading no more than one byte past ``max_bytes``."""
    if isinstance(data, bytes):
        content = data
    else:
        chunks: list[bytes] = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = data.read(min(remaining, _READ_CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        content = b"".join(chunks)
    if len(content) > max_bytes:
        raise ImageTooLarge(f"Berkas terlalu besar (maksimal {describe_bytes(max_bytes)}).")
    if not content:
        raise ImageRejected(_EMPTY)
    return content


def _decode(content: bytes, max_pixels: int, max_side: int) -> tuple[Image.Image, str]:
    """Decode the first frame, upright, as an L, RGB or RGBA image in sRGB.

    Pillow warns (``DecompressionBombWarning``) above ``Image.MAX_IMAGE_PIXELS`` and
    raises above twice that; the warning is turned into an error here so such an image is
    refused even where warnings are merely logged. Our own ``max_pixels`` check runs
    before any pixel is decoded. (``catch_warnings`` swaps process-wide filters, so
    concurrent requests may race on it; the limit below refuses the same images anyway,
    so a lost filter costs nothing but a logged warning.)
    """
    limit = max_pixels
    if Image.MAX_IMAGE_PIXELS is not None:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    too_many_pixels = (
        f"Resolusi gambar terlalu besar (maksimal {_describe_megapixels(limit)} megapiksel). "
        "Perkecil gambarnya, lalu unggah lagi."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=list(ALLOWED_FORMATS)) as im:
                image_format = _DECODED_AS.get(im.format or "", im.format)
                if image_format not in ALLOWED_FORMATS:
                    raise ImageRejected(_UNSUPPORTED)
                if im.width * im.height > limit:
                    raise ImageRejected(too_many_pixels)
                if max(im.width, im.height) > max_side:
                    raise ImageRejected(
                        f"Gambar {im.width}×{im.height} piksel terlalu panjang: sisi "
                        f"terpanjang paling banyak {max_side:,} piksel.".replace(",", ".")
                        + " Potong atau perkecil gambarnya, lalu unggah lagi.")
                im.load()
                upright = ImageOps.exif_transpose(im)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(too_many_pixels) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected(_UNSUPPORTED) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejected(_CORRUPT) from exc
    return _normalise(upright), image_format


def _normalise(image: Image.Image) -> Image.Image:
    """Bring any decoded mode to L, RGB or RGBA in sRGB, with no metadata attached.

    Palette and bilevel images are expanded so resizing can interpolate; transparency
    (alpha channel or a PNG/GIF transparent colour) becomes an alpha channel; 16-bit
    greys are scaled, not clipped, to 8 bits; CMYK (print-desk JPEGs) becomes RGB.
    """
    icc_profile = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if image.mode.startswith("I"):
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    elif has_alpha:
        image = image.convert("RGBA")
    elif image.mode == "1":
        image = image.convert("L")
    elif image.mode not in ("L", "RGB", "CMYK"):
        image = image.convert("RGB")
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK"):
        image = _to_srgb(image, icc_profile)
    if image.mode == "CMYK":
        image = image.convert("RGB")
    image.info.clear()
    return image


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Convert pixels from their embedded colour profile to sRGB, the web's default.

    The profile itself is not stored (it is metadata, and browsers assume sRGB), so
    without this step Display P3 phone photos would look washed out and CMYK ones wrong.
    A profile that is unreadable or does not match the pixels is ignored.
    """
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        expected_space = "CMYK" if image.mode == "CMYK" else "RGB"
        if source.profile.xcolor_space.strip() != expected_space:
            return image
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=output_mode)
    except (OSError, ImageCms.PyCMSError):
        return image


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Encode ``image`` as a fresh file of ``image_format``, carrying no metadata."""
    buffer = io.BytesIO()
    image.save(buffer, image_format, **_SAVE_OPTIONS[image_format])
    return buffer.getvalue()


def _save_all(storage: MediaStorage, files: dict[str, bytes]) -> None:
    """Store every file or none: on failure, remove what this upload already stored.

    An existing file is never overwritten (the store refuses a taken name).
    """
    saved: list[str] = []
    try:
        for path, content in files.items():
            storage.save(path, content)
            saved.append(path)
    except OSError:
        for path in saved:
            storage.delete(path)
        raise


def describe_bytes(count: int) -> str:
    """Say a byte count the way the UI does: ``10 MB``, ``1,5 MB``, ``500 KB``."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= size:
            return f"{_decimal(count / size)} {unit}"
    return f"{count} bita"


def _describe_megapixels(pixels: int) -> str:
    """Say a pixel count in megapixels: ``40``, ``89,5``."""
    return _decimal(pixels / 1_000_000)


def _decimal(value: float) -> str:
    """One decimal at most, with the Indonesian decimal comma."""
    return f"{value:.1f}".removesuffix(".0").replace(".", ",")
