"""Which links of an advertorial leave the site is decided by the site's address alone:
its body is cached for every reader, so the host one reader asked for must not count."""

from __future__ import annotations

import pytest

from tests.advertorial.conftest import tree

BODY = '<p>Promo di <a href="https://evil.example/promo">toko kami</a>.</p>'


@pytest.fixture
def app_config(app_config):
    return {**app_config, "SITE_URL": "https://kabarkediri.example", "FRAGMENT_CACHE": True,
            "PAGE_CACHE": True}


def test_a_link_to_the_host_a_reader_named_is_still_sponsored(app, make_advertorial, sponsor):
    make_advertorial(sponsor, title="Promo Toko", body=BODY)
    client = app.test_client()
    for host in ("evil.example", "kabarkediri.example"):  # the first one renders the body
        document = tree(client.get("/berita/promo-toko", base_url=f"http://{host}")
                        .get_data(as_text=True))
        links = [n for n in document.walk() if n.attrs.get("href") == "https://evil.example/promo"]
        assert [link.attrs.get("rel") for link in links] == ["sponsored noopener"], host
