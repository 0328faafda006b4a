"""Tests for media-library upload processing (plugins/articles/images.py).

Every test image is made in memory with Pillow. The refusal tables pin the exact
Indonesian message each kind of bad upload gets, so a change in what is accepted, or in
what the journalist is told, shows up as a test diff.
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import warnings
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from cms.storage import FolderStorage
from plugins.articles import images
from plugins.articles.images import (
    ALLOWED_FORMATS,
    RESPONSIVE_WIDTHS,
    ImageRejected,
    ImageTooLarge,
    StoredImage,
    srcset,
    store_image,
)

NOW = datetime(2026, 11, 5, 8, 30, tzinfo=UTC)
UNSUPPORTED = "Berkas bukan gambar yang didukung (JPEG, PNG, WebP, GIF)."
CORRUPT = (
    "Berkas gambar rusak atau tidak lengkap. Simpan ulang gambarnya di perangkat Anda, "
    "lalu unggah lagi."
)
EMPTY = "Berkas kosong. Pilih gambar yang akan diunggah."
SECRET_MAKE = "Kamera-Narasumber-Rahasia"
SECRET_DATUM = "WGS-84-lokasi-rumah"
SECRET_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">lokasi-rumah-narasumber</x:xmpmeta>'
SECRET_COMMENT = "komentar-rahasia-redaksi"


def encode(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def photo(size: tuple[int, int] = (800, 600), mode: str = "RGB") -> Image.Image:
    """A picture with some structure, so encoders have real work to do."""
    grey = Image.linear_gradient("L").resize(size)
    if mode != "RGB":
        return grey.convert(mode)
    mirrored = grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return Image.merge("RGB", (grey, grey.rotate(90), mirrored))


def loaded(path: Path) -> Image.Image:
    """Open a stored file fully, closing it again (no ResourceWarning)."""
    with Image.open(path) as image:
        image.load()
        return image


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET_MAKE
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (7.0, 48.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (110.0, 22.0, 5.0)
    gps[ExifTags.GPS.GPSMapDatum] = SECRET_DATUM
    return exif


def all_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def png_header_only(width: int, height: int) -> bytes:
    """A PNG signature and header claiming a size, with no pixel data at all."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def rgb_profile_with_red_and_green_swapped() -> bytes:
    """A minimal ICC v2 RGB profile whose red primary is sRGB's green and vice versa.

    Pure red under this profile *is* sRGB green, so a stored pure green proves the pixels
    were converted to sRGB rather than copied.
    """

    def s15f16(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + bytes(4) + s15f16(x) + s15f16(y) + s15f16(z)

    linear = b"curv" + bytes(4) + struct.pack(">I", 0)
    d50 = (0.9642, 1.0, 0.8249)
    tags = [
        (b"wtpt", xyz(*d50)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", linear),
        (b"gTRC", linear),
        (b"bTRC", linear),
    ]
    data_start = 128 + 4 + 12 * len(tags)
    table = struct.pack(">I", len(tags))
    body = b""
    for signature, data in tags:
        table += signature + struct.pack(">II", data_start + len(body), len(data))
        body += data
    header = (
        struct.pack(">I", data_start + len(body))
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + xyz(*d50)[8:]
        + bytes(48)
    )
    return header + table + body


class CountingStream(io.RawIOBase):
    """A stream of ``size`` bytes that hands out at most ``step`` bytes per read."""

    def __init__(self, content: bytes, step: int) -> None:
        self.content = content
        self.step = step
        self.position = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        end = len(self.content) if size < 0 else self.position + min(size, self.step)
        chunk = self.content[self.position : end]
        self.position += len(chunk)
        return chunk


@pytest.fixture()
def uploads(tmp_path: Path) -> Path:
    return tmp_path / "uploads"


# --- accepted formats ------------------------------------------------------------------


@pytest.mark.parametrize("image_format", sorted(ALLOWED_FORMATS))
def test_each_allowed_format_is_stored_in_its_own_format(uploads: Path, image_format: str) -> None:
    stored = store_image(encode(photo(), image_format), FolderStorage(uploads), now=NOW)

    extension = ALLOWED_FORMATS[image_format]
    assert re.fullmatch(rf"2026/11/[0-9a-f]{{16}}\.{extension}", stored.path)
    base = stored.path.removesuffix(f".{extension}")
    assert stored.format == image_format
    assert (stored.width, stored.height) == (800, 600)
    assert stored.variants == {320: f"{base}-320.{extension}", 640: f"{base}-640.{extension}"}
    assert stored.size_bytes == (uploads / stored.path).stat().st_size
    assert all_files(uploads) == sorted(
        uploads / path for path in (stored.path, *stored.variants.values())
    )
    for width, path in {800: stored.path, **stored.variants}.items():
        with Image.open(uploads / path) as written:
            assert written.format == image_format
            assert written.size == (width, width * 3 // 4)


def test_format_is_judged_by_content_not_by_the_uploaded_name(uploads: Path) -> None:
    stream = io.BytesIO(encode(photo((100, 100)), "PNG"))
    stream.name = "foto-pasar.jpg"

    stored = store_image(stream, FolderStorage(uploads), now=NOW)

    assert stored.format == "PNG"
    assert stored.path.endswith(".png")


def test_jpeg_with_extra_pictures_mpo_is_stored_as_its_first_picture(uploads: Path) -> None:
    first, second = Image.new("RGB", (400, 300), "red"), Image.new("RGB", (400, 300), "blue")
    content = encode(first, "MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(content)) as check:
        assert check.format == "MPO"

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    assert stored.format == "JPEG"
    assert stored.path.endswith(".jpg")
    red, green, blue = loaded(uploads / stored.path).getpixel((200, 150))
    assert red > 240 and green < 15 and blue < 15


def test_decoded_format_outside_the_allowed_list_is_refused(
    uploads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The JPEG decoder hands back MPO for JPEGs with extra pictures; were that mapping
    # missing, the upload must be refused rather than stored under a format not checked.
    monkeypatch.setattr(images, "_DECODED_AS", {})
    content = encode(
        Image.new("RGB", (40, 30)), "MPO", save_all=True, append_images=[Image.new("RGB", (40, 30))]
    )

    with pytest.raises(ImageRejected, match=re.escape(UNSUPPORTED)):
        store_image(content, FolderStorage(uploads), now=NOW)


def test_jpeg_is_reencoded_progressive_at_quality_85(uploads: Path) -> None:
    content = encode(photo(), "JPEG", quality=100)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    with Image.open(io.BytesIO(content)) as decoded:
        expected = encode(decoded, "JPEG", quality=85, progressive=True, optimize=True)
    assert (uploads / stored.path).read_bytes() == expected
    assert stored.size_bytes < len(content)
    with Image.open(uploads / stored.path) as written:
        assert written.info.get("progressive") == 1


# --- metadata ---------------------------------------------------------------------------


def assert_no_metadata(path: Path) -> None:
    raw = path.read_bytes()
    for secret in (SECRET_MAKE.encode(), SECRET_DATUM.encode(), b"lokasi-rumah", b"rahasia"):
        assert secret not in raw
    assert b"Exif\x00\x00" not in raw
    image = loaded(path)
    assert len(image.getexif()) == 0
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "Comment"):
        assert key not in image.info


def test_exif_with_gps_is_stripped_from_jpeg_and_its_variants(uploads: Path) -> None:
    content = encode(photo(), "JPEG", exif=gps_exif(), xmp=SECRET_XMP, comment=SECRET_COMMENT)
    with Image.open(io.BytesIO(content)) as original:
        gps = original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert gps[ExifTags.GPS.GPSLatitude] == (7.0, 48.0, 30.0)
        assert original.info["comment"] == SECRET_COMMENT.encode()
        assert "xmp" in original.info

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    assert stored.variants
    for path in (stored.path, *stored.variants.values()):
        assert_no_metadata(uploads / path)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_exif_and_xmp_are_stripped_from_png_and_webp(uploads: Path, image_format: str) -> None:
    options: dict[str, object] = {"exif": gps_exif(), "xmp": SECRET_XMP}
    if image_format == "PNG":
        text = PngInfo()
        text.add_text("Comment", SECRET_COMMENT)
        options["pnginfo"] = text
    content = encode(photo(), image_format, **options)
    assert SECRET_DATUM.encode() in content

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    for path in (stored.path, *stored.variants.values()):
        assert_no_metadata(uploads / path)


def test_gif_comment_is_stripped(uploads: Path) -> None:
    content = encode(photo(mode="L"), "GIF", comment=SECRET_COMMENT)
    assert SECRET_COMMENT.encode() in content

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    for path in (stored.path, *stored.variants.values()):
        assert_no_metadata(uploads / path)


def halves(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    return image


def test_exif_orientation_is_applied_before_the_tag_is_dropped(uploads: Path) -> None:
    # Orientation 6: the camera was turned, the picture must be shown rotated 90° clockwise,
    # which brings the stored left half to the top.
    content = encode(halves((800, 400)), "JPEG", exif=gps_exif(orientation=6), quality=95)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    assert (stored.width, stored.height) == (400, 800)
    assert stored.variants == {320: stored.path.replace(".jpg", "-320.jpg")}
    for path, (width, height) in ((stored.path, (400, 800)), (stored.variants[320], (320, 640))):
        written = loaded(uploads / path)
        assert written.size == (width, height)
        top = written.getpixel((width // 2, height // 4))
        bottom = written.getpixel((width // 2, height * 3 // 4))
        assert top[0] > 200 and top[2] < 60, top
        assert bottom[2] > 200 and bottom[0] < 60, bottom
        assert ExifTags.Base.Orientation not in written.getexif()


# --- colour modes and profiles ----------------------------------------------------------


def test_cmyk_jpeg_becomes_rgb(uploads: Path) -> None:
    content = encode(Image.new("CMYK", (100, 100), (0, 255, 255, 0)), "JPEG", quality=95)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    written = loaded(uploads / stored.path)
    assert written.mode == "RGB"
    red, green, blue = written.getpixel((50, 50))
    assert red > 240 and green < 15 and blue < 15


def test_palette_png_transparency_becomes_alpha(uploads: Path) -> None:
    image = Image.new("P", (400, 100), 1)
    image.putpalette([0, 0, 0, 255, 0, 0])
    image.paste(0, (0, 0, 200, 100))
    content = encode(image, "PNG", transparency=0)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    for path in (stored.path, stored.variants[320]):
        written = loaded(uploads / path)
        assert written.mode == "RGBA"
        assert written.getpixel((10, 50))[3] == 0
        assert written.getpixel((written.width - 10, 50)) == (255, 0, 0, 255)


def test_grey_with_alpha_png_becomes_rgba(uploads: Path) -> None:
    image = Image.new("LA", (100, 100), (128, 0))
    image.paste((200, 255), (50, 0, 100, 100))

    stored = store_image(encode(image, "PNG"), FolderStorage(uploads), now=NOW)

    written = loaded(uploads / stored.path)
    assert written.mode == "RGBA"
    assert written.getpixel((10, 10))[3] == 0
    assert written.getpixel((90, 10)) == (200, 200, 200, 255)


def test_palette_png_without_transparency_becomes_rgb(uploads: Path) -> None:
    image = photo((400, 300)).convert("P")

    stored = store_image(encode(image, "PNG"), FolderStorage(uploads), now=NOW)

    assert loaded(uploads / stored.path).mode == "RGB"


def test_bilevel_png_becomes_greyscale(uploads: Path) -> None:
    image = Image.new("1", (100, 100), 0)
    image.paste(1, (50, 0, 100, 100))

    stored = store_image(encode(image, "PNG"), FolderStorage(uploads), now=NOW)

    written = loaded(uploads / stored.path)
    assert written.mode == "L"
    assert (written.getpixel((10, 10)), written.getpixel((90, 10))) == (0, 255)


def test_sixteen_bit_grey_png_is_scaled_not_clipped(uploads: Path) -> None:
    image = Image.new("I", (300, 100), 0)
    image.paste(30000, (100, 0, 200, 100))
    image.paste(65535, (200, 0, 300, 100))
    content = encode(image.convert("I;16"), "PNG")
    with Image.open(io.BytesIO(content)) as check:
        assert check.mode == "I;16"
        assert check.getpixel((150, 50)) == 30000

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    written = loaded(uploads / stored.path)
    assert written.mode == "L"
    assert written.getpixel((50, 50)) == 0
    assert written.getpixel((150, 50)) in (116, 117)
    assert written.getpixel((250, 50)) == 255


def test_gif_transparency_is_kept(uploads: Path) -> None:
    image = Image.new("RGBA", (400, 100), (0, 0, 0, 0))
    image.paste((0, 0, 255, 255), (200, 0, 400, 100))

    stored = store_image(encode(image, "GIF"), FolderStorage(uploads), now=NOW)

    for path in (stored.path, stored.variants[320]):
        written = loaded(uploads / path).convert("RGBA")
        assert written.getpixel((10, 50))[3] == 0
        assert written.getpixel((written.width - 10, 50)) == (0, 0, 255, 255)


def test_animated_gif_keeps_its_first_frame_only(uploads: Path) -> None:
    frames = [Image.new("RGB", (400, 300), colour) for colour in ("red", "lime", "blue")]
    content = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    assert stored.format == "GIF"
    for path in (stored.path, stored.variants[320]):
        with Image.open(uploads / path) as written:
            assert written.format == "GIF"
            assert written.n_frames == 1
            assert written.convert("RGB").getpixel((10, 10)) == (255, 0, 0)


@pytest.mark.parametrize(("image_format", "tolerance"), [("PNG", 0), ("JPEG", 12)])
def test_embedded_colour_profile_is_converted_to_srgb(
    uploads: Path, image_format: str, tolerance: int
) -> None:
    profile = rgb_profile_with_red_and_green_swapped()
    content = encode(Image.new("RGB", (100, 100), (255, 0, 0)), image_format, icc_profile=profile)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    written = loaded(uploads / stored.path)
    assert "icc_profile" not in written.info
    red, green, blue = written.getpixel((50, 50))
    assert red <= tolerance and green >= 255 - tolerance and blue <= tolerance


def test_colour_profile_conversion_keeps_alpha(uploads: Path) -> None:
    profile = rgb_profile_with_red_and_green_swapped()
    content = encode(Image.new("RGBA", (100, 100), (255, 0, 0, 100)), "PNG", icc_profile=profile)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    assert loaded(uploads / stored.path).getpixel((50, 50)) == (0, 255, 0, 100)


@pytest.mark.parametrize(
    "profile",
    [b"bukan profil warna", rgb_profile_with_red_and_green_swapped().replace(b"RGB ", b"GRAY", 1)],
    ids=["unreadable", "wrong-colour-space"],
)
def test_unusable_colour_profile_is_ignored(uploads: Path, profile: bytes) -> None:
    content = encode(Image.new("RGB", (100, 100), (255, 0, 0)), "PNG", icc_profile=profile)

    stored = store_image(content, FolderStorage(uploads), now=NOW)

    written = loaded(uploads / stored.path)
    assert written.getpixel((50, 50)) == (255, 0, 0)
    assert "icc_profile" not in written.info


# --- refusals ---------------------------------------------------------------------------

SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SVG, UNSUPPORTED),
        (b"Berita hari ini: banjir di Pare.\n", UNSUPPORTED),
        (PDF, UNSUPPORTED),
        (HTML, UNSUPPORTED),
        (encode(photo((50, 50)), "BMP"), UNSUPPORTED),
        (encode(photo((50, 50)), "TIFF"), UNSUPPORTED),
        (b"\xff\xd8\xff\xe0" + b"bukan jpeg" * 20, CORRUPT),
        (b"\x89PNG\r\n\x1a\n" + b"bukan png" * 20, UNSUPPORTED),
        (encode(photo(), "JPEG")[:2000], CORRUPT),
        (encode(photo(), "PNG")[:-200], CORRUPT),
        (b"", EMPTY),
    ],
    ids=[
        "svg",
        "text",
        "pdf",
        "html",
        "bmp",
        "tiff",
        "jpeg-magic-then-junk",
        "png-magic-then-junk",
        "truncated-jpeg",
        "truncated-png",
        "empty",
    ],
)
def test_non_images_and_broken_images_are_refused(
    uploads: Path, content: bytes, message: str
) -> None:
    stream = io.BytesIO(content)
    stream.name = "foto.jpg"

    with pytest.raises(ImageRejected) as refused:
        store_image(stream, FolderStorage(uploads), now=NOW)

    assert str(refused.value) == message
    assert not isinstance(refused.value, ImageTooLarge)
    assert all_files(uploads) == []


# --- byte limit -------------------------------------------------------------------------


def test_too_many_bytes_is_image_too_large(uploads: Path) -> None:
    content = encode(photo(), "PNG")

    with pytest.raises(ImageTooLarge) as refused:
        store_image(content, FolderStorage(uploads), max_bytes=len(content) - 1, now=NOW)

    assert isinstance(refused.value, ImageRejected)
    assert str(refused.value).startswith("Berkas terlalu besar (maksimal ")
    assert all_files(uploads) == []


def test_exactly_max_bytes_is_accepted(uploads: Path) -> None:
    content = encode(photo(), "PNG")

    stored = store_image(io.BytesIO(content), FolderStorage(uploads), max_bytes=len(content),
                         now=NOW)

    assert stored.format == "PNG"


def test_stream_is_read_no_further_than_one_byte_past_the_limit(uploads: Path) -> None:
    stream = CountingStream(b"\xff\xd8" + bytes(5 * 1024 * 1024), step=3 * 1024 * 1024)

    with pytest.raises(ImageTooLarge, match=r"\(maksimal 1 MB\)"):
        store_image(stream, FolderStorage(uploads), max_bytes=1024 * 1024, now=NOW)

    assert stream.position == 1024 * 1024 + 1


def test_stream_giving_short_reads_is_read_to_the_end(uploads: Path) -> None:
    content = encode(photo(), "JPEG")
    stream = CountingStream(content, step=1000)

    stored = store_image(stream, FolderStorage(uploads), now=NOW)

    assert (stored.width, stored.height) == (800, 600)
    assert stream.position == len(content)


@pytest.mark.parametrize(
    ("max_bytes", "described"),
    [
        (10 * 1024 * 1024, "10 MB"),
        (1536 * 1024, "1,5 MB"),
        (500 * 1024, "500 KB"),
        (500, "500 bita"),
    ],
)
def test_byte_limit_is_described_in_the_message(
    uploads: Path, max_bytes: int, described: str
) -> None:
    with pytest.raises(ImageTooLarge) as refused:
        store_image(bytes(max_bytes + 1), FolderStorage(uploads), max_bytes=max_bytes)

    assert str(refused.value) == f"Berkas terlalu besar (maksimal {described})."


# --- pixel limit ------------------------------------------------------------------------


def pixels_message(limit: str) -> str:
    return (
        f"Resolusi gambar terlalu besar (maksimal {limit} megapiksel). "
        "Perkecil gambarnya, lalu unggah lagi."
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """400 megapixels that compress to about 50 KB."""
    content = encode(Image.new("1", (20000, 20000)), "PNG")
    assert len(content) < 100_000
    return content


def test_decompression_bomb_is_refused(uploads: Path, bomb: bytes) -> None:
    with pytest.raises(ImageRejected) as refused:
        store_image(bomb, FolderStorage(uploads), now=NOW)

    assert str(refused.value) == pixels_message("40")
    assert all_files(uploads) == []


def test_pixel_limit_is_checked_before_any_pixel_is_decoded(uploads: Path) -> None:
    # 49 megapixels claimed, no pixel data: refused for its size, not as a broken file.
    with pytest.raises(ImageRejected) as refused:
        store_image(png_header_only(7000, 7000), FolderStorage(uploads), now=NOW)

    assert str(refused.value) == pixels_message("40")


def test_pillow_bomb_warning_is_handled_not_emitted(uploads: Path) -> None:
    # 100 megapixels: above Pillow's warning threshold, below its hard error. Even where
    # warnings are merely shown, the upload is refused and no warning escapes.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ImageRejected) as refused:
            store_image(png_header_only(10_000, 10_000), FolderStorage(uploads),
                        max_pixels=10**9, now=NOW)

    assert caught == []
    assert str(refused.value) == pixels_message("89,5")


def test_pixel_limit_holds_when_pillows_own_guard_is_switched_off(
    uploads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)

    with pytest.raises(ImageRejected) as refused:
        store_image(png_header_only(7000, 7000), FolderStorage(uploads), now=NOW)

    assert str(refused.value) == pixels_message("40")


def test_max_pixels_is_configurable(uploads: Path) -> None:
    content = encode(photo((1000, 500)), "PNG")

    with pytest.raises(ImageRejected) as refused:
        store_image(content, FolderStorage(uploads), max_pixels=499_999, now=NOW)
    assert str(refused.value) == pixels_message("0,5")

    stored = store_image(content, FolderStorage(uploads), max_pixels=500_000, now=NOW)
    assert (stored.width, stored.height) == (1000, 500)


# --- responsive sizes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "expected_widths"),
    [
        (200, []),
        (320, []),
        (321, [320]),
        (1024, [320, 640]),
        (1100, [320, 640, 1024]),
        (2400, [320, 640, 1024, 1600]),
    ],
)
def test_variants_are_never_upscaled(uploads: Path, width: int, expected_widths: list[int]) -> None:
    stored = store_image(encode(photo((width, width // 2)), "JPEG"), FolderStorage(uploads),
                         now=NOW)

    assert (stored.width, stored.height) == (width, width // 2)
    assert sorted(stored.variants) == expected_widths
    assert loaded(uploads / stored.path).size == (width, width // 2)
    for variant_width, path in stored.variants.items():
        assert path == stored.path.replace(".jpg", f"-{variant_width}.jpg")
        assert loaded(uploads / path).size == (
            variant_width,
            round(variant_width * (width // 2) / width),
        )


def test_every_responsive_width_is_made_for_a_big_picture() -> None:
    assert RESPONSIVE_WIDTHS == (320, 640, 1024, 1600)


def test_thin_picture_variants_are_at_least_one_pixel_high(uploads: Path) -> None:
    stored = store_image(encode(photo((2000, 1)), "PNG"), FolderStorage(uploads), now=NOW)

    assert loaded(uploads / stored.variants[320]).size == (320, 1)


# --- names ------------------------------------------------------------------------------


def test_stored_name_is_random_not_the_uploaded_name(uploads: Path) -> None:
    content = encode(photo(), "JPEG")
    first_upload = io.BytesIO(content)
    first_upload.name = "rahasia-narasumber.jpg"

    first = store_image(first_upload, FolderStorage(uploads), now=NOW)
    second = store_image(content, FolderStorage(uploads), now=NOW)

    assert "rahasia" not in first.path and "narasumber" not in first.path
    assert first.path != second.path
    assert len(all_files(uploads)) == 2 * (1 + len(first.variants))


def test_folder_is_the_current_utc_month_by_default(uploads: Path) -> None:
    before = datetime.now(UTC)
    stored = store_image(encode(photo((10, 10)), "PNG"), FolderStorage(uploads))
    after = datetime.now(UTC)

    assert stored.path.rsplit("/", 1)[0] in {f"{before:%Y/%m}", f"{after:%Y/%m}"}


def test_existing_file_is_never_overwritten(uploads: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images.secrets, "token_hex", lambda _: "0123456789abcdef")
    existing = uploads / "2026/11/0123456789abcdef.jpg"
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"foto lama")

    with pytest.raises(FileExistsError):
        store_image(encode(photo(), "JPEG"), FolderStorage(uploads), now=NOW)

    assert existing.read_bytes() == b"foto lama"
    assert all_files(uploads) == [existing]


def test_failed_write_removes_the_files_already_written(
    uploads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images.secrets, "token_hex", lambda _: "0123456789abcdef")
    (uploads / "2026/11/0123456789abcdef-640.jpg").mkdir(parents=True)

    with pytest.raises(OSError):
        store_image(encode(photo(), "JPEG"), FolderStorage(uploads), now=NOW)

    assert all_files(uploads) == []


# --- srcset and the value object --------------------------------------------------------


def test_srcset_lists_variants_and_the_original_by_width(uploads: Path) -> None:
    stored = store_image(encode(photo((1100, 550)), "WEBP"), FolderStorage(uploads), now=NOW)
    base = stored.path.removesuffix(".webp")

    value = srcset(stored, lambda path: f"/media/{path}")

    assert value == (
        f"/media/{base}-320.webp 320w, /media/{base}-640.webp 640w, "
        f"/media/{base}-1024.webp 1024w, /media/{base}.webp 1100w"
    )


def test_srcset_sorts_by_width_and_handles_no_variants() -> None:
    unsorted = StoredImage(
        "a/b.jpg", 700, 100, "JPEG", 10, {640: "a/b-640.jpg", 320: "a/b-320.jpg"}
    )
    small = StoredImage("a/c.png", 200, 100, "PNG", 10, {})

    assert srcset(unsorted, str.upper) == "A/B-320.JPG 320w, A/B-640.JPG 640w, A/B.JPG 700w"
    assert srcset(small, lambda path: path) == "a/c.png 200w"


def test_stored_image_is_immutable() -> None:
    stored = StoredImage("a/b.jpg", 700, 100, "JPEG", 10, {})

    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.path = "lain.jpg"  # type: ignore[misc]
