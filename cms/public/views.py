"""The core's public pages; plugins fill them through slots and their own blueprints."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, send_from_directory

from cms.hooks import call_hook

bp = Blueprint("public", __name__)


@bp.route("/")
def home():
    return render_template("public/home.html")


@bp.route("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /login",
        "Disallow: /search",
    ]
    lines += [f"Sitemap: {url}" for urls in call_hook("warta_sitemaps") for url in urls]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages without a <link rel=icon>, e.g. plain text."""
    return send_from_directory(current_app.static_folder, "favicon.svg",
                               mimetype="image/svg+xml", max_age=86400)
