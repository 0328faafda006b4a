"""The OpenAPI document is generated from the views, and the site answers as it says.

The schemathesis run starts a real server on 127.0.0.1 with the demo content and lets
schemathesis's command line (``st run``) try every operation with generated valid and
invalid inputs: no 500, no undocumented status or content type, no answer that breaks
its schema.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from cms import create_app
from cms.extensions import db
from cms.hooks import call_hook
from plugins.api.openapi import OPERATIONS
from tests.api.conftest import PLUGINS


def test_the_document_lists_every_operation_with_its_parameters(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {operation.path for operation in OPERATIONS}
    listing = spec["paths"]["/articles"]["get"]
    names = {param["name"] for param in listing["parameters"]}
    assert {"cursor", "limit", "rubrik", "tag", "author", "since", "until", "updated_since",
            "advertorial", "sponsor"} <= names
    assert set(listing["responses"]) >= {"200", "304", "400", "429"}
    article = spec["components"]["schemas"]["Article"]["properties"]
    # Other plugins' fields come from their hooks.
    assert {"advertorial", "video", "corrections"} <= set(article)


def test_the_human_readable_page_is_rendered_by_warta_under_the_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "/articles/{article_id}" in text and "ArticleSummary" in text
    assert "<script" not in text.split("</head>")[1]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with the demo content served on 127.0.0.1 by a real WSGI server."""
    folder = tmp_path_factory.mktemp("schemathesis")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WARTA_INSTANCE", str(folder / "instance"))
        (folder / "instance").mkdir()
        app = create_app({
            "TESTING": False, "PROPAGATE_EXCEPTIONS": False, "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'warta.db'}",
            "PLUGINS": [*PLUGINS, "search"], "RATELIMIT_ENABLED": False,
            "CACHE_TYPE": "SimpleCache", "WTF_CSRF_ENABLED": False})
        with app.app_context():
            db.create_all()
            call_hook("warta_instance_created", app=app)
            call_hook("warta_demo_content", app=app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)


def _schemathesis() -> str:
    found = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    if not Path(found).exists():
        pytest.fail("schemathesis is missing: pip install -e '.[dev]'")
    return found


def test_every_operation_answers_as_the_document_says(live_site, tmp_path):
    result = subprocess.run(
        [_schemathesis(), "run", f"{live_site}/api/v1/openapi.json", "--mode", "all",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
                     "response_schema_conformance",
         "--phases", "examples,coverage,fuzzing", "--max-examples", "25", "--seed", "21",
         "--workers", "1", "--no-color", "--request-timeout", "20"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)  # it leaves a cache
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
