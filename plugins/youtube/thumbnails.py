"""Video thumbnails: from YouTube's image host, or from this server when the site says so.

Serving them locally means a reader's browser contacts no Google host at all until the
reader presses play. The cache is deliberately small: a thumbnail is fetched the first
time it is asked for, only for videos some article shows, and kept as a file.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import urllib.request
from pathlib import Path

from flask import current_app, g, url_for

from cms.api import plugin_settings
from plugins.youtube.urls import YouTubeVideo

MAX_BYTES = 1024 * 1024  # an hqdefault still is about 20-40 kB
FETCH_TIMEOUT_SECONDS = 5
JPEG_MAGIC = b"\xff\xd8\xff"


def uses_local_cache() -> bool:
    """The site's choice, read once per request (thumbnails appear many times a page)."""
    if "youtube_local_thumbnails" not in g:
        g.youtube_local_thumbnails = bool(plugin_settings("youtube").get("local_thumbnails"))
    return g.youtube_local_thumbnails


def thumbnail_src(video: YouTubeVideo) -> str:
    """Where readers' browsers load the thumbnail of ``video`` from."""
    if uses_local_cache():
        return url_for("youtube.thumbnail", video_id=video.video_id)
    return video.thumbnail_url


def cache_folder() -> Path:
    return Path(current_app.instance_path) / "youtube-thumbnails"


def fetch(url: str) -> bytes:
    """Download ``url`` (always YouTube's image host, built from a validated id)."""
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
        return response.read(MAX_BYTES + 1)


def cached_thumbnail(video: YouTubeVideo) -> Path | None:
    """The local copy of the thumbnail, fetched now if missing; ``None`` if unobtainable."""
    path = cache_folder() / f"{video.video_id}.jpg"
    if path.is_file():
        return path
    try:
        data = fetch(video.thumbnail_url)
    except (OSError, http.client.HTTPException):
        current_app.logger.warning("could not fetch the thumbnail of %s", video.video_id)
        return None
    if len(data) > MAX_BYTES or not data.startswith(JPEG_MAGIC):
        current_app.logger.warning("unexpected thumbnail for %s; not cached", video.video_id)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)  # readers never see half a file
    return path
