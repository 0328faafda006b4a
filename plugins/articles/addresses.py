"""Addresses of one value (an article's slug, an image's path) built from a pattern.

A listing builds some 200 addresses: ``url_for`` for each (adapter, rule, converters,
quoting) was a tenth of a cold home page. The addresses of one endpoint differ only by
the value, so the first one of a request is built by ``url_for`` with a marker in the
value's place and the others are pasted into it. A value with a character that
``url_for`` would escape still goes through ``url_for``, so every address is the same as
``url_for`` gives.
"""

from __future__ import annotations

import re

from flask import g, has_request_context, request, url_for

#: Characters no URL builder escapes, "/" included (Werkzeug leaves it in every value).
_PLAIN = re.compile(r"[A-Za-z0-9._~/-]+\Z")
_MARKER = "WARTAVALUE"
#: Where a request keeps its patterns, ``{(endpoint, name, script root): (head, tail)}``.
_PATTERNS = "articles_address_patterns"


def address(endpoint: str, name: str, value: str) -> str:
    """``url_for(endpoint, **{name: value})`` for an endpoint whose rule has that one value,
    a string."""
    if not _PLAIN.match(value):
        return url_for(endpoint, **{name: value})
    patterns: dict[tuple, tuple[str, str]] = g.setdefault(_PATTERNS, {})
    # The script root is part of every address; one app context may serve several requests.
    key = (endpoint, name, request.script_root if has_request_context() else None)
    pattern = patterns.get(key)
    if pattern is None:
        built = url_for(endpoint, **{name: _MARKER})
        head, _marker, tail = built.partition(_MARKER)
        pattern = patterns[key] = (head, tail)
    return pattern[0] + value + pattern[1]
