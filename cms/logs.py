"""Logs a technician can search: one line per request, errors with their traceback.

``WARTA_LOG_FORMAT=json`` writes every record as one line of JSON (what a log shipper or
``journalctl -o cat | jq`` reads); ``text`` (the default of ``cms``) is for a person at a
terminal. The shipped ``gunicorn.conf.py`` chooses ``json``. ``WARTA_LOG_LEVEL`` sets the
level (``INFO`` under gunicorn; the ``cms`` command shows only warnings from libraries, but
``cms run`` still shows the request lines).

Each request gets an id: the ``X-Request-ID`` the trusted reverse proxy sent (nginx's
``$request_id``), or one made here. It is echoed in the response's ``X-Request-ID`` and
written on every record logged while the request runs, so a reader's "error, reference
abc123" leads to the traceback. The request line is written by a WSGI middleware around
everything else, so pages answered from the page cache are counted too.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, has_request_context, request
from flask_login import current_user

from cms import proxies
from cms.config import ConfigurationError

FORMATS = ("text", "json")
#: The logger of the one line per request.
REQUEST_LOGGER = "warta.request"
REQUEST_ID_HEADER = "X-Request-ID"
#: Where the request's id and signed-in user wait in the WSGI environ.
REQUEST_ID_KEY = "warta.request_id"
USER_ID_KEY = "warta.user_id"
#: What an id taken from the proxy may look like: nginx's 32 hex digits, a UUID, and the
#: like; anything else (a line break, a megabyte) is replaced by one made here.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{8,128}$")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

logger = logging.getLogger(REQUEST_LOGGER)


class LogSettingError(ValueError):
    """``WARTA_LOG_FORMAT`` or ``WARTA_LOG_LEVEL`` names something that does not exist."""


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = (request.environ.get(REQUEST_ID_KEY, "-")
                                 if has_request_context() else "-")
        return True


#: Attributes every LogRecord has; anything else was passed in ``extra`` and is written.
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message, fields given in
    ``extra``, and the traceback as one string (``exc``), never spread over lines."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        entry.update((key, value) for key, value in vars(record).items()
                     if key not in _RECORD_FIELDS)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def parse_settings(log_format: str | None, level: str | None) -> tuple[str, int | None]:
    """The format and level named by the settings (``None`` level: the caller's default)."""
    chosen = (log_format or "text").strip().lower()
    if chosen not in FORMATS:
        raise LogSettingError(f"LOG_FORMAT is {log_format!r}; choose one of: {', '.join(FORMATS)}")
    if not level or not str(level).strip():
        return chosen, None
    number = logging.getLevelName(str(level).strip().upper())
    if not isinstance(number, int):
        raise LogSettingError(
            f"LOG_LEVEL is {level!r}; choose one of: DEBUG, INFO, WARNING, ERROR, CRITICAL")
    return chosen, number


class WartaHandler(logging.StreamHandler):
    """Standard error, with the request id on every record: the one place records go."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.addFilter(RequestIdFilter())


class DropWerkzeugAccessLines(logging.Filter):
    """Werkzeug's development server writes an access line of its own; ours replaces it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return " - - [" not in record.getMessage()


def logging_config(log_format: str | None = None, level: str | None = None,
                   default_level: int = logging.INFO) -> dict[str, Any]:
    """The :func:`logging.config.dictConfig` of a Warta process (gunicorn.conf.py adds
    gunicorn's own loggers to it).

    The request lines are shown at ``INFO`` whatever ``default_level`` is, unless a level is
    named: ``WARTA_LOG_LEVEL=WARNING`` leaves them out. Alembic says "Context impl
    SQLiteImpl." whenever ``/healthz`` compares the schema; only a level named on purpose
    lets that through.
    """
    chosen, number = parse_settings(log_format, level)
    formatter = ({"()": f"{__name__}.JsonFormatter"} if chosen == "json"
                 else {"format": TEXT_FORMAT})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"warta": formatter},
        "filters": {"no_access_lines": {"()": f"{__name__}.DropWerkzeugAccessLines"}},
        "handlers": {"warta": {"class": f"{__name__}.WartaHandler", "formatter": "warta"}},
        "root": {"level": number or default_level, "handlers": ["warta"]},
        "loggers": {
            REQUEST_LOGGER: {"level": number or logging.INFO},
            "alembic": {"level": number or logging.WARNING},
            "werkzeug": {"filters": ["no_access_lines"]},
        },
    }


def configure(log_format: str | None = None, level: str | None = None,
              default_level: int = logging.INFO) -> None:
    """Send every record to standard error in the chosen format (see
    :func:`logging_config`), replacing what was there: records are never written twice."""
    logging.config.dictConfig(logging_config(log_format, level, default_level))


def is_configured() -> bool:
    """Has someone already chosen where records go: :func:`configure`, gunicorn.conf.py, or
    the program that imported Warta (a test runner's capture, another WSGI server)?"""
    return bool(logging.getLogger().handlers)


def request_id(environ: Mapping[str, Any], trusted: bool) -> str:
    """The proxy's id when it comes from a trusted proxy and looks like one, else a new one."""
    given = environ.get("HTTP_X_REQUEST_ID", "")
    if trusted and VALID_REQUEST_ID.match(given):
        return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Gives each request its id and writes its line when the answer has been sent.

    Outermost of the site's middlewares: it sees pages the page cache answers, and the
    ``X-Request-ID`` it adds is never stored with a cached page.
    """

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        origin = proxies.request_origin(self.app, environ)
        rid = environ[REQUEST_ID_KEY] = request_id(environ, origin.trusted)
        status: list[str] = []

        def start(code: str, headers: list, exc_info: Any = None) -> Callable:
            status[:] = [code]
            return start_response(code, [*headers, (REQUEST_ID_HEADER, rid)], exc_info)

        line = {"method": environ.get("REQUEST_METHOD", ""),
                "path": environ.get("PATH_INFO", ""),
                "remote_addr": origin.forwarded.get("REMOTE_ADDR",
                                                    environ.get("REMOTE_ADDR", ""))}
        try:
            result = self.wsgi_app(environ, start)
        except BaseException:
            self._write(line, environ, "500", started)
            raise
        return _Logged(result, lambda: self._write(line, environ, status[0] if status else
                                                   "500", started))

    def _write(self, line: dict[str, Any], environ: Mapping[str, Any], status: str,
               started: float) -> None:
        if not logger.isEnabledFor(logging.INFO):
            return
        code = int(status.split(" ", 1)[0]) if status[:3].isdigit() else 0
        fields = {**line, "status": code,
                  "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                  "user_id": environ.get(USER_ID_KEY)}
        logger.info("%s %s %s %.1fms", line["method"], line["path"], code,
                    fields["duration_ms"], extra={**fields, "request_id": environ[REQUEST_ID_KEY]})


class _Logged:
    """The answer's body, passed through; the line is written once, when the server closes
    it (or, should a server forget to close it, when the last chunk has gone)."""

    def __init__(self, result: Iterable[bytes], done: Callable[[], None]) -> None:
        self.result = result
        self.done: Callable[[], None] | None = done

    def __iter__(self) -> Iterator[bytes]:
        # A loop, not ``yield from``: a generator dropped mid-body would pass its close on
        # to ``result``, and the answer's after-close work (the search writer's drain) would
        # run a second time, whenever the garbage collector gets to it.
        for chunk in self.result:  # noqa: UP028
            yield chunk
        self._finish()

    def close(self) -> None:
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self._finish()

    def _finish(self) -> None:
        done, self.done = self.done, None
        if done is not None:
            done()


def _remember_user(response: Response) -> Response:
    """Note who made the request. Only a request with cookies can be signed in, so a
    reader's request never loads a user."""
    if request.cookies and current_user and current_user.is_authenticated:
        request.environ[USER_ID_KEY] = current_user.id
    return response


def init_app(app: Flask) -> None:
    """Log every request of ``app``; choose the format from its settings unless the ``cms``
    command, gunicorn or the host program already chose where records go (so pytest's own
    capture is never replaced)."""
    if not app.testing and not is_configured():
        try:
            configure(app.config.get("LOG_FORMAT"), app.config.get("LOG_LEVEL"))
        except LogSettingError as exc:
            raise ConfigurationError(str(exc)) from None
    app.after_request(_remember_user)
    app.wsgi_app = RequestLogMiddleware(app, app.wsgi_app)
