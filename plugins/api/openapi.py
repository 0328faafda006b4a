"""The OpenAPI 3.1 document, generated from the operations the views declare.

Each view is wrapped by :func:`operation`, which records its path, parameters and
responses *and* parses the request with the same parameter declarations: what the
document says a client may send is exactly what the view accepts, so the two cannot
drift. A small registry rather than apispec or flask-smorest: those bring marshmallow
schemas (and target OpenAPI 3.0 first) where Warta's JSON is built by plain functions,
and neither would parse the query string from the declarations the document is made of.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g, request
from flask_babel import gettext as _

from cms.api import CMS_VERSION, site_origin, site_settings
from plugins.api.problems import MEDIA_TYPE, BadParameter, problem_schema
from plugins.api.schemas import components

#: Where the read API lives; the document's ``servers`` entry.
PREFIX = "/api/v1"


@dataclass(frozen=True)
class Param:
    """A query (or path) parameter: its schema, and how a raw value becomes a Python one.

    ``parse`` raises :class:`ValueError` with a message for the client; the message
    becomes the 400 answer's ``detail``.
    """

    name: str
    schema: dict[str, Any]
    description: str
    parse: Callable[[str], Any] = str
    location: str = "query"
    required: bool = False

    def as_openapi(self) -> dict[str, Any]:
        return {"name": self.name, "in": self.location, "required": self.required
                or self.location == "path", "description": self.description,
                "schema": self.schema}


@dataclass
class Operation:
    path: str
    endpoint: str
    summary: str
    tag: str
    params: tuple[Param, ...]
    responses: dict[int, tuple[str, str | None]]
    description: str = ""
    media_type: str = "application/json"


#: Every declared operation, in the order the views were defined.
OPERATIONS: list[Operation] = []
#: Answers every operation may give, besides its own.
COMMON_PROBLEMS = {400: "Parameter tidak valid.", 401: "Kunci API tidak dikenal.",
                   429: "Terlalu banyak permintaan dari klien ini.",
                   500: "Kesalahan di server."}


def operation(path: str, *, summary: str, tag: str, ok: str | None,
              params: tuple[Param, ...] = (), problems: dict[int, str] | None = None,
              description: str = "", media_type: str = "application/json",
              ok_description: str = "OK") -> Callable:
    """Declare a GET operation at ``path`` (OpenAPI form, ``{id}``), answering 200 with the
    component schema ``ok`` (None: any body of ``media_type``) and the problems named.

    The wrapped view receives the parsed query parameters as ``args`` (a dict with every
    declared name, None when absent).
    """
    responses: dict[int, tuple[str, str | None]] = {200: (ok_description, ok)}
    for code, text in {**COMMON_PROBLEMS, **(problems or {})}.items():
        responses[code] = (text, None)

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(**kwargs: Any) -> Any:
            g.api_operation = path
            return view(args=parse_query(params), **kwargs)

        OPERATIONS.append(Operation(path, view.__name__, summary, tag, params, responses,
                                    description, media_type))
        return wrapper

    return decorate


def parse_query(params: tuple[Param, ...]) -> dict[str, Any]:
    """The declared query parameters, parsed; a bad value is a 400 naming it."""
    values: dict[str, Any] = {}
    for param in params:
        if param.location != "query":
            continue
        raw = request.args.get(param.name)
        if raw is None or raw == "":
            if param.required:
                raise BadParameter(param.name, _("Parameter ini wajib diisi."))
            values[param.name] = None
            continue
        try:
            values[param.name] = param.parse(raw)
        except ValueError as error:
            raise BadParameter(param.name, str(error)) from None
    return values


def document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document, as the running site's plugins shape it."""
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        responses: dict[str, Any] = {}
        for code, (text, schema) in op.responses.items():
            if code == 200:
                content = {"schema": {"$ref": f"#/components/schemas/{schema}"}} if schema \
                    else {"schema": {}}
                responses["200"] = {
                    "description": text, "content": {op.media_type: content},
                    "headers": {"ETag": {"schema": {"type": "string"},
                                         "description": "Send it back as If-None-Match."}}}
            else:
                responses[str(code)] = {"description": text, "content": {
                    MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        responses["304"] = {"description": "Unchanged since the ETag sent in If-None-Match."}
        paths.setdefault(op.path, {})["get"] = {
            "operationId": op.endpoint, "summary": op.summary, "tags": [op.tag],
            **({"description": op.description} if op.description else {}),
            "parameters": [param.as_openapi() for param in op.params],
            "responses": responses,
        }
    schemas = components()
    schemas["Problem"] = problem_schema()
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{site_settings()['site_name']} API", "version": "1",
                 "description": f"Warta {CMS_VERSION}: the read API of this news site."},
        "servers": [{"url": site_origin() + PREFIX}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"apiKey": {
                "type": "http", "scheme": "bearer",
                "description": "Optional: a partner's key raises the rate limit."}},
        },
        "security": [{}, {"apiKey": []}],
    }
