"""Reader-facing pages of the core: the home shell and robots.txt."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from cms.public.views import bp

    app.register_blueprint(bp)
