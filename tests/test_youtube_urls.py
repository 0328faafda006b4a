"""Tests for the YouTube paste parser (plugins/youtube/urls.py).

The tables document exactly which pastes are embedded and which are refused (and with
what Indonesian reason), so a change to the accepted surface shows up as a test diff.
"""

from __future__ import annotations

import dataclasses

import pytest

from plugins.youtube.urls import (
    MAX_START_SECONDS,
    MAX_URL_LENGTH,
    InvalidYouTubeURL,
    YouTubeVideo,
    is_valid_video_id,
    parse_start_time,
    parse_youtube_url,
)

VID = "dQw4w9WgXcQ"
ODD = "a-B_c1D2e3F"
PL = "PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG"
PADDED = f"https://youtu.be/{VID}?x="

# (paste, video_id, start, playlist)
ACCEPTED: list[tuple[str, str, int | None, str | None]] = [
    # every accepted host, both schemes
    (f"https://www.youtube.com/watch?v={VID}", VID, None, None),
    (f"http://www.youtube.com/watch?v={VID}", VID, None, None),
    (f"https://youtube.com/watch?v={VID}", VID, None, None),
    (f"https://m.youtube.com/watch?v={VID}", VID, None, None),
    (f"https://music.youtube.com/watch?v={VID}", VID, None, None),
    (f"https://www.youtube-nocookie.com/embed/{VID}", VID, None, None),
    (f"https://youtube-nocookie.com/embed/{VID}", VID, None, None),
    (f"http://youtube-nocookie.com/embed/{VID}?start=10", VID, 10, None),
    (f"https://youtu.be/{VID}", VID, None, None),
    (f"http://youtu.be/{VID}", VID, None, None),
    # scheme-less pastes of the four documented hosts read as https
    (f"youtu.be/{VID}", VID, None, None),
    (f"www.youtube.com/watch?v={VID}", VID, None, None),
    (f"youtube.com/watch?v={VID}", VID, None, None),
    (f"m.youtube.com/watch?v={VID}", VID, None, None),
    (f"Youtube.com/shorts/{VID}", VID, None, None),
    (f"YOUTU.BE/{VID}", VID, None, None),
    # host and scheme are case-insensitive, the id is not touched
    (f"HTTPS://WWW.YOUTUBE.COM/watch?v={VID}", VID, None, None),
    (f"https://WwW.YouTube.com/watch?v={VID}", VID, None, None),
    (f"Https://Youtu.Be/{VID}", VID, None, None),
    # every id route
    (f"https://www.youtube.com/embed/{VID}", VID, None, None),
    (f"https://www.youtube.com/shorts/{VID}", VID, None, None),
    (f"https://www.youtube.com/live/{VID}", VID, None, None),
    (f"https://www.youtube.com/v/{VID}", VID, None, None),
    (f"https://m.youtube.com/shorts/{VID}", VID, None, None),
    (f"https://youtube.com/shorts/{VID}?feature=share", VID, None, None),
    (f"https://youtube.com/live/{VID}?si=AbCdEfGh", VID, None, None),
    (f"https://www.youtube.com/v/{VID}?version=3", VID, None, None),
    # one trailing slash is tolerated
    (f"https://youtu.be/{VID}/", VID, None, None),
    (f"https://www.youtube.com/embed/{VID}/", VID, None, None),
    (f"https://www.youtube.com/shorts/{VID}/", VID, None, None),
    (f"https://www.youtube.com/watch/?v={VID}", VID, None, None),
    # surrounding whitespace of the whole paste is stripped
    (f"  https://youtu.be/{VID}  \n", VID, None, None),
    (f"\thttps://www.youtube.com/watch?v={VID}\r\n", VID, None, None),
    # unrelated parameters are ignored, wherever v sits
    (f"https://www.youtube.com/watch?feature=share&v={VID}", VID, None, None),
    (f"https://www.youtube.com/watch?app=desktop&v={VID}&ab_channel=Kompas", VID, None, None),
    (f"https://m.youtube.com/watch?v={VID}&feature=youtu.be", VID, None, None),
    (f"https://youtu.be/{VID}?si=Xy_z-123", VID, None, None),
    (f"https://www.youtube.com/embed/{VID}?{ODD}=1", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&v={VID}", VID, None, None),
    # ids with - and _ and percent-encoded ids
    (f"https://youtu.be/{ODD}", ODD, None, None),
    (f"https://www.youtube.com/watch?v={ODD}", ODD, None, None),
    ("https://youtu.be/___________", "___________", None, None),
    ("https://youtu.be/-----------", "-----------", None, None),
    ("https://www.youtube.com/watch?v=dQw4w9WgX%63Q", VID, None, None),
    ("https://www.youtube.com/embed/dQw4w9WgX%63Q", VID, None, None),
    ("https://youtu.be/%64Qw4w9WgXcQ", VID, None, None),
    # start time from t= in query
    (f"https://www.youtube.com/watch?v={VID}&t=90", VID, 90, None),
    (f"https://www.youtube.com/watch?v={VID}&t=90s", VID, 90, None),
    (f"https://www.youtube.com/watch?v={VID}&t=1m30s", VID, 90, None),
    (f"https://www.youtube.com/watch?v={VID}&t=1h2m3s", VID, 3723, None),
    (f"https://www.youtube.com/watch?v={VID}&t=1h", VID, 3600, None),
    (f"https://www.youtube.com/watch?v={VID}&t=30m", VID, 1800, None),
    (f"https://www.youtube.com/watch?v={VID}&t=1h30s", VID, 3630, None),
    (f"https://www.youtube.com/watch?v={VID}&t=1M30S", VID, 90, None),
    (f"https://www.youtube.com/watch?t=42&v={VID}", VID, 42, None),
    (f"https://youtu.be/{VID}?t=42", VID, 42, None),
    (f"https://youtu.be/{VID}?si=abc&t=42", VID, 42, None),
    (f"youtu.be/{VID}?t=5m", VID, 300, None),
    (f"https://www.youtube.com/shorts/{VID}?t=7", VID, 7, None),
    # start time from start= (the embed form)
    (f"https://www.youtube.com/embed/{VID}?start=30", VID, 30, None),
    (f"https://www.youtube.com/embed/{VID}?start=30&autoplay=1", VID, 30, None),
    (f"https://www.youtube.com/watch?v={VID}&start=15", VID, 15, None),
    # start time from the fragment
    (f"https://www.youtube.com/watch?v={VID}#t=75", VID, 75, None),
    (f"https://www.youtube.com/watch?v={VID}#t=2m", VID, 120, None),
    (f"https://youtu.be/{VID}#t=15s", VID, 15, None),
    # precedence: query t, then query start, then fragment t; broken values fall through
    (f"https://www.youtube.com/watch?v={VID}&t=10&start=20", VID, 10, None),
    (f"https://www.youtube.com/watch?v={VID}&start=20#t=30", VID, 20, None),
    (f"https://www.youtube.com/watch?v={VID}&t=10#t=30", VID, 10, None),
    (f"https://www.youtube.com/watch?v={VID}&t=abc#t=30", VID, 30, None),
    (f"https://www.youtube.com/watch?v={VID}&t=abc&start=25", VID, 25, None),
    (f"https://www.youtube.com/watch?v={VID}&t=5&t=9", VID, 5, None),
    # broken, zero, negative or absurd start: video kept, start dropped
    (f"https://www.youtube.com/watch?v={VID}&t=abc", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=-5", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=0", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=1.5", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=01:30", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=90000", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=25h", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&t=86400", VID, 86400, None),
    (f"https://youtu.be/{VID}?t=%2D5", VID, None, None),
    # an HTML-escaped paste loses its start ("amp;t" is not "t") but keeps the video
    (f"https://www.youtube.com/watch?v={VID}&amp;t=30", VID, None, None),
    # playlist id kept when well-formed, dropped otherwise
    (f"https://www.youtube.com/watch?v={VID}&list={PL}", VID, None, PL),
    (f"https://www.youtube.com/watch?v={VID}&list={PL}&index=3", VID, None, PL),
    (f"https://www.youtube.com/watch?list={PL}&v={VID}&t=12", VID, 12, PL),
    (f"https://www.youtube.com/watch?v={VID}&list=RD{VID}", VID, None, f"RD{VID}"),
    (f"https://music.youtube.com/watch?v={VID}&list=OLAK5uy_kq-9x", VID, None, "OLAK5uy_kq-9x"),
    (f"https://youtu.be/{VID}?list={PL}", VID, None, PL),
    (f"https://www.youtube.com/embed/{VID}?list={PL}&start=5", VID, 5, PL),
    (f"https://www.youtube.com/watch?v={VID}&list=LL", VID, None, "LL"),
    (f"https://www.youtube.com/watch?v={VID}&list={'A' * 64}", VID, None, "A" * 64),
    (f"https://www.youtube.com/watch?v={VID}&list={'A' * 65}", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&list=x", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&list=PL%21bad", VID, None, None),
    (f"https://www.youtube.com/watch?v={VID}&list=PL<script>", VID, None, None),
    # exactly at the length limit
    (PADDED + "a" * (MAX_URL_LENGTH - len(PADDED)), VID, None, None),
    (" " + PADDED + "a" * (MAX_URL_LENGTH - len(PADDED)) + "\n", VID, None, None),
]

# (paste, substring of the expected reason)
REJECTED: list[tuple[str, str]] = [
    # empty / too long
    ("", "kosong"),
    ("   \n\t ", "kosong"),
    ("x" * (MAX_URL_LENGTH + 1), "terlalu panjang"),
    (PADDED + "a" * (MAX_URL_LENGTH - len(PADDED) + 1), "terlalu panjang"),
    # inner whitespace, control and invisible characters
    (f"https://www.youtube.com/watch?v={VID}&x=a b", "spasi"),
    (f"https://www.youtube.com/watch?v={VID}\n&t=5", "spasi"),
    (f"https://you\ttu.be/{VID}", "spasi"),
    (f"https://youtu.be/{VID}\u00a0?t=5", "spasi"),
    (f"https://youtu.be/\x00{VID}", "kontrol"),
    (f"https://youtu.be/{VID}\x7f", "kontrol"),
    (f"https://youtu.be/{VID}\u200b", "kontrol"),
    (f"\ufeffhttps://youtu.be/{VID}", "kontrol"),
    (f"https://youtu.be/\u202e{VID}", "kontrol"),
    # backslashes (parsers disagree on them)
    (f"https://www.youtube.com\\@evil.com/watch?v={VID}", "garis miring terbalik"),
    (f"https:\\\\youtu.be\\{VID}", "garis miring terbalik"),
    (f"https://youtu.be/{VID}\\", "garis miring terbalik"),
    # protocol-relative and other schemes
    (f"//www.youtube.com/watch?v={VID}", "bukan //"),
    (f"//youtu.be/{VID}", "bukan //"),
    ("javascript:alert(1)//youtu.be/dQw4w9WgXcQ", "Skema alamat tidak didukung: javascript"),
    (f"ftp://www.youtube.com/watch?v={VID}", "Skema alamat tidak didukung: ftp"),
    ("data:text/html,<script>alert(1)</script>", "Skema alamat tidak didukung: data"),
    ("file:///etc/passwd", "Skema alamat tidak didukung: file"),
    (f"ws://youtu.be/{VID}", "Skema alamat tidak didukung: ws"),
    (f"vnd.youtube:{VID}", "Skema alamat tidak didukung"),
    # malformed scheme separators and missing host
    (f"https:youtu.be/{VID}", "Bukan alamat YouTube"),
    (f"https:/youtu.be/{VID}", "Bukan alamat YouTube"),
    (f"https:///youtu.be/{VID}", "nama host tidak ditemukan"),
    ("https://", "nama host tidak ditemukan"),
    ("bukan-url", "Bukan alamat YouTube: bukan-url"),
    (f"music.youtube.com/watch?v={VID}", "diawali https://"),
    (f"youtube-nocookie.com/embed/{VID}", "diawali https://"),
    (f"www.youtube.com.evil.com/watch?v={VID}", "Bukan alamat YouTube"),
    # userinfo
    (f"https://user@www.youtube.com/watch?v={VID}", "'@'"),
    (f"https://www.youtube.com@evil.com/watch?v={VID}", "'@'"),
    (f"https://user:pass@youtu.be/{VID}", "'@'"),
    (f"youtube.com@evil.com/watch?v={VID}", "'@'"),
    (f"https://www.youtube.com%40evil.com@youtu.be/{VID}", "'@'"),
    # explicit ports, IPv6 literals
    (f"https://www.youtube.com:443/watch?v={VID}", "port"),
    (f"https://youtu.be:8080/{VID}", "port"),
    (f"https://www.youtube.com:/watch?v={VID}", "port"),
    (f"youtube.com:443/watch?v={VID}", "port"),
    (f"https://[::1]/watch?v={VID}", "Bukan alamat YouTube: [::1]"),
    (f"https://[www.youtube.com/watch?v={VID}", "Bukan alamat YouTube"),
    # other hosts, look-alikes, subdomains
    (f"https://evil.com/watch?v={VID}", "Bukan alamat YouTube: evil.com"),
    (f"https://youtube.com.evil.com/watch?v={VID}", "Bukan alamat YouTube: youtube.com.evil.com"),
    (f"https://evilyoutube.com/watch?v={VID}", "Bukan alamat YouTube: evilyoutube.com"),
    (f"https://www.youtube.co/watch?v={VID}", "Bukan alamat YouTube"),
    (f"https://youtube.co.id/watch?v={VID}", "Bukan alamat YouTube: youtube.co.id"),
    (f"https://gaming.youtube.com/watch?v={VID}", "Bukan alamat YouTube: gaming.youtube.com"),
    (f"https://studio.youtube.com/video/{VID}", "Bukan alamat YouTube"),
    (f"https://www.youtu.be/{VID}", "Bukan alamat YouTube: www.youtu.be"),
    (f"https://m.youtu.be/{VID}", "Bukan alamat YouTube"),
    (f"https://i.ytimg.com/vi/{VID}/hqdefault.jpg", "Bukan alamat YouTube: i.ytimg.com"),
    (f"https://www.youtube.com./watch?v={VID}", "Bukan alamat YouTube"),
    (f"https://youtube-nocookie.com.evil.com/embed/{VID}", "Bukan alamat YouTube"),
    (f"https://youtube-nocoo\u212aie.com/embed/{VID}", "Bukan alamat YouTube"),  # Kelvin sign
    (f"https://y\u043eutube.com/watch?v={VID}", "Bukan alamat YouTube"),  # Cyrillic o
    (f"https://www.youtube%2Ecom/watch?v={VID}", "Bukan alamat YouTube"),
    (f"https://xn--yutube-wqf.com/watch?v={VID}", "Bukan alamat YouTube"),
    # playlists, channels, search, redirects: say what to paste instead
    (f"https://www.youtube.com/playlist?list={PL}", "bukan daftar putar"),
    (f"https://www.youtube.com/watch?list={PL}", "bukan daftar putar"),
    (f"https://www.youtube.com/embed/videoseries?list={PL}", "bukan daftar putar"),
    (f"https://www.youtube-nocookie.com/embed/videoseries?list={PL}", "bukan daftar putar"),
    ("https://youtu.be/videoseries", "bukan daftar putar"),
    ("https://www.youtube.com/watch?v=videoseries", "bukan daftar putar"),
    ("https://www.youtube.com/embed/live_stream?channel=UCabc", "bukan siaran langsung kanal"),
    ("https://www.youtube.com/watch?v=live_stream", "bukan siaran langsung kanal"),
    ("https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw", "bukan alamat kanal"),
    ("https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw/live", "bukan alamat kanal"),
    ("https://www.youtube.com/c/KompasTV", "bukan alamat kanal"),
    ("https://www.youtube.com/user/metrotvnews", "bukan alamat kanal"),
    ("https://www.youtube.com/@kompastv", "bukan alamat kanal"),
    ("https://m.youtube.com/@kompastv/videos", "bukan alamat kanal"),
    ("https://www.youtube.com/results?search_query=berita+banjir", "hasil pencarian"),
    ("https://www.youtube.com/redirect?q=https%3A%2F%2Fevil.com", "pengalihan"),
    # youtube pages that are not videos
    ("https://www.youtube.com/", "bukan alamat video"),
    ("https://www.youtube.com", "bukan alamat video"),
    ("youtube.com", "bukan alamat video"),
    (f"youtube.com?v={VID}", "bukan alamat video"),
    ("https://www.youtube.com/feed/trending", "bukan alamat video"),
    (f"https://www.youtube.com/Watch?v={VID}", "bukan alamat video"),
    (f"https://www.youtube.com/EMBED/{VID}", "bukan alamat video"),
    (f"https://www.youtube.com/watch/{VID}", "bukan alamat video"),
    (f"https://www.youtube.com/?v={VID}", "bukan alamat video"),
    (f"https://www.youtube.com/attribution_link?u=/watch%3Fv%3D{VID}", "bukan alamat video"),
    ("https://www.youtube.com/clip/UgkxU2HSeGL_NvmDJ-nQJrlLwllwMDBdGZFs", "bukan alamat video"),
    (f"https://www.youtube.com/e/{VID}", "bukan alamat video"),
    # id missing
    ("https://www.youtube.com/watch", "tidak memuat ID video"),
    ("https://www.youtube.com/watch?v=", "tidak memuat ID video"),
    ("https://www.youtube.com/watch?feature=share", "tidak memuat ID video"),
    ("https://youtu.be/", "tidak memuat ID video"),
    ("https://youtu.be", "tidak memuat ID video"),
    (f"https://youtu.be?v={VID}", "tidak memuat ID video"),
    ("https://www.youtube.com/embed/", "tidak memuat ID video"),
    ("https://www.youtube.com/shorts", "tidak memuat ID video"),
    # something after the id in the path
    (f"https://youtu.be/{VID}/extra", "bagian tambahan"),
    (f"https://youtu.be/embed/{VID}", "bagian tambahan"),
    (f"https://youtu.be/{VID}//", "bagian tambahan"),
    (f"https://youtu.be//{VID}", "bagian tambahan"),
    (f"https://www.youtube.com/embed/{VID}/extra", "bagian tambahan"),
    (f"https://www.youtube.com/embed//{VID}", "bagian tambahan"),
    (f"https://www.youtube.com/shorts/{VID}/../../evil", "bagian tambahan"),
    # malformed ids
    ("https://www.youtube.com/watch?v=short", "ID video tidak valid"),
    (f"https://www.youtube.com/watch?v={VID}Q", "ID video tidak valid"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXc!", "ID video tidak valid"),
    ("https://www.youtube.com/watch?v=dQw4w9WgX+Q", "ID video tidak valid"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXc%0A", "ID video tidak valid"),
    ("https://www.youtube.com/watch?v=dQw4w9WgX%2563Q", "ID video tidak valid"),
    (f"https://youtu.be/watch?v={VID}", "ID video tidak valid"),
    ("https://youtu.be/dQw4w9WgXc\u0665", "ID video tidak valid"),  # Arabic-Indic digit
    ("https://www.youtube.com/embed/dQw4w9WgX%2FQ", "ID video tidak valid"),
    ("https://www.youtube.com/embed/%2E%2E%2F%2E%2E%2Fxyz", "ID video tidak valid"),
    ("https://www.youtube.com/embed/dQw4w9WgXc%C3", "ID video tidak valid"),
    (f"https://www.youtube.com/v/{VID}&hl=en_US&fs=1", "ID video tidak valid"),
    (f"https://www.youtube.com/embed/{VID}%22%3E%3Cscript%3E", "ID video tidak valid"),
    # conflicting ids
    (f"https://www.youtube.com/watch?v={VID}&v={ODD}", "lebih dari satu ID video"),
]


@pytest.mark.parametrize(("paste", "video_id", "start", "playlist"), ACCEPTED)
def test_accepted_pastes(
    paste: str, video_id: str, start: int | None, playlist: str | None
) -> None:
    assert parse_youtube_url(paste) == YouTubeVideo(video_id, start, playlist)


@pytest.mark.parametrize(("paste", "video_id", "start", "playlist"), ACCEPTED)
def test_embed_url_is_rebuilt_from_parsed_parts(
    paste: str, video_id: str, start: int | None, playlist: str | None
) -> None:
    expected = f"https://www.youtube-nocookie.com/embed/{video_id}"
    if start is not None:
        expected += f"?start={start}"
    assert parse_youtube_url(paste).embed_url == expected


@pytest.mark.parametrize(("paste", "reason"), REJECTED)
def test_rejected_pastes(paste: str, reason: str) -> None:
    with pytest.raises(InvalidYouTubeURL) as excinfo:
        parse_youtube_url(paste)
    message = str(excinfo.value)
    assert reason in message
    # Messages echo at most a shortened piece of the paste, so they fit in a form error.
    assert len(message) <= 200


@pytest.mark.parametrize("value", [None, 42, b"https://youtu.be/dQw4w9WgXcQ"])
def test_non_text_input_is_rejected(value: object) -> None:
    with pytest.raises(InvalidYouTubeURL, match="berupa teks"):
        parse_youtube_url(value)  # type: ignore[arg-type]


def test_long_foreign_host_is_shortened_in_message() -> None:
    host = "a" * 500 + ".example"
    with pytest.raises(InvalidYouTubeURL) as excinfo:
        parse_youtube_url(f"https://{host}/watch?v={VID}")
    message = str(excinfo.value)
    assert message.startswith("Bukan alamat YouTube: aaaa")
    assert message.endswith("...")
    assert host not in message


def test_invalid_url_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="Bukan alamat YouTube"):
        parse_youtube_url(f"https://evil.com/watch?v={VID}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90", 90),
        ("90s", 90),
        ("45s", 45),
        ("1m30s", 90),
        ("1h2m3s", 3723),
        ("1h", 3600),
        ("2m", 120),
        ("1h30s", 3630),
        ("1h2m", 3720),
        ("1m90s", 150),
        ("1M30S", 90),
        ("1H2M3S", 3723),
        ("0090", 90),
        ("1", 1),
        ("86400", MAX_START_SECONDS),
        ("24h", MAX_START_SECONDS),
        ("23h59m60s", MAX_START_SECONDS),
        ("0", None),
        ("0s", None),
        ("0h0m0s", None),
        ("86401", None),
        ("24h1s", None),
        ("999999999", None),
        ("9999999999", None),
        ("1" * 50, None),
        ("1" * 5000, None),
        ("", None),
        ("s", None),
        ("h", None),
        ("hms", None),
        ("-5", None),
        ("-1m", None),
        ("+90", None),
        ("1.5", None),
        ("1:30", None),
        ("01:02:03", None),
        ("abc", None),
        ("90abc", None),
        (" 90", None),
        ("90 ", None),
        ("1m30", None),
        ("1s2m", None),
        ("1h1h", None),
        ("1d", None),
        ("\u0669\u0660", None),  # Arabic-Indic "90"
        ("90\u017f", None),  # long s, case-folds to "s" without re.ASCII
    ],
)
def test_parse_start_time(value: str, expected: int | None) -> None:
    assert parse_start_time(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (VID, True),
        (ODD, True),
        ("___________", True),
        ("videoseries", False),
        ("live_stream", False),
        ("short", False),
        ("", False),
        (VID + "Q", False),
        (VID + "\n", False),
        ("dQw4w9WgXc!", False),
        ("dQw4w9WgXc ", False),
        ("dQw4w9WgXc\u0665", False),
        ("dQw4w9WgXc\u00e9", False),
        (None, False),
        (12345678901, False),
    ],
)
def test_is_valid_video_id(value: str, expected: bool) -> None:
    assert is_valid_video_id(value) is expected


def test_embed_url_drops_every_pasted_parameter_except_start() -> None:
    video = parse_youtube_url(
        f"https://www.youtube.com/embed/{VID}?autoplay=1&origin=https://evil.example"
        "&enablejsapi=1&mute=1&start=30&controls=0"
    )
    assert video.embed_url == f"https://www.youtube-nocookie.com/embed/{VID}?start=30"
    for leaked in ("autoplay", "origin", "evil", "enablejsapi", "mute", "controls"):
        assert leaked not in video.embed_url
        assert leaked not in video.watch_url


def test_embed_url_does_not_copy_host_scheme_or_playlist() -> None:
    video = parse_youtube_url(f"http://m.youtube.com/watch?v={VID}&list={PL}&t=1m")
    assert video.playlist == PL
    assert video.embed_url == f"https://www.youtube-nocookie.com/embed/{VID}?start=60"
    assert video.watch_url == f"https://www.youtube.com/watch?v={VID}&t=60s"


def test_watch_and_thumbnail_urls_without_start() -> None:
    video = parse_youtube_url(f"youtu.be/{ODD}")
    assert video.embed_url == f"https://www.youtube-nocookie.com/embed/{ODD}"
    assert video.watch_url == f"https://www.youtube.com/watch?v={ODD}"
    assert video.thumbnail_url == f"https://i.ytimg.com/vi/{ODD}/hqdefault.jpg"


def test_thumbnail_url_ignores_start_and_playlist() -> None:
    video = YouTubeVideo(VID, start=5, playlist=PL)
    assert video.thumbnail_url == f"https://i.ytimg.com/vi/{VID}/hqdefault.jpg"


def test_percent_encoded_id_is_decoded_before_it_reaches_urls() -> None:
    video = parse_youtube_url("https://www.youtube.com/embed/dQw4w9WgX%63Q")
    assert video.embed_url == f"https://www.youtube-nocookie.com/embed/{VID}"
    assert "%" not in video.watch_url


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"video_id": "../../evil"}, "ID video tidak valid"),
        ({"video_id": "videoseries"}, "ID video tidak valid"),
        ({"video_id": VID + '"><script>'}, "ID video tidak valid"),
        ({"video_id": VID, "start": 0}, "Waktu mulai tidak valid"),
        ({"video_id": VID, "start": -1}, "Waktu mulai tidak valid"),
        ({"video_id": VID, "start": MAX_START_SECONDS + 1}, "Waktu mulai tidak valid"),
        ({"video_id": VID, "start": True}, "Waktu mulai tidak valid"),
        ({"video_id": VID, "start": "30"}, "Waktu mulai tidak valid"),
        ({"video_id": VID, "start": 1.5}, "Waktu mulai tidak valid"),
        ({"video_id": VID, "playlist": "x"}, "daftar putar tidak valid"),
        ({"video_id": VID, "playlist": "PL&autoplay=1"}, "daftar putar tidak valid"),
        ({"video_id": VID, "playlist": 123}, "daftar putar tidak valid"),
    ],
)
def test_video_validates_fields_on_construction(kwargs: dict[str, object], reason: str) -> None:
    with pytest.raises(InvalidYouTubeURL, match=reason):
        YouTubeVideo(**kwargs)  # type: ignore[arg-type]


def test_video_accepts_boundary_values() -> None:
    video = YouTubeVideo(VID, start=MAX_START_SECONDS, playlist="LL")
    assert video.embed_url.endswith(f"?start={MAX_START_SECONDS}")


def test_video_is_immutable() -> None:
    video = YouTubeVideo(VID)
    with pytest.raises(dataclasses.FrozenInstanceError):
        video.video_id = "../../evil"  # type: ignore[misc]
