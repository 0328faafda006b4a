"""Choosing a theme takes effect at once on every worker, without a restart: two apps on
one database and one shared cache folder play two gunicorn workers."""

from __future__ import annotations

import time

import pytest

from cms.pagecache import GENERATION_RECHECK_SECONDS
from tests.conftest import STRONG_PASSWORD, CmsRunner


@pytest.fixture
def app_config(app_config, tmp_path):
    return {**app_config, "PAGE_CACHE": True, "FRAGMENT_CACHE": True,
            "CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache")}


def theme_of(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return "koran" if "koran.css" in html else "default"


def test_a_theme_chosen_on_one_worker_shows_on_every_worker(make_app):
    first, second = make_app(), make_app()
    readers = second.test_client()
    assert theme_of(readers) == "default"
    assert theme_of(readers) == "default"  # now answered from the page cache
    result = CmsRunner(first).invoke(["themes", "use", "koran"])
    assert result.exit_code == 0, result.output
    assert "semua worker beralih seketika" in result.output
    assert theme_of(first.test_client()) == "koran"
    time.sleep(GENERATION_RECHECK_SECONDS * 2)
    assert theme_of(readers) == "koran"
    with second.app_context():
        assert second.extensions["warta.themes"].active.name == "koran"


def test_the_admin_switch_needs_no_restart(make_app, make_user):
    app = make_app()
    admin = make_user(role="admin")
    client = app.test_client()
    client.post("/login", data={"email": admin.email, "password": STRONG_PASSWORD})
    response = client.post("/admin/themes/koran/use", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Tema koran sekarang aktif." in page
    assert theme_of(app.test_client()) == "koran"


def test_a_configured_theme_wins_over_the_setting(make_app):
    app = make_app(THEME="default")
    result = CmsRunner(app).invoke(["themes", "use", "koran"])
    assert result.exit_code == 0, result.output
    time.sleep(GENERATION_RECHECK_SECONDS * 2)
    assert theme_of(app.test_client()) == "default"
    # The setting was saved: a worker started without THEME follows it, this one does not.
    assert theme_of(make_app(create_tables=False).test_client()) == "koran"
    assert theme_of(make_app(create_tables=False, THEME="default").test_client()) == "default"
