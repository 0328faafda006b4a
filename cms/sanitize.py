"""HTML sanitising for stored article bodies.

This is the only module in Warta that talks to an HTML-cleaning library.
Keeping the allowlist in one :class:`Policy` means editors, importers and
plugins all get the same guarantees, and the backend (bleach or nh3) can be
swapped by configuration without the policy drifting between them.

nh3 is the default. bleach's cost grows with the square of the number of sibling
elements (html5lib's tree walker finds each element's place among its siblings with
``list.count`` and ``list.index``): 20,000 ``<p><b>a</b></p>`` take 12 s, where nh3
takes 0.01 s. nh3 has quadratic corners too (deeply nested blocks, long runs of
character references), so every body is first held to :func:`check_html_size`'s limits,
within which nh3 cleans anything in about a second at most (``bench/sanitize.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import bleach
import nh3
from flask import current_app
from flask_babel import gettext as _

if TYPE_CHECKING:
    from flask import Flask

BACKENDS: tuple[str, ...] = ("bleach", "nh3")
EXTENSION_KEY = "warta.sanitizer"
SAFE_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})
DEFAULT_BACKEND = "nh3"

#: Longest HTML (characters) cleaned: a 2 MB article with generous markup fits.
MAX_HTML_CHARS = 6_000_000
#: Most elements (start tags) in one body: a results table of 1,500 rows still fits.
MAX_HTML_TAGS = 15_000
#: Most character references (``&amp;`` and the like) in one body.
MAX_HTML_REFERENCES = 100_000

_EMBEDS = "embeds active or third-party content into the article page"
_FORMS = "lets article content phish readers or submit forms on their behalf"
_FOREIGN = "switches the parser into foreign content, a classic mutation-XSS vector"
_FORBIDDEN_TAGS: Mapping[str, str] = MappingProxyType(
    {
        "script": "executes JavaScript",
        "style": "injects CSS that can restyle or overlay the whole page",
        **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed"), _EMBEDS),
        "base": "rewrites every relative URL on the page",
        "meta": "can redirect the page or change its security headers",
        "link": "loads external stylesheets or resources",
        **dict.fromkeys(("form", "input", "button", "textarea", "select"), _FORMS),
        **dict.fromkeys(("svg", "math"), _FOREIGN),
        "template": "holds inert markup that sanitisers do not inspect consistently",
    }
)
_FORBIDDEN_ATTRIBUTES: Mapping[str, str] = MappingProxyType(
    {
        "on*": "event-handler attributes execute JavaScript",
        "style": "inline CSS can overlay the page or exfiltrate data",
        "srcdoc": "it embeds a complete, unsanitised HTML document",
    }
)


def _names(items: Iterable[str]) -> frozenset[str]:
    """Lower-case names as both parsers do; a bare string would silently split into letters."""
    if isinstance(items, str):
        raise TypeError(f"expected an iterable of names, got the string {items!r}")
    return frozenset(item.lower() for item in items)


class HtmlTooLarge(ValueError):
    """The HTML is beyond what Warta cleans; ``str(exc)`` tells the writer which limit.

    The editor shows it next to the text it keeps; any other path answers 413.
    """


_START_TAG = re.compile(r"<[A-Za-z]")


def check_html_size(html: str) -> None:
    """Refuse HTML beyond the limits within which cleaning stays fast.

    Counting is linear and much cheaper than parsing, so an oversized body costs nothing.

    :raises HtmlTooLarge: naming the limit that was passed.
    """
    if len(html) > MAX_HTML_CHARS:
        raise HtmlTooLarge(_("Teks terlalu panjang: paling banyak %(num)s karakter.",
                             num=f"{MAX_HTML_CHARS:,}".replace(",", ".")))
    if html.count("<") > MAX_HTML_TAGS and len(_START_TAG.findall(html)) > MAX_HTML_TAGS:
        raise HtmlTooLarge(_("Teks memuat terlalu banyak elemen: paling banyak %(num)s.",
                             num=f"{MAX_HTML_TAGS:,}".replace(",", ".")))
    if html.count("&") > MAX_HTML_REFERENCES:
        raise HtmlTooLarge(_("Teks memuat terlalu banyak karakter khusus (&): paling "
                             "banyak %(num)s.", num=f"{MAX_HTML_REFERENCES:,}".replace(",", ".")))


class UnsafeAllowlistError(ValueError):
    """Raised when a policy would allow a tag, attribute or URL scheme that is never safe.

    It subclasses :class:`ValueError` so callers validating plugin input can
    treat it like any other bad configuration value.
    """


@dataclass(frozen=True)
class Policy:
    """An immutable allowlist shared by every sanitiser backend.

    Validation happens on construction, so no code path (including
    :meth:`widen`) can produce a policy containing a forbidden item.

    :param tags: element names that survive cleaning (others are stripped, text kept).
    :param attributes: per-tag allowed attributes; the ``"*"`` key applies to all tags.
    :param protocols: URL schemes permitted in ``href``/``src``; relative URLs always pass.
    """

    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]] = field(hash=False)
    protocols: frozenset[str]

    def __post_init__(self) -> None:
        tags, protocols = _names(self.tags), _names(self.protocols)
        attributes = {tag.lower(): _names(attrs) for tag, attrs in self.attributes.items()}
        for tag in sorted(tags | attributes.keys()):
            if tag in _FORBIDDEN_TAGS:
                raise UnsafeAllowlistError(
                    f"tag {tag!r} cannot be allowed: it {_FORBIDDEN_TAGS[tag]}"
                )
            for attr in sorted(attributes.get(tag, ())):
                reason = _FORBIDDEN_ATTRIBUTES.get("on*" if attr.startswith("on") else attr)
                if reason:
                    raise UnsafeAllowlistError(
                        f"attribute {attr!r} on {tag!r} cannot be allowed: {reason}"
                    )
        unsafe_schemes = sorted(protocols - SAFE_PROTOCOLS)
        if unsafe_schemes:
            raise UnsafeAllowlistError(
                f"URL scheme {unsafe_schemes[0]!r} cannot be allowed: only "
                f"{', '.join(sorted(SAFE_PROTOCOLS))} links are safe to publish"
            )
        object.__setattr__(self, "tags", tags)
        object.__setattr__(self, "attributes", MappingProxyType(attributes))
        object.__setattr__(self, "protocols", protocols)

    def widen(
        self,
        tags: Iterable[str] = (),
        attributes: Mapping[str, Iterable[str]] | None = None,
    ) -> Policy:
        """Return a new policy allowing extra tags/attributes (used by plugins).

        URL schemes cannot be widened, so a plugin can never re-enable
        ``javascript:`` or ``data:`` URLs.

        :raises UnsafeAllowlistError: if any requested item is forbidden.
        """
        merged = dict(self.attributes)
        for tag, attrs in (attributes or {}).items():
            key = tag.lower()
            merged[key] = merged.get(key, frozenset()) | _names(attrs)
        return Policy(tags=self.tags | _names(tags), attributes=merged, protocols=self.protocols)


BASE_POLICY = Policy(
    tags=frozenset(
        {"p", "br", "hr", "h2", "h3", "h4", "blockquote", "pre", "code", "cite", "q", "abbr"}
        | {"strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "img", "figure", "figcaption"}
        | {"ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td"}
    ),
    attributes={
        "a": frozenset({"href", "title", "rel"}),
        "img": frozenset({"src", "alt", "title", "width", "height"}),
        "th": frozenset({"colspan", "rowspan"}),
        "td": frozenset({"colspan", "rowspan"}),
        "abbr": frozenset({"title"}),
    },
    protocols=SAFE_PROTOCOLS,
)


class Sanitizer:
    """Applies a :class:`Policy` with one backend library.

    The underlying cleaner is built once here because both libraries do
    non-trivial setup per cleaner, and article bodies are cleaned on every save.

    :param policy: the allowlist to enforce.
    :param backend: one of :data:`BACKENDS`.
    :raises ValueError: for an unknown backend name.
    """

    def __init__(self, policy: Policy = BASE_POLICY, backend: str = DEFAULT_BACKEND) -> None:
        self.policy = policy
        self.backend = backend
        if backend == "bleach":
            self._clean: Callable[[str], str] = bleach.Cleaner(
                tags=policy.tags,
                attributes={tag: sorted(attrs) for tag, attrs in policy.attributes.items()},
                protocols=policy.protocols,
                strip=True,
                strip_comments=True,
            ).clean
        elif backend == "nh3":
            self._clean = nh3.Cleaner(
                tags=policy.tags,
                clean_content_tags={"script", "style"},
                attributes=dict(policy.attributes),
                strip_comments=True,
                link_rel=None,
                url_schemes=policy.protocols,
            ).clean
        else:
            raise ValueError(
                f"unknown sanitizer backend {backend!r}; valid backends: {', '.join(BACKENDS)}"
            )

    def clean(self, html: str) -> str:
        """Return *html* reduced to the policy's allowlist; safe to store and render.

        :raises HtmlTooLarge: beyond :func:`check_html_size`'s limits.
        """
        check_html_size(html)
        return self._clean(html)


def clean_html(html: str) -> str:
    """Clean *html* with the current Flask app's sanitiser.

    Callers go through the app so the backend and plugin widenings chosen at
    start-up apply everywhere.

    :raises RuntimeError: if :func:`init_app` was not called for this app.
    """
    sanitizer = current_app.extensions.get(EXTENSION_KEY)
    if sanitizer is None:
        raise RuntimeError("cms.sanitize.init_app() has not been called for this app")
    return sanitizer.clean(html)


def widen_with(policy: Policy, allowlist: Mapping) -> Policy:
    """Apply one plugin's ``{"tags": [...], "attributes": {...}}`` request to ``policy``.

    The plugin manager calls this on :data:`BASE_POLICY` before a plugin is applied, so
    a plugin asking for something forbidden fails alone instead of stopping the site.

    :raises UnsafeAllowlistError: if the request names a forbidden item.
    :raises ValueError: for keys other than ``tags`` and ``attributes``.
    """
    unknown = set(allowlist) - {"tags", "attributes"}
    if unknown:
        raise ValueError(f"unsupported allowlist keys: {', '.join(sorted(unknown))}")
    return policy.widen(allowlist.get("tags", ()), allowlist.get("attributes"))


def init_app(app: Flask, extra_allowlists: Iterable[Mapping] = ()) -> None:
    """Build the app's :class:`Sanitizer` and register it as an extension.

    The backend comes from ``app.config["SANITIZER"]`` (default ``"nh3"``).
    Each mapping in *extra_allowlists* (``{"tags": [...], "attributes": {...}}``)
    widens :data:`BASE_POLICY`; unknown keys are rejected so a typo or an
    attempt to add URL schemes fails loudly instead of being ignored.

    :raises UnsafeAllowlistError: if a plugin asks for a forbidden item.
    :raises ValueError: for an unknown backend or allowlist key.
    """
    policy = BASE_POLICY
    for allowlist in extra_allowlists:
        policy = widen_with(policy, allowlist)
    backend = app.config.get("SANITIZER", DEFAULT_BACKEND)
    app.extensions[EXTENSION_KEY] = Sanitizer(policy, backend)
