"""The gunicorn settings Warta recommends in production and uses in its benchmarks.

    gunicorn -c gunicorn.conf.py 'cms:create_app()'

Environment: ``WARTA_BIND`` (default ``127.0.0.1:8000``, behind the reverse proxy),
``WARTA_WORKERS`` (default: two per core, at most 8), ``WARTA_LOG_FORMAT`` (default
``json`` here) and ``WARTA_LOG_LEVEL`` (default ``INFO``). Everything else about the site
is read by Warta itself from ``instance/config.py`` and ``WARTA_*`` (see README and
docs/production.md).
"""

import os

from cms import logs
from cms.doctor import gunicorn_workers

bind = os.environ.get("WARTA_BIND", "127.0.0.1:8000")
workers = gunicorn_workers()

# One stream of records, on standard error (journald keeps it): Warta writes one line per
# request itself, with its id, user and duration (cms/logs.py), so gunicorn's access log
# stays off, and gunicorn's own messages (workers starting, timeouts) go through the same
# handler in the same format, each once.
accesslog = None
errorlog = "-"
logconfig_dict = logs.logging_config(os.environ.get("WARTA_LOG_FORMAT", "json"),
                                     os.environ.get("WARTA_LOG_LEVEL"))
logconfig_dict["loggers"] |= {
    "gunicorn.error": {"handlers": [], "propagate": True},
    "gunicorn.access": {"handlers": [], "propagate": False},
}

# Gunicorn's own limit (4,094 bytes) answers a long search address with an English
# "URI Too Long" page Warta never sees. The largest value gunicorn allows lets every
# address up to 8 KB reach Warta, whose search answers queries over its 200 characters
# (1,800 bytes once percent-encoded) with its own 400 page in the reader's language.
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 100

# Saves of the longest article take well under a second (bench/sanitize.py); 30 s is for
# a slow database, not for Warta's own work.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Restart each worker now and then so a slow leak in a plugin never grows unbounded. Not
# too often: a new worker boots on the same cores and starts with empty per-process caches,
# and at 5,000 that was a busy site's whole p99 (docs/speed.md, "Realistic traffic").
max_requests = 100_000
max_requests_jitter = 10_000
