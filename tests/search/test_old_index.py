"""An index written before the search plugin's modules moved still opens and searches.

Whoosh pickles class paths into every index (the codec into its table of contents, the
packed positions into posting blocks, the analyzer into the schema), so a live site's
index names modules as they were when it was written. The fixture in
``fixtures/index-before-move`` was written by the plugin before it was arranged into
``whoosh/`` and ``postgres/`` subpackages (see its README).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from tests.search.conftest import search_ids

pytestmark = pytest.mark.search_backends("whoosh")

FIXTURE = Path(__file__).parent / "fixtures" / "index-before-move"


@pytest.fixture
def index_root(tmp_path: Path) -> Path:
    """A copy of the old generation, published as the current one."""
    root = tmp_path / "old-index"
    shutil.copytree(FIXTURE, root / "gen-1", ignore=shutil.ignore_patterns("*.md"))
    os.symlink("gen-1", root / "current")
    return root


@pytest.fixture
def app_config(app_config, index_root):
    return {**app_config, "SEARCH_INDEX_PATH": str(index_root),
            "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta"}


def test_an_index_written_before_the_move_finds_words_in_both_kinds_of_segment(service):
    assert search_ids(service, "dibina") == [1]  # rebuilt segment, stemmed
    assert search_ids(service, "jembatan") == [4]  # segment written by a drain
    assert sorted(search_ids(service, "desa")) == [1, 2, 4]


def test_phrases_read_the_old_packed_positions(service):
    assert search_ids(service, '"banjir melanda"') == [2]
    assert search_ids(service, '"melanda banjir"') == []


def test_facets_and_highlights_come_from_the_old_index(service):
    results = service.search("pasar", {"kind": "advertorial"})
    assert [int(hit.id) for hit in results.hits] == [3]
    assert results.facets["category"] == {"ekonomi": 1}
    assert '<mark class="search-match term0">Pasar</mark>' in results.hits[0].highlights["title"]


def test_the_old_index_can_be_written_and_merged(app, service):
    """A drain after the upgrade writes into the old generation; merging every segment
    reads the old packed positions back through the codec's own reader."""
    store = app.extensions["warta.search"].store
    ix = store.open_current()
    writer = SegmentWriter(ix)
    writer.delete_by_term("id", "3")
    writer.commit(optimize=True)
    ix.close()
    assert sorted(search_ids(service, "desa")) == [1, 2, 4]
    assert search_ids(service, '"banjir melanda"') == [2]
    assert search_ids(service, "pasar") == []
