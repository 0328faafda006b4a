"""Fixtures for backup and restore: a populated site on migrations, and other machines.

The site runs every built-in plugin and is built by ``cms db upgrade`` (not
``create_all``), as a real one is, so its archive carries migration heads.
"""

from __future__ import annotations

import io
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from PIL import Image

from cms import create_app
from cms.dbmigrate import upgrade_all
from cms.extensions import db
from cms.models import User
from cms.plugin_settings import save_plugin_settings
from plugins.advertorial.models import Contract, Sponsor
from plugins.articles import services
from plugins.articles.models import Article, Category
from plugins.pages.models import Page
from tests.conftest import STRONG_PASSWORD, CmsRunner

PLUGINS = ["articles", "pages", "youtube", "search", "advertorial", "redaksi"]
VERSION_TABLES = [f"{name}_alembic_version" for name in PLUGINS]
ADMIN_EMAIL = "pemred@kabarkediri.example"
SETTINGS_FILE = "SITE_NAME = 'Kabar Kediri'\n"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PLUGINS": PLUGINS, "TEST_EXTRA_TABLES": VERSION_TABLES}


@pytest.fixture
def app(make_app) -> Flask:
    application = make_app(create_tables=False)
    with application.app_context():
        upgrade_all(application)
    return application


def image_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class Site:
    """What the populated site holds, for the tests to look at."""

    article_urls: list[str] = field(default_factory=list)
    rubrik_url: str = ""
    media_files: list[str] = field(default_factory=list)
    page_url: str = ""
    journalist_id: int = 0


def login(client, email: str = ADMIN_EMAIL) -> None:
    response = client.post("/login", data={"email": email, "password": STRONG_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


@pytest.fixture
def site(app, make_user, instance_path) -> Site:
    """Articles with revisions, an image, an advertorial under contract, a correction,
    a static page, plugin settings, settings and a template override in the instance."""
    admin = make_user(email=ADMIN_EMAIL, role="admin", name="Pemimpin Redaksi")
    populated = Site(journalist_id=make_user(role="journalist", name="Wartawan Sibuk").id)
    client = app.test_client()
    login(client)
    upload = client.post("/admin/media", content_type="multipart/form-data",
                         data={"file": (io.BytesIO(image_bytes()), "banjir-kras.png"),
                               "caption": "Banjir di Kras"})
    assert upload.status_code in (200, 302)
    populated.media_files = sorted(str(p.relative_to(instance_path / "uploads"))
                                   for p in (instance_path / "uploads").rglob("*") if p.is_file())
    assert populated.media_files
    with app.test_request_context():
        user = db.session.get(type(admin), admin.id)
        rubrik = Category(name="Pemerintahan", slug="pemerintahan")
        sponsor = Sponsor(name="Diskominfo Kediri", slug="diskominfo-kediri", kind="government",
                          website="https://kedirikab.go.id", disclosure="Konten bersponsor.")
        db.session.add_all([rubrik, sponsor])
        db.session.commit()
        contract = Contract(sponsor_id=sponsor.id, number="SPK/027/418.54/2026", quota=3,
                            starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
        db.session.add(contract)
        db.session.add(Page(title="Tentang Kami", slug="tentang-kami",
                            body="<p>Kabar dari Kediri.</p>"))
        db.session.commit()
        titles = ["Banjir Melanda Desa Kras", "Panen Raya di Pare", "Festival Kelud Dibuka"]
        for number, title in enumerate(titles):
            article = services.save_article(user, services.ArticleInput(
                title=title, body=f"<p>{title} menurut warga setempat.</p>",
                category_id=rubrik.id, tags=["kediri"]))
            services.save_article(user, services.ArticleInput(
                title=title, body=f"<p>{title}, diperbarui oleh redaksi.</p>",
                lead=f"Ringkasan {number}", category_id=rubrik.id, tags=["kediri"]), article)
            services.publish(user, article)
            populated.article_urls.append(f"/berita/{article.slug}")
        advertorial = services.save_article(user, services.ArticleInput(
            title="Layanan Kependudukan Keliling", body="<p>Jadwal layanan.</p>",
            category_id=rubrik.id, extra={
                "advertorial": True, "advertorial_sponsor": str(sponsor.id),
                "advertorial_label": "Advertorial", "advertorial_contract": str(contract.id)}))
        services.publish(user, advertorial)
        populated.article_urls.append(f"/berita/{advertorial.slug}")
        # The journalist who writes during the backup already has a draft, so the newsroom's
        # list names them among its authors before the backup as after.
        journalist = db.session.get(type(admin), populated.journalist_id)
        services.save_article(journalist, services.ArticleInput(
            title="Catatan liputan", body="<p>Belum selesai.</p>"))
        save_plugin_settings("redaksi", {"legal_name": "PT Kabar Kediri Media",
                                         "address": "Jl. Pahlawan Kusuma Bangsa 1, Kediri"})
        first = db.session.scalar(sa.select(Article).order_by(Article.id))
        populated.rubrik_url = f"/rubrik/{rubrik.slug}/"
        populated.page_url = "/halaman/tentang-kami"
    correction = client.post(f"/admin/redaksi/article/{first.id}/correction",
                             data={"correction-kind": "ralat",
                                   "correction-text": "Nama desa yang benar adalah Kras."})
    assert correction.status_code == 302
    (instance_path / "config.py").write_text(SETTINGS_FILE, encoding="utf-8")
    (instance_path / "templates").mkdir()
    (instance_path / "templates" / "footer_note.html").write_text("Redaksi Kabar Kediri\n")
    return populated


#: Pages a reader sees and lists the newsroom works from, compared before and after.
def compared_pages(site: Site) -> list[str]:
    return ["/", *site.article_urls, site.rubrik_url, "/feed.xml", "/sitemap.xml",
            "/sitemap-articles-1.xml", "/koreksi/", "/redaksi/boks", site.page_url,
            "/admin/articles/?status=published", "/admin/advertorial/", "/admin/redaksi/",
            "/admin/users"]


def page_texts(app: Flask, paths: list[str]) -> dict[str, tuple[int, str]]:
    client = app.test_client()
    login(client)
    return {path: (r.status_code, r.get_data(as_text=True))
            for path in paths for r in [client.get(path)]}


class Writer(threading.Thread):
    """Saves new drafts, each with its revision, until told to stop (the newsroom at work)."""

    def __init__(self, app: Flask, author_id: int) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.author_id = author_id
        self.stop = threading.Event()
        self.saved = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with self.app.test_request_context():
                    author = db.session.get(User, self.author_id)
                    services.save_article(author, services.ArticleInput(
                        title=f"Draf {uuid.uuid4().hex[:8]}", body="<p>Sedang ditulis.</p>"))
                    self.saved += 1
        except BaseException as exc:  # handed to the test, which fails with it
            self.error = exc


@pytest.fixture
def other_machine(tmp_path: Path, monkeypatch, app_config) -> Iterator:
    """``other_machine(database_url=None)``: an empty site in its own instance folder."""
    built: list[Flask] = []

    def factory(database_url: str | None = None) -> Flask:
        instance = tmp_path / f"machine-{len(built) + 2}"
        instance.mkdir()
        monkeypatch.setenv("WARTA_INSTANCE", str(instance))
        url = database_url or f"sqlite:///{instance / 'warta.db'}"
        application = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
        built.append(application)
        return application

    yield factory
    for application in built:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def fresh_postgres() -> Iterator:
    """``fresh_postgres()`` → the URL of a new, empty PostgreSQL database (dropped after)."""
    server = os.environ.get("WARTA_TEST_DATABASE_URL")
    if not server:
        pytest.skip("needs a PostgreSQL server (WARTA_TEST_DATABASE_URL)")
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    names: list[str] = []

    def factory() -> str:
        name = f"warta_restore_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        names.append(name)
        return sa.engine.make_url(server).set(database=name).render_as_string(
            hide_password=False)

    yield factory
    with admin.connect() as connection:
        for name in names:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(app: Flask, *args: str):
    return CmsRunner(app).invoke(list(args))
