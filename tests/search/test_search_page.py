"""The reader's search page and its JSON twin: snippets, facets, sorting, paging, hints."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from cms.extensions import db
from cms.models import User
from plugins.articles.models import Article
from plugins.search.whoosh.index_reader import IndexReader
from tests.search.conftest import drain, search_ids, writer_busy

PEMBINAAN = ("<p>Dinas Komunikasi dan Informatika mengadakan pembinaan Kelompok Informasi "
             "Masyarakat di aula kecamatan. Kegiatan pembinaan diikuti 120 peserta.</p>")


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def result_titles(html: str) -> list[str]:
    titles = re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)
    return [re.sub(r"<[^>]+>", "", title) for title in titles]


def test_results_show_highlighted_snippet_title_date_and_category(client, publish,
                                                                   make_category):
    category = make_category("Pemerintahan")
    publish(title="Pembinaan KIM di Cibinong", body=PEMBINAAN, category_id=category,
            when=datetime(2024, 3, 4, 3, 0))
    html = page_text(client, "/search?q=bina")
    assert re.search(r'<a href="/berita/pembinaan-kim-di-cibinong"><mark class="search-match '
                     r'term\d">Pembinaan</mark> KIM di Cibinong</a>', html)
    assert re.search(r'mengadakan <mark class="search-match term\d">pembinaan</mark> Kelompok',
                     html)
    assert '<span class="search-result__category">Pemerintahan</span>' in html
    assert '<time datetime="2024-03-04T03:00:00Z">4 Maret 2024</time>' in html
    assert 'href="/berita/pembinaan-kim-di-cibinong"' in html
    assert "1 artikel ditemukan untuk “bina”." in html
    assert '<meta name="robots" content="noindex">' in html


def test_snippet_falls_back_to_the_lead_when_only_the_title_matches(client, publish):
    publish(title="Pembinaan kader", lead="Ringkasan kegiatan desa.", body="<p>Isi lain.</p>")
    assert "Ringkasan kegiatan desa." in page_text(client, "/search?q=bina")


def test_facets_count_and_combine(client, publish, make_category):
    pemerintahan = make_category("Pemerintahan")
    pertanian = make_category("Pertanian")
    publish(title="Pembinaan petani 2023", category_id=pertanian, when=datetime(2023, 5, 1))
    publish(title="Pembinaan petani 2024", category_id=pertanian, when=datetime(2024, 5, 1))
    publish(title="Pembinaan aparatur 2024", category_id=pemerintahan,
            when=datetime(2024, 6, 1))
    html = page_text(client, "/search?q=bina")
    assert re.search(r'href="/search\?q=bina&amp;rubrik=pertanian">Pertanian</a> '
                     r'<span class="search-facet__count">2</span>', html)
    assert re.search(r'tahun=2024">2024</a> <span class="search-facet__count">2</span>', html)
    assert re.search(r'tahun=2023">2023</a> <span class="search-facet__count">1</span>', html)
    narrowed = page_text(client, "/search?q=bina&rubrik=pertanian")
    assert sorted(result_titles(narrowed)) == ["Pembinaan petani 2023", "Pembinaan petani 2024"]
    assert re.search(r'tahun=2024">2024</a> <span class="search-facet__count">1</span>',
                     narrowed)
    both = page_text(client, "/search?q=bina&rubrik=pertanian&tahun=2024")
    assert result_titles(both) == ["Pembinaan petani 2024"]
    assert 'href="/search?q=bina&amp;tahun=2024" title="Hapus saringan">Pertanian' in both
    nothing = page_text(client, "/search?q=bina&rubrik=pemerintahan&tahun=2023")
    assert "Tidak ada artikel yang cocok" in nothing
    assert 'href="/search?q=bina&amp;tahun=2023">Pemerintahan ✕</a>' in nothing


def test_kind_and_video_facets_default_to_news_without_video(client, publish):
    publish(title="Pembinaan UMKM")
    html = page_text(client, "/search?q=bina")
    assert 'jenis=berita">Berita</a> <span class="search-facet__count">1</span>' in html
    assert "Dengan video" not in html
    assert "search-result__label" not in html
    assert result_titles(page_text(client, "/search?q=bina&jenis=advertorial")) == []


def test_sort_by_newest_and_by_relevance(client, publish):
    publish(title="Pembinaan pembinaan pembinaan", when=datetime(2022, 1, 1))
    publish(title="Kabar desa", body="<p>Ada pembinaan.</p>", when=datetime(2024, 1, 1))
    publish(title="Kabar kota", body="<p>Ada pembinaan juga.</p>", when=datetime(2023, 1, 1))
    relevant = result_titles(page_text(client, "/search?q=bina"))
    assert relevant[0] == "Pembinaan pembinaan pembinaan"
    newest = result_titles(page_text(client, "/search?q=bina&urut=terbaru"))
    assert newest == ["Kabar desa", "Kabar kota", "Pembinaan pembinaan pembinaan"]
    html = page_text(client, "/search?q=bina&urut=terbaru")
    assert '<strong aria-current="true">Terbaru</strong>' in html


def test_pagination(client, app, make_article, editor, service):
    for number in range(25):
        make_article(author=editor, title=f"Pembinaan ke-{number:02d}", status="published",
                     published_at=datetime(2024, 1, 1, 0, number))
    with app.app_context():
        service.rebuild()
    first = page_text(client, "/search?q=bina&urut=terbaru")
    assert len(result_titles(first)) == 10
    assert "Halaman 1 dari 3" in first
    assert 'rel="next" href="/search?q=bina&amp;urut=terbaru&amp;halaman=2"' in first
    third = page_text(client, "/search?q=bina&urut=terbaru&halaman=3")
    assert result_titles(third) == [f"Pembinaan ke-{n:02d}" for n in range(4, -1, -1)]
    assert '<ol class="search-results" start="21">' in third
    assert 'rel="prev" href="/search?q=bina&amp;urut=terbaru&amp;halaman=2"' in third
    beyond = page_text(client, "/search?q=bina&urut=terbaru&halaman=99999999999999999999")
    assert result_titles(beyond) == result_titles(third)  # the last page there is
    assert "Halaman 3 dari 3" in beyond
    # Changing a filter starts again at page 1.
    assert 'href="/search?q=bina&amp;urut=terbaru&amp;tahun=2024"' in third


def test_did_you_mean_offers_index_words_when_little_is_found(client, publish, service):
    publish(title="Banjir merendam Kras", body="<p>Banjir datang malam hari.</p>")
    publish(title="Banjir surut", body="<p>Warga kembali ke rumah.</p>")
    html = page_text(client, "/search?q=banjri")
    assert 'Mungkin maksud Anda: <a href="/search?q=banjir">banjir</a>' in html
    assert service.suggest("banjri merendam") == "banjir merendam"
    assert service.suggest("banjir") is None
    assert "Mungkin maksud Anda" not in page_text(client, "/search?q=banjir")
    # Words are suggested as readers write them, not as stems ("berita" stems to "ita").
    publish(title="Pemberitaan pilkada", lead="Berita pilkada dari desa.")
    assert service.suggest("beritq") == "berita"


def test_english_count_says_article_or_articles(client, publish):
    publish(title="Pembinaan kader")
    assert "1 article found for “bina”." in page_text(client, "/search?q=bina&lang=en")
    publish(title="Pembinaan petani")
    assert "2 articles found for “bina”." in page_text(client, "/search?q=bina&lang=en")
    assert "2 artikel ditemukan untuk “bina”." in page_text(client, "/search?q=bina")


def test_english_hints_are_whole_sentences(client, publish):
    publish(title="Banjir merendam Kras", body="<p>Banjir datang malam hari.</p>")
    publish(title="Banjir surut", body="<p>Warga kembali ke rumah.</p>")
    html = page_text(client, "/search?q=banjri&lang=en")
    assert 'Did you mean <a href="/search?q=banjir">banjir</a>?' in html
    many = "+".join(f"kata{n}" for n in range(20)) + "+banjir"
    assert "Only the first 12 words were used." in page_text(client, f"/search?lang=en&q={many}")
    too_long = client.get("/search?lang=en&q=" + "panjang " * 40).get_data(as_text=True)
    assert "Search terms too long: at most 200 characters." in too_long


def test_quoted_phrases_match_words_in_order(client, publish, service):
    together = publish(title="Harga gabah naik", body="<p>Harga gabah kering naik.</p>")
    apart = publish(title="Gabah dan harga pupuk", body="<p>Gabah petani, harga pupuk.</p>")
    assert sorted(search_ids(service, "harga gabah")) == sorted([together, apart])
    assert search_ids(service, '"harga gabah"') == [together]
    assert search_ids(service, "“harga gabah”") == [together]  # phone keyboards
    assert search_ids(service, '"harga naik"') == []
    # Stop words are left out of the index and of phrases alike: "gabah dan harga".
    assert search_ids(service, '"gabah harga"') == [apart]


def test_no_article_with_every_word_falls_back_to_any_word(client, publish):
    publish(title="Pembinaan kader")
    publish(title="Panen raya")
    html = page_text(client, "/search?q=bina+panen")
    assert "Tidak ada artikel yang memuat semua kata" in html
    assert sorted(result_titles(html)) == ["Panen raya", "Pembinaan kader"]


@pytest.mark.parametrize("url", ["/search", "/search?q=", "/search?q=+++"])
def test_empty_query_gets_a_friendly_page(client, url):
    html = page_text(client, url)
    assert "Ketik kata yang ingin Anda cari" in html
    assert 'id="search-q"' in html


def test_query_of_symbols_or_stop_words_says_so(client, publish):
    publish(title="Pembinaan kader")
    for query in ("***", "yang dan di", "🔥🔥"):
        html = page_text(client, f"/search?q={query}")
        assert "tidak memuat kata yang bisa dicari" in html


def test_too_long_query_gets_a_400_page_with_the_form(client):
    response = client.get("/search?q=" + "panjang " * 40)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kata kunci terlalu panjang: paling banyak 200 karakter." in html
    assert 'id="search-q"' in html


def test_too_many_words_are_cut_with_a_notice(client, publish, service):
    publish(title="Pembinaan kader")
    html = page_text(client, "/search?q=" + "+".join(f"kata{n}" for n in range(20)) + "+bina")
    assert "Hanya 12 kata pertama yang dipakai." in html
    assert service.search(" ".join(["bina"] * 30)).total == 1


def test_reader_text_is_escaped_everywhere(client, publish):
    publish(title="Pembinaan <b>kader</b>", body="<p>&lt;img src=x onerror=alert(1)&gt; "
                                                 "pembinaan</p>")
    html = page_text(client, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E+bina")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "onerror=" in html  # shown as text, inert


def test_time_limit_returns_partial_results_with_a_notice(make_app, publish):
    publish(title="Pembinaan kader")
    app = make_app(SEARCH_TIME_LIMIT=0)
    html = page_text(app.test_client(), "/search?q=bina")
    assert "Pencarian dihentikan karena terlalu lama" in html


def test_json_endpoint_gives_the_same_results(client, publish, make_category):
    category = make_category("Pemerintahan")
    article_id = publish(title="Pembinaan KIM", body=PEMBINAAN, category_id=category,
                         when=datetime(2024, 3, 4, 3, 0))
    data = client.get("/search.json?q=bina").get_json()
    assert data["total"] == 1 and data["pages"] == 1 and data["page"] == 1
    hit = data["hits"][0]
    assert hit["id"] == article_id
    assert hit["url"] == "http://localhost/berita/pembinaan-kim"
    assert hit["published"] == "2024-03-04T03:00:00Z"
    assert hit["category"] == {"slug": "pemerintahan", "name": "Pemerintahan"}
    assert (hit["advertorial"], hit["video"]) == (False, False)
    assert re.match(r'<mark class="search-match term\d">Pembinaan</mark> KIM$', hit["title_html"])
    assert data["facets"]["category"] == {"pemerintahan": 1}
    assert data["facets"]["year"] == {"2024": 1}
    too_long = client.get("/search.json?q=" + "x" * 201)
    assert too_long.status_code == 400
    assert too_long.get_json()["error"].startswith("Kata kunci terlalu panjang")
    assert client.get("/search.json").get_json()["hits"] == []


def test_public_pages_carry_a_search_box(client):
    html = page_text(client, "/")
    assert 'action="/search"' in html and 'id="search-header-q"' in html
    assert "/search/static/search.css" in html
    assert 'id="search-header-q"' not in page_text(client, "/search")


def test_search_before_any_index_exists_finds_nothing_without_error(client):
    assert "Tidak ada artikel yang cocok" in page_text(client, "/search?q=bina")


def test_answers_are_cached_until_the_index_changes(publish, service, make_app):
    publish(title="Pembinaan kader")
    first = service.search("bina")
    assert service.search("bina") is first
    assert service.search("BINA!") is first  # same words, same answer
    assert service.search("bina", {"year": "1999"}) is not first
    publish(title="Pembinaan pemuda")
    second = service.search("bina")
    assert second is not first and second.total == 2
    uncached = make_app(SEARCH_CACHE_SIZE=0).extensions["warta.search"]
    assert uncached.search("bina") is not uncached.search("bina")


def build_narrow_and_wide(app, make_article, editor, make_category, service):
    """Sixty articles in one rubrik and two in another, all holding "pembinaan";
    returns the two (the one with the word in its title first)."""
    wide, narrow = make_category("Pemerintahan"), make_category("Wisata")
    for number in range(60):
        make_article(author=editor, title=f"Rapat {number}", status="published",
                     body="<p>Pembinaan aparatur desa.</p>", category_id=wide)
    in_body = make_article(author=editor, title="Kabar pantai", status="published",
                           body="<p>Pembinaan pemandu wisata.</p>", category_id=narrow)
    in_title = make_article(author=editor, title="Pembinaan pemandu", status="published",
                            body="<p>Pembinaan pemandu wisata.</p>", category_id=narrow)
    with app.app_context():
        service.rebuild()
    return [in_title, in_body]


def test_a_narrow_filter_ranks_its_articles_alike(app, make_article, editor, make_category,
                                                  service):
    expected = build_narrow_and_wide(app, make_article, editor, make_category, service)
    assert search_ids(service, "pembinaan", category="wisata") == expected
    assert search_ids(service, "pembinaan pemandu", category="wisata") == expected
    assert search_ids(service, '"pembinaan pemandu"', category="wisata") == expected
    assert service.search("pembinaan", {"category": "wisata"}).total == 2
    assert service.search("pembinaan", {"category": "pemerintahan"}).total == 60


@pytest.mark.search_backends("whoosh")
def test_a_narrow_filter_visits_only_its_articles(app, make_article, editor, make_category,
                                                  service, monkeypatch):
    visits = []
    among = IndexReader._docs_among
    monkeypatch.setattr(IndexReader, "_docs_among",
                        lambda self, *args: visits.append(args) or among(self, *args))
    expected = build_narrow_and_wide(app, make_article, editor, make_category, service)
    assert search_ids(service, "pembinaan", category="wisata") == expected
    assert visits  # the two were visited one by one, not found among all sixty-two


def test_search_pages_are_kept_until_what_the_index_holds_changes(
        make_app, make_article, editor, monkeypatch):
    from plugins.articles import services

    def as_editor_on(app, article_id: int, action) -> None:
        with app.test_request_context():
            action(db.session.get(User, editor.id), db.session.get(Article, article_id))

    app = make_app(PAGE_CACHE=True, CACHE_TYPE="SimpleCache")
    kader, jalan, draft = (make_article(author=editor, title=title) for title in (
        "Pembinaan kader", "Jalan desa diaspal", "Kader posyandu dilatih"))
    for article_id in (kader, jalan):
        as_editor_on(app, article_id, lambda u, a: services.publish(u, a))
    service = app.extensions["warta.search"]
    searches = []
    original_search = service.search
    monkeypatch.setattr(service, "search", lambda *a, **k: searches.append(a[0])
                        or original_search(*a, **k))
    client = app.test_client()
    urls = ["/search?q=kader", "/search.json?q=kader"]
    first = [client.get(url).get_data(as_text=True) for url in urls]
    assert "1 artikel ditemukan" in first[0] and '"total":1' in first[1].replace(" ", "")
    assert [client.get(url).get_data(as_text=True) for url in urls] == first
    assert len(searches) == 2  # the second time both came from the page cache

    def retitle(user, article):
        services.save_article(user, services.ArticleInput(
            title="Kader desa menanam pohon", body=article.body), article)

    with writer_busy(app):  # changed, but not yet in the index: the pages stay
        as_editor_on(app, jalan, retitle)
        as_editor_on(app, draft, lambda u, a: services.publish(u, a))
        client.get("/")  # the first request after a change asks when the next one is due
        assert [client.get(url).get_data(as_text=True) for url in urls] == first
    assert len(searches) == 2
    drain(app)
    page = client.get("/search?q=kader").get_data(as_text=True)
    assert "3 artikel ditemukan" in page
    assert "Kader desa menanam pohon" in re.sub(r"</?mark>", "", page)
    assert client.get("/search.json?q=kader").get_json()["total"] == 3
