"""What a reader expects at the top of "most relevant", on both backends.

A small newsroom's archive, old and new, and queries with the stories a reader means:
the story with the words in its title or lead, the recent one, the one with the words
side by side, above old stories that only repeat a word in their body
(:mod:`plugins.search.ranking`).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from cms.api import utcnow
from plugins.search import ranking
from plugins.search.postgres import backend
from tests.search.conftest import search_ids

#: (key, title, lead, body, age in days).
ARCHIVE = [
    ("jembatan", "Pembangunan Jembatan Kali Brantas Dimulai",
     "Pemerintah kabupaten memulai pekerjaan jembatan baru di Kediri.",
     "<p>Jembatan sepanjang 120 meter itu ditargetkan selesai tahun depan.</p>", 7),
    *[(f"rapat{n}", f"Rapat dinas pekerjaan umum ke-{n}", "Rapat rutin bulanan.",
       "<p>" + " ".join(["Pembangunan jalan dan pembangunan saluran dibahas."] * 8)
       + "</p>", 700 + 150 * n) for n in range(6)],
    ("banjir", "Banjir rendam sawah di Gurah",
     "Hujan deras semalam merendam puluhan hektare tanaman padi.",
     "<p>Petani berharap air segera surut.</p>", 3),
    ("saluran", "Warga gotong royong bersihkan saluran",
     "Warga membersihkan saluran air di Desa Kras.",
     "<p>" + " ".join(["Banjir tahun lalu membuat warga waspada banjir."] * 4) + "</p>", 1),
    ("gabah", "Harga gabah naik di tingkat petani",
     "Harga gabah kering panen naik dalam sepekan.", "<p>Tengkulak membeli lebih mahal.</p>",
     30),
    ("pupuk", "Petani keluhkan harga pupuk, hasil panen gabah dijual murah",
     "Keluhan petani disampaikan dalam musyawarah desa.", "<p>Pupuk langka.</p>", 10),
    ("kopi-lama", "Festival kopi Kediri digelar di alun-alun",
     "Ribuan pengunjung mencicipi kopi lereng Kelud.", "<p>Acara berlangsung dua hari.</p>",
     400),
    ("kopi-baru", "Festival kopi Kediri kembali digelar",
     "Pengunjung mencicipi kopi lereng Kelud.", "<p>Acara berlangsung tiga hari.</p>", 5),
    ("irigasi", "Kunjungan kerja bupati ke Pare", "Bupati meninjau irigasi di Pare.",
     "<p>Bupati berdialog dengan petani.</p>", 20),
    ("koordinasi", "Rapat koordinasi kecamatan",
     "Camat memimpin rapat bersama kepala desa.",
     "<p>" + " ".join(["Perbaikan irigasi dan saluran irigasi dibahas."] * 5) + "</p>", 20),
]

#: (query, the stories a reader expects first, in order).
EXPECTED = [
    ("bangun", ["jembatan"]),                     # title match, recent, over old bodies
    ("pembangunan jembatan", ["jembatan"]),
    ("banjir", ["banjir", "saluran"]),            # title over a newer body-only match
    ("harga gabah", ["gabah", "pupuk"]),          # side by side in the title
    ('"harga gabah"', ["gabah"]),
    ("festival kopi", ["kopi-baru", "kopi-lama"]),  # the same story, newer first
    ("irigasi", ["irigasi", "koordinasi"]),        # lead over a body repeating the word
]


@pytest.fixture
def archive(publish):
    """Publish :data:`ARCHIVE`; returns {key: article id}."""
    now = utcnow()
    return {key: publish(title=title, lead=lead, body=body, when=now - timedelta(days=age))
            for key, title, lead, body, age in ARCHIVE}


@pytest.mark.parametrize("rank_all_below", [backend.RANK_ALL_BELOW, 0])
def test_readers_find_the_story_they_mean_at_the_top(archive, service, monkeypatch,
                                                     rank_all_below):
    """PostgreSQL ranks a few matches whole and more from their candidates: both ways."""
    monkeypatch.setattr(backend, "RANK_ALL_BELOW", rank_all_below)
    names = {article_id: key for key, article_id in archive.items()}
    found = {query: [names[i] for i in search_ids(service, query)][:len(expected)]
             for query, expected in EXPECTED}
    assert found == dict(EXPECTED)


def test_old_stories_repeating_the_word_come_after_the_recent_title_match(archive, client):
    html = client.get("/search?q=bangun").get_data(as_text=True)
    titles = re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)
    assert re.sub(r"<[^>]+>", "", titles[0]) == "Pembangunan Jembatan Kali Brantas Dimulai"
    assert len(titles) == 7


def test_scores_follow_the_documented_formula(archive, service):
    """The hit's score is the ranking's: title, lead, side by side, freshness, no more."""
    first = service.search("harga gabah").hits[0]
    fresh = ranking.freshness(first.fields["published"], utcnow())
    expected = ranking.score(2, in_title=2, in_lead=2, phrase=True, fresh=fresh)
    assert first.score == pytest.approx(expected, rel=1e-4)


def test_when_no_story_holds_every_word_those_holding_more_come_first(archive, service):
    results = service.search("festival kopi irigasi")
    assert not results.all_words
    assert search_ids(service, "festival kopi irigasi") == [
        archive["kopi-baru"], archive["kopi-lama"], archive["irigasi"], archive["koordinasi"]]


def test_a_story_half_a_year_old_counts_half_of_todays():
    now = utcnow()
    assert ranking.freshness(now - timedelta(days=180), now) == pytest.approx(0.5)
    assert ranking.freshness(now + timedelta(days=3), now) == 1.0
    # A title match six months old outranks a body-only match of today; two years old not.
    title_half_year = ranking.score(1, in_title=1, fresh=ranking.freshness(
        now - timedelta(days=180), now))
    title_two_years = ranking.score(1, in_title=1, fresh=ranking.freshness(
        now - timedelta(days=730), now))
    assert title_two_years < ranking.score(1) < title_half_year
