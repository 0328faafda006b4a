"""How long cleaning one article body takes, per sanitizer backend, printed as figures.

Run with ``.venv/bin/python bench/sanitize.py``. The first table is the audit's cases
(20,000 ``<p><b>a</b></p>``, 1.36 MB of simple markup) cleaned without the size check,
which shows why nh3 is the default; the second is the worst bodies found within
``cms.sanitize``'s limits (deep nesting is nh3's quadratic corner, long runs of character
references another), cleaned as Warta cleans them. Like bench/run.py, it exits 1 when a
body within the limits takes longer than the target.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cms.sanitize import (  # noqa: E402
    BACKENDS,
    MAX_HTML_CHARS,
    MAX_HTML_REFERENCES,
    MAX_HTML_TAGS,
    HtmlTooLarge,
    Sanitizer,
)

#: Seconds one body within the limits may take on a 2-core machine.
TARGET_SECONDS = 1.0

AUDIT = {
    "20,000 <p><b>a</b></p>": "<p><b>a</b></p>" * 20_000,
    "1.36 MB simple markup": "<p>Kata <b>tebal</b> dan <i>miring</i>.</p>" * 34_000,
}

WITHIN_LIMITS = {
    "nested <div>": "<div>" * MAX_HTML_TAGS,
    "nested <blockquote>": "<blockquote>" * MAX_HTML_TAGS,
    "nested <ul><li>": "<ul><li>" * (MAX_HTML_TAGS // 2),
    "sibling <p>": "<p>a</p>" * MAX_HTML_TAGS,
    "run of &amp;": "&amp;" * MAX_HTML_REFERENCES,
    "plain text": "kata " * (MAX_HTML_CHARS // 5),
    "text with < signs": "a < b " * (MAX_HTML_CHARS // 6),
    "comments": "<!--x-->" * (MAX_HTML_CHARS // 8),
}


def timed(clean, html: str) -> float:
    start = time.perf_counter()
    clean(html)
    return time.perf_counter() - start


def main() -> int:
    print("The audit's bodies, without the size check (seconds)")  # noqa: T201
    for name, html in AUDIT.items():
        figures = []
        for backend in BACKENDS:
            raw = Sanitizer(backend=backend)._clean
            figures.append(f"{backend} {timed(raw, html):7.3f}")
        print(f"  {name:28} {len(html):>9,} chars  " + "  ".join(figures))  # noqa: T201
    print(f"\nThe worst bodies within the limits, nh3 (target {TARGET_SECONDS} s)")  # noqa: T201
    sanitizer = Sanitizer(backend="nh3")
    missed = 0
    for name, html in WITHIN_LIMITS.items():
        seconds = timed(sanitizer.clean, html)
        missed += seconds > TARGET_SECONDS
        print(f"  {name:28} {len(html):>9,} chars  {seconds:7.3f}")  # noqa: T201
    try:
        sanitizer.clean("<p>a</p>" * (MAX_HTML_TAGS + 1))
    except HtmlTooLarge as exc:
        print(f"\nOne element more: refused ({exc})")  # noqa: T201
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
