"""A newsroom member embeds a video with the editor button; a reader plays it on click."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import STRONG_PASSWORD

pytestmark = pytest.mark.browser

VIDEO_ID = "dQw4w9WgXcQ"
PLAYER_HOSTS = {"www.youtube-nocookie.com", "youtube-nocookie.com", "www.youtube.com",
                "youtube.com", "m.youtube.com", "youtu.be"}


@pytest.fixture
def app_config(app_config):
    # The server's thumbnail fetch finds this machine offline: readers get the placeholder.
    return {**app_config, "PLUGINS": ["articles", "youtube"], "WTF_CSRF_ENABLED": True,
            "YOUTUBE_THUMBNAIL_URL": "http://127.0.0.1:9/{video_id}.jpg"}


def log_in(page, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(STRONG_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server}/admin/")


def insert_video(page, url: str) -> None:
    page.get_by_role("button", name="Video YouTube").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Alamat video YouTube").fill(url)
    dialog.get_by_role("button", name="Sisipkan").click()


def test_editor_button_embeds_a_video_that_plays_only_on_click(page, live_server, make_user):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # Nothing may leave the machine; the requests are still recorded above.
    page.route("**/*ytimg.com/**", lambda route: route.abort())
    page.route("**/*youtube*.com/**", lambda route: route.abort())

    # Wide enough for the whole toolbar; narrower, TinyMCE folds the last buttons away.
    page.set_viewport_size({"width": 1600, "height": 1000})
    make_user(email="redaktur@example.com", role="editor", name="Redaktur Pagi")
    log_in(page, live_server, "redaktur@example.com")
    page.goto(f"{live_server}/admin/articles/new")
    page.get_by_label("Judul", exact=True).fill("Kirab Budaya Kediri")

    insert_video(page, "https://www.youtube.com/@PemkabKediri")
    alert = page.get_by_role("alertdialog").filter(has_text="bukan alamat kanal")
    alert.get_by_role("button", name="Ok").click()
    page.get_by_role("dialog").get_by_role("button", name="Batal").click()

    insert_video(page, f"https://youtu.be/{VIDEO_ID}?t=90")
    body = page.frame_locator(".tox-edit-area iframe")
    body.locator(f'figure[data-youtube-id="{VIDEO_ID}"]').first.wait_for()
    page.keyboard.type("Warga memadati alun-alun.")  # the caret waits after the block
    page.get_by_role("button", name="Terbitkan / jadwalkan").click()
    page.wait_for_url("**/edit?saved=1**")
    page.get_by_role("link", name="Lihat di situs").click()
    page.wait_for_url("**/berita/kirab-budaya-kediri")

    facade = page.locator("[data-youtube-facade]")
    facade.wait_for()
    assert facade.count() == 1
    after = page.locator(".article__body").inner_text()
    assert after.index("Putar video") < after.index("Warga memadati alun-alun.")
    assert page.locator("iframe").count() == 0
    before_click = [url for url in requests
                    if urlsplit(url).hostname in {*PLAYER_HOSTS, "i.ytimg.com"}]
    assert before_click == []

    facade.get_by_role("link").click()
    player = facade.locator("iframe")
    player.wait_for(state="attached")
    assert player.get_attribute("src") == (
        f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=90&autoplay=1")
    assert player.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    assert player.get_attribute("title") == "Video YouTube: Kirab Budaya Kediri"
    assert "autoplay" in player.get_attribute("allow")
    assert page.url.endswith("/berita/kirab-budaya-kediri")  # the link did not navigate
    assert any(urlsplit(url).hostname == "www.youtube-nocookie.com" for url in requests)
    csp_errors = [e for e in page.console_errors if "Content Security Policy" in e]
    assert csp_errors == []
