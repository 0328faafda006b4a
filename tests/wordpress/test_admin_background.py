"""The admin page's import as it runs on a site: in a thread of the web process, behind the
site's upload limit."""

from __future__ import annotations

import io
import time

import pytest

from tests.wordpress.conftest import export, item

LIMIT = 64 * 1024


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAX_CONTENT_LENGTH": LIMIT}


def upload(client, text: str):
    form = {"export": (io.BytesIO(text.encode()), "ekspor.xml")}
    return client.post("/admin/wordpress/", data=form, content_type="multipart/form-data")


def wait_for_end(client, location: str, seconds: float = 30) -> str:
    """Reload the job's page as the browser would until it stops asking to be reloaded."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(location).get_data(as_text=True)
        if 'http-equiv="refresh"' not in page:
            return page
        time.sleep(0.1)
    raise AssertionError("the import job did not end in time")


def test_the_job_runs_in_the_background_and_its_page_shows_the_end(client, auth, make_user):
    auth.login(make_user(role="admin").email)
    response = upload(client, export(item(1, "Banjir"), item(2, "Gempa")))
    assert response.status_code == 303
    page = wait_for_end(client, response.location)
    assert "Hasil impor" in page and "artikel: 2 dibuat" in page


def test_an_export_over_the_upload_limit_gets_a_clear_413(client, auth, make_user):
    auth.login(make_user(role="admin").email)
    response = upload(client, export(item(1, "Banjir", "x" * LIMIT)))
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Berkas terlalu besar" in page and "0.1 MB" in page
    assert "MAX_CONTENT_LENGTH" in page and "cms import wordpress" in page
