"""Every error becomes a clear, themed page (or JSON for API callers), never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from cms.extensions import db
from cms.hooks import call_hook
from cms.sanitize import HtmlTooLarge

logger = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Permintaan tidak valid"), _("Periksa kembali isian Anda lalu coba lagi.")),
        401: (_("Perlu masuk"), _("Silakan masuk terlebih dahulu.")),
        403: (_("Akses ditolak"), _("Anda tidak memiliki izin untuk halaman ini.")),
        404: (_("Halaman tidak ditemukan"), _("Alamat yang Anda buka tidak ada.")),
        405: (_("Metode tidak diizinkan"), _("Halaman ini tidak menerima permintaan itu.")),
        410: (_("Halaman sudah dihapus"), _("Konten ini sudah tidak tersedia.")),
        413: (_("Data terlalu besar"), _("Kirim berkas atau teks yang lebih kecil.")),
        429: (_("Terlalu banyak percobaan"), _("Tunggu sebentar lalu coba lagi.")),
        500: (_("Terjadi kesalahan"), _("Kami sedang memperbaikinya. Coba lagi nanti.")),
    }


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and not request.accept_mimetypes.accept_html


def _end_failed_transaction() -> None:
    """Roll back whatever the failed request left open: the error page itself reads the
    database (the reader's language, the site's settings), which a session waiting for a
    rollback refuses, and an error page keeps nothing a refused request half-wrote."""
    try:
        db.session.rollback()
    except Exception:
        logger.exception("the database session could not be rolled back")


def render_error(code: int, detail: str | None = None) -> ResponseReturnValue:
    """The themed error page (or JSON); plain text if even that fails, e.g. on a bad Host."""
    _end_failed_transaction()
    try:
        title, message = _messages().get(code, (str(code), ""))
        if detail:
            message = detail
        if wants_json():
            return jsonify(error=title, message=message, status=code), code
        templates = [f"errors/{code}.html", "errors/default.html"]
        return render_template(templates, code=code, title=title, message=message), code
    except Exception:
        logger.exception("the error page for %s could not be rendered", code)
        return Response(f"Error {code}\n", status=code, mimetype="text/plain")


def _custom_description(error: HTTPException) -> str | None:
    """The text given to ``abort(code, text)``, not Werkzeug's English default."""
    default = type(error).description
    return error.description if error.description != default else None


def handle_http_exception(error: HTTPException) -> ResponseReturnValue:
    if error.code is None or error.code < 400:
        return error
    if error.code == 404 and request.method in ("GET", "HEAD"):
        moved = call_hook("warta_not_found", path=request.path)
        if moved:
            return moved[0]
    response = render_error(error.code, _custom_description(error))
    if error.code == 405 and getattr(error, "valid_methods", None) and isinstance(response, tuple):
        body, code = response
        return body, code, {"Allow": ", ".join(error.valid_methods)}
    return response


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    return render_error(
        400, _("Formulir sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")
    )


def handle_unexpected(error: Exception) -> ResponseReturnValue:
    propagate = current_app.config["PROPAGATE_EXCEPTIONS"]
    if propagate or (propagate is None and (current_app.testing or current_app.debug)):
        raise error
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(500)


def handle_data_error(error: DataError | OverflowError) -> ResponseReturnValue:
    """Input the database refuses outright (a NUL byte on PostgreSQL, a number out of the
    column's range) is the sender's mistake: 400, not a crash."""
    db.session.rollback()
    logger.info("the database refused a value on %s %s: %s", request.method, request.path,
                getattr(error, "orig", error))
    return render_error(400, _("Isian berisi karakter atau angka yang tidak bisa disimpan."))


def handle_overflow(error: OverflowError) -> ResponseReturnValue:
    """SQLite's way of refusing a number beyond its 64-bit integers (``?a=99999999999999999999``,
    a form's number field), where PostgreSQL raises ``DataError``: the sender's mistake too.
    Any other overflow is a bug and stays a 500."""
    if "SQLite" not in str(error):
        return handle_unexpected(error)
    return handle_data_error(error)


def handle_html_too_large(error: HtmlTooLarge) -> ResponseReturnValue:
    """HTML beyond the sanitizer's limits from a form that does not check them itself."""
    return render_error(413, str(error))


def refuse_nul_in_path() -> ResponseReturnValue | None:
    """No address holds a NUL byte; answering 404 here keeps it away from every query."""
    if "\x00" in request.path:
        return render_error(404)
    return None


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class StrictJSONProvider(DefaultJSONProvider):
    """JSON bodies whose strings hold a lone surrogate (``"\\ud800"``) are malformed.

    Python's parser accepts the escape, but no database stores the result, so the request
    would fail deep inside a save; refusing it here turns it into the view's usual 400
    (``request.get_json`` answers ``None`` or a Bad Request like any unreadable body).
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        value = super().loads(s, **kwargs)
        if _has_lone_surrogate(value):
            raise ValueError("the JSON text holds a lone UTF-16 surrogate")
        return value


#: The largest id an integer column holds on every database Warta runs on (PostgreSQL's
#: ``integer``): a number beyond it in an address, a form or a cursor names nothing.
LARGEST_ID = 2**31 - 1


class DatabaseIntConverter(IntegerConverter):
    """``<int:…>`` that stops at the largest id a database column holds (404 beyond)."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.json = StrictJSONProvider(app)
    app.url_map.converters["int"] = DatabaseIntConverter
    app.before_request(refuse_nul_in_path)
    app.register_error_handler(DataError, handle_data_error)
    app.register_error_handler(OverflowError, handle_overflow)
    app.register_error_handler(HtmlTooLarge, handle_html_too_large)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
