"""Errors as RFC 9457 problem details (``application/problem+json``) in the site's language.

Every answer of the read API that is not a success goes through :func:`problem`: a client
gets the same shape for a bad filter, an unknown address, a withdrawn story or a rate
limit, and never an HTML page or a traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Response, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"


class BadParameter(HTTPException):
    """A query parameter the client sent is not what the operation accepts."""

    code = 400

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.parameter = name


def _titles() -> dict[int, str]:
    return {
        400: _("Permintaan tidak valid"),
        401: _("Kunci API tidak dikenal"),
        404: _("Tidak ditemukan"),
        405: _("Metode tidak diizinkan"),
        406: _("Format tidak tersedia"),
        410: _("Sudah dicabut"),
        429: _("Terlalu banyak permintaan"),
        500: _("Terjadi kesalahan"),
        503: _("Layanan sedang tidak tersedia"),
    }


def problem(status: int, detail: str | None = None, **members: Any) -> Response:
    """A problem-details answer; ``members`` are extension members (``reason``…)."""
    body: dict[str, Any] = {"type": "about:blank",
                            "title": _titles().get(status, str(status)),
                            "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    body.update(members)
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)


def from_http_exception(error: HTTPException) -> Response:
    """The problem for an HTTP error raised while answering (abort, a 429, a bad filter)."""
    status = error.code or 500
    detail = None
    members: dict[str, Any] = {}
    if isinstance(error, BadParameter):
        detail = _("Parameter %(name)s: %(message)s", name=error.parameter,
                   message=error.description)
        members["parameter"] = error.parameter
    elif status == 429:
        detail = _("Batas permintaan klien ini (%(limit)s) sudah tercapai. Tunggu sebentar, "
                   "atau minta kunci API mitra kepada redaksi.",
                   limit=str(getattr(error, "limit", "") or "").strip() or "?")
    elif status == 404:
        detail = _("Alamat atau data ini tidak ada di API.")
    elif error.description != type(error).description:
        detail = error.description
    response = problem(status, detail, **members)
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    for name, value in (error.get_headers() if status == 429 else []):
        if name.lower() == "retry-after":
            response.headers[name] = value
    return response


def from_unexpected(error: Exception) -> Response:
    """A bug: logged with its traceback, answered with a plain 500 problem."""
    propagate = current_app.config["PROPAGATE_EXCEPTIONS"]
    if propagate or (propagate is None and (current_app.testing or current_app.debug)):
        raise error
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return problem(500, _("Kesalahan di server; sudah dicatat. Coba lagi nanti."))


def problem_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "parameter": {"type": "string"},
            "reason": {"type": "string"},
            "withdrawn_at": {"type": ["string", "null"], "format": "date-time"},
        },
    }
