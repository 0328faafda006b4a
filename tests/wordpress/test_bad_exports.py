"""Bad exports are reported as FILE:LINE and nothing of them is written."""

from __future__ import annotations

from sqlalchemy import func, select

from cms.extensions import db
from plugins.articles.models import Article
from tests.wordpress.conftest import export, item


def articles(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Article))


def test_a_truncated_export_is_refused_with_its_line_and_nothing_written(app, write_export,
                                                                         import_wp):
    whole = export(item(1, "Satu"), item(2, "Dua"), item(3, "Tiga"))
    path = write_export(text=whole[: whole.index("<title><![CDATA[Tiga")])
    result = import_wp(path)
    assert result.exit_code == 1
    line = path.read_text().count("\n") + 1
    assert f"{path}:{line}: " in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert articles(app) == 0


def test_an_entity_bomb_is_refused_before_any_entity_is_expanded(app, write_export, import_wp):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n')
    path = write_export(text=bomb + export(item(1, "&c;")).split("\n", 1)[1])
    result = import_wp(path)
    assert result.exit_code == 1
    assert f"{path}:2: a DOCTYPE is not allowed in a WordPress export" in result.stderr
    assert articles(app) == 0


def test_an_external_entity_is_never_read(app, write_export, import_wp, tmp_path):
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata sandi")
    xxe = f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>\n'
    path = write_export(text=xxe + export(item(1, "&x;")).split("\n", 1)[1])
    result = import_wp(path)
    assert result.exit_code == 1 and "DOCTYPE is not allowed" in result.stderr
    assert "kata sandi" not in result.output + result.stderr


def test_an_undeclared_entity_is_a_parse_error(app, write_export, import_wp):
    path = write_export(item(1, "Satu"), item(2, "Dua"))
    path.write_text(path.read_text().replace("<![CDATA[Dua]]>", "Dua &nbsp; lagi"))
    result = import_wp(path)
    assert result.exit_code == 1 and "undefined entity" in result.stderr
    assert articles(app) == 0


def test_a_file_that_is_not_an_export_is_refused(app, write_export, import_wp):
    path = write_export(text="<html><body>bukan ekspor</body></html>")
    result = import_wp(path)
    assert result.exit_code == 1
    assert f"{path}:1: not a WordPress export" in result.stderr


def test_hostile_html_in_a_post_is_sanitized(app, client, write_export, import_wp):
    body = ('<p>Halo<script>alert(1)</script></p><p><img src="x.jpg" onerror="alert(2)">'
            '<a href="javascript:alert(3)">klik</a></p><iframe src="https://evil.example">'
            "</iframe>")
    result = import_wp(write_export(item(1, "Jahat", body)))
    assert result.exit_code == 0, result.output + result.stderr
    page = client.get("/berita/berita-1").get_data(as_text=True)
    assert "alert(" not in page and "evil.example" not in page
    assert "Halo" in page


def test_a_bad_item_stops_the_import_unless_skip_bad(app, write_export, import_wp):
    path = write_export(item(1, "Baik"), item(2, "Tanpa id"), item(3, "Juga baik"))
    path.write_text(path.read_text().replace("<wp:post_id>2</wp:post_id>", ""))
    result = import_wp(path)
    assert result.exit_code == 1
    assert ": <wp:post_id> is missing" in result.stderr
    assert articles(app) == 0
    result = import_wp(path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert articles(app) == 2
