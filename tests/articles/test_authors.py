"""Several people credited on one story: the editor's rows, the byline, the JSON-LD, the
author page and the JSON-lines import."""

from __future__ import annotations

import json

from sqlalchemy import select

from cms.extensions import db
from cms.models import User
from plugins.articles.models import Article, ArticleAuthor
from tests.articles.conftest import form_of, login_as
from tests.articles.test_import import record, run_import, write_jsonl


def credits_of(app, article_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(ArticleAuthor).where(
            ArticleAuthor.article_id == article_id).order_by(ArticleAuthor.position))
        return [(row.user.name, row.role) for row in rows]


def json_ld(page: str) -> dict:
    return json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])


def test_editor_adds_orders_and_removes_co_authors(app, editor, make_user, make_article):
    rina = make_user(role="journalist", name="Rina Reporter")
    budi = make_user(role="journalist", name="Budi Fotografer")
    article_id = make_article(author=editor, title="Kirab Budaya Kediri")
    client = login_as(app, editor)
    values = form_of(client, article_id)
    assert values["credits-0-user_id"] == "" and values["credits-1-user_id"] == ""
    response = client.post(f"/admin/articles/{article_id}/edit", data=values | {
        "credits-0-user_id": str(rina.id), "credits-0-role": "reporter",
        "credits-0-position": "2",
        "credits-1-user_id": str(budi.id), "credits-1-role": "photographer",
        "credits-1-position": "1", "action": "save"})
    assert response.status_code == 302
    assert credits_of(app, article_id) == [("Budi Fotografer", "photographer"),
                                           ("Rina Reporter", "reporter")]

    values = form_of(client, article_id)  # shown in their order, with room for more
    assert (values["credits-0-user_id"], values["credits-1-user_id"]) == (str(budi.id),
                                                                          str(rina.id))
    assert values["credits-3-user_id"] == ""
    client.post(f"/admin/articles/{article_id}/edit",
                data=values | {"credits-0-user_id": "", "action": "save"})
    assert credits_of(app, article_id) == [("Rina Reporter", "reporter")]

    refused = client.post(f"/admin/articles/{article_id}/edit", data=form_of(
        client, article_id) | {"credits-0-role": "sopir", "action": "save"})
    assert refused.status_code == 400
    assert "Peran penulis tidak dikenal" in refused.text
    assert credits_of(app, article_id) == [("Rina Reporter", "reporter")]


def test_byline_json_ld_and_author_pages_name_everyone(app, editor, make_user, make_article,
                                                       client):
    rina = make_user(role="journalist", name="Rina Reporter")
    budi = make_user(role="journalist", name="Budi Fotografer")
    article_id = make_article(author=editor, status="published", title="Panen Raya")
    editor_client = login_as(app, editor)
    editor_client.post(f"/admin/articles/{article_id}/edit", data=form_of(
        editor_client, article_id) | {
        "credits-0-user_id": str(rina.id), "credits-0-role": "reporter",
        "credits-1-user_id": str(budi.id), "credits-1-role": "photographer",
        "action": "save"})
    page = client.get("/berita/panen-raya").text
    meta = page.split('class="article__meta"', 1)[1].split("</p>", 1)[0]
    assert "Reporter: <a" in meta and "Rina Reporter" in meta
    assert "Fotografer: <a" in meta and "Budi Fotografer" in meta
    authors = json_ld(page)["author"]
    assert [person["name"] for person in authors] == [editor.name, "Rina Reporter",
                                                      "Budi Fotografer"]
    assert authors[1]["url"] == f"http://localhost/penulis/{rina.id}/"
    assert "Panen Raya" in client.get(f"/penulis/{budi.id}/").text
    assert client.get(f"/penulis/{make_user(role='journalist').id}/").status_code == 404


def test_revisions_keep_the_credits_and_restore_brings_them_back(app, editor, make_user,
                                                                 make_article):
    rina = make_user(role="journalist", name="Rina Reporter")
    article_id = make_article(author=editor, title="Pasar Pahing")
    client = login_as(app, editor)
    client.post(f"/admin/articles/{article_id}/edit", data=form_of(client, article_id) | {
        "credits-0-user_id": str(rina.id), "credits-0-role": "writer", "action": "save"})
    client.post(f"/admin/articles/{article_id}/edit", data=form_of(client, article_id) | {
        "credits-0-user_id": "", "action": "save"})
    assert credits_of(app, article_id) == []
    assert client.post(f"/admin/articles/{article_id}/revisions/2/restore").status_code == 302
    assert credits_of(app, article_id) == [("Rina Reporter", "writer")]


def test_jsonl_import_credits_several_authors(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl",
                       record("kirab", authors=["Rina", {"name": "Budi", "role": "photographer"}]),
                       record("pasar", author=None, authors=[{"name": "Sari", "role": "writer"},
                                                            {"name": "Rina", "role": "editor"}]))
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        kirab = db.session.scalar(select(Article).where(Article.slug == "kirab"))
        pasar = db.session.scalar(select(Article).where(Article.slug == "pasar"))
        assert kirab.author.name == "bsr1"
        assert [(row.user.name, row.role) for row in kirab.credits] == [
            ("Rina", "writer"), ("Budi", "photographer")]
        assert pasar.author.name == "Sari"
        assert [(row.user.name, row.role) for row in pasar.credits] == [("Rina", "editor")]
        assert db.session.scalar(select(User).where(User.name == "Rina")) is not None


def test_jsonl_import_refuses_a_bad_authors_list_by_line(app, tmp_path):
    path = write_jsonl(tmp_path / "arsip.jsonl", record("kirab"),
                       record("pasar", authors=[{"name": "Budi", "role": "sopir"}]))
    result = run_import(app, path)
    assert result.exit_code != 0
    assert "arsip.jsonl:2: 'role' seorang penulis harus salah satu dari" in result.output


def test_a_credited_journalist_finds_and_edits_the_draft_but_cannot_delete_it(
        app, make_user, make_article):
    owner = make_user(role="journalist", name="Pemilik")
    rina = make_user(role="journalist", name="Rina Reporter")
    article_id = make_article(author=owner, title="Liputan Bersama")
    client = login_as(app, rina)
    assert client.get(f"/admin/articles/{article_id}/edit").status_code == 403
    owner_client = login_as(app, owner)
    owner_client.post(f"/admin/articles/{article_id}/edit", data=form_of(
        owner_client, article_id) | {"credits-0-user_id": str(rina.id),
                                     "credits-0-role": "reporter", "action": "save"})
    assert "Liputan Bersama" in client.get("/admin/articles/").text
    response = client.post(f"/admin/articles/{article_id}/edit", data=form_of(
        client, article_id) | {"title": "Liputan Bersama Rina", "action": "save"})
    assert response.status_code == 302
    assert client.post(f"/admin/articles/{article_id}/delete").status_code == 403
