"""Highlighted titles and snippets for hits, with the project's own analyzer.

PostgreSQL's ``ts_headline`` re-parses text with a text search configuration, which
knows nothing of Indonesian stems: it would not mark "pembinaan" for a search for
"bina". The words are found here instead with the analyzer that indexed them
(:func:`plugins.search.analysis.whoosh_analyzer`), and marked with Whoosh's highlighter,
so a results page looks the same whichever backend found the hits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape
from whoosh.highlight import ContextFragmenter, HtmlFormatter, WholeFragmenter, highlight

from plugins.search.analysis import first_term_at, whoosh_analyzer

SNIPPET_CHARS = 220
# A snippet starts up to this many characters before the first match (found with a plain
# scan, :func:`~plugins.search.analysis.first_term_at`), and the highlighter looks for
# the best passages within SNIPPET_WINDOW characters from there: analyzing a whole story
# for each hit costs more than finding the hits.
SNIPPET_CONTEXT = 60
SNIPPET_WINDOW = 600


class Highlighter:
    """Marks the words of one query in stored text; one per search (it keeps the stems)."""

    def __init__(self, stems: frozenset[str], stemmer: str) -> None:
        self.stems = stems
        self.stemmer = stemmer
        self.analyzer = _analyzer(stemmer)

    def highlights(self, stored: Mapping[str, Any]) -> dict[str, Markup]:
        """``title`` and ``body`` (a snippet of the lead, else the body) as safe HTML.

        One formatter per hit: it numbers the words it marks (``term0``, ``term1``) in
        the order it meets them, and the numbering starts again with each hit.
        """
        formatter = HtmlFormatter(tagname="mark", classname="search-match", termclass="term",
                                  between=" … ")
        title = highlight(stored["title"], self.stems, self.analyzer, WholeFragmenter(),
                          formatter, top=1)
        lead, body = stored.get("lead") or "", stored.get("body") or ""
        snippet = self.snippet(lead, formatter) or self.snippet(body, formatter) or \
            str(escape(shorten(lead or body)))
        return {"title": Markup(title or escape(stored["title"])), "body": Markup(snippet)}

    def snippet(self, text: str, formatter: HtmlFormatter) -> str:
        """The highlighted passage of ``text`` around its first matching word, or ""."""
        start = first_term_at(text, self.stems, self.stemmer)
        if start is None:
            return ""
        if start > SNIPPET_CONTEXT:
            start = text.find(" ", start - SNIPPET_CONTEXT, start) + 1 or start
        else:
            start = 0
        window = text[start:start + SNIPPET_WINDOW]
        fragments = highlight(window, self.stems, self.analyzer,
                              ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
                              formatter, top=2)
        return ("… " if start else "") + fragments


_ANALYZERS: dict[str, Any] = {}


def _analyzer(stemmer: str) -> Any:
    """Built once per stemmer: building composes and compiles the whole pipeline."""
    if stemmer not in _ANALYZERS:
        _ANALYZERS[stemmer] = whoosh_analyzer(stemmer)
    return _ANALYZERS[stemmer]


def shorten(text: str) -> str:
    """``text`` cut at a word boundary to about :data:`SNIPPET_CHARS` characters."""
    if len(text) <= SNIPPET_CHARS:
        return text
    return text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
