"""docs/production.md, followed on this machine: the shipped nginx site, systemd units,
settings file and ``warta-cms``, with the real gunicorn behind the real nginx.

The files under deploy/ name production paths (/srv/warta, /etc/warta, /var/log/nginx,
port 80); each test writes a copy with those paths moved into its own folder and free
ports, and changes nothing else, so the file nginx and systemd check is the shipped one.
Without nginx or systemd-analyze the tests are skipped, except in CI (``CI=true``), where
.ci/run installs them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
GUIDE = ROOT / "docs" / "production.md"
VENV = Path(sys.executable).parent.parent
IN_CI = os.environ.get("CI") == "true"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def need(tool: str | None, name: str) -> str:
    if tool is None:
        if IN_CI:
            pytest.fail(f"{name} is missing; .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return tool


def render(text: str, moves: dict[str, str]) -> str:
    for old, new in moves.items():
        text = text.replace(old, new)
    return text


def nginx_config(folder: Path, instance: Path, app_port: int, port: int) -> Path:
    """The shipped site, moved into ``folder``, inside a main file of the test's own."""
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    site = render((DEPLOY / "nginx" / "warta.conf").read_text(), {
        "/srv/warta/app": str(ROOT), "/srv/warta/instance": str(instance),
        "/var/log/nginx": str(folder / "logs"), "127.0.0.1:8000": f"127.0.0.1:{app_port}",
        "listen 80;": f"listen 127.0.0.1:{port};", "listen [::]:80;": "",
    })
    (folder / "warta.conf").write_text(site)
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    # As root nginx's workers would run as nobody, who may not read the test's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(
        f"{user}pid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {folder}/logs/access.log;\n"
        + "".join(f"    {kind}_temp_path {temp}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"    include {folder}/warta.conf;\n}}\n")
    return main


def nginx_command(main: Path, *args: str) -> list[str]:
    return [need(NGINX, "nginx"), "-p", str(main.parent), "-c", str(main),
            "-e", str(main.parent / "logs" / "error.log"), *args]


def test_the_nginx_site_passes_nginx_t(tmp_path):
    main = nginx_config(tmp_path / "nginx", tmp_path / "instance", 8000, free_port())
    result = subprocess.run(nginx_command(main, "-t"), capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_nginx_upload_limit_is_wartas():
    from cms.config import DefaultConfig

    site = (DEPLOY / "nginx" / "warta.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert limit * 1024 * 1024 == DefaultConfig.MAX_CONTENT_LENGTH


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    tool = need(SYSTEMD_ANALYZE, "systemd-analyze")
    prefix = tmp_path / "root"
    bin_folder = prefix / "srv/warta/app/.venv/bin"
    bin_folder.mkdir(parents=True)
    for name in ("gunicorn", "cms"):  # verify checks that each command exists
        (bin_folder / name).write_text("#!/bin/sh\n")
        (bin_folder / name).chmod(0o755)
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        target = tmp_path / unit.name
        target.write_text(render(unit.read_text(), {"/srv/warta": f"{prefix}/srv/warta"}))
        units.append(str(target))
    assert [Path(u).name for u in units] == [
        "warta-backup.service", "warta-backup.timer", "warta-search-drain.service",
        "warta-search-drain.timer", "warta.service"]
    result = subprocess.run([tool, "verify", *units], capture_output=True, text=True,
                            timeout=60)
    # Unknown keys and bad values are only warnings: none may be printed.
    assert result.returncode == 0 and result.stderr == "", result.stderr


def unit_command(unit: str) -> list[str]:
    text = (DEPLOY / "systemd" / unit).read_text()
    return shlex.split(re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1))


def test_the_guide_and_the_units_run_the_same_backup():
    command = unit_command("warta-backup.service")
    assert command[1:] == ["backup", "--to", "/srv/warta/backups", "--keep", "14"]
    assert "`cms backup --to /srv/warta/backups --keep 14`" in GUIDE.read_text()


def guide_commands() -> list[str]:
    """Every command line of the guide's ``sh`` blocks."""
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(), re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_every_cms_command_of_the_guide_exists():
    commands = {tuple(shlex.split(line)[1:3]) for line in guide_commands()
                if line.startswith("warta-cms ")}
    assert ("db", "upgrade") in commands and ("doctor",) in {c[:1] for c in commands}
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    for words in sorted(commands):
        words = tuple(w for w in words if not w.startswith(("-", "/")))
        result = subprocess.run([str(VENV / "bin" / "cms"), *words, "--help"], env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "Usage: cms" in result.stdout, (words, result.stderr)


def test_every_debian_package_of_the_guide_exists():
    apt_cache = shutil.which("apt-cache")
    if apt_cache is None:
        pytest.skip("not a Debian machine")
    installs = [line for line in guide_commands() if line.startswith("apt-get install")]
    packages = {word for line in installs for word in shlex.split(line)[2:]
                if not word.startswith("-")}
    assert {"nginx", "postgresql", "redis-server", "python3-venv"} <= packages
    for package in sorted(packages):
        result = subprocess.run([apt_cache, "show", "--no-all-versions", package],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and f"Package: {package}" in result.stdout, package


def test_every_deploy_file_the_guide_installs_exists():
    named = set(re.findall(r"/srv/warta/app/(deploy/[\w./-]+)", GUIDE.read_text()))
    assert named >= {"deploy/nginx/warta.conf", "deploy/systemd/warta.service",
                     "deploy/systemd/warta-backup.service", "deploy/systemd/warta-backup.timer",
                     "deploy/systemd/warta-search-drain.service",
                     "deploy/systemd/warta-search-drain.timer",
                     "deploy/bin/warta-cms", "deploy/warta.env"}
    for relative in named:
        assert (ROOT / relative).is_file(), relative


# --- the site behind nginx -------------------------------------------------------------


def settings_file(folder: Path, instance: Path, app_port: int) -> Path:
    """deploy/warta.env for this machine: the test's instance on SQLite (each test its own
    database), Redis when the tests have one, and the mail setting the guide asks for."""
    lines = []
    for line in (DEPLOY / "warta.env").read_text().splitlines():
        name = line.split("=", 1)[0]
        if name in ("WARTA_DATABASE_URL", "WARTA_CACHE_TYPE", "WARTA_CACHE_REDIS_URL",
                    "WARTA_RATELIMIT_STORAGE_URI"):
            continue
        lines.append(render(line, {"/srv/warta/instance": str(instance),
                                   "127.0.0.1:8000": f"127.0.0.1:{app_port}"}))
    redis = os.environ.get("WARTA_TEST_REDIS_URL")
    if redis:
        lines += ["WARTA_CACHE_TYPE=RedisCache", f"WARTA_CACHE_REDIS_URL={redis}",
                  f"WARTA_CACHE_KEY_PREFIX=production-test-{uuid.uuid4().hex[:8]}:"]
    lines += ["WARTA_WORKERS=2", "WARTA_MAIL_HOST=127.0.0.1",
              "WARTA_MAIL_SENDER=redaksi@kabarkediri.id"]
    path = folder / "warta.env"
    path.write_text("\n".join(lines) + "\n")
    return path


def warta_cms(env_file: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env |= {"WARTA_ENV_FILE": str(env_file), "WARTA_VENV": str(VENV),
            "WARTA_USER": subprocess.run(["id", "-un"], capture_output=True,
                                         text=True).stdout.strip()}
    return subprocess.run([str(DEPLOY / "bin" / "warta-cms"), *args], env=env,
                          capture_output=True, text=True, timeout=300)


def environment_of(env_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    for line in env_file.read_text().splitlines():
        if line and not line.startswith("#"):
            name, value = line.split("=", 1)
            env[name] = value
    return env


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(url: str, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None, f"{name} exited"
            assert time.monotonic() < deadline, f"{name} did not start"
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@pytest.fixture
def behind_nginx(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """The guide's steps 4 to 7: settings, instance, gunicorn from the unit, nginx."""
    need(NGINX, "nginx")
    instance = tmp_path / "instance"
    app_port, port = free_port(), free_port()
    env_file = settings_file(tmp_path, instance, app_port)
    for args in (("init", "--site-url", "https://kabarkediri.id", "--demo"),
                 ("db", "upgrade"), ("doctor",)):
        result = warta_cms(env_file, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
    command = [render(word, {"/srv/warta/app/.venv": str(VENV), "/srv/warta/app": str(ROOT)})
               for word in unit_command("warta.service")]
    app_log = tmp_path / "gunicorn.log"
    with app_log.open("wb") as log:
        gunicorn = subprocess.Popen(command, cwd=ROOT, env=environment_of(env_file),
                                    stdout=log, stderr=log, start_new_session=True)
    main = nginx_config(tmp_path / "nginx", instance, app_port, port)
    nginx = subprocess.Popen(nginx_command(main, "-g", "daemon off;"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz", gunicorn, "gunicorn")
        wait_for(f"http://127.0.0.1:{port}/healthz", nginx, "nginx")
        yield f"http://127.0.0.1:{port}", app_log, env_file
    finally:
        stop(nginx)
        stop(gunicorn)


def test_the_site_serves_behind_nginx_with_files_from_the_disk(behind_nginx, tmp_path):
    base, app_log, env_file = behind_nginx
    status, headers, body = get(base + "/")
    assert status == 200 and headers["Server"].startswith("nginx")
    page = body.decode()
    home_id = headers["X-Request-ID"]

    upload = re.search(r'/uploads/\d{4}/\d{2}/[0-9a-f]+(?:-\d+)?\.(?:jpg|png|webp)', page)
    assert upload, "the demo's home page shows an uploaded image"
    status, headers, body = get(base + upload.group(0))
    assert status == 200 and body[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb",
                                          b"\x89PNG")
    assert headers["Cache-Control"] == "max-age=2592000"
    assert "X-Request-ID" not in headers  # nginx answered, not Warta

    theme_file = re.search(r'/theme/[\w./-]+\?v=[0-9a-f]+', page)
    assert theme_file
    status, headers, _body = get(base + theme_file.group(0).replace("&amp;", "&"))
    assert status == 200 and headers["Cache-Control"] == "max-age=31536000"
    assert "X-Request-ID" not in headers

    status, headers, body = get(base + "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    health_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", health_id)  # nginx's $request_id, passed on

    # Warta's log: one JSON line per request, nginx's id, nothing twice.
    time.sleep(0.5)
    records = [json.loads(line) for line in app_log.read_text().splitlines() if line]
    requests = [r for r in records if r["logger"] == "warta.request"]
    assert [r["path"] for r in requests if r["path"] in ("/", "/healthz")].count("/") == 1
    health_line = next(r for r in requests if r["request_id"] == health_id)
    assert health_line["path"] == "/healthz" and health_line["status"] == 200
    assert health_line["remote_addr"] == "127.0.0.1"
    assert not [r for r in requests if r["path"].startswith(("/uploads/", "/theme/"))]
    assert any(r["logger"] == "gunicorn.error" for r in records)
    assert '"GET / HTTP/1.1" 200' in (tmp_path / "nginx/logs/warta.access.log").read_text()
    assert f"rid={home_id}" in (tmp_path / "nginx/logs/warta.access.log").read_text()


def test_backup_and_restore_as_the_guide_runs_them(behind_nginx, tmp_path):
    _base, _app_log, env_file = behind_nginx
    backups = tmp_path / "backups"
    for unit in ("warta-backup.service", "warta-search-drain.service"):
        args = [render(word, {"/srv/warta/backups": str(backups)})
                for word in unit_command(unit)[1:]]
        result = warta_cms(env_file, *args)
        assert result.returncode == 0, (unit, result.stderr)
    (archive,) = backups.glob("warta-backup-*.tar.gz")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = settings_file(elsewhere, elsewhere / "instance", free_port())
    result = warta_cms(other, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    result = warta_cms(other, "doctor")
    assert result.returncode == 0, result.stdout
