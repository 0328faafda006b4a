"""Bodies beyond the sanitizer's limits are refused before any parsing, by both backends,
and the worst bodies within them are cleaned in about a second (see bench/sanitize.py)."""

from __future__ import annotations

import time

import pytest

from cms.sanitize import (
    BACKENDS,
    MAX_HTML_CHARS,
    MAX_HTML_REFERENCES,
    MAX_HTML_TAGS,
    HtmlTooLarge,
    Sanitizer,
    clean_html,
)

TOO_LARGE = {
    "characters": "a" * (MAX_HTML_CHARS + 1),
    "elements": "<p>a</p>" * (MAX_HTML_TAGS + 1),
    "references": "&amp;" * (MAX_HTML_REFERENCES + 1),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("limit", TOO_LARGE)
def test_beyond_a_limit_is_refused_by_every_backend(backend, limit):
    with pytest.raises(HtmlTooLarge, match="paling banyak"):
        Sanitizer(backend=backend).clean(TOO_LARGE[limit])


def test_less_than_signs_in_text_are_not_counted_as_elements():
    html = "<p>" + "1 < 2 " * (MAX_HTML_TAGS + 1) + "</p>"
    assert Sanitizer().clean(html).startswith("<p>1 &lt; 2")


@pytest.mark.parametrize("html", [
    "<blockquote>" * MAX_HTML_TAGS,
    "<ul><li>" * (MAX_HTML_TAGS // 2),
    "<p><b>a</b></p>" * (MAX_HTML_TAGS // 2),
    "&amp;" * MAX_HTML_REFERENCES,
    "a < b " * (MAX_HTML_CHARS // 6),
], ids=["nested-blockquote", "nested-lists", "siblings", "references", "long-text"])
def test_the_worst_bodies_within_the_limits_do_not_hang(html):
    """bleach took minutes on these; the bound only catches that again, far above the ~0.8 s
    they take on a busy machine (their speed is measured in bench/sanitize.py)."""
    sanitizer = Sanitizer()
    start = time.perf_counter()
    sanitizer.clean(html)
    assert time.perf_counter() - start < 15


def test_an_oversized_body_from_any_form_is_a_clear_413(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/_bersihkan", "bersihkan",
                     lambda: clean_html(TOO_LARGE["elements"]), methods=["POST"])
    response = app.test_client().post("/_bersihkan")
    assert response.status_code == 413
    assert "terlalu banyak elemen" in response.get_data(as_text=True)
