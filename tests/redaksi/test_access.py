"""Only editors (and admins) act: journalists and partners get 403, anonymous visitors are
sent to the login page, and nothing changes for any of them."""

from __future__ import annotations

import pytest

from tests.articles.conftest import load, login_as
from tests.conftest import STRONG_PASSWORD

PAGES = ["/admin/redaksi/", "/admin/redaksi/article/{id}", "/admin/redaksi/audit"]
ACTIONS = {
    "/admin/redaksi/article/{id}/correction": {"correction-kind": "ralat",
                                               "correction-text": "Teks ralat"},
    "/admin/redaksi/article/{id}/verification": {"verification-text": "Dalam verifikasi"},
    "/admin/redaksi/article/{id}/verification/clear": {},
    "/admin/redaksi/article/{id}/withdraw": {"withdrawal-reason": "Alasan"},
}


@pytest.mark.parametrize("role", ["partner", "journalist"])
def test_lower_roles_get_403_and_change_nothing(app, client, make_user, story, story_url,
                                                role):
    before = load(app, story)
    other = login_as(app, make_user(role=role))
    for path in PAGES:
        assert other.get(path.format(id=story)).status_code == 403, path
    for path, data in ACTIONS.items():
        assert other.post(path.format(id=story), data=data).status_code == 403, path
    after = load(app, story)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)
    assert "redaksi-notices" not in client.get(story_url).get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_login(client, story):
    for path in PAGES:
        response = client.get(path.format(id=story))
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    for path, data in ACTIONS.items():
        response = client.post(path.format(id=story), data=data)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_act(app, make_user, story, story_url, role):
    desk = login_as(app, make_user(role=role))
    assert desk.get(f"/admin/redaksi/article/{story}").status_code == 200
    response = desk.post(f"/admin/redaksi/article/{story}/correction",
                         data=ACTIONS["/admin/redaksi/article/{id}/correction"])
    assert response.status_code == 302


def test_menu_entry_only_for_editors(app, make_user, desk):
    assert 'href="/admin/redaksi/"' in desk.get("/admin/").get_data(as_text=True)
    journalist = login_as(app, make_user(role="journalist"))
    assert 'href="/admin/redaksi/"' not in journalist.get("/admin/").get_data(as_text=True)


def test_posts_need_the_csrf_token_of_the_page(make_app, make_user, story, story_url):
    guarded = make_app(WTF_CSRF_ENABLED=True)
    editor = make_user(role="editor")
    desk = guarded.test_client()
    login_page = desk.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert desk.post("/login", data={"email": editor.email, "password": STRONG_PASSWORD,
                                     "csrf_token": token}).status_code == 302
    action = f"/admin/redaksi/article/{story}/withdraw"
    refused = desk.post(action, data={"withdrawal-reason": "Alasan"})
    assert refused.status_code == 400 and "kedaluwarsa" in refused.get_data(as_text=True)
    assert guarded.test_client().get(story_url).status_code == 200

    def token_of(path: str, name: str) -> str:
        page = desk.get(f"/admin/redaksi/article/{story}").get_data(as_text=True)
        form = page.split(f'action="{path}"', 1)[1].split("</form>", 1)[0]
        return form.split(f'name="{name}"', 1)[1].split('value="', 1)[1].split('"')[0]

    base = f"/admin/redaksi/article/{story}"
    for path, data in ((f"{base}/verification", {"verification-text": "Dicek"}),
                       (f"{base}/verification/clear", {}),
                       (action, {"withdrawal-reason": "Alasan"})):
        prefix = "withdrawal" if path == action else "verification"
        token = token_of(path, f"{prefix}-csrf_token")
        accepted = desk.post(path, data={**data, f"{prefix}-csrf_token": token})
        assert accepted.status_code == 302, path
    assert guarded.test_client().get(story_url).status_code == 410
