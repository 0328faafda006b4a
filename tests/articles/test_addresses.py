"""Readers' addresses pasted into a pattern are the ones ``url_for`` builds, character for
character, whatever the value holds and wherever the site is mounted."""

from __future__ import annotations

import pytest
from flask import url_for

from plugins.articles.addresses import address

VALUES = ["banjir-melanda-kras", "berita_1.2~a", "kopi tubruk", "kopi/susu", "kópi",
          "50%-diskon", "a?b#c"]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize(("endpoint", "name"), [("articles.article", "slug"),
                                                ("articles.category", "slug"),
                                                ("articles.tag", "slug"),
                                                ("articles_files.uploaded", "path")])
def test_an_address_is_what_url_for_builds(app, endpoint, name, value):
    for root in ("", "/koran"):
        with app.test_request_context("/", base_url=f"http://example.test{root}"):
            expected = url_for(endpoint, **{name: value})
            for _twice in range(2):  # the first builds the pattern, the second reuses it
                assert address(endpoint, name, value) == expected


def test_one_app_context_serving_two_mount_points_keeps_them_apart(app):
    with app.app_context():
        with app.test_request_context("/", base_url="http://example.test/a"):
            first = address("articles.article", "slug", "banjir")
        with app.test_request_context("/", base_url="http://example.test/b"):
            second = address("articles.article", "slug", "banjir")
    assert (first, second) == ("/a/berita/banjir", "/b/berita/banjir")
