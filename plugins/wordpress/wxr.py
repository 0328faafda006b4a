"""WordPress's export format (WXR 1.0–1.2) read as a stream, one top-level element at a time.

The file is fed to expat in chunks and every ``<item>``, ``<wp:author>``, ``<wp:category>``
and ``<wp:tag>`` is handed out as soon as it closes and then forgotten, so a 1 GB export
needs the memory of its largest post. A document type declaration is refused outright
(WordPress never writes one): without one no entity can be declared, so neither an
external entity (XXE) nor an exponential one ("billion laughs") can be expanded, and an
undeclared ``&name;`` is a plain parse error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

CHUNK_BYTES = 64 * 1024
#: Namespace URIs by the prefix WordPress gives them; WXR 1.0, 1.1 and 1.2 differ only here.
_PREFIXES = (
    ("http://wordpress.org/export/", "excerpt/", "excerpt"),
    ("http://wordpress.org/export/", "", "wp"),
    ("http://purl.org/rss/1.0/modules/content/", "", "content"),
    ("http://purl.org/dc/elements/1.1/", "", "dc"),
    ("http://wellformedweb.org/CommentAPI/", "", "wfw"),
)
#: Elements of ``<channel>`` handed out whole.
TOP_LEVEL = frozenset({"item", "wp:author", "wp:category", "wp:tag", "wp:term"})


class WxrError(ValueError):
    """The export cannot be read; ``line`` is where the reader stopped."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class Node:
    """One element: its prefixed name, attributes, text and children, in document order."""

    tag: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [child for child in self.children if child.tag == tag]

    def get(self, tag: str) -> str:
        """The text of the first child named ``tag``, stripped; ``""`` when it is absent."""
        child = self.find(tag)
        return child.text.strip() if child is not None else ""

    def raw(self, tag: str) -> str:
        """Like :meth:`get` without stripping: post bodies keep their line breaks."""
        child = self.find(tag)
        return child.text if child is not None else ""


def _prefixed(name: str) -> str:
    uri, _, local = name.rpartition(" ")
    if not uri:
        return local
    for start, end, prefix in _PREFIXES:
        if uri.startswith(start) and uri.endswith(end):
            return f"{prefix}:{local}"
    return f"{{{uri}}}{local}"


class _Reader:
    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self._refuse_doctype
        self.parser.EntityDeclHandler = self._refuse_entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.stack: list[Node] = []
        self.done: list[Node] = []
        self.version = ""

    def _line(self) -> int:
        return self.parser.CurrentLineNumber

    def _refuse_doctype(self, *_args: object) -> None:
        raise WxrError(self._line(), "a DOCTYPE is not allowed in a WordPress export")

    def _refuse_entity(self, *_args: object) -> None:
        raise WxrError(self._line(), "entity declarations are not allowed")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _prefixed(name)
        depth = len(self.stack)
        if depth == 0 and tag != "rss":
            raise WxrError(self._line(), f"not a WordPress export: the root is <{tag}>")
        node = Node(tag, self._line(), {_prefixed(k): v for k, v in attrs.items()})
        self.stack.append(node)

    def _end(self, _name: str) -> None:
        node = self.stack.pop()
        depth = len(self.stack)
        if depth == 2 and node.tag in TOP_LEVEL:
            self.done.append(node)
        elif depth == 2 and node.tag == "wp:wxr_version":
            self.version = node.text.strip()
        elif depth > 2:
            self.stack[-1].children.append(node)

    def _text(self, data: str) -> None:
        if len(self.stack) > 2:
            self.stack[-1].text += data


def read_wxr(handle: BinaryIO) -> Iterator[Node]:
    """Every top-level element of the export, in order, as it is read.

    :raises WxrError: on malformed XML, a DOCTYPE, a file that is not WXR or ends early.
    """
    reader = _Reader()
    while True:
        chunk = handle.read(CHUNK_BYTES)
        try:
            reader.parser.Parse(chunk, not chunk)
        except expat.ExpatError as exc:
            raise WxrError(exc.lineno, expat.errors.messages[exc.code]) from None
        yield from reader.done
        reader.done.clear()
        if not chunk:
            break
    if not reader.version:
        raise WxrError(reader.parser.CurrentLineNumber,
                       "not a WordPress export: <wp:wxr_version> is missing")


def open_wxr(path: Path) -> Iterator[Node]:
    """:func:`read_wxr` over a file, closed when the iteration ends."""
    with path.open("rb") as handle:
        yield from read_wxr(handle)
