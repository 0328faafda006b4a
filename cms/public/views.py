"""The core's public pages; plugins fill them through slots and their own blueprints."""

from __future__ import annotations

from flask import Blueprint, Response, render_template

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
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")
