"""Tests for :mod:`cms.sanitize`: the allowlist, both backends and the Flask wiring."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import flask
import pytest

from cms import sanitize
from cms.sanitize import (
    BACKENDS,
    BASE_POLICY,
    Policy,
    Sanitizer,
    UnsafeAllowlistError,
    clean_html,
    init_app,
)

FORBIDDEN_TAGS = (
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "svg",
    "math",
    "template",
)

NASTY = [
    '<p><b><i>unclosed <a href="https://a.example">link',
    "<b><p>misnested</b></p></i></li>",
    "<ul><li>satu<li>dua</ul></ol>",
    '<a href="jav&#x09;ascript:alert(1)">tab entity</a>',
    '<a href="&#x6A;avascript&#58;alert(1)">hex entities</a>',
    '<a href="&#106;avascript:alert(1)">decimal entity</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="  javascript:alert(1)">leading space</a>',
    '<a href="java\nscript:alert(1)">newline</a>',
    '<a href="vbscript:msgbox(1)">vbscript</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data link</a>',
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="javascript:alert(1)" ONERROR="alert(2)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "<style>body{display:none}</style><p>setelah style</p>",
    "<!-- komentar --><p>x</p><!--[if IE]><script>alert(1)</script><![endif]-->",
    "<p>tidak tertutup</p><!--",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p class="MsoNormal"><span style="font-size:12pt;mso-bidi-font-family:Arial">'
    "Teks Word<o:p></o:p></span></p>",
    '<b style="font-weight:normal;" id="docs-internal-guid-1a2b"><span '
    'style="color:#000000;">Google Docs</span></b>',
    '<P ALIGN="center"><STRONG>HURUF BESAR</STRONG></P><SCRIPT>alert(1)</SCRIPT>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<table><tr><td colspan=2 onclick="x()">sel</td></tr>teks liar</table>',
    '<form action="https://evil.example"><input name=p><button '
    "formaction=javascript:alert(1)>kirim</button></form>",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<select><option><img src=x onerror=alert(1)></option></select>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    '<a href="https://berita.example" target="_blank" onmouseover="alert(1)">tautan</a>',
    '<blockquote cite="javascript:alert(1)">kutipan</blockquote>',
    '<a href="http://x.example" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">q</a>',
    "<p>a &amp; b &lt; c &gt; d &nbsp; e &#0; f</p>",
    "<p>\x00null\x0bbyte</p>",
    '<div id="x" class="y"><h1>Judul</h1><span>isi</span></div>',
]


class _Collector(HTMLParser):
    """Records every element, attribute and comment that a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def assert_safe(html: str, policy: Policy = BASE_POLICY) -> None:
    """Fail unless *html* holds only allowlisted markup and nothing executable."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<style" not in lowered
    collector = _Collector()
    collector.feed(html)
    collector.close()
    assert collector.comments == []
    for tag, attrs in collector.elements:
        assert tag not in FORBIDDEN_TAGS
        assert tag in policy.tags
        allowed = policy.attributes.get(tag, frozenset()) | policy.attributes.get("*", frozenset())
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in {"style", "srcdoc", "class", "id"}, (tag, name)
            assert name in allowed, (tag, name)
            compact = re.sub(r"[\x00-\x20]", "", value or "").lower()
            assert not compact.startswith(("javascript:", "vbscript:", "data:")), (tag, value)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def sanitizer(backend: str) -> Sanitizer:
    return Sanitizer(backend=backend)


@pytest.fixture
def youtube_policy() -> Policy:
    return BASE_POLICY.widen(tags=["div"], attributes={"div": ["data-youtube-id"]})


def test_corpus_is_large_and_distinct() -> None:
    assert len(set(NASTY)) == len(NASTY) >= 25


@pytest.mark.parametrize("html", NASTY)
def test_nasty_input_comes_out_safe(sanitizer: Sanitizer, html: str) -> None:
    assert_safe(sanitizer.clean(html))


@pytest.mark.parametrize("html", NASTY)
def test_clean_is_idempotent(sanitizer: Sanitizer, html: str) -> None:
    once = sanitizer.clean(html)
    assert sanitizer.clean(once) == once


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>"),
        ("<img src=x onerror=alert(1)>", '<img src="x">'),
        ('<img src="data:image/png;base64,AAAA" alt="a">', '<img alt="a">'),
        ('<span>Teks</span> <font color="red">merah</font> <o:p>kata</o:p>', "Teks merah kata"),
        ("<p>a<!-- catatan redaksi -->b</p>", "<p>ab</p>"),
        ("<P><STRONG>X</STRONG></P>", "<p><strong>X</strong></p>"),
        (
            '<p class="MsoNormal"><span style="font-size:12pt">Teks<o:p></o:p></span></p>',
            "<p>Teks</p>",
        ),
        (
            '<a href="https://a.example/b" rel="nofollow" target="_blank">t</a>',
            '<a href="https://a.example/b" rel="nofollow">t</a>',
        ),
        (
            '<a href="/berita/1">r</a> <a href="mailto:redaksi@warta.example">m</a>',
            '<a href="/berita/1">r</a> <a href="mailto:redaksi@warta.example">m</a>',
        ),
        ("<iframe src='https://evil.example'></iframe><p>x</p>", "<p>x</p>"),
        ('<a href="ftp://f.example/x">f</a><a href="tel:+62211234">t</a>', "<a>f</a><a>t</a>"),
    ],
)
def test_clean_output(sanitizer: Sanitizer, html: str, expected: str) -> None:
    assert sanitizer.clean(html) == expected


def test_script_and_style_elements_removed(sanitizer: Sanitizer, backend: str) -> None:
    html = "<p>a</p><script>alert(1)</script><STYLE>p{}</STYLE>"
    expected = {"bleach": "<p>a</p>alert(1)p{}", "nh3": "<p>a</p>"}
    assert sanitizer.clean(html) == expected[backend]


def test_allowed_article_markup_is_kept_unchanged(sanitizer: Sanitizer) -> None:
    body = (
        '<h2>Banjir</h2><p>Hujan <em>deras</em> di <abbr title="Daerah Khusus">DK</abbr> '
        'Jakarta, lihat <a href="https://bmkg.example/" title="BMKG">BMKG</a>.</p>'
        '<figure><img src="/media/banjir.jpg" alt="Banjir" width="640" height="480">'
        "<figcaption>Foto: <cite>Warta</cite></figcaption></figure>"
        "<blockquote><q>Air naik</q></blockquote><ul><li>satu</li></ul><ol><li>dua</li></ol>"
        '<table><thead><tr><th colspan="2">Data</th></tr></thead><tbody><tr>'
        '<td rowspan="1">H<sub>2</sub>O</td><td>x<sup>2</sup></td></tr></tbody></table>'
        "<hr><pre><code>kode</code></pre><p><b>b</b><i>i</i><u>u</u><s>s</s><br></p>"
        "<h3>a</h3><h4>b</h4>"
    )
    assert sanitizer.clean(body) == body


def test_unknown_backend_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'lxml'.*bleach, nh3"):
        Sanitizer(backend="lxml")


def test_cleaner_is_built_once(monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    module = getattr(sanitize, backend)
    real = module.Cleaner
    built = []

    def counting(*args: object, **kwargs: object) -> object:
        built.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "Cleaner", counting)
    instance = Sanitizer(backend=backend)
    for _ in range(3):
        instance.clean("<p>x</p>")
    assert len(built) == 1


def test_base_policy_has_no_class_style_or_id() -> None:
    every_attribute = set().union(*BASE_POLICY.attributes.values())
    assert every_attribute.isdisjoint({"class", "style", "id"})
    assert "*" not in BASE_POLICY.attributes
    assert BASE_POLICY.protocols == {"http", "https", "mailto"}
    assert BASE_POLICY.attributes["a"] == {"href", "title", "rel"}


def test_policy_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE_POLICY.tags = frozenset()  # type: ignore[misc]
    with pytest.raises(TypeError):
        BASE_POLICY.attributes["a"] = frozenset({"onclick"})  # type: ignore[index]


def test_widen_returns_new_policy(youtube_policy: Policy) -> None:
    assert "div" in youtube_policy.tags
    assert youtube_policy.attributes["div"] == {"data-youtube-id"}
    assert youtube_policy.attributes["a"] == BASE_POLICY.attributes["a"]
    assert "div" not in BASE_POLICY.tags
    assert "div" not in BASE_POLICY.attributes


def test_widen_merges_and_lowercases() -> None:
    policy = BASE_POLICY.widen(tags=["DIV"], attributes={"A": ["Target"]})
    assert "div" in policy.tags
    assert policy.attributes["a"] == {"href", "title", "rel", "target"}


def test_policy_normalises_case_on_construction() -> None:
    policy = Policy(tags={"P"}, attributes={"P": {"TITLE"}}, protocols={"HTTPS"})
    assert policy.tags == {"p"}
    assert policy.attributes == {"p": {"title"}}
    assert policy.protocols == {"https"}
    with pytest.raises(UnsafeAllowlistError, match="'script'"):
        Policy(tags={"SCRIPT"}, attributes={}, protocols={"https"})
    with pytest.raises(UnsafeAllowlistError, match="'javascript'"):
        Policy(tags={"p"}, attributes={}, protocols={"JavaScript"})


def test_widened_markup_survives_cleaning(backend: str, youtube_policy: Policy) -> None:
    html = '<div data-youtube-id="abc123" onclick="x()" class="c" style="a:b">video</div>'
    assert Sanitizer(youtube_policy, backend).clean(html) == (
        '<div data-youtube-id="abc123">video</div>'
    )
    assert Sanitizer(BASE_POLICY, backend).clean(html) == "video"


@pytest.mark.parametrize("tag", FORBIDDEN_TAGS)
def test_widen_refuses_forbidden_tag(tag: str) -> None:
    with pytest.raises(UnsafeAllowlistError, match=rf"tag '{tag}' cannot be allowed: it \w+"):
        BASE_POLICY.widen(tags=[tag])
    with pytest.raises(UnsafeAllowlistError, match=rf"tag '{tag}'"):
        BASE_POLICY.widen(tags=[tag.upper()])
    with pytest.raises(UnsafeAllowlistError, match=rf"tag '{tag}'"):
        BASE_POLICY.widen(attributes={tag: ["title"]})


@pytest.mark.parametrize(
    ("attribute", "why"),
    [
        ("onclick", "event-handler"),
        ("ONLOAD", "event-handler"),
        ("onmouseover", "event-handler"),
        ("style", "CSS"),
        ("srcdoc", "HTML document"),
    ],
)
@pytest.mark.parametrize("tag", ["img", "div", "*"])
def test_widen_refuses_forbidden_attribute(attribute: str, why: str, tag: str) -> None:
    pattern = rf"attribute '{attribute.lower()}' on '{re.escape(tag)}' cannot be allowed: .*{why}"
    with pytest.raises(UnsafeAllowlistError, match=pattern):
        BASE_POLICY.widen(tags=["div"], attributes={tag: ["title", attribute]})


def test_unsafe_allowlist_error_is_value_error() -> None:
    assert issubclass(UnsafeAllowlistError, ValueError)


@pytest.mark.parametrize("scheme", ["javascript", "data", "vbscript", "ftp"])
def test_policy_refuses_other_url_schemes(scheme: str) -> None:
    with pytest.raises(UnsafeAllowlistError, match=rf"URL scheme '{scheme}' cannot be allowed"):
        Policy(tags=BASE_POLICY.tags, attributes={}, protocols={"https", scheme})


def test_bare_string_is_rejected() -> None:
    with pytest.raises(TypeError, match="'div'"):
        BASE_POLICY.widen(tags="div")
    with pytest.raises(TypeError, match="'title'"):
        BASE_POLICY.widen(attributes={"div": "title"})


def test_widening_cannot_reenable_javascript_urls(backend: str) -> None:
    with pytest.raises(TypeError):
        BASE_POLICY.widen(protocols=["javascript"])  # type: ignore[call-arg]
    policy = BASE_POLICY.widen(
        tags=["div"], attributes={"div": ["href", "src"], "*": ["href"], "a": ["href"]}
    )
    assert policy.protocols == BASE_POLICY.protocols
    html = (
        '<a href="javascript:alert(1)">a</a><div href="jav&#x09;ascript:alert(1)" '
        'src="javascript:alert(2)">d</div><p href="JAVASCRIPT:alert(3)">p</p>'
    )
    out = Sanitizer(policy, backend).clean(html)
    assert out == "<a>a</a><div>d</div><p>p</p>"
    assert_safe(out, policy)


def _app(**config: object) -> flask.Flask:
    app = flask.Flask(__name__)
    app.config.update(config)
    return app


def test_init_app_defaults_to_nh3() -> None:
    app = _app()
    init_app(app)
    sanitizer = app.extensions["warta.sanitizer"]
    assert isinstance(sanitizer, Sanitizer)
    assert sanitizer.backend == "nh3"
    assert sanitizer.policy == BASE_POLICY


def test_init_app_reads_backend_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_SANITIZER", "bleach")
    app = _app()
    app.config.from_prefixed_env("WARTA")
    init_app(app)
    assert app.extensions["warta.sanitizer"].backend == "bleach"


def test_clean_html_uses_app_sanitizer_with_plugin_allowlists(backend: str) -> None:
    app = _app(SANITIZER=backend)
    init_app(
        app,
        [
            {"tags": ["div"], "attributes": {"div": ["data-youtube-id"]}},
            {"attributes": {"a": ["target"]}},
            {},
        ],
    )
    assert app.extensions["warta.sanitizer"].backend == backend
    html = (
        '<div data-youtube-id="v1" onclick="x()">v</div>'
        '<a href="javascript:alert(1)" target="_blank">t</a><script>alert(1)</script>'
    )
    with app.app_context():
        out = clean_html(html)
    assert out.startswith('<div data-youtube-id="v1">v</div><a target="_blank">t</a>')
    assert_safe(out, app.extensions["warta.sanitizer"].policy)


def test_clean_html_requires_init_app() -> None:
    with _app().app_context(), pytest.raises(RuntimeError, match="init_app"):
        clean_html("<p>x</p>")


def test_init_app_refuses_unsafe_plugin_allowlist() -> None:
    app = _app()
    with pytest.raises(UnsafeAllowlistError, match="'iframe'"):
        init_app(app, [{"tags": ["div"]}, {"tags": ["iframe"]}])
    assert "warta.sanitizer" not in app.extensions


def test_init_app_refuses_unknown_allowlist_keys() -> None:
    with pytest.raises(ValueError, match="unsupported allowlist keys: protocols"):
        init_app(_app(), [{"tags": ["div"], "protocols": ["javascript"]}])


def test_init_app_refuses_unknown_backend() -> None:
    with pytest.raises(ValueError, match="valid backends: bleach, nh3"):
        init_app(_app(SANITIZER="html5lib"))
