"""The `cms` command as an operator uses it: one-line errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from cms.extensions import db
from cms.models import User
from tests.conftest import STRONG_PASSWORD

CMS = str(Path(sys.executable).parent / "cms")


def cms(instance: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env["WARTA_INSTANCE"] = str(instance)
    return subprocess.run([CMS, *args], env=env, input=input or "", capture_output=True,
                          text=True, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess, fragment: str) -> None:
    assert result.returncode != 0
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def fresh_instance(tmp_path: Path) -> Path:
    return tmp_path / "situs"


@pytest.fixture
def initialised(fresh_instance: Path) -> Path:
    result = cms(fresh_instance, "init")
    assert result.returncode == 0, result.stderr
    return fresh_instance


def test_init_creates_config_database_and_admin(initialised):
    config = (initialised / "config.py").read_text()
    assert "SECRET_KEY = '" in config
    assert oct((initialised / "config.py").stat().st_mode)[-3:] == "600"
    assert (initialised / "warta.db").is_file()
    listing = cms(initialised, "plugins", "list")
    assert listing.returncode == 0, listing.stderr


def test_init_prints_a_working_admin_password(fresh_instance):
    result = cms(fresh_instance, "init", "--admin-email", "pemred@example.com")
    line = next(x for x in result.stdout.splitlines() if x.startswith("Login admin"))
    password = line.split("kata sandi: ")[1]
    assert len(password) >= 12
    check = subprocess.run(
        [sys.executable, "-c",
         "import sys; from cms import create_app; from cms.auth.services import authenticate;"
         "app = create_app();"
         "ctx = app.test_request_context(); ctx.push();"
         "sys.exit(0 if authenticate('pemred@example.com', sys.argv[1]) else 3)", password],
        env={**os.environ, "WARTA_INSTANCE": str(fresh_instance)}, capture_output=True, text=True,
    )
    assert check.returncode == 0, check.stderr


def test_init_twice_is_refused(initialised):
    assert_one_line_error(cms(initialised, "init"), "sudah ada instance")


def test_init_refuses_bad_admin_email(fresh_instance):
    result = cms(fresh_instance, "init", "--admin-email", "bukan-email")
    assert_one_line_error(result, "tidak valid")
    assert not (fresh_instance / "config.py").exists()


def test_commands_without_instance_say_what_to_do(fresh_instance):
    for args in (["plugins", "list"], ["db", "upgrade"], ["themes", "list"]):
        assert_one_line_error(cms(fresh_instance, *args), "jalankan `cms init` dulu")


def test_unknown_plugin_is_one_line(initialised):
    assert_one_line_error(cms(initialised, "plugins", "enable", "tidak_ada"), "tidak dikenal")


def test_unreachable_database_is_one_line(initialised):
    env_instance = initialised
    (env_instance / "config.py").write_text(
        (env_instance / "config.py").read_text()
        + "DATABASE_URL = 'postgresql+psycopg://postgres@127.0.0.1:1/none'\n"
    )
    assert_one_line_error(cms(env_instance, "db", "upgrade"), "database problem")


def test_bad_port_is_a_usage_error(initialised):
    result = cms(initialised, "run", "--port", "99999")
    assert result.returncode == 2
    assert "99999" in result.stderr and "Traceback" not in result.stderr


def test_users_create_reads_password_from_stdin(app, runner):
    result = runner.invoke(
        ["users", "create", "--email", "Rina@Example.com", "--name", "Rina", "--role", "editor"],
        input=STRONG_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Kata sandi:" not in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "rina@example.com"))
        assert user.role_key == "editor"
    assert app.test_client().post(
        "/login", data={"email": "rina@example.com", "password": STRONG_PASSWORD}
    ).status_code == 302


def test_users_create_generates_password_when_none_given(app, runner):
    result = runner.invoke(["users", "create", "--email", "a@example.com", "--name", "A",
                            "--role", "journalist"])
    assert result.exit_code == 0, result.output
    password = result.output.split("Kata sandi: ")[1].strip()
    assert app.test_client().post(
        "/login", data={"email": "a@example.com", "password": password}
    ).status_code == 302


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--email", "bukan", "--name", "X", "--role", "editor"], None, "tidak valid"),
        (["--email", "x@example.com", "--name", "X", "--role", "raja"], None, "unknown role"),
        (["--email", "x@example.com", "--name", " ", "--role", "editor"], None, "Nama wajib"),
        (["--email", "x@example.com", "--name", "X", "--role", "editor"], "password\n",
         "terlalu umum"),
        (["--email", "x@example.com", "--name", "X", "--role", "editor"], "pendek\n",
         "minimal 8"),
    ],
)
def test_users_create_refuses_bad_input(runner, args, stdin, message):
    result = runner.invoke(["users", "create", *args], input=stdin)
    assert result.exit_code == 1
    assert message in result.output


def test_users_create_refuses_duplicates(runner, make_user):
    user = make_user()
    result = runner.invoke(["users", "create", "--email", user.email.upper(), "--name", "Lagi",
                            "--role", "editor"])
    assert result.exit_code == 1
    assert "Sudah ada pengguna" in result.output


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_broken_plugin_folder_leaves_the_server_serving(initialised, tmp_path):
    """The operator's view: a plugin that raises on import, `cms run`, `cms plugins list`."""
    import time
    import urllib.error
    import urllib.request

    folder = tmp_path / "dropped"
    (folder / "rusak").mkdir(parents=True)
    (folder / "rusak" / "__init__.py").write_text("raise ImportError('modul hilang')\n")
    config = initialised / "config.py"
    config.write_text(config.read_text() + f"EXTRA_PLUGIN_FOLDERS = [{str(folder)!r}]\n")

    listing = cms(initialised, "plugins", "list")
    assert listing.returncode == 0, listing.stderr
    assert "rusak" in listing.stdout and "gagal" in listing.stdout
    assert "ImportError: modul hilang" in listing.stdout

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env["WARTA_INSTANCE"] = str(initialised)
    server = subprocess.Popen([CMS, "run", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
                    assert response.status == 200
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline, "cms run did not start"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/") as response:
            assert "/login?next=" in response.url  # /admin/ asks for login
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_init_with_bad_admin_name_leaves_no_instance(fresh_instance):
    result = cms(fresh_instance, "init", "--admin-name", "   ")
    assert_one_line_error(result, "admin perlu nama")
    assert not (fresh_instance / "config.py").exists()
    assert cms(fresh_instance, "init").returncode == 0


def test_init_demo_loads_articles(fresh_instance):
    result = cms(fresh_instance, "init", "--demo")
    assert result.returncode == 0, result.stderr
    assert "Konten demo: 6 artikel" in result.stdout
