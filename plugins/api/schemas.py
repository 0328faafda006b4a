"""JSON Schemas of what the read API answers: the ``components`` of the OpenAPI document.

The serializers in :mod:`plugins.api.serialize` build these shapes; the schemathesis
test checks every answer against them, so a change to one without the other fails CI.
"""

from __future__ import annotations

from typing import Any

from cms.api import call_hook

TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
URL = {"type": "string", "format": "uri"}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object",
            "required": [name for name in properties if name not in optional],
            "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(name: str) -> dict[str, Any]:
    return {"oneOf": [_ref(name), {"type": "null"}]}


def _list_of(name: str) -> dict[str, Any]:
    return _object({"items": {"type": "array", "items": _ref(name)},
                    "next_cursor": {"type": ["string", "null"]},
                    "next": {"type": ["string", "null"], "format": "uri"}})


def article_schema(*, with_body: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "integer"},
        "slug": {"type": "string"},
        "url": URL,
        "api_url": URL,
        "title": {"type": "string"},
        "dateline": {"type": "string"},
        "lead": {"type": "string"},
        "byline": {"type": "string"},
        "label": {"type": ["string", "null"],
                  "description": "What readers see beside the title (\"Advertorial\")."},
        "published_at": TIME,
        "updated_at": TIME,
        "rubrik": _nullable("RubrikRef"),
        "tags": {"type": "array", "items": _ref("TagRef")},
        "author": _nullable("AuthorRef"),
        "image": _nullable("Image"),
    }
    if with_body:
        properties["body_html"] = {"type": "string"}
    plugin_fields: dict[str, Any] = {}
    for fields in call_hook("api_article_schema"):
        plugin_fields.update(fields)
    schema = _object(properties)
    schema["properties"].update(plugin_fields)
    return schema


def components() -> dict[str, Any]:
    return {
        "RubrikRef": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                              "name": {"type": "string"}, "url": URL}),
        "TagRef": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                           "name": {"type": "string"}, "url": URL}),
        "AuthorRef": _object({"id": {"type": "integer"}, "name": {"type": "string"},
                              "url": URL}),
        "Image": _object({"url": URL, "width": {"type": "integer"},
                          "height": {"type": "integer"}, "alt": {"type": "string"},
                          "caption": {"type": "string"}, "credit": {"type": "string"},
                          "srcset": {"type": "string"}}),
        "ArticleSummary": article_schema(with_body=False),
        "Article": article_schema(with_body=True),
        "ArticleList": _list_of("ArticleSummary"),
        "Rubrik": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                           "name": {"type": "string"}, "description": {"type": "string"},
                           "parent": {"type": ["string", "null"]}, "url": URL,
                           "feed_url": URL, "articles_url": URL}),
        "RubrikList": _object({"items": {"type": "array", "items": _ref("Rubrik")}}),
        "Tag": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                        "name": {"type": "string"}, "url": URL, "feed_url": URL,
                        "articles_url": URL}),
        "TagList": _list_of("Tag"),
        "Author": _object({"id": {"type": "integer"}, "name": {"type": "string"},
                           "url": URL, "articles_url": URL}),
        "AuthorList": _list_of("Author"),
        "Page": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                         "title": {"type": "string"}, "url": URL, "updated_at": TIME,
                         "body_html": {"type": "string"}}),
        "PageList": _object({"items": {"type": "array", "items": _ref("Page")}}),
        "Sponsor": _object({"slug": {"type": "string"}, "name": {"type": "string"},
                            "kind": {"type": "string"}, "website": {"type": "string"},
                            "disclosure": {"type": "string"},
                            "logo": {"type": ["string", "null"]}, "url": URL,
                            "articles_url": URL}),
        "SponsorList": _object({"items": {"type": "array", "items": _ref("Sponsor")}}),
        "SearchHit": {"allOf": [_ref("ArticleSummary"), _object({
            "score": {"type": "number"},
            "highlights": {"type": "object",
                           "additionalProperties": {"type": "string"}}})]},
        "SearchResults": _object({
            "query": {"type": "string"}, "total": {"type": "integer"},
            "page": {"type": "integer"}, "suggestion": {"type": ["string", "null"]},
            "facets": {"type": "object", "additionalProperties": {
                "type": "object", "additionalProperties": {"type": "integer"}}},
            "items": {"type": "array", "items": _ref("SearchHit")}}),
    }
