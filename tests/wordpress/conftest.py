"""Fixtures for the WordPress import: apps with every plugin it works with, and WXR
documents built in the test the way WordPress's exporter writes them."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.conftest import CmsRunner

SITE = "https://kabarkediri.example"
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Kabar Kediri</title>
	<link>{site}</link>
	<language>id</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>{site}</wp:base_site_url>
	<wp:base_blog_url>{site}</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[budi]]></wp:author_login>
		<wp:author_email><![CDATA[budi@kabarkediri.example]]></wp:author_email>
		<wp:author_display_name><![CDATA[Budi Santoso]]></wp:author_display_name></wp:author>
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[daerah]]></wp:category_nicename>
		<wp:category_parent><![CDATA[]]></wp:category_parent>
		<wp:cat_name><![CDATA[Daerah]]></wp:cat_name></wp:category>
	<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename><![CDATA[kediri]]></wp:category_nicename>
		<wp:category_parent><![CDATA[daerah]]></wp:category_parent>
		<wp:cat_name><![CDATA[Kediri]]></wp:cat_name></wp:category>
	<wp:category><wp:term_id>5</wp:term_id><wp:category_nicename><![CDATA[advertorial]]></wp:category_nicename>
		<wp:category_parent><![CDATA[]]></wp:category_parent>
		<wp:cat_name><![CDATA[Advertorial]]></wp:cat_name></wp:category>
	<wp:tag><wp:term_id>7</wp:term_id><wp:tag_slug><![CDATA[banjir]]></wp:tag_slug>
		<wp:tag_name><![CDATA[Banjir]]></wp:tag_name></wp:tag>
"""
TAIL = "</channel>\n</rss>\n"


def item(wp_id: int, title: str, body: str = "Isi berita.", *, post_type: str = "post",
         status: str = "publish", slug: str | None = None, date: str = "2024-05-12 08:30:00",
         date_gmt: str | None = None, categories: tuple[str, ...] = ("kediri",),
         tags: tuple[str, ...] = (), excerpt: str = "", meta: dict[str, str] | None = None,
         comments: int = 0, link: str | None = None, author: str = "budi") -> str:
    """One ``<item>`` as WordPress 6 exports it."""
    slug = slug if slug is not None else f"berita-{wp_id}"
    gmt = date_gmt if date_gmt is not None else date.replace("08:30", "01:30")
    link = link or (f"{SITE}/?page_id={wp_id}" if post_type == "page"
                    else f"{SITE}/2024/05/12/{slug}/")
    names = {"daerah": "Daerah", "kediri": "Kediri", "advertorial": "Advertorial"}
    terms = "".join(
        f'<category domain="category" nicename="{c}"><![CDATA[{names.get(c, c.title())}]]>'
        f"</category>" for c in categories)
    terms += "".join(f'<category domain="post_tag" nicename="{t.lower()}"><![CDATA[{t}]]>'
                     f"</category>" for t in tags)
    postmeta = "".join(f"<wp:postmeta><wp:meta_key><![CDATA[{k}]]></wp:meta_key>"
                       f"<wp:meta_value><![CDATA[{v}]]></wp:meta_value></wp:postmeta>"
                       for k, v in (meta or {}).items())
    thread = "".join(f"<wp:comment><wp:comment_id>{wp_id * 100 + n}</wp:comment_id>"
                     f"<wp:comment_content><![CDATA[Mantap]]></wp:comment_content></wp:comment>"
                     for n in range(comments))
    return f"""
	<item>
		<title><![CDATA[{title}]]></title>
		<link>{escape(link)}</link>
		<pubDate>Sun, 12 May 2024 01:30:00 +0000</pubDate>
		<dc:creator><![CDATA[{author}]]></dc:creator>
		<guid isPermaLink="false">{SITE}/?p={wp_id}</guid>
		<description></description>
		<content:encoded><![CDATA[{body}]]></content:encoded>
		<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
		<wp:post_id>{wp_id}</wp:post_id>
		<wp:post_date><![CDATA[{date}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
		<wp:post_modified_gmt><![CDATA[{gmt}]]></wp:post_modified_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		{terms}{postmeta}{thread}
	</item>"""


def attachment(wp_id: int, url: str, parent: int = 0) -> str:
    return f"""
	<item>
		<title><![CDATA[foto-{wp_id}]]></title>
		<link>{SITE}/?attachment_id={wp_id}</link>
		<guid isPermaLink="false">{url}</guid>
		<wp:post_id>{wp_id}</wp:post_id>
		<wp:post_date_gmt><![CDATA[2024-05-12 01:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[foto-{wp_id}]]></wp:post_name>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
	</item>"""


def export(*items: str) -> str:
    return HEAD.format(site=SITE) + "".join(items) + TAIL


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": ["articles", "pages", "advertorial", "youtube",
                                      "wordpress"]}


@pytest.fixture
def write_export(tmp_path: Path):
    """``write_export(*items, name="x.xml")`` → the path of a WXR file holding them."""

    def factory(*items: str, name: str = "export.xml", text: str | None = None) -> Path:
        path = tmp_path / name
        path.write_text(text if text is not None else export(*items), encoding="utf-8")
        return path

    return factory


@pytest.fixture
def import_wp(app):
    """``import_wp(path, *options)`` runs ``cms import wordpress`` and returns the result."""

    def run(path: Path, *options: str):
        return CmsRunner(app).invoke(["import", "wordpress", str(path), *options])

    return run
