"""``cms import jsonl``: youtube_id / youtube_url become featured videos; bad ones are reported."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from cms.extensions import db
from plugins.articles.models import Article
from plugins.youtube.models import FeaturedVideo
from tests.conftest import CmsRunner
from tests.youtube.conftest import OTHER_ID, VIDEO_ID


def line(slug: str, **fields) -> str:
    return json.dumps({"title": f"Pelatihan KIM {slug}", "slug": slug,
                       "body_html": "<p>Isi.</p>", "published_at": "2025-03-18T06:06",
                       **fields})


def run_import(app, tmp_path: Path, *lines: str, options: tuple[str, ...] = ()):
    path = tmp_path / "arsip.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return CmsRunner(app).invoke(["import", "jsonl", str(path), *options])


def imported(app) -> dict[str, tuple[str, int | None] | None]:
    """slug → (video id, start) of its featured video, or None."""
    with app.app_context():
        rows = db.session.execute(
            select(Article.slug, FeaturedVideo.video_id, FeaturedVideo.start)
            .outerjoin(FeaturedVideo, FeaturedVideo.article_id == Article.id)
        ).all()
        return {slug: (video, start) if video else None for slug, video, start in rows}


def body_of(app, slug: str) -> str:
    with app.app_context():
        return db.session.scalar(select(Article.body).where(Article.slug == slug))


def test_youtube_id_and_url_become_featured_videos(app, tmp_path):
    result = run_import(app, tmp_path,
                        line("kras", youtube_id=VIDEO_ID),
                        line("pare", youtube_url=f"https://youtu.be/{OTHER_ID}?t=30"),
                        line("mlancu", youtube_url=f"https://youtu.be/{VIDEO_ID}",
                             youtube_id=VIDEO_ID),
                        line("gurah"))
    assert result.exit_code == 0, result.output
    assert imported(app) == {"kras": (VIDEO_ID, None), "pare": (OTHER_ID, 30),
                             "mlancu": (VIDEO_ID, None), "gurah": None}


def test_bare_url_paragraph_in_imported_body_becomes_a_block(app, tmp_path):
    body = f"<p>Isi.</p><p>https://www.youtube.com/watch?v={VIDEO_ID}&amp;t=90</p>"
    result = run_import(app, tmp_path, line("kras", body_html=body))
    assert result.exit_code == 0, result.output
    stored = body_of(app, "kras")
    assert f'<figure data-youtube-id="{VIDEO_ID}" data-start="90">' in stored


def test_invalid_video_is_a_reported_bad_line_and_nothing_is_written(app, tmp_path):
    result = run_import(app, tmp_path,
                        line("kras", youtube_id=VIDEO_ID),
                        line("pare", youtube_url="https://www.youtube.com/@PemkabKediri"))
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "arsip.jsonl:" in result.output
    assert "youtube_url" in result.output
    assert "bukan alamat kanal" in result.output
    assert imported(app) == {}


def test_conflicting_or_mistyped_video_fields_are_refused(app, tmp_path):
    for fields, reason in (
        ({"youtube_id": VIDEO_ID, "youtube_url": f"https://youtu.be/{OTHER_ID}"},
         "video yang berbeda"),
        ({"youtube_id": "short"}, "'youtube_id'"),
        ({"youtube_id": 12345678901}, "harus berupa teks"),
    ):
        result = run_import(app, tmp_path, line("kras", **fields))
        assert result.exit_code == 1, fields
        assert reason in result.output, result.output
    assert imported(app) == {}


def test_a_bad_video_is_found_by_the_check_and_spares_the_rest_of_its_batch(app, tmp_path):
    lines = (line("kras", youtube_id=VIDEO_ID), line("pare", youtube_id="pendek"),
             line("gurah"))
    dry = run_import(app, tmp_path, *lines, options=("--dry-run",))
    assert dry.exit_code == 1
    assert "arsip.jsonl:2: 'youtube_id'" in dry.stderr
    assert "3 baris diperiksa: 1 rusak, tidak ada yang ditulis." in dry.output
    result = run_import(app, tmp_path, *lines, options=("--skip-bad",))
    assert result.exit_code == 0, result.output
    assert "batch not imported" not in result.stderr
    assert imported(app) == {"kras": (VIDEO_ID, None), "gurah": None}


def test_the_imported_revision_keeps_the_featured_video(app, tmp_path):
    """The revision an import takes holds the video as the editor shows it, so restoring
    it brings the video back; an article without one keeps an empty address."""
    from plugins.articles.models import Revision

    result = run_import(app, tmp_path,
                        line("pare", youtube_url=f"https://youtu.be/{OTHER_ID}?t=30"),
                        line("gurah"))
    assert result.exit_code == 0, result.output
    with app.app_context():
        kept = {slug: json.loads(data)["plugins"]["youtube"] for slug, data in
                db.session.execute(select(Article.slug, Revision.data_json).join(
                    Revision, Revision.article_id == Article.id))}
    assert kept == {"pare": {"url": f"https://www.youtube.com/watch?v={OTHER_ID}&t=30s"},
                    "gurah": {"url": ""}}


def test_a_video_imported_into_an_article_already_read_is_its_featured_video_at_once(
        app, make_article):
    """The featured video is remembered per request (or command); an import that gives an
    article its video must not leave the remembered "none" behind."""
    from plugins.youtube import videos

    article_id = make_article(status="published")
    with app.app_context():
        assert videos.featured_video(article_id) is None
        article = db.session.get(Article, article_id)
        videos.import_batch([article], [{"youtube_id": VIDEO_ID}])
        assert videos.featured_video(article_id).video_id == VIDEO_ID
