"""Edge cases from the outside audit that ended in a 500 or in a half-refused request."""

from __future__ import annotations

import pytest

from plugins.articles.forms import MAX_BODY_CHARS
from tests.articles.conftest import form_of, load, login_as
from tests.articles.test_editor import create

HUGE_PAGE = "99999999999999999999"


@pytest.mark.parametrize("path", ["/admin/articles/", "/admin/media"])
def test_a_huge_page_number_in_the_newsroom_shows_the_last_page(app, editor, path):
    client = login_as(app, editor)
    for number in (HUGE_PAGE, "-3", "dua"):
        assert client.get(f"{path}?page={number}").status_code == 200


@pytest.mark.parametrize("path", ["/rubrik/pemerintahan/", "/tag/banjir/"])
def test_a_huge_page_number_on_a_listing_is_404(app, client, make_article, category, path):
    make_article(status="published", category_id=category, tags=["banjir"])
    assert client.get(f"{path}?page={HUGE_PAGE}").status_code == 404


def test_autosave_with_a_lone_surrogate_is_400_with_the_usual_message(app, writer):
    client = login_as(app, writer)
    response = client.post("/admin/articles/autosave", content_type="application/json",
                           data='{"draft_key": "kunci-uji-123", "fields": {"title": "\\ud800"}}')
    assert response.status_code == 400
    assert response.json["error"] == "Data simpan otomatis tidak valid."


def test_autosave_takes_no_more_body_than_the_editor_form(app, writer):
    client = login_as(app, writer)
    fields = {"title": "Panjang", "body": "a" * (MAX_BODY_CHARS + 1)}
    response = client.post("/admin/articles/autosave",
                           json={"draft_key": "kunci-besar-1", "fields": fields})
    assert response.status_code == 413
    assert "error" in response.json
    fields["body"] = "a" * MAX_BODY_CHARS
    response = client.post("/admin/articles/autosave",
                           json={"draft_key": "kunci-besar-1", "fields": fields})
    assert response.status_code == 200


def test_a_journalists_publish_is_refused_and_changes_nothing(app, writer, make_article):
    article_id = make_article(author=writer, title="Judul Asli")
    client = login_as(app, writer)
    data = form_of(client, article_id) | {"title": "Judul Diam-diam Diganti",
                                          "action": "publish"}
    response = client.post(f"/admin/articles/{article_id}/edit", data=data)
    assert response.status_code == 403
    article = load(app, article_id)
    assert article.title == "Judul Asli"
    assert article.status == "draft"


def test_a_body_beyond_the_sanitizers_limits_is_refused_and_kept_in_the_editor(app, writer):
    from cms.sanitize import MAX_HTML_TAGS

    client = login_as(app, writer)
    body = "<p>paragraf</p>" * (MAX_HTML_TAGS + 1)
    response = client.post("/admin/articles/new", data={
        "title": "Laporan Panjang", "body": body, "category_id": "", "action": "save"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "terlalu banyak elemen" in page
    assert page.count("&lt;p&gt;paragraf&lt;/p&gt;") == MAX_HTML_TAGS + 1  # the text is kept


def test_a_body_at_the_limits_saves(app, writer):
    """Deeply nested markup at the limit is saved (its speed is measured in bench/sanitize.py)."""
    from cms.sanitize import MAX_HTML_TAGS

    client = login_as(app, writer)
    saved = load(app, create(client, title="Kutipan Bersusun", body="<blockquote>" * MAX_HTML_TAGS))
    assert saved.title == "Kutipan Bersusun"
    assert saved.body.count("<blockquote>") == MAX_HTML_TAGS


def test_an_imported_body_beyond_the_limits_is_a_line_error_not_a_crash(app, tmp_path):
    from cms.sanitize import MAX_HTML_TAGS
    from tests.articles.test_import import record, run_import, write_jsonl

    huge = record("raksasa", body_html="<p>a</p>" * (MAX_HTML_TAGS + 1))
    path = write_jsonl(tmp_path / "besar.jsonl", record("satu"), huge)
    result = run_import(app, path)
    assert result.exit_code == 1, result.output
    assert "line 2: Teks memuat terlalu banyak elemen" in result.stderr
    assert "Traceback" not in result.output
