"""The ``cms`` command: set up an instance, migrate, run, manage plugins, themes and users.

Every command answers bad input with one line and a non-zero exit code, never a traceback.
Messages go through the same gettext as the site, so a command speaks the site's language
(Indonesian until an instance says otherwise).
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo, shell_command
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from cms import config, create_app, logs
from cms.backup.cli import backup_command, restore_command
from cms.doctor import doctor_command
from cms.storage.cli import media_group
from cms.users_cli import users_group

logger = logging.getLogger(__name__)

INSTANCE_CONFIG = "config.py"


def instance_config_path() -> Path:
    return Path(config.instance_path()) / INSTANCE_CONFIG


def create_cli_app() -> Flask:
    """The site the commands act on; a missing instance is a one-line error."""
    if not instance_config_path().is_file() and not _env_has_secret():
        raise click.ClickException(_(
            "belum ada instance Warta di %(path)s: jalankan `cms init` dulu (atau arahkan "
            "WARTA_INSTANCE ke folder yang benar)", path=config.instance_path()))
    try:
        return create_app()
    except config.ConfigurationError as exc:
        raise click.ClickException(str(exc)) from None


def _env_has_secret() -> bool:
    return bool(os.environ.get(f"{config.ENV_PREFIX}_SECRET_KEY"))


class WartaGroup(AppGroup):
    """The core's commands, then those plugins add to the application's ``app.cli``."""

    def _app_cli(self, ctx: click.Context) -> click.Group | None:
        info = ctx.ensure_object(ScriptInfo)
        try:
            return info.load_app().cli
        except click.ClickException:
            return None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        app_cli = self._app_cli(ctx)
        return app_cli.get_command(ctx, cmd_name) if app_cli else None

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        if instance_config_path().is_file():
            app_cli = self._app_cli(ctx)
            if app_cli is not None:
                names.update(app_cli.list_commands(ctx))
        return sorted(names)


@click.group(cls=WartaGroup)
def cli() -> None:
    """Warta, a CMS for Indonesian regional news sites."""


cli.add_command(shell_command)
cli.add_command(backup_command)
cli.add_command(restore_command)
cli.add_command(users_group)
cli.add_command(doctor_command)
cli.add_command(media_group)


#: The address ``cms run`` serves on by default: the site's origin for the local demo, and
#: when nobody is at a terminal to ask.
LOCAL_SITE_URL = "http://127.0.0.1:5000"


def _write_instance_config(path: Path, site_url: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Warta instance configuration, created by `cms init`. Keep this file secret.\n"
        f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
        "SITE_NAME = 'Warta'\n"
        "# The public address: canonical links, feeds and sitemaps are built from it.\n"
        f"SITE_URL = {site_url!r}\n"
        "# Answer only these hosts (a page naming SITE_URL for any other):\n"
        f"# TRUSTED_HOSTS = [{urlsplit(site_url).hostname!r}]\n",
        encoding="utf-8",
    )
    path.chmod(0o600)


def _interactive() -> bool:
    """Someone is at a terminal to answer (not a script, pipe or ``make run``)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _checked_site_url(value: str | None) -> str:
    try:
        return config.parse_site_url(value) or LOCAL_SITE_URL
    except config.ConfigurationError as exc:
        raise click.BadParameter(str(exc), param_hint="--site-url") from None


def _site_url(given: str | None, demo: bool) -> str:
    """The origin for the new site: given, asked for at a terminal, else the local one."""
    if given is None and not demo and _interactive():
        # A wrong answer is explained and asked again.
        return click.prompt(_("Alamat publik situs (SITE_URL)"), default=LOCAL_SITE_URL,
                            value_proc=_checked_site_url)
    return _checked_site_url(given)


@cli.command("init", with_appcontext=False)
@click.option("--demo", is_flag=True, help="Also load Indonesian demo content.")
@click.option("--admin-email", default="admin@example.com", show_default=True)
@click.option("--admin-name", default="Admin Redaksi", show_default=True)
@click.option("--site-url", help="The public address, e.g. https://kabarkediri.id; asked for "
              f"at a terminal, else {LOCAL_SITE_URL} (where `cms run` serves).")
@click.pass_obj
def init_command(info: ScriptInfo, demo: bool, admin_email: str, admin_name: str,
                 site_url: str | None) -> None:
    """Create the instance: config with a secret key and address, database, first admin."""
    from cms.auth.services import UserError, create_user, normalize_email
    from cms.dbmigrate import upgrade_all
    from cms.hooks import call_hook

    path = instance_config_path()
    if path.exists():
        raise click.ClickException(_("sudah ada instance di %(path)s", path=path.parent))
    try:
        normalize_email(admin_email)
    except UserError as exc:
        raise click.BadParameter(str(exc), param_hint="--admin-email") from None
    if not admin_name.strip():
        raise click.BadParameter(_("admin perlu nama"), param_hint="--admin-name")
    site_url = _site_url(site_url, demo)
    _write_instance_config(path, site_url)
    try:
        app = info.load_app()
        with app.app_context():
            upgrade_all(app)
            password = secrets.token_urlsafe(12)
            create_user(admin_email, admin_name, "admin", password)
            created = call_hook("warta_instance_created", app=app)
    except BaseException:
        # Leave no half-made instance behind: `cms init` must be repeatable after a failure.
        path.unlink(missing_ok=True)
        raise
    with app.app_context():
        click.echo(_("Instance dibuat di %(path)s", path=app.instance_path))
        click.echo(_("Alamat situs (SITE_URL): %(url)s", url=site_url))
        if site_url == LOCAL_SITE_URL:
            click.echo(_("Sebelum tayang, isi SITE_URL di %(path)s dengan alamat publik.",
                         path=path))
        click.echo(_("Login admin: %(email)s  kata sandi: %(password)s", email=admin_email,
                     password=password))
        if created:
            click.echo(_("Dibuat: %(items)s", items="; ".join(created)))
        if demo:
            loaded = call_hook("warta_demo_content", app=app)
            click.echo(_("Konten demo: %(items)s", items="; ".join(loaded) if loaded else _(
                "tidak ada (tak satu pun plugin aktif menyediakannya)")))


@cli.command("run", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_obj
def run_command(info: ScriptInfo, host: str, port: int) -> None:
    """Serve the site (development server; use gunicorn in production)."""
    app = info.load_app()
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


@cli.group("db")
def db_group() -> None:
    """Database schema migrations (core and enabled plugins)."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Migrate the core and every enabled plugin to the newest schema."""
    from cms.dbmigrate import upgrade_all

    done = upgrade_all()
    click.echo(_("Dimigrasikan: %(names)s", names=", ".join(done)))


@cli.group("plugins")
def plugins_group() -> None:
    """List, enable and disable plugins."""


@plugins_group.command("new", with_appcontext=False)
@click.argument("name")
@click.option("--dir", "folder", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where to create the warta-NAME folder.")
def plugins_new(name: str, folder: Path) -> None:
    """Create a working plugin package NAME to start from (see docs/plugins.md)."""
    from cms.scaffold import ScaffoldError, new_plugin

    try:
        target = new_plugin(name, folder)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(_("Dibuat: %(items)s", items=target))
    click.echo(_("Berikutnya: %(command)s (halaman: /%(name)s/)", name=name,
                 command=f"pip install -e {target} && cms db upgrade && cms run"))


@plugins_group.command("list")
def plugins_list() -> None:
    """Every discovered plugin with its status and, for failed ones, the error."""
    from cms.pluginmanager import get_manager

    manager = get_manager()
    stored = manager.stored_states()
    # The words of the admin's plugins page, so both speak the site's language.
    statuses = {"loaded": _("aktif"), "disabled": _("nonaktif"), "failed": _("gagal")}
    for record in sorted(manager.records.values(), key=lambda r: r.name):
        version = record.plugin.version if record.plugin else "-"
        pending = ""
        if record.name in stored and stored[record.name] != (record.status.value == "loaded"):
            pending = " " + _("(menunggu restart)")
        status = statuses.get(record.status.value, record.status.value)
        click.echo(f"{record.name:<20} {version:<10} {status}{pending}")
        if record.error:
            click.echo(f"    {record.error}")


def _toggle_plugin(name: str, enabled: bool) -> None:
    from cms.pluginmanager import get_manager, set_plugin_enabled

    if name not in get_manager().records:
        raise click.ClickException(_("plugin %(name)s tidak dikenal; lihat `cms plugins list`",
                                     name=repr(name)))
    set_plugin_enabled(name, enabled)
    if enabled:
        click.echo(_("Plugin %(name)s diaktifkan; jalankan `cms db upgrade` lalu mulai ulang "
                     "server agar berlaku.", name=name))
    else:
        click.echo(_("Plugin %(name)s dimatikan; mulai ulang server agar berlaku.", name=name))


@plugins_group.command("enable")
@click.argument("name")
def plugins_enable(name: str) -> None:
    """Enable plugin NAME from the next start."""
    _toggle_plugin(name, True)


@plugins_group.command("disable")
@click.argument("name")
def plugins_disable(name: str) -> None:
    """Disable plugin NAME from the next start."""
    _toggle_plugin(name, False)


@cli.group("themes")
def themes_group() -> None:
    """List themes and choose the active one."""


@themes_group.command("list")
def themes_list() -> None:
    from cms.themes import get_registry

    registry = get_registry()
    active = registry.active.name if registry.active else None
    for name, theme in sorted(registry.themes.items()):
        mark = "*" if name == active else " "
        parent = f" (parent: {theme.parent})" if theme.parent else ""
        click.echo(f"{mark} {name:<18} {theme.version}{parent}")
    for name, error in sorted(registry.errors.items()):
        click.echo(f"! {name:<18} {error}")


@themes_group.command("use")
@click.argument("name")
def themes_use(name: str) -> None:
    """Make NAME the site's theme (every worker switches at once)."""
    from cms.themes import ThemeError, use_theme

    try:
        use_theme(current_app, name)
    except ThemeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(_("Tema %(name)s dipakai; semua worker beralih seketika.", name=name))


def main(args: Any = None) -> None:
    """Entry point of the ``cms`` console script."""
    debug = config.as_bool(os.environ.get(f"{config.ENV_PREFIX}_DEBUG", ""))
    try:
        logs.configure(os.environ.get(f"{config.ENV_PREFIX}_LOG_FORMAT"),
                       os.environ.get(f"{config.ENV_PREFIX}_LOG_LEVEL"),
                       default_level=logging.DEBUG if debug else logging.WARNING)
    except logs.LogSettingError as exc:
        click.echo(f"Error: {config.ENV_PREFIX}_{exc}", err=True)
        sys.exit(1)
    info = ScriptInfo(create_app=create_cli_app, set_debug_flag=False)
    try:
        cli.main(args=args, obj=info, prog_name="cms")
    except Exception as exc:
        if debug:
            raise
        first_line = (str(exc).splitlines() or [""])[0]
        problem = "database problem" if isinstance(exc, SQLAlchemyError) else "unexpected failure"
        click.echo(f"Error: {problem}: {type(exc).__name__}: {first_line} "
                   f"(set {config.ENV_PREFIX}_DEBUG=1 for details)", err=True)
        sys.exit(1)
