"""A portable dump of the database: one JSON-lines file per table, loadable on any engine.

Why this rather than ``pg_dump``: the same archive restores onto SQLite or PostgreSQL,
so a site that started on SQLite moves to PostgreSQL by a backup and a restore, and a
PostgreSQL site can be brought back on a laptop to look into a problem. ``pg_dump``
would also need a client of the server's major version on every app server, and its
archives restore onto PostgreSQL only.

The dump reads one consistent moment of a site that keeps serving and writing: SQLite
is first copied through its online backup API, PostgreSQL is read in one ``REPEATABLE
READ`` read-only transaction. Tables are read from the database itself (not from the
models), so a disabled plugin's tables are kept too; the Alembic version tables go into
the manifest as migration heads instead.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

CORE_VERSION_TABLE = "alembic_version"
PLUGIN_VERSION_SUFFIX = "_alembic_version"
CORE = "core"
#: Rows read, and inserted, per round trip.
BATCH = 1000


def is_version_table(name: str) -> bool:
    return name == CORE_VERSION_TABLE or name.endswith(PLUGIN_VERSION_SUFFIX)


def lineage_of(version_table: str) -> str:
    """``alembic_version`` → ``"core"``; ``articles_alembic_version`` → ``"articles"``."""
    if version_table == CORE_VERSION_TABLE:
        return CORE
    return version_table.removesuffix(PLUGIN_VERSION_SUFFIX)


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection that sees one moment of the database for as long as it is open."""
    if engine.dialect.name == "sqlite":
        with tempfile.TemporaryDirectory(prefix="warta-snapshot-") as folder:
            copy = Path(folder) / "snapshot.db"
            with engine.connect() as live:
                target = sqlite3.connect(copy)
                try:
                    live.connection.driver_connection.backup(target)
                finally:
                    target.close()
            copied = sa.create_engine(f"sqlite:///{copy}")
            try:
                with copied.connect() as connection:
                    yield connection
            finally:
                copied.dispose()
        return
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(sa.text("SET TRANSACTION READ ONLY"))
            yield connection


def read_heads(connection: Connection) -> dict[str, list[str]]:
    """The migration heads of the core and of each plugin, by lineage name."""
    heads: dict[str, list[str]] = {}
    for name in sa.inspect(connection).get_table_names():
        if is_version_table(name):
            table = sa.table(name, sa.column("version_num"))
            rows = connection.execute(sa.select(table.c.version_num)).scalars()
            heads[lineage_of(name)] = sorted(rows)
    return heads


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write a {type(value).__name__} into a backup")


def dump_tables(connection: Connection, folder: Path,
                skip: Collection[str] = ()) -> Iterator[tuple[str, Path, int]]:
    """Write each table to ``folder/<table>.jsonl`` in dependency order (parents first).

    Yields ``(table, file, rows)``. Rows are in primary-key order, one JSON object each.
    Tables named in ``skip`` are left out (the archive keeps their content otherwise).
    """
    metadata = sa.MetaData()
    metadata.reflect(connection)
    for table in metadata.sorted_tables:
        if is_version_table(table.name) or table.name in skip:
            continue
        path = folder / f"{table.name}.jsonl"
        order = list(table.primary_key.columns) or list(table.columns)
        rows = 0
        result = connection.execution_options(yield_per=BATCH).execute(
            sa.select(table).order_by(*order))
        with path.open("w", encoding="utf-8") as out:
            for row in result.mappings():
                out.write(json.dumps(dict(row), default=_encode, ensure_ascii=False,
                                     separators=(",", ":")))
                out.write("\n")
                rows += 1
        yield table.name, path, rows


def tables_with_rows(engine: Engine) -> list[str]:
    """The site's tables that hold data (migration version tables aside)."""
    found = []
    with engine.connect() as connection:
        for name in sorted(sa.inspect(connection).get_table_names()):
            if is_version_table(name):
                continue
            table = sa.table(name)
            if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                found.append(name)
    return found


def drop_everything(engine: Engine) -> None:
    """Drop every table (and on PostgreSQL every sequence) so migrations start afresh."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            preparer = engine.dialect.identifier_preparer
            for name in sa.inspect(connection).get_sequence_names():
                connection.execute(sa.text(f"DROP SEQUENCE IF EXISTS {preparer.quote(name)}"))


def _decoder(column: sa.Column) -> Callable[[Any], Any] | None:
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return None
    decoders: dict[type, Callable[[Any], Any]] = {
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        time: time.fromisoformat,
        Decimal: Decimal,
        bytes: base64.b64decode,
    }
    return decoders.get(kind)


class TableLoader:
    """Insert dumped rows into the tables the migrations made on the target database."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.metadata = sa.MetaData()
        self.metadata.reflect(connection)
        for table in self.metadata.tables.values():
            for column in table.columns:
                if isinstance(column.type, sa.JSON):
                    # A dumped None was SQL NULL; keep it NULL rather than JSON 'null'.
                    column.type.none_as_null = True

    def load(self, name: str, lines: Iterable[bytes]) -> int | None:
        """Insert the rows of table ``name``; None when the target has no such table."""
        table = self.metadata.tables.get(name)
        if table is None:
            return None
        decoders = {c.name: d for c in table.columns if (d := _decoder(c)) is not None}
        rows = 0
        batch: list[dict[str, Any]] = []
        for line in lines:
            row = json.loads(line)
            unknown = set(row) - set(table.columns.keys())
            if unknown:
                raise ValueError(f"table {name} on this database has no column "
                                 f"{sorted(unknown)[0]!r}")
            for column, decode in decoders.items():
                if row.get(column) is not None:
                    row[column] = decode(row[column])
            batch.append(row)
            if len(batch) == BATCH:
                self.connection.execute(table.insert(), batch)
                rows += len(batch)
                batch = []
        if batch:
            self.connection.execute(table.insert(), batch)
            rows += len(batch)
        return rows

    def reset_sequences(self) -> None:
        """On PostgreSQL, move each id sequence past the ids the rows brought with them."""
        if self.connection.dialect.name != "postgresql":
            return
        preparer = self.connection.dialect.identifier_preparer
        for table in self.metadata.sorted_tables:
            for column in table.primary_key.columns:
                sequence = self.connection.execute(
                    sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
                    {"table": preparer.quote(table.name), "column": column.name}).scalar()
                if sequence is None:
                    continue
                quoted = f"{preparer.quote(table.name)}.{preparer.quote(column.name)}"
                top = self.connection.execute(
                    sa.text(f"SELECT MAX({quoted}) FROM {preparer.quote(table.name)}")).scalar()
                self.connection.execute(sa.text("SELECT setval(:sequence, :value, :called)"),
                                        {"sequence": sequence, "value": top or 1,
                                         "called": top is not None})
