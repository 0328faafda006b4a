"""``--fetch-media-from URL``: the old site's uploads fetched over HTTP, from that host only.

Only ``URL/wp-content/uploads/<file>`` is asked for, with a timeout, at most the largest
image the media library takes (one byte more tells it is too large), and a redirect is
followed only when it stays on the same scheme and host: an export cannot make the server
fetch from anywhere else.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit

TIMEOUT_SECONDS = 15


class FetchRefused(Exception):
    """The file could not be fetched; the message says why, for the report."""


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, origin: tuple[str, str]) -> None:
        self.origin = origin

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 - urllib's
        target = urlsplit(newurl)
        if (target.scheme, target.netloc) != self.origin:
            raise FetchRefused(f"redirected to another host: {target.netloc}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_origin(url: str) -> str:
    """``scheme://host`` of ``--fetch-media-from``; raises ValueError when it is not one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--fetch-media-from must be an http(s) address: {url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def fetch_upload(origin: str, relative: str, max_bytes: int) -> bytes:
    """The file ``wp-content/uploads/<relative>`` of the site at ``origin``.

    :raises FetchRefused: on any failure: not found, timeout, too large, other host.
    """
    if not relative or ".." in relative.split("/"):
        raise FetchRefused("no file name")
    url = f"{origin}/wp-content/uploads/{quote(relative)}"
    parts = urlsplit(origin)
    opener = urllib.request.build_opener(_SameHostRedirects((parts.scheme, parts.netloc)))
    try:
        with opener.open(url, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(max_bytes + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchRefused(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from None
    if len(data) > max_bytes:
        raise FetchRefused(f"larger than {max_bytes} bytes: {url}")
    return data
