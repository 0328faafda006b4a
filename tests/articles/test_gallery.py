"""Library images in article bodies: srcset for readers, and photo galleries kept safe."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from cms.extensions import db
from plugins.articles.models import Media
from tests.articles.conftest import load, login_as
from tests.articles.test_import import article, run_import, write_jsonl
from tests.articles.test_media import image_bytes, media_rows, upload


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture
def writer(make_user):
    return make_user(role="journalist", name="Wartawan Foto")


@pytest.fixture
def photos(app, writer):
    """Three library images of the writer: ``(client, [Media, ...])``."""
    client = login_as(app, writer)
    for number, caption in enumerate(["Pasar Pahing", "Sungai Brantas", "Gunung Kelud"], 1):
        response = upload(client, "/admin/media/editor-upload", image_bytes("JPEG", (1600, 900)),
                          f"foto{number}.jpg", caption=caption, alt=f"Foto {caption}")
        assert response.status_code == 200
    return client, media_rows(app)


def gallery_html(*figures: str, title: str = "") -> str:
    caption = f"<figcaption>{title}</figcaption>" if title else ""
    return f'<figure class="warta-gallery">{"".join(figures)}{caption}</figure>'


def photo(item, alt: str = "", caption: str = "", width: int | None = None) -> str:
    path = item.variants[width] if width else item.path
    return (f'<figure><img src="/uploads/{path}" alt="{alt}">'
            f"<figcaption>{caption}</figcaption></figure>")


def public_page(app, article_id: int) -> str:
    response = app.test_client().get(f"/berita/{load(app, article_id).slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_body_images_of_the_library_get_the_featured_image_srcset(app, writer, photos,
                                                                   make_article):
    _, (first, second, _third) = photos
    body = (f'<p>Pembuka.</p><p><img src="/uploads/{first.variants[1024]}" alt="Pasar"'
            f' srcset="https://evil.example/x.jpg 2000w"></p>'
            f'<figure><img src="/uploads/{second.path}" alt="Sungai"></figure>'
            f'<p><img src="https://evil.example/tracker.jpg" alt="asing"></p>')
    article_id = make_article(author=writer, status="published", body=body)
    stored = load(app, article_id).body
    assert "srcset" not in stored and "evil.example/x.jpg" not in stored

    images = {img["alt"]: img for img in Tags(public_page(app, article_id)).all("img")}
    for alt, item in (("Pasar", first), ("Sungai", second)):
        widths = [entry.split()[1] for entry in images[alt]["srcset"].split(", ")]
        assert widths == ["320w", "640w", "1024w", "1600w"]
        assert images[alt]["srcset"].startswith(f"/uploads/{item.variants[320]} 320w")
        assert images[alt]["sizes"] == "(max-width: 800px) 100vw, 760px"
        assert (images[alt]["width"], images[alt]["height"]) == ("1600", "900")
    assert images["Pasar"]["src"] == f"/uploads/{first.variants[1024]}"
    assert "srcset" not in images["asing"] and "sizes" not in images["asing"]


def test_gallery_is_stored_clean_and_shown_as_a_labelled_scrollable_list(
        app, writer, photos, make_article):
    _, (first, second, third) = photos
    body = gallery_html(photo(first, "Lapak sayur", "Pagi di <em>Pasar</em> Pahing"),
                        photo(second, "Perahu", "Sungai", width=1024),
                        photo(third, "Kawah", "Kelud"), title="Sehari di Kediri")
    article_id = make_article(author=writer, status="published", body=body)
    stored = load(app, article_id).body
    assert stored == (
        '<figure class="warta-gallery">'
        f'<figure><img src="/uploads/{first.path}" alt="Lapak sayur">'
        "<figcaption>Pagi di Pasar Pahing</figcaption></figure>"
        f'<figure><img src="/uploads/{second.variants[1024]}" alt="Perahu">'
        "<figcaption>Sungai</figcaption></figure>"
        f'<figure><img src="/uploads/{third.path}" alt="Kawah">'
        "<figcaption>Kelud</figcaption></figure>"
        "<figcaption>Sehari di Kediri</figcaption></figure>")

    page = Tags(public_page(app, article_id))
    [track] = [ul for ul in page.all("ul") if ul.get("class") == "warta-gallery__track"]
    assert track["tabindex"] == "0" and track["role"] == "list"
    assert track["aria-label"] == "Sehari di Kediri: Galeri foto, 3 foto"
    assert len([li for li in page.all("li") if li.get("class") == "warta-gallery__item"]) == 3
    gallery_images = [img for img in page.all("img") if img.get("sizes", "").startswith(
        "(max-width: 700px)")]
    assert [img["alt"] for img in gallery_images] == ["Lapak sayur", "Perahu", "Kawah"]
    assert all(img["srcset"].endswith("1600w") for img in gallery_images)
    stylesheets = [link["href"] for link in page.all("link") if link.get("rel") == "stylesheet"]
    assert any(href.endswith("/gallery.css") for href in stylesheets)


def test_hostile_gallery_loses_scripts_foreign_images_and_stray_markup(app, writer, photos,
                                                                      make_article):
    _, (first, second, _third) = photos
    body = gallery_html(
        photo(first, "Lapak", "Pasar<script>alert(1)</script>"),
        '<figure><img src="https://evil.example/a.jpg" alt="asing"></figure>',
        '<figure><img src="//evil.example/b.jpg" alt="asing"></figure>',
        '<figure><img src="/uploads/2026/01/0123456789abcdef.jpg" alt="bukan pustaka"></figure>',
        f'<figure><img src="/uploads/{second.path}" alt="Perahu" onerror="alert(1)"'
        f' srcset="https://evil.example/c.jpg 9w"><figcaption>Sungai</figcaption>'
        f'<a href="javascript:alert(1)">klik</a></figure>',
        '<iframe src="https://evil.example/"></iframe>',
        title='<img src=x onerror="alert(1)">Judul')
    body += '<figure class="warta-gallery"><figure><img src="https://evil.example/d.jpg" ' \
            'alt="x"></figure></figure><figure class="overlay"><p>teks</p></figure>'
    article_id = make_article(author=writer, status="published", body=body)
    stored = load(app, article_id).body
    for hostile in ("script", "alert", "evil.example", "iframe", "onerror", "srcset",
                    "0123456789abcdef", "javascript", "overlay"):
        assert hostile not in stored, hostile
    assert stored.count('class="warta-gallery"') == 1  # the one without library images went
    assert stored.endswith("<figure><p>teks</p></figure>")
    page = public_page(app, article_id)
    assert "evil.example" not in page and "alert(1)" not in page
    gallery = [img["alt"] for img in Tags(page).all("img") if "380px" in img.get("sizes", "")]
    assert gallery == ["Lapak", "Perahu"]


def test_gallery_image_without_alt_takes_the_library_text(app, writer, photos, make_article):
    _, (first, _second, _third) = photos
    article_id = make_article(author=writer, body=gallery_html(photo(first), photo(first)))
    assert load(app, article_id).body.count('alt="Foto Pasar Pahing"') == 2


def test_gallery_image_without_any_alt_refuses_the_save_with_the_reason(app, writer):
    client = login_as(app, writer)
    upload(client, "/admin/media/editor-upload", image_bytes(), "tanpa-alt.png")
    [item] = media_rows(app)
    response = client.post("/admin/articles/new", data={
        "title": "Galeri Tanpa Alt", "body": gallery_html(photo(item)), "category_id": "",
        "action": "save"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"foto nomor {item.id} belum punya" in page
    assert "Galeri Tanpa Alt" in page


def test_imported_gallery_is_rebuilt_like_a_saved_one(app, photos, tmp_path):
    _, (first, _second, _third) = photos
    body = gallery_html(photo(first, "Lapak", "Pasar"),
                        '<figure><img src="https://evil.example/a.jpg" alt="x"></figure>')
    path = write_jsonl(tmp_path / "arsip.jsonl", {
        "title": "Galeri Impor", "slug": "galeri-impor", "body_html": body,
        "published_at": "2026-11-01T08:00:00+07:00"})
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    stored = article(app, "galeri-impor").body
    assert stored == gallery_html(f'<figure><img src="/uploads/{first.path}" alt="Lapak">'
                                  "<figcaption>Pasar</figcaption></figure>")


def test_photo_deleted_from_the_library_leaves_the_gallery_shown(app, writer, photos,
                                                                 make_article):
    _, (first, second, _third) = photos
    body = gallery_html(photo(first, "Lapak"), photo(second, "Perahu"))
    article_id = make_article(author=writer, status="published", body=body)
    with app.app_context():
        db.session.delete(db.session.get(Media, second.id))
        db.session.commit()
    page = Tags(public_page(app, article_id))
    [track] = [ul for ul in page.all("ul") if ul.get("class") == "warta-gallery__track"]
    assert track["aria-label"] == "Galeri foto, 1 foto"
    assert [img["alt"] for img in page.all("img") if "380px" in img.get("sizes", "")] == [
        "Lapak"]
    assert "Perahu" not in public_page(app, article_id)
