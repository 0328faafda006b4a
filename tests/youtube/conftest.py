"""Fixtures for the YouTube plugin's tests: every app here runs articles and youtube."""

from __future__ import annotations

import pytest

from tests.articles.conftest import make_article  # noqa: F401  (a fixture)

VIDEO_ID = "dQw4w9WgXcQ"
OTHER_ID = "aqz-KE-bpKQ"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "youtube"]}
