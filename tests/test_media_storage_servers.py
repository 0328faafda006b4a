"""Two app servers on one PostgreSQL and Redis share their media through the database.

Real gunicorn processes on 127.0.0.1: an image uploaded through one (logged in, with its
CSRF token, as a browser posts it) is served by the other, still after both servers lost
their media cache, and it is in ``cms backup`` and back after ``cms restore``.
"""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from tests.backup.conftest import fresh_postgres  # noqa: F401 - fixture
from tests.test_cli import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN = "pemred@kabarkediri.example"

pytestmark = pytest.mark.skipif(
    not (os.environ.get("WARTA_TEST_DATABASE_URL") and os.environ.get("WARTA_TEST_REDIS_URL")),
    reason="needs PostgreSQL and Redis (WARTA_TEST_DATABASE_URL, WARTA_TEST_REDIS_URL)")


def site_env(instance: Path, database_url: str, prefix: str) -> dict[str, str]:
    """What every app server of the site is given: one database, one Redis, media in it."""
    redis = os.environ["WARTA_TEST_REDIS_URL"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    return env | {"WARTA_INSTANCE": str(instance), "WARTA_DATABASE_URL": database_url,
                  "WARTA_MEDIA_STORAGE": "database", "WARTA_CACHE_TYPE": "RedisCache",
                  "WARTA_CACHE_REDIS_URL": redis, "WARTA_CACHE_KEY_PREFIX": prefix,
                  "WARTA_RATELIMIT_STORAGE_URI": redis}


def cms(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([str(BIN / "cms"), *args], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Server:
    """One gunicorn app server of the site, on its own port and instance folder."""

    def __init__(self, env: dict[str, str]) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "cms:create_app()"],
            cwd=ROOT, env=env | {"WARTA_WORKERS": "1",
                                 "WARTA_BIND": self.url.removeprefix("http://")},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/login").close()
                return
            except urllib.error.URLError:
                assert self.process.poll() is None, "gunicorn exited"
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def request(self, path: str, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, str, bytes, str]:
        """``(status, content type, body, final address)``, redirects followed."""
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers=headers or {})
        try:
            with self.opener.open(request) as response:
                return (response.status, response.headers.get("Content-Type", ""),
                        response.read(), response.url)
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), error.read(), error.url

    def csrf_token(self, path: str) -> str:
        _status, _type, page, _url = self.request(path)
        return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()

    def log_in(self, email: str, password: str) -> None:
        form = urllib.parse.urlencode({"email": email, "password": password,
                                       "csrf_token": self.csrf_token("/login")}).encode()
        status, _type, _page, url = self.request("/login", form)
        assert status == 200 and "/login" not in url, "login failed"

    def upload(self, content: bytes, filename: str) -> None:
        boundary = uuid.uuid4().hex
        fields = {"csrf_token": self.csrf_token("/admin/media"), "caption": "Banjir di Kras"}
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                       f"\r\n\r\n{value}\r\n".encode())
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                   f'filename="{filename}"\r\nContent-Type: image/png\r\n\r\n'.encode())
        body.write(content + f"\r\n--{boundary}--\r\n".encode())
        status, _type, page, url = self.request(
            "/admin/media", body.getvalue(),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 200 and url.endswith("/admin/media"), page[:300]


@pytest.fixture
def site(tmp_path: Path, fresh_postgres) -> Iterator[tuple[str, Server, Server]]:  # noqa: F811
    """``(database URL, server A, server B)``: one site, two app servers, A's admin in."""
    database_url = fresh_postgres()
    prefix = f"warta-test-{uuid.uuid4().hex[:8]}-"
    first, second = tmp_path / "server-a", tmp_path / "server-b"
    output = cms(site_env(first, database_url, prefix), "init", "--admin-email", ADMIN,
                 "--site-url", "http://127.0.0.1:8000")
    password = re.search(r"(?:password|kata sandi): (\S+)", output).group(1)
    second.mkdir()
    shutil.copy2(first / "config.py", second / "config.py")  # one site: one secret key
    servers = [Server(site_env(folder, database_url, prefix)) for folder in (first, second)]
    try:
        for server in servers:
            server.wait_until_up()
        servers[0].log_in(ADMIN, password)
        yield database_url, servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def stored_media(database_url: str) -> tuple[list[str], dict[str, bytes]]:
    """The library's image paths and every file the database store holds."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            paths = list(connection.execute(sa.text("SELECT path FROM articles_media")).scalars())
            blobs = {path: bytes(data) for path, data in connection.execute(
                sa.text("SELECT path, data FROM media_blob"))}
    finally:
        engine.dispose()
    return paths, blobs


def test_an_image_uploaded_through_one_server_is_served_by_the_other(site, tmp_path,
                                                                     fresh_postgres):  # noqa: F811
    database_url, first, second = site
    first.upload(png(), "banjir-kras.png")
    [path], blobs = stored_media(database_url)
    assert len(blobs) == 4  # the original and its 320, 640 and 1024 wide copies
    instance_a = tmp_path / "server-a"

    for server in (second, first):
        status, content_type, body, _url = server.request(f"/uploads/{path}")
        assert (status, content_type) == (200, "image/png")
        assert body == blobs[path]
    assert not (instance_a / "uploads").exists()

    # Either server's disk may go: the media cache is all it held.
    for folder in (instance_a, tmp_path / "server-b"):
        shutil.rmtree(folder / "media-cache")
    for server in (second, first):
        for stored in blobs:
            status, _type, body, _url = server.request(f"/uploads/{stored}")
            assert (status, body) == (200, blobs[stored])

    # In the backup, and back after a restore onto a new database and instance.
    backups = tmp_path / "backups"
    env_a = site_env(instance_a, database_url, "unused-")
    cms(env_a, "backup", "--to", str(backups))
    [archive] = backups.glob("warta-backup-*.tar.gz")
    restored_url = fresh_postgres()
    restored = cms(site_env(tmp_path / "server-c", restored_url, "unused-"),
                   "restore", str(archive))
    assert "4 berkas" in restored
    assert stored_media(restored_url) == ([path], blobs)
