"""``cms import jsonl`` and the index: a second process indexes while batches are written,
and the command returns with every article findable and ``cms search check`` clean."""

from __future__ import annotations

import json
import os

from plugins.search import background
from tests.conftest import CmsRunner
from tests.search.conftest import indexed_ids, search_ids

ARTICLES = 23


def write_file(path, count: int = ARTICLES) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps({
                "title": f"Panen raya kelompok tani nomor {number}",
                "slug": f"panen-raya-{number}",
                "lead": "Petani Kras memanen padi.",
                "body_html": f"<p>Hasil panen ke-{number} naik dibanding tahun lalu.</p>",
                "category": "Pertanian",
                "published_at": "2025-06-01T08:00",
            }) + "\n")


def test_the_import_returns_with_every_article_indexed_by_a_second_process(
        app, service, tmp_path, monkeypatch):
    drain = background._drain_until_idle

    def drain_and_tell(app, backend):
        (tmp_path / f"drained-by-{os.getpid()}").touch()
        drain(app, backend)

    monkeypatch.setattr(background, "_drain_until_idle", drain_and_tell)
    path = tmp_path / "artikel.jsonl"
    write_file(path)
    runner = CmsRunner(app)
    result = runner.invoke(["import", "jsonl", str(path), "--batch-size", "5"])
    assert result.exit_code == 0, result.output
    assert len(indexed_ids(app)) == ARTICLES
    assert len(search_ids(service, "panen")) == 10
    check = runner.invoke(["search", "check"])
    assert check.exit_code == 0, check.output
    assert "The index matches the database." in check.output
    # The index was written by a forked child, not the importing process.
    children = {p.name for p in tmp_path.glob("drained-by-*")}
    assert children and f"drained-by-{os.getpid()}" not in children


def test_what_a_dead_background_writer_leaves_the_command_applies(
        app, tmp_path, monkeypatch):
    monkeypatch.setattr(background, "_drain_until_idle", lambda app, backend: os._exit(3))
    path = tmp_path / "artikel.jsonl"
    write_file(path)
    result = CmsRunner(app).invoke(["import", "jsonl", str(path), "--batch-size", "5"])
    assert result.exit_code == 0, result.output
    assert len(indexed_ids(app)) == ARTICLES
