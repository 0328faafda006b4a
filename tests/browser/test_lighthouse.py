"""Lighthouse (npm devDependency, never shipped to readers) scores 100 for accessibility,
best practices and SEO on the demo site's home, article, rubrik and tag pages, as a phone
and as a desktop sees them.

``SITE_URL`` names the live server, as ``cms init --site-url`` does, so canonical links and
robots.txt are judged as a real site's. On a loopback ``http://`` origin Lighthouse treats
the page as secure (``is-on-https`` passes) and leaves out ``redirects-http``; every other
weighted audit counts.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from cms.hooks import call_hook
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, LiveServer
from tests.browser.test_reader import ROOT

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("accessibility", "best-practices", "seo")
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}
# Demo content (plugins/articles/demo.jsonl): one article, its rubrik and one of its tags.
PAGES = {"home": "/", "article": "/berita/jembatan-desa-kras-rampung",
         "rubrik": "/rubrik/daerah/", "tag": "/tag/jembatan/"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_config(app_config):
    """Every plugin, as ``cms init --demo`` enables them, on the origin the server takes."""
    return {**app_config, "PLUGINS": None, "SITE_URL": f"http://127.0.0.1:{free_port()}"}


@pytest.fixture
def server(app) -> Iterator[LiveServer]:
    live = LiveServer(app)
    live.port = urlsplit(app.config["SITE_URL"]).port
    live.start()
    yield live
    live.stop()


@pytest.fixture
def demo(app) -> None:
    with app.app_context():
        call_hook("warta_instance_created", app=app)
        call_hook("warta_demo_content", app=app)


@pytest.fixture
def lighthouse() -> list[str]:
    """Lighthouse's command line with Debian's Chromium. CI installs both (`.ci/run`, `npm ci`),
    so there a missing one fails the run rather than hiding a gap as a skip."""
    missing = [path for path in (LIGHTHOUSE, CHROMIUM) if not os.path.exists(path)]
    node = shutil.which("node")
    if node is None:
        missing.append("node")
    if missing:
        reason = (f"{', '.join(map(str, missing))} missing: run `make assets` (npm ci installs "
                  "lighthouse) and `apt-get install chromium nodejs`")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return [node, str(LIGHTHOUSE), f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(['--headless=new', *LAUNCH_ARGS])}",
            "--output=json", "--output-path=stdout", "--quiet"]


def shortfalls(report: dict) -> list[str]:
    """Each category below 100, with the ids and titles of the audits that cost it points."""
    if report.get("runtimeError"):
        return [f"did not run: {report['runtimeError']}"]
    found = []
    for name, category in report["categories"].items():
        found += [f"{name} {category['score'] * 100:.0f}: {ref['id']}: "
                  f"{report['audits'][ref['id']]['title']}"
                  for ref in category["auditRefs"]
                  if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1]
    return found


@pytest.mark.parametrize("form_factor", sorted(FORM_FACTORS))
def test_lighthouse_scores_100(lighthouse, live_server, demo, form_factor):
    found = []
    for name, path in PAGES.items():
        run = subprocess.run([*lighthouse, *FORM_FACTORS[form_factor], live_server + path],
                             capture_output=True, text=True, timeout=120, check=False,
                             env={**os.environ, "CHROME_PATH": CHROMIUM})
        assert run.returncode == 0, f"lighthouse on {path} exited {run.returncode}: {run.stderr}"
        report = json.loads(run.stdout)
        assert report["finalDisplayedUrl"] == live_server + path
        assert sorted(report["categories"]) == sorted(CATEGORIES)
        # Judged as a real site's pages: canonical and robots audits ran and counted.
        assert {report["audits"][audit]["scoreDisplayMode"]
                for audit in ("canonical", "is-crawlable", "robots-txt")} == {"binary"}, path
        found += [f"{name} ({path}) {line}" for line in shortfalls(report)]
    assert not found, f"Lighthouse ({form_factor}) below 100:\n" + "\n".join(found)
