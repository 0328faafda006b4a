"""Video thumbnails served by this site, so readers contact no Google host before they
press play.

The server fetches a video's thumbnail when an article showing it is saved or imported
(a short HTTP request to YouTube's image host) and keeps it in the articles plugin's
media library. When the fetch is impossible (a machine without internet, a video since
removed) readers see a local placeholder, never a broken image; the next save, or
``cms youtube thumbnails``, tries again. A site may switch the setting off to let
readers' browsers load thumbnails from YouTube's host instead.
"""

from __future__ import annotations

import http.client
import io
import logging
import urllib.error
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import current_app, g, url_for
from sqlalchemy import select

from cms.api import TimedCache, absolute_address, db, plugin_settings
from plugins.articles.api import ImageRejected, Media, import_image, url_for_media
from plugins.youtube.models import VideoThumbnail
from plugins.youtube.urls import YouTubeVideo

logger = logging.getLogger(__name__)

MAX_BYTES = 1024 * 1024  # an hqdefault still is about 20-40 kB
FETCH_TIMEOUT_SECONDS = 3
#: After a host could not be reached, no fetch from it is tried for this long: an import
#: of thousands of articles on a machine without internet must not wait on each one.
RETRY_AFTER_SECONDS = 300
JPEG_MAGIC = b"\xff\xd8\xff"
#: Where the server fetches a thumbnail from; ``YOUTUBE_THUMBNAIL_URL`` in the site's
#: configuration replaces it (a mirror, or a test's local server).
DEFAULT_SOURCE = "https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"
PLACEHOLDER = "placeholder.svg"
_SOURCES = "youtube_thumbnail_sources"


def uses_local_copies() -> bool:
    """The site's choice (on unless switched off), read once per request."""
    if "youtube_local_thumbnails" not in g:
        g.youtube_local_thumbnails = bool(plugin_settings("youtube").get("local_thumbnails"))
    return g.youtube_local_thumbnails


def source_url(video: YouTubeVideo) -> str:
    """The address the server fetches ``video``'s thumbnail from (built from a valid id)."""
    template = current_app.config.get("YOUTUBE_THUMBNAIL_URL") or DEFAULT_SOURCE
    return template.format(video_id=video.video_id)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
        return response.read(MAX_BYTES + 1)


def _unreachable_hosts() -> TimedCache[bool]:
    return current_app.extensions.setdefault(
        "youtube.unreachable", TimedCache(max_size=16, ttl=RETRY_AFTER_SECONDS))


def _fetch_into_library(video: YouTubeVideo) -> Media | None:
    """The thumbnail as a media library item (added, not committed), or ``None``."""
    url = source_url(video)
    host = urlsplit(url).netloc
    if _unreachable_hosts().get(host):
        return None
    try:
        data = fetch(url)
    except urllib.error.HTTPError as exc:  # this video has none (removed, private)
        logger.warning("no thumbnail for video %s: HTTP %s", video.video_id, exc.code)
        return None
    except (OSError, http.client.HTTPException) as exc:
        logger.warning("cannot reach %s for thumbnails (%s); readers see a placeholder",
                       host, exc)
        _unreachable_hosts().put(host, True)
        return None
    if len(data) > MAX_BYTES or not data.startswith(JPEG_MAGIC):
        logger.warning("unexpected thumbnail for video %s; not kept", video.video_id)
        return None
    try:
        return import_image(io.BytesIO(data))
    except ImageRejected as exc:
        logger.warning("thumbnail of video %s refused: %s", video.video_id, exc)
        return None


def store_thumbnails(videos: Iterable[YouTubeVideo]) -> int:
    """Fetch and keep the thumbnails of ``videos`` the site has no copy of yet, inside the
    caller's transaction; return how many were kept."""
    if not uses_local_copies():
        return 0
    wanted = {video.video_id: video for video in videos}
    if not wanted:
        return 0
    kept = set(db.session.scalars(
        select(VideoThumbnail.video_id).where(VideoThumbnail.video_id.in_(wanted))))
    added = 0
    for video_id, video in wanted.items():
        if video_id in kept:
            continue
        media = _fetch_into_library(video)
        if media is not None:
            db.session.add(VideoThumbnail(video_id=video_id, media_id=media.id))
            g.pop(_SOURCES, None)
            added += 1
    return added


def _local_sources(video_ids: Iterable[str]) -> dict[str, str]:
    """``{video_id: address}`` of the kept thumbnails, one query per request for a list."""
    known: dict[str, str | None] = g.setdefault(_SOURCES, {})
    missing = [video_id for video_id in video_ids if video_id not in known]
    if missing:
        known.update(dict.fromkeys(missing))
        rows = db.session.execute(
            select(VideoThumbnail.video_id, Media.path)
            .join(Media, Media.id == VideoThumbnail.media_id)
            .where(VideoThumbnail.video_id.in_(missing)))
        known.update({video_id: url_for_media(path) for video_id, path in rows})
    return {video_id: src for video_id, src in known.items() if src is not None}


def preload(videos: Iterable[YouTubeVideo]) -> None:
    """Look up the thumbnails of a whole listing at once, before its cards ask one by one."""
    if uses_local_copies():
        _local_sources(video.video_id for video in videos)


def placeholder_src() -> str:
    return url_for("youtube.static", filename=PLACEHOLDER)


def thumbnail_src(video: YouTubeVideo) -> str:
    """Where readers' browsers load the thumbnail of ``video`` from: this site (its copy,
    or the placeholder), or YouTube's host on a site that switched the setting off."""
    if not uses_local_copies():
        return video.thumbnail_url
    return _local_sources([video.video_id]).get(video.video_id) or placeholder_src()


def absolute_thumbnail(video: YouTubeVideo) -> str:
    """:func:`thumbnail_src` as a full address, for structured data."""
    return absolute_address(thumbnail_src(video))
