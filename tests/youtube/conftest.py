"""Fixtures for the YouTube plugin's tests: every app here runs articles and youtube."""

from __future__ import annotations

import pytest

from tests.articles.conftest import make_article  # noqa: F401  (a fixture)

VIDEO_ID = "dQw4w9WgXcQ"
OTHER_ID = "aqz-KE-bpKQ"
#: Where thumbnails are fetched from in these tests: a local port nothing listens on, as
#: on a machine without internet (tests/youtube/test_thumbnails.py serves real ones).
UNREACHABLE = "http://127.0.0.1:9/vi/{video_id}/hqdefault.jpg"
PLACEHOLDER = "/video/static/placeholder.svg"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "youtube"],
            "YOUTUBE_THUMBNAIL_URL": UNREACHABLE}
