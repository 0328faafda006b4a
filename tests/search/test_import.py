"""``cms import jsonl`` and the index: the command returns with every article findable and
``cms search check`` clean."""

from __future__ import annotations

import json

from plugins.search import queue
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


def test_the_import_returns_with_every_article_indexed_and_check_clean(app, service, tmp_path):
    path = tmp_path / "artikel.jsonl"
    write_file(path)
    runner = CmsRunner(app)
    result = runner.invoke(["import", "jsonl", str(path), "--batch-size", "5"])
    assert result.exit_code == 0, result.output
    assert len(indexed_ids(app)) == ARTICLES
    assert len(search_ids(service, "panen")) == 10
    check = runner.invoke(["search", "check"])
    assert check.exit_code == 0, check.output
    assert "Indeks cocok dengan database." in check.output


def test_an_article_queued_twice_in_one_drain_is_indexed_once(app, service, publish):
    article_id = publish(title="Sedekah bumi Desa Kras")
    with app.app_context():
        queue.enqueue([article_id, article_id], "saved")
        service.drain()
    assert indexed_ids(app).count(article_id) == 1
    assert search_ids(service, "sedekah") == [article_id]
