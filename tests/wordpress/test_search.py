"""Search finds what the WordPress import brought in, as soon as the import ends."""

from __future__ import annotations

import pytest

from tests.wordpress.conftest import item


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": [*app_config["PLUGINS"], "search"],
            "SEARCH_BACKEND": "whoosh"}


def test_imported_articles_are_found(app, client, write_export, import_wp):
    result = import_wp(write_export(item(1, "Tahu takwa kuliner khas Kediri",
                                         "Tahu kuning dari Kediri dijual sejak 1912.")))
    assert result.exit_code == 0, result.output + result.stderr
    page = client.get("/search?q=tahu+takwa").get_data(as_text=True)
    assert "1 artikel ditemukan" in page and 'href="/berita/berita-1"' in page
