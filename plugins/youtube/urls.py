"""Turn a YouTube link pasted by a journalist into a safe, normalised video reference.

Editors paste whatever their browser bar or phone share sheet gives them: ``youtu.be``
short links, ``/shorts/`` and ``/live/`` links, ``m.`` links, links full of tracking
parameters. The CMS must turn that into an embed without ever putting attacker-controlled
parts of the paste into a page. So this module *parses* the paste into a small value
object (video id, start time, playlist id) and every URL it hands out is rebuilt from
those validated parts; nothing from the paste is copied through verbatim.

Rejections carry a person-readable reason in Indonesian, because the message is shown
as-is in the (Indonesian) editor UI and should tell the journalist what to paste instead.

Pure module: no I/O, no Flask, standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

MAX_URL_LENGTH = 2048
"""Longest paste we look at; real video links are far shorter, so more is junk or abuse."""

MAX_START_SECONDS = 24 * 60 * 60
"""Largest start offset kept; anything beyond a day is a typo, not a timestamp."""

ALLOWED_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "music.youtube.com",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
        "youtu.be",
    }
)
"""Exact host names accepted; no suffix matching, so look-alikes can never slip through."""

# Path prefixes whose next (and last) segment is the video id.
_ID_PATH_ROUTES = frozenset({"embed", "shorts", "live", "v"})
_CHANNEL_ROUTES = frozenset({"channel", "c", "user"})

# Explicit ASCII classes: ``\w`` and ``\d`` would also accept non-ASCII letters and digits.
_VIDEO_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
_PLAYLIST_RE = re.compile(r"[A-Za-z0-9_-]{2,64}")
# Eleven-character path words that fit the id pattern but name no single video.
_PLAYLIST_PSEUDO_ID = "videoseries"
_LIVE_PSEUDO_ID = "live_stream"

# A paste without a scheme is only read as https when it starts with one of these hosts.
# The look-ahead also routes ``youtube.com:443/...`` and ``youtube.com@evil/...`` through
# the normal host checks so they get the precise port/userinfo message.
_BARE_HOST_RE = re.compile(
    r"(?:www\.youtube\.com|youtube\.com|m\.youtube\.com|youtu\.be)(?=[/:?#@]|$)",
    re.IGNORECASE | re.ASCII,
)
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")

# ``re.ASCII`` keeps IGNORECASE from matching e.g. U+017F (long s) as "s".
_SECONDS_RE = re.compile(r"[0-9]{1,9}")
_DURATION_RE = re.compile(
    r"(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?(?:([0-9]{1,9})s)?", re.IGNORECASE | re.ASCII
)

_MSG_NOT_TEXT = "Alamat YouTube harus berupa teks."
_MSG_EMPTY = "Alamat YouTube kosong."
_MSG_TOO_LONG = f"Alamat terlalu panjang: maksimal {MAX_URL_LENGTH} karakter."
_MSG_BAD_CHARS = "Alamat tidak boleh memuat spasi, baris baru, atau karakter kontrol/tak terlihat."
_MSG_BACKSLASH = "Alamat tidak boleh memuat garis miring terbalik (\\)."
_MSG_PROTOCOL_RELATIVE = "Alamat harus diawali https://, bukan //."
_MSG_NO_HOST = "Bukan alamat YouTube: nama host tidak ditemukan."
_MSG_USERINFO = "Alamat tidak boleh memuat nama pengguna atau tanda '@' sebelum nama host."
_MSG_PORT = "Alamat tidak boleh memuat nomor port."
_MSG_PLAYLIST = "Tempel alamat satu video, bukan daftar putar."
_MSG_LIVE_STREAM = "Tempel alamat satu video, bukan siaran langsung kanal (live_stream)."
_MSG_CHANNEL = (
    "Tempel alamat satu video, bukan alamat kanal. Buka videonya di YouTube, lalu salin alamatnya."
)
_MSG_SEARCH = "Tempel alamat satu video, bukan halaman hasil pencarian."
_MSG_REDIRECT = "Tempel alamat video YouTube secara langsung, bukan tautan pengalihan (redirect)."
_MSG_NOT_VIDEO = (
    "Alamat YouTube ini bukan alamat video. Tempel alamat seperti "
    "https://www.youtube.com/watch?v=... atau https://youtu.be/..."
)
_MSG_MISSING_ID = (
    "Alamat tidak memuat ID video. Tempel alamat seperti https://www.youtube.com/watch?v=..."
)
_MSG_EXTRA_PATH = "Alamat video tidak dikenali: ada bagian tambahan setelah ID video."
_MSG_DUPLICATE_ID = "Alamat memuat lebih dari satu ID video (parameter v=)."
_MSG_INVALID_ID = "ID video tidak valid: harus 11 karakter berupa huruf, angka, '-' atau '_'."
_MSG_INVALID_START = f"Waktu mulai tidak valid: harus bilangan bulat 1 sampai {MAX_START_SECONDS}."
_MSG_INVALID_PLAYLIST = "ID daftar putar tidak valid."
_MSG_INVALID_SHORTS = "Penanda video Shorts harus benar atau salah."


class InvalidYouTubeURL(ValueError):
    """The paste is not a single YouTube video; ``str(exc)`` is the reason to show the user.

    A ``ValueError`` subclass so generic form validation that catches ``ValueError``
    keeps working, while callers that care can catch this type specifically.
    """


def is_valid_video_id(value: str) -> bool:
    """Whether ``value`` has the shape of a YouTube video id (11 of ``A-Za-z0-9_-``).

    The id is interpolated into embed, watch and thumbnail URLs, so this check is what
    keeps those URLs well-formed; ``videoseries`` and ``live_stream`` fit the pattern but
    are YouTube path words, not videos, so they are refused too.
    """
    return (
        isinstance(value, str)
        and _VIDEO_ID_RE.fullmatch(value) is not None
        and value not in (_PLAYLIST_PSEUDO_ID, _LIVE_PSEUDO_ID)
    )


def parse_start_time(value: str) -> int | None:
    """Read a YouTube ``t=``/``start=`` value as whole seconds, or ``None`` to ignore it.

    Accepts ``90``, ``90s`` and ``XhYmZs`` combinations in that order (``1m30s``,
    ``1h2m3s``, case-insensitive). A bad start time should never cost the journalist the
    embed, so anything unparseable, zero, negative or longer than a day yields ``None``
    (play from the beginning) instead of an error. Surrounding whitespace is not
    stripped: values come out of a URL, where it never legitimately appears.
    """
    if _SECONDS_RE.fullmatch(value):
        total = int(value)
    else:
        match = _DURATION_RE.fullmatch(value)
        if match is None or not any(match.groups()):
            return None
        hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
        total = hours * 3600 + minutes * 60 + seconds
    return total if _is_valid_start(total) else None


@dataclass(frozen=True)
class YouTubeVideo:
    """One validated YouTube video, plus optional start offset and playlist id.

    Fields are validated on construction (not only in the parser) so an instance is
    safe to render wherever it came from: parser, database row or hand-built in code.
    The URL properties are always rebuilt from these fields, never from a paste.
    """

    video_id: str
    start: int | None = None
    playlist: str | None = None
    # How the video was linked, not which video it is: a Shorts link is shown in a
    # portrait (9:16) box. Left out of equality so the same id is the same video.
    shorts: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not is_valid_video_id(self.video_id):
            raise InvalidYouTubeURL(_MSG_INVALID_ID)
        if self.start is not None and not _is_valid_start(self.start):
            raise InvalidYouTubeURL(_MSG_INVALID_START)
        if self.playlist is not None and not (
            isinstance(self.playlist, str) and _PLAYLIST_RE.fullmatch(self.playlist)
        ):
            raise InvalidYouTubeURL(_MSG_INVALID_PLAYLIST)
        if type(self.shorts) is not bool:
            raise InvalidYouTubeURL(_MSG_INVALID_SHORTS)

    @property
    def embed_url(self) -> str:
        """The iframe ``src``: the privacy-enhanced no-cookie host, so readers are not
        tracked until they press play; only ``start`` is carried over."""
        url = f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"{url}?start={self.start}" if self.start is not None else url

    @property
    def watch_url(self) -> str:
        """The canonical link to the video on youtube.com, for "watch on YouTube" links."""
        url = f"https://www.youtube.com/watch?v={self.video_id}"
        return f"{url}&t={self.start}s" if self.start is not None else url

    @property
    def thumbnail_url(self) -> str:
        """A 480x360 still that exists for every public video, for previews and og:image."""
        return f"https://i.ytimg.com/vi/{self.video_id}/hqdefault.jpg"


def parse_youtube_url(text: str) -> YouTubeVideo:
    """Parse a pasted YouTube link into a :class:`YouTubeVideo`.

    Raises :class:`InvalidYouTubeURL` with an Indonesian, person-readable reason for
    anything that is not a link to one video on an accepted YouTube host. The checks
    are deliberately strict (exact hosts, no userinfo, port, backslash or stray
    characters) because browsers and URL parsers disagree on such inputs, and that
    disagreement is how look-alike links get past validators.
    """
    if not isinstance(text, str):
        raise InvalidYouTubeURL(_MSG_NOT_TEXT)
    text = text.strip()
    if not text:
        raise InvalidYouTubeURL(_MSG_EMPTY)
    if len(text) > MAX_URL_LENGTH:
        raise InvalidYouTubeURL(_MSG_TOO_LONG)
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in text):
        raise InvalidYouTubeURL(_MSG_BAD_CHARS)
    if "\\" in text:
        raise InvalidYouTubeURL(_MSG_BACKSLASH)

    url = _with_scheme(text)  # outside the try: its own errors are ValueErrors too
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unbalanced "[" in the host
        raise InvalidYouTubeURL(f"Bukan alamat YouTube: {_shorten(text)}") from exc
    host = _checked_host(parts.netloc)
    segments = _path_segments(parts.path)
    query = parse_qs(parts.query)

    # On youtu.be the whole path is the id; other hosts route by the first segment.
    is_short_link = host == "youtu.be"
    video_id = _single_id_segment(segments) if is_short_link else _route_id(segments, query)
    if video_id == _PLAYLIST_PSEUDO_ID:
        raise InvalidYouTubeURL(_MSG_PLAYLIST)
    if video_id == _LIVE_PSEUDO_ID:
        raise InvalidYouTubeURL(_MSG_LIVE_STREAM)
    if not is_valid_video_id(video_id):
        raise InvalidYouTubeURL(_MSG_INVALID_ID)

    return YouTubeVideo(
        video_id=video_id,
        start=_start_from(query, parse_qs(parts.fragment)),
        playlist=_playlist_from(query),
        shorts=not is_short_link and segments[0] == "shorts",
    )


def _is_valid_start(value: object) -> bool:
    """Start offsets are whole positive seconds up to a day; ``bool`` is not a number here."""
    return type(value) is int and 0 < value <= MAX_START_SECONDS


def _shorten(text: str, limit: int = 80) -> str:
    """Keep echoed user input in messages short enough to read in a form error."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _with_scheme(text: str) -> str:
    """Return the paste with an http(s) scheme, reading known bare hosts as https."""
    if _BARE_HOST_RE.match(text):
        return "https://" + text
    if text.startswith("//"):
        raise InvalidYouTubeURL(_MSG_PROTOCOL_RELATIVE)
    match = _SCHEME_RE.match(text)
    if match is None:
        raise InvalidYouTubeURL(
            f"Bukan alamat YouTube: {_shorten(text)}. Tempel alamat lengkap yang diawali https://"
        )
    scheme = match.group(1).lower()
    if scheme not in ("http", "https"):
        raise InvalidYouTubeURL(
            f"Skema alamat tidak didukung: {_shorten(scheme, 20)}. "
            "Gunakan alamat yang diawali https://"
        )
    if not text[match.end() :].startswith("//"):
        raise InvalidYouTubeURL(f"Bukan alamat YouTube: {_shorten(text)}")
    return text


def _checked_host(netloc: str) -> str:
    """Return the lower-cased host if it is exactly one of :data:`ALLOWED_HOSTS`."""
    if not netloc:
        raise InvalidYouTubeURL(_MSG_NO_HOST)
    if "@" in netloc:
        raise InvalidYouTubeURL(_MSG_USERINFO)
    # ASCII first: str.lower() maps e.g. the Kelvin sign to "k" ("youtube-nocookie").
    if not netloc.isascii() or netloc.startswith("["):
        raise InvalidYouTubeURL(f"Bukan alamat YouTube: {_shorten(netloc)}")
    if ":" in netloc:
        raise InvalidYouTubeURL(_MSG_PORT)
    host = netloc.lower()
    if host not in ALLOWED_HOSTS:
        raise InvalidYouTubeURL(f"Bukan alamat YouTube: {_shorten(netloc)}")
    return host


def _path_segments(path: str) -> list[str]:
    """Split the raw path into segments, tolerating exactly one trailing slash."""
    segments = path.split("/")[1:]
    if segments and segments[-1] == "":
        segments.pop()
    return segments


def _single_id_segment(segments: list[str]) -> str:
    """The one remaining path segment, percent-decoded; nothing may follow the id."""
    if not segments:
        raise InvalidYouTubeURL(_MSG_MISSING_ID)
    if len(segments) > 1:
        raise InvalidYouTubeURL(_MSG_EXTRA_PATH)
    return unquote(segments[0])


def _route_id(segments: list[str], query: dict[str, list[str]]) -> str:
    """Find the id on a youtube.com-style host, or explain what kind of page this is."""
    if not segments:
        raise InvalidYouTubeURL(_MSG_NOT_VIDEO)
    head, rest = segments[0], segments[1:]
    if head == "watch" and not rest:
        return _watch_id(query)
    if head in _ID_PATH_ROUTES:
        return _single_id_segment(rest)
    if head == "playlist":
        raise InvalidYouTubeURL(_MSG_PLAYLIST)
    if head in _CHANNEL_ROUTES or head.startswith("@"):
        raise InvalidYouTubeURL(_MSG_CHANNEL)
    if head == "results":
        raise InvalidYouTubeURL(_MSG_SEARCH)
    if head == "redirect":
        raise InvalidYouTubeURL(_MSG_REDIRECT)
    raise InvalidYouTubeURL(_MSG_NOT_VIDEO)


def _watch_id(query: dict[str, list[str]]) -> str:
    """``/watch?v=<id>`` (already percent-decoded by ``parse_qs``).

    Conflicting ``v`` values are refused rather than guessed, since picking the wrong
    one would silently embed a different video than the journalist saw.
    """
    ids = query.get("v", [])
    if len(set(ids)) > 1:
        raise InvalidYouTubeURL(_MSG_DUPLICATE_ID)
    if not ids:
        raise InvalidYouTubeURL(_MSG_PLAYLIST if "list" in query else _MSG_MISSING_ID)
    return ids[0]


def _start_from(query: dict[str, list[str]], fragment: dict[str, list[str]]) -> int | None:
    """First usable start among query ``t``, query ``start`` and fragment ``t``.

    An unusable value is skipped rather than fatal, so a later valid one still counts.
    """
    candidates = (query.get("t"), query.get("start"), fragment.get("t"))
    for values in candidates:
        start = parse_start_time(values[0]) if values else None
        if start is not None:
            return start
    return None


def _playlist_from(query: dict[str, list[str]]) -> str | None:
    """The first ``list`` value if well-formed; a broken one is dropped, not fatal."""
    lists = query.get("list")
    if lists and _PLAYLIST_RE.fullmatch(lists[0]):
        return lists[0]
    return None
