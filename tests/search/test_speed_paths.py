"""The Whoosh backend's fast paths find, count and rank what Whoosh itself would.

Posting lists are read a block at a time (``plugins.search.whoosh.postings``) instead of through
Whoosh's matchers, ranking scores only the title-or-lead matches and the newest others,
snippets find their first word without Whoosh's analyzer, and a large rebuild is written
by several processes. Each is checked here against the Whoosh code it replaces (for
ranking, scoring every match from its stored fields), on an index with several segments
and deleted documents.
"""

from __future__ import annotations

import heapq
import os
import random
import shutil
from collections import Counter
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from plugins.search import ranking
from plugins.search.analysis import analyze, first_term_at, whoosh_analyzer
from plugins.search.backends import backend_of
from plugins.search.documents import FACETS
from plugins.search.querying import parse
from plugins.search.whoosh import index_reader, postings, segment_memo
from plugins.search.whoosh.deadline import Deadline
from plugins.search.whoosh.postings import PackedCodec
from plugins.search.whoosh.schema import build_schema
from tests.search.conftest import search_ids

pytestmark = pytest.mark.search_backends("whoosh")

# "tani" and "bina" are in most stories, so their posting lists span several blocks of
# 128 postings in each segment; "gabah" only in some, "sawah" in a few (inlined).
COMMON = ["petani", "pembinaan", "membina", "pertanian", "harga", "desa"]
SOME = ["gabah", "pupuk", "panen", "banjir"]
FEW = ["sawah", "jembatan"]
FILLER = ["kabupaten", "warga", "pasar", "sekolah", "jalan", "air", "padi", "ikan",
          "gubernur", "dana", "kepala", "rapat"]


def _story(rng: random.Random) -> str:
    words = rng.choices(FILLER, k=rng.randint(20, 60))
    words += rng.sample(COMMON, 4)
    if rng.random() < 0.3:
        words += rng.sample(SOME, 2)
    if rng.random() < 0.02:
        words.append(rng.choice(FEW))
    rng.shuffle(words)
    return " ".join(words)


@pytest.fixture(scope="module")
def index_path(tmp_path_factory) -> Path:
    """Three segments of 250 stories, with some stories deleted from each."""
    path = tmp_path_factory.mktemp("speed-index")
    ix = whoosh_index.create_in(str(path), build_schema("snowball"))
    rng = random.Random(7)
    number = 0
    for segment in range(3):
        # The middle segment as a rebuild writes it: packed positions, small blocks here
        # so that its posting lists span several blocks too.
        writer = ix.writer(codec=PackedCodec(blocklimit=64, compression=0)) if segment == 1 \
            else ix.writer()
        for _ in range(250):
            title = " ".join(rng.sample(COMMON + SOME + FILLER, 4))
            lead = " ".join(rng.sample(COMMON + SOME + FILLER, 5))
            writer.add_document(
                id=str(number), title=title, lead=lead, head=f"{title}\n{lead}",
                content=f"{title}\n{lead}\n{_story(rng)}",
                published=datetime(2023, 1, 1) + timedelta(days=rng.randint(0, 20) * 30),
                category=rng.choice(["pertanian", "ekonomi", ""]),
                year=str(rng.randint(2022, 2024)), kind="berita",
                video=rng.choice(["0", "1"]))
            number += 1
        writer.commit(merge=False)
    writer = ix.writer()
    for gone in rng.sample(range(number), 40):
        writer.delete_by_term("id", str(gone))
    writer.commit(merge=False)
    ix.close()
    return path


@pytest.fixture
def reader(index_path):
    ix = whoosh_index.open_dir(str(index_path))
    opened = index_reader.IndexReader(index_path, ix)
    yield opened
    opened.close()


def test_the_test_index_has_several_segments_deletions_and_long_posting_lists(reader):
    leaves = reader.searcher.reader().leaf_readers()
    assert len(leaves) == 3 and reader.deleted()
    assert reader.searcher.doc_frequency("content", "tani") > 3 * 128


@pytest.mark.parametrize("field", ["content", "title"])
def test_posting_lists_read_in_blocks_are_whooshs(reader, field):
    searcher = reader.searcher
    for term in ("tani", "bina", "gabah", "sawah", "jembatan", "absent"):
        expected = {}
        for leaf, offset in searcher.reader().leaf_readers():
            if (field, term) in leaf:
                matcher = leaf.postings(field, term)
                while matcher.is_active():
                    expected[offset + matcher.id()] = matcher.weight()
                    matcher.next()
        found = postings.read(searcher.reader(), field, term)
        live = {docnum: weight for docnum, weight in zip(found.ids, found.weights, strict=True)
                if docnum not in reader.deleted()}
        assert live == expected, term
        assert found.ids == sorted(found.ids)


def test_reading_among_some_documents_keeps_only_those(reader):
    whole = postings.read(reader.searcher.reader(), "content", "tani", positions=True)
    among = sorted(random.Random(3).sample(range(750), 30))
    part = postings.read(reader.searcher.reader(), "content", "tani", among, positions=True)
    kept = [(d, w, p) for d, w, p in zip(whole.ids, whole.weights, whole.positions,
                                         strict=True) if d in among]
    assert list(zip(part.ids, part.weights, part.positions, strict=True)) == kept


def test_positions_are_whooshs_in_both_layouts(reader):
    searcher = reader.searcher
    found = postings.read(searcher.reader(), "content", "tani", positions=True)
    expected = {}
    for leaf, offset in searcher.reader().leaf_readers():
        matcher = leaf.postings("content", "tani")
        while matcher.is_active():
            expected[offset + matcher.id()] = matcher.value_as("positions")
            matcher.next()
    assert {d: list(accumulate(p)) for d, p in zip(found.ids, found.positions, strict=True)
            if d in expected} == expected


def test_whoosh_merges_packed_segments_as_its_own(index_path, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(index_path, copy)
    ix = whoosh_index.open_dir(str(copy))
    phrase = wq.Phrase("content", ["tani", "bina"])
    with ix.searcher() as searcher:
        before = {searcher.stored_fields(d)["id"] for d in phrase.docs(searcher)}
    ix.optimize()
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1
        after = {searcher.stored_fields(d)["id"] for d in phrase.docs(searcher)}
    ix.close()
    assert before and after == before


@pytest.mark.parametrize("words", [("tani", "bina"), ("harga", "gabah"), ("bina", "tani", "desa"),
                                   ("sawah", "pasar"), ("tani", "tani")])
def test_phrases_match_whooshs_phrase_query(reader, words):
    searcher = reader.searcher
    expected = set(wq.Phrase("content", list(words)).docs(searcher))
    parsed = parse('"' + " ".join(words) + '"', reader.stemmer)
    docs, timed_out = reader.docs(parsed, True, Deadline(30))
    assert docs == expected and not timed_out


def _every_match_scored(reader, parsed, every: bool, docs: set[int], limit: int,
                        now: datetime) -> list[tuple[float, int]]:
    """The ranking the slow way: every match scored from its stored title and lead."""
    words = ranking.ranking_words(parsed.terms, parsed.phrases)
    holding = {w: set(wq.Term("content", w).docs(reader.searcher)) for w in words}
    published, ids = reader.column("published"), reader.column("id")
    scored = []
    for docnum in docs:
        stored = reader.searcher.stored_fields(docnum)
        title, lead = analyze(stored["title"]), analyze(stored["lead"])
        head = title + lead
        together = any(head[at:at + len(words)] == words for at in range(len(head)))
        value = ranking.score(
            len(words), in_title=sum(w in title for w in words),
            in_lead=sum(w in lead for w in words), phrase=len(words) > 1 and together,
            matched=None if every else sum(docnum in holding[w] for w in words),
            fresh=ranking.freshness(published[docnum], now))
        scored.append((value, published[docnum], int(ids[docnum]), docnum))
    return [(value, docnum) for value, _when, _id, docnum in heapq.nlargest(limit, scored)]


@pytest.mark.parametrize("query", ["petani", "harga gabah", "pembinaan desa pupuk",
                                   '"harga gabah" panen', "sawah jembatan", "gabah kepala"])
@pytest.mark.parametrize("every", [True, False])
def test_ranking_scores_only_what_can_make_the_cut_and_misses_nothing(reader, query, every):
    parsed = parse(query, reader.stemmer)
    deadline = Deadline(30)
    now = datetime(2025, 1, 1)
    docs, _ = reader.docs(parsed, every, deadline)
    ranked, timed_out = reader.rank(parsed, every, docs, 25, deadline, now)
    expected = _every_match_scored(reader, parsed, every, docs, 25, now)
    assert not timed_out
    assert [docnum for _, docnum in ranked] == [docnum for _, docnum in expected]
    assert [value for value, _ in ranked] == pytest.approx([value for value, _ in expected],
                                                           rel=1e-12)


def test_facet_counts_are_the_columns_counts(reader):
    docs, _ = reader.docs(parse("gabah", reader.stemmer), True, Deadline(30))
    expected = {name: {value: count for value, count
                       in Counter(reader.column(name)[d] for d in docs).items() if value}
                for name in FACETS}
    assert reader.facet_counts(docs) == expected


@pytest.mark.parametrize("text", [
    "Harga gabah naik di Kediri", "Yang dan di pembinaan", "PEMBINAAN!", "Bétawi pembinaan",
    "x" * 70 + " dibina", "kata-kata membina_warga", "tidak ada di sini", "",
    "Pem\u00adbinaan kader", "𝐏𝐞𝐦𝐛𝐢𝐧𝐚𝐚𝐧 desa"])
def test_first_matching_word_is_where_whooshs_analyzer_finds_it(text):
    terms = frozenset({"bina", "gabah", "betawi"})
    expected = next((token.startchar for token in whoosh_analyzer("snowball")(
        text, chars=True, removestops=False, mode="query")
        if not token.stopped and token.text in terms), None)
    assert first_term_at(text, terms, "snowball") == expected


def test_a_large_rebuild_is_written_by_several_processes(make_app, make_article, editor):
    app = make_app(SEARCH_REINDEX_PROCESSES=2, SEARCH_REINDEX_PARALLEL_MIN=1)
    for number in range(12):
        make_article(author=editor, title=f"Pembinaan petani {number}", status="published",
                     body=f"<p>Harga gabah di desa {number}.</p>")
    service = app.extensions["warta.search"]
    progress: list[int] = []
    with app.app_context():
        assert backend_of(app).rebuild(progress=progress.append) == 12
        assert sum(progress) == 12
        assert backend_of(app).check().consistent
        ix = backend_of(app).store.open_current()
        with ix.searcher() as searcher:
            segments = len(searcher.reader().leaf_readers())
        ix.close()
    assert segments == min(2, os.cpu_count() or 1)
    assert service.search("bina").total == 12
    assert len(search_ids(service, '"harga gabah"')) == 10


def test_after_a_save_only_the_new_segment_is_read(publish, make_category, service,
                                                   monkeypatch):
    category = make_category("Pertanian")
    publish(title="Pembinaan petani", category_id=category)
    publish(title="Pembinaan nelayan")
    assert service.search("bina").facets["category"] == {"pertanian": 1}
    read = []
    original = segment_memo.read_leaf_column
    monkeypatch.setattr(segment_memo, "read_leaf_column",
                        lambda leaf, name: read.append(leaf.segment().segment_id())
                        or original(leaf, name))
    publish(title="Pembinaan pedagang", category_id=category)
    results = service.search("bina")
    assert results.total == 3 and results.facets["category"] == {"pertanian": 2}
    assert len(set(read)) == 1  # the drain's new segment, not the ones read before
