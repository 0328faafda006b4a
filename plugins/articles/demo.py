"""Demo content for ``cms init --demo``: Indonesian articles written for Warta, imported
through the same path as ``cms import jsonl``."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app

from plugins.articles.importer import import_jsonl

DEMO_FILE = Path(__file__).resolve().parent / "demo.jsonl"


def load_demo() -> str:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    report = import_jsonl(DEMO_FILE, zone, skip_bad=True)
    return f"{report.imported} artikel"
