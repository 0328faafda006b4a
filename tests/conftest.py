"""Fixtures in the shape of Flask's tutorial: app, client, runner, auth, and factories.

Every test runs against SQLite; when ``WARTA_TEST_DATABASE_URL`` names a PostgreSQL
server (CI sets it), each test runs against PostgreSQL too, in a database the session
creates and drops itself.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo

import plugins as plugins_package
from cms import create_app
from cms.cli import cli
from cms.extensions import db
from cms.models import Role, User

STRONG_PASSWORD = "kopi-tubruk-di-pasar-Pare"
IN_CI = os.environ.get("CI") == "true"


def _database_params() -> list[str]:
    params = ["sqlite"]
    if os.environ.get("WARTA_TEST_DATABASE_URL") or IN_CI:
        params.append("postgresql")
    return params


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own WARTA_* settings must not change what the tests see."""
    for name in list(os.environ):
        if name.startswith("WARTA_") and not name.startswith("WARTA_TEST_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    server = os.environ.get("WARTA_TEST_DATABASE_URL")
    if not server:
        pytest.fail("CI=true but WARTA_TEST_DATABASE_URL is not set")
    name = f"warta_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=_database_params())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'warta.db'}"


@pytest.fixture
def instance_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    monkeypatch.setenv("WARTA_INSTANCE", str(path))
    return path


@pytest.fixture
def app_config(database_url: str) -> dict:
    """The test mapping; tests change it before asking for ``app``."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "PLUGINS": [],
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "CACHE_TYPE": "SimpleCache",
        "PAGE_CACHE": False,
        "FRAGMENT_CACHE": False,
        # Video thumbnails are fetched on save: never from YouTube in a test (port 9 refuses).
        "YOUTUBE_THUMBNAIL_URL": "http://127.0.0.1:9/{video_id}.jpg",
    }


@pytest.fixture
def mailbox():
    """A real SMTP server on 127.0.0.1 that keeps what it receives (``tests/mailbox.py``);
    ``make_app(**mailbox.settings)`` sends a site's mail to it."""
    from tests.mailbox import Mailbox

    box = Mailbox()
    box.start()
    yield box
    box.stop()


@pytest.fixture
def make_app(instance_path: Path, app_config: dict) -> Iterator:
    """Build apps with extra config; each gets fresh tables, dropped afterwards."""
    built: list[Flask] = []

    def factory(create_tables: bool = True, **overrides) -> Flask:
        application = create_app({**app_config, **overrides})
        if create_tables:
            with application.app_context():
                db.create_all()
        built.append(application)
        return application

    yield factory
    for application in built:
        with application.app_context():
            db.session.remove()
            db.drop_all()
            # Migration version tables are not models: a test that ran `cms db upgrade`
            # leaves them, and on the shared PostgreSQL database the next test's upgrade
            # would take its plugins' tables for already made.
            versions = [name for name in sa.inspect(db.engine).get_table_names()
                        if name.endswith("alembic_version")]
            for table in {*versions, *application.config.get("TEST_EXTRA_TABLES", ())}:
                db.session.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))
            db.session.commit()
            db.engine.dispose()


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


class CmsRunner:
    """Invoke ``cms`` commands against the test app, as the console script would."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def invoke(self, args: list[str], input: str | None = None):
        info = ScriptInfo(create_app=lambda: self.app, set_debug_flag=False)
        return CliRunner().invoke(cli, args, obj=info, input=input)


@pytest.fixture
def runner(app: Flask) -> CmsRunner:
    return CmsRunner(app)


@pytest.fixture
def make_user(app: Flask):
    """Create a user: ``make_user(role="editor")`` returns the User (password STRONG_PASSWORD)."""
    from cms.auth.services import create_user

    def factory(email: str | None = None, role: str | Role = "journalist",
                name: str = "Pengguna Uji", password: str | None = STRONG_PASSWORD) -> User:
        email = email or f"{uuid.uuid4().hex[:8]}@example.com"
        with app.app_context():
            user = create_user(email, name, role, password)
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return factory


@pytest.fixture
def writer(make_user) -> User:
    """A journalist: writes and submits, cannot publish."""
    return make_user(role="journalist", name="Wartawan Uji")


@pytest.fixture
def editor(make_user) -> User:
    """An editor: publishes, schedules and withdraws."""
    return make_user(role="editor", name="Redaktur Uji")


class AuthActions:
    def __init__(self, client) -> None:
        self._client = client

    def login(self, email: str, password: str = STRONG_PASSWORD, **extra):
        return self._client.post("/login", data={"email": email, "password": password, **extra})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def plugin_folder(tmp_path: Path) -> Iterator:
    """Write plugin packages into a temporary folder; returns ``(folder, write)``.

    ``write(name, source)`` creates ``<folder>/<name>/__init__.py``. Imported modules are
    forgotten afterwards so the next test imports its own version.
    """
    folder = tmp_path / "extra_plugins"
    folder.mkdir()
    names: list[str] = []
    saved_path = list(plugins_package.__path__)

    def write(name: str, source: str, files: dict[str, str] | None = None) -> Path:
        package = folder / name
        package.mkdir()
        (package / "__init__.py").write_text(source, encoding="utf-8")
        for relative, content in (files or {}).items():
            target = package / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        names.append(name)
        return package

    yield folder, write
    plugins_package.__path__[:] = saved_path
    for module in list(sys.modules):
        if any(module == f"plugins.{n}" or module.startswith(f"plugins.{n}.") for n in names):
            del sys.modules[module]
