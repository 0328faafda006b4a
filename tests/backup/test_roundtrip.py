"""A populated site is backed up while the newsroom writes, lost, and restored elsewhere."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from cms.extensions import db
from cms.models import User
from cms.search import get_search_service
from plugins.articles import services
from plugins.articles.models import Article, Revision
from tests.backup.conftest import (
    ADMIN_EMAIL,
    SETTINGS_FILE,
    Writer,
    compared_pages,
    page_texts,
    run,
)

#: What differs between two renderings of the same data: the CSRF token of the login
#: session the admin pages are fetched in.
VOLATILE = [re.compile(r'name="csrf_token" value="[^"]*"')]


def normalised(pages: dict[str, tuple[int, str]], path: str) -> tuple[int, str]:
    status, text = pages[path]
    for pattern in VOLATILE:
        text = pattern.sub("", text)
    return status, text


def backup_while_writing(app, site, tmp_path):
    """Run ``cms backup`` while a journalist saves drafts.

    Returns the archive and how many drafts were saved when it started and ended.
    """
    writer = Writer(app, site.journalist_id)
    writer.start()
    deadline = time.monotonic() + 10
    while writer.saved < 3 and writer.error is None and time.monotonic() < deadline:
        time.sleep(0.01)
    before = writer.saved
    result = run(app, "backup", "--to", str(tmp_path / "backups"))
    writer.stop.set()
    writer.join()
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    [archive] = (tmp_path / "backups").glob("warta-backup-*.tar.gz")
    return archive, before, writer.saved


def assert_restored(source, target, site, before_pages, saved_range, instance):
    after = page_texts(target, compared_pages(site))
    for path in compared_pages(site):
        assert after[path][0] == 200, path
        assert normalised(after, path) == normalised(before_pages, path), path
    with target.app_context():
        drafts = db.session.scalar(sa.select(sa.func.count()).select_from(Article)
                                   .where(Article.title.like("Draf %")))
        without_revision = db.session.scalar(
            sa.select(sa.func.count()).select_from(Article)
            .where(~sa.exists().where(Revision.article_id == Article.id)))
        hits = get_search_service().search("banjir")
    # One moment of the database: drafts saved up to then, each with its revision.
    assert saved_range[0] <= drafts <= saved_range[1]
    assert without_revision == 0
    assert [h.id for h in hits.hits], "search finds the restored articles"
    assert (instance / "config.py").read_text() == SETTINGS_FILE
    assert (instance / "templates" / "footer_note.html").exists()
    for name in site.media_files:
        with target.test_client().get(f"/uploads/{name}") as image:
            assert image.status_code == 200
            assert image.get_data() == (Path(source.instance_path) / "uploads" / name).read_bytes()
    check = run(target, "search", "check")
    assert check.exit_code == 0, check.output


@pytest.fixture
def target_database(database_url, request):
    """The new machine's database: of the same engine as the site's."""
    if database_url.startswith("sqlite"):
        return None
    return request.getfixturevalue("fresh_postgres")()


def test_site_comes_back_identical_on_another_machine(app, site, make_user, tmp_path,
                                                      other_machine, target_database):
    before_pages = page_texts(app, compared_pages(site))
    archive, before, after = backup_while_writing(app, site, tmp_path)

    target = other_machine(target_database)
    result = run(target, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert "Indeks pencarian dibangun ulang" in result.output
    assert_restored(app, target, site, before_pages, (before, after), Path(target.instance_path))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_sqlite_site_moves_to_postgresql(app, site, make_user, tmp_path, other_machine,
                                           fresh_postgres):
    before_pages = page_texts(app, compared_pages(site))
    archive, before, after = backup_while_writing(app, site, tmp_path)

    target = other_machine(fresh_postgres())
    result = run(target, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert_restored(app, target, site, before_pages, (before, after), Path(target.instance_path))
    # The newsroom goes on writing on the new server: ids continue after the restored ones.
    with target.test_request_context():
        top = db.session.scalar(sa.select(sa.func.max(Article.id)))
        author = db.session.scalar(sa.select(User).where(User.email == ADMIN_EMAIL))
        article = services.save_article(author, services.ArticleInput(title="Berita Baru"))
        assert article.id > top
