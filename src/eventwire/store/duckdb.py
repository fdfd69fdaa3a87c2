"""The DuckDB store: one file, written in Arrow batches, one writer at a time."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.errors import StoreError
from eventwire.records import Result
from eventwire.store.schema import TABLES, plover_from_row, tables_of

log = logging.getLogger(__name__)

_DUCK_TYPES = {
    pa.string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.int8(): "TINYINT",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.timestamp("s"): "TIMESTAMP",
    pa.list_(pa.string()): "VARCHAR[]",
}
_KEYS = {"articles": "id", "sentences": "article_id", "actors": "article_id", "events": "article_id"}


def _ddl(name: str, schema: pa.Schema) -> str:
    cols = ", ".join(f'"{f.name}" {_DUCK_TYPES[f.type]}{"" if f.nullable else " NOT NULL"}' for f in schema)
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols})"


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to list: every field is optional and they combine with AND."""

    actor: str | None = None  # actor code or country
    recipient: str | None = None
    event: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    article_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition and its bound parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("(actor_code = ? OR actor_country = ?)")
            params += [self.actor, self.actor]
        if self.recipient:
            clauses.append("(recipient_code = ? OR recipient_country = ?)")
            params += [self.recipient, self.recipient]
        if self.event:
            clauses.append("event = ?")
            params.append(self.event.upper())
        if self.date_from:
            clauses.append("date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("date <= ?")
            params.append(self.date_to)
        if self.article_id:
            clauses.append("article_id = ?")
            params.append(self.article_id)
        return (" AND ".join(clauses) or "TRUE"), params


class Store:
    """An eventwire store in a DuckDB file.

    Use as a context manager. Opened for writing, it creates missing tables;
    opened read-only, it never changes the file.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"No store at {self.path}; code some articles first with 'eventwire code INPUT --db {self.path}'")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"Cannot open store {self.path}: {exc}") from exc
        if not read_only:
            for name, schema in TABLES.items():
                self.con.execute(_ddl(name, schema))

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def write(self, results: Iterable[Result]) -> int:
        """Store a batch of coded articles, replacing any earlier rows of the same article ids.

        The batch is one transaction: it lands whole or not at all.
        Returns the number of events written.
        """
        results = list(results)
        if not results:
            return 0
        # The last result of an id wins within a batch, as it would across batches.
        by_id = {r.article.id: r for r in results}
        tables = tables_of(list(by_id.values()))
        ids = pa.table({"id": pa.array(list(by_id), pa.string())})
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("_batch_ids", ids)
            for name in TABLES:
                con.execute(f"DELETE FROM {name} WHERE {_KEYS[name]} IN (SELECT id FROM _batch_ids)")
            for name, table in tables.items():
                con.register("_batch", table)
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch")
                con.unregister("_batch")
            con.unregister("_batch_ids")
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"Writing to {self.path} failed; nothing of this batch was stored: {exc}") from exc
        return tables["events"].num_rows

    def count(self, table: str) -> int:
        """Rows in a table."""
        if table not in TABLES:
            raise StoreError(f"No table {table!r}; tables: {', '.join(TABLES)}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def event_rows(self, where: EventFilter | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Events-table rows matching a filter, by date then article and position."""
        cond, params = (where or EventFilter()).where()
        sql = f"SELECT * FROM events WHERE {cond} ORDER BY date NULLS LAST, article_id, trigger_start, id"
        if limit is not None:
            sql += " LIMIT ?"
            params = [*params, int(limit)]
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def iter_plover(self, where: EventFilter | None = None, chunk: int = 10_000) -> Iterator[dict[str, Any]]:
        """PLOVER records of the stored events, streamed in chunks."""
        cond, params = (where or EventFilter()).where()
        cur = self.con.execute(
            f"SELECT * FROM events WHERE {cond} ORDER BY date NULLS LAST, article_id, trigger_start, id", params
        )
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(chunk):
            for row in rows:
                yield plover_from_row(dict(zip(names, row, strict=True)))
