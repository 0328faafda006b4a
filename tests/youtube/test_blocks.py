"""Video blocks as stored markup: the Shorts flag, the tokenizer-based rewriting, and the
round trip through both sanitizer backends."""

from __future__ import annotations

import pytest

from cms.sanitize import BACKENDS, BASE_POLICY, Sanitizer
from plugins.youtube import plugin
from plugins.youtube.blocks import (
    block_html,
    canonical_blocks,
    embed_bare_urls,
    replace_blocks,
    video_from_attributes,
    videos_in,
)
from plugins.youtube.urls import InvalidYouTubeURL, YouTubeVideo, parse_youtube_url
from tests.youtube.conftest import OTHER_ID, VIDEO_ID


def marker(video: YouTubeVideo | None, attributes: dict[str, str]) -> str:
    return f"[{video.video_id if video else 'invalid'}]"


@pytest.mark.parametrize(
    ("url", "shorts"),
    [
        (f"https://www.youtube.com/shorts/{VIDEO_ID}", True),
        (f"youtube.com/shorts/{VIDEO_ID}?t=7", True),
        (f"https://youtu.be/{VIDEO_ID}", False),
        (f"https://www.youtube.com/watch?v={VIDEO_ID}", False),
        (f"https://www.youtube.com/embed/{VIDEO_ID}", False),
    ],
)
def test_parser_marks_shorts_links(url, shorts):
    assert parse_youtube_url(url).shorts is shorts


def test_shorts_flag_is_a_display_hint_not_part_of_the_identity():
    assert YouTubeVideo(VIDEO_ID, shorts=True) == YouTubeVideo(VIDEO_ID)
    with pytest.raises(InvalidYouTubeURL, match="Shorts"):
        YouTubeVideo(VIDEO_ID, shorts="1")  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_stored_block_survives_both_sanitizers_unchanged(app, backend):
    policy = BASE_POLICY.widen(**plugin.warta_sanitizer_allowlist())
    with app.app_context():
        block = str(block_html(YouTubeVideo(VIDEO_ID, 90, "PLabcdefgh", True)))
    assert Sanitizer(policy, backend).clean(block) == block


def test_rewriting_keeps_every_other_byte():
    markup = ('<p title="a &gt; b">x &amp; y &#169; <br/>z</p><!-- c -->'
              '<table><tr><td colspan="2">sel</td></tr></table>')
    assert replace_blocks(markup + '<figure data-youtube-id="x"></figure>', marker) == (
        markup + "[invalid]")


def test_block_ends_at_its_own_closing_tag():
    markup = (f'<figure data-youtube-id="{VIDEO_ID}" data-start="1">'
              '<a title="</figure>">x</a><figure><p>inner</p></figure></figure><p>after</p>'
              f'<figure data-youtube-id="{OTHER_ID}">unclosed')
    assert replace_blocks(markup, marker) == f"[{VIDEO_ID}]<p>after</p>[{OTHER_ID}]"


def test_videos_in_a_body_in_order_without_invalid_ones():
    markup = (f'<figure data-youtube-id="{OTHER_ID}"></figure><p>t</p>'
              '<figure data-youtube-id="videoseries"></figure>'
              f'<figure data-youtube-id="{VIDEO_ID}" data-start="abc"></figure>')
    assert videos_in(markup) == [YouTubeVideo(OTHER_ID), YouTubeVideo(VIDEO_ID)]


def test_attributes_are_revalidated_one_by_one():
    video = video_from_attributes({"data-youtube-id": VIDEO_ID, "data-start": "1m30s",
                                   "data-playlist": "PL x", "data-shorts": "yes"})
    assert (video.start, video.playlist, video.shorts) == (90, None, False)


def test_bare_url_rewriting_is_idempotent(app):
    with app.app_context():
        once = canonical_blocks(embed_bare_urls(f"<p>https://youtu.be/{VIDEO_ID}?t=5</p>"))
        assert canonical_blocks(embed_bare_urls(once)) == once
