"""The DuckDB store: one file, written in Arrow batches, one writer at a time."""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.errors import ConfigError, StoreError
from eventwire.records import Result
from eventwire.store import clusters
from eventwire.store.query import EXACT_GOLDSTEIN, EventQuery, query_of
from eventwire.store.schema import DERIVED, TABLES, plover_from_row, tables_of

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
    pa.binary(): "BLOB",
    pa.bool_(): "BOOLEAN",
}
_KEYS = {"articles": "id", "duplicates": "id"}


def _ddl(name: str, schema: pa.Schema) -> str:
    cols = ", ".join(f'"{f.name}" {_DUCK_TYPES[f.type]}{"" if f.nullable else " NOT NULL"}' for f in schema)
    return f"CREATE TABLE IF NOT EXISTS {name} ({cols})"


def dict_rows(cur: Any, chunk: int = 10_000) -> Iterator[dict[str, Any]]:
    """The rows of an executed DuckDB query as dicts by column name, fetched ``chunk`` at a time."""
    names = [d[0] for d in cur.description]
    while rows := cur.fetchmany(chunk):
        for values in rows:
            yield dict(zip(names, values, strict=True))


_MAGIC = slice(8, 12)  # a DuckDB file says DUCK after its 8-byte checksum


def check_store_file(path: str | Path, writing: bool = False) -> None:
    """Refuse a store path that names something other than a DuckDB file or a new one.

    A missing or empty file is fine (it becomes a new store); an existing CSV,
    JSON or other file is refused before anything reads or writes it. With
    ``writing``, so is a store this process could not write: its folder missing,
    read-only or not this user's to write (the write-ahead log is made beside
    the file), or the file itself read-only.

    Raises:
        StoreError: naming the path and what it holds instead, or what keeps it from being written.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a DuckDB store file; give --db a file name such as news.duckdb")
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except FileNotFoundError:
        head = b""
    except OSError as exc:
        raise StoreError(f"Cannot read store {path}: {exc.strerror or exc}") from exc
    if head and head[_MAGIC] != b"DUCK":
        raise StoreError(f"{path} is not a DuckDB store (it starts with {head[:8]!r}); it was left as it is. "
                         "Give --db a new file name or an existing eventwire store")
    if writing:
        _check_writable(path)


def _check_writable(path: Path) -> None:
    """Refuse, before any work is done for it, a store whose file or folder cannot be written."""
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"Cannot open store {path}: its folder {folder} does not exist; nothing was changed")
    for target, mode in ((folder, os.W_OK | os.X_OK), (path, os.W_OK)):
        if target.exists() and not os.access(target, mode):
            read_only = os.statvfs(target).f_flag & os.ST_RDONLY
            why = "is on a read-only file system" if read_only else "cannot be written by this user"
            what = f"its folder {folder}" if target is folder else "the file"
            kept = "; the store can still be read" if path.exists() else ""
            raise StoreError(f"Cannot open store {path} for writing: {what} {why}. Nothing was changed{kept}")


def _open_failure(path: Path, exc: duckdb.Error) -> str:
    """What went wrong opening a store, in the user's terms."""
    text = str(exc)
    if "Could not set lock" in text:
        holder = re.search(r"\(PID (\d+)\)", text)
        who = f"process {holder.group(1)}" if holder else "another process"
        return (f"Store {path} is being written by {who}: a DuckDB store has one writer at a time, and it can be "
                f"read again when that run ends (or read a copy of the file). Nothing was changed.")
    return f"Cannot open store {path}: {text}"


def _add_missing_columns(con: Any, name: str, schema: pa.Schema) -> None:
    """Give a table that an earlier version made the columns it lacks, empty for the rows it holds.

    Nothing already stored changes: the new columns are nullable and every old column stays.

    Raises:
        StoreError: a missing column that may not be empty, which no stored row could fill.
    """
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema()",
        [name]).fetchall()}
    for f in schema:
        if f.name in have:
            continue
        if not f.nullable:
            raise StoreError(f"Table {name} lacks the required column {f.name!r}, which its stored rows cannot fill; "
                             "the store was made by another program or a newer version. Nothing was changed")
        con.execute(f'ALTER TABLE {name} ADD COLUMN "{f.name}" {_DUCK_TYPES[f.type]}')


class Store:
    """An eventwire store in a DuckDB file.

    Use as a context manager. Opened for writing, it creates missing tables;
    opened read-only, it never changes the file. ``events``, ``dyads`` and the
    ``to_*`` tables take the filters of ``eventwire events`` and the API, by
    the names of :class:`~eventwire.store.query.EventQuery` (``actor``,
    ``recipient``, ``party``, ``other``, ``country``, ``event``, ``mode``,
    ``status``, ``context``, ``date_from``, ``date_to``, ``text``,
    ``article_id``, ``include_negated``).
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"No store at {self.path}; code some articles first with 'eventwire code INPUT --db {self.path}'")
        check_store_file(self.path, writing=not read_only)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
            if not read_only:
                for name, schema in {**TABLES, **DERIVED}.items():
                    self.con.execute(_ddl(name, schema))
                    _add_missing_columns(self.con, name, schema)
        except (duckdb.Error, StoreError) as exc:
            if hasattr(self, "con"):
                self.con.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(_open_failure(self.path, exc)) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the file keeps everything committed."""
        self.con.close()

    def write(self, results: Iterable[Result], fingerprints: dict[str, Any] | None = None) -> int:
        """Store a batch of coded articles, replacing any earlier rows of the same article ids.

        The batch is one transaction: it lands whole or not at all, so a run
        killed at any point leaves every earlier batch stored and readable.
        Returns the number of events written.
        """
        results = list(results)
        if not results:
            return 0
        return self.replace_tables(tables_of(results, fingerprints))

    def replace_tables(self, tables: dict[str, pa.Table], fingerprints: dict[str, Any] | None = None) -> int:
        """Store article-keyed tables (as :func:`tables_of` builds them), replacing rows of the same article ids.

        Missing tables count as empty; ``fingerprints`` adds the articles' MinHash rows. One transaction.
        Returns the number of events written.
        """
        if fingerprints:
            extra = tables_of([], fingerprints)
            tables = {**tables, "fingerprints": extra["fingerprints"], "bands": extra["bands"]}
        tables = {name: _conformed(tables[name], schema) if name in tables else schema.empty_table()
                  for name, schema in TABLES.items()}
        ids = tables["articles"].select(["id"])
        with self.transaction("batch"), clusters.touched(self, ids):
            self._delete(ids, (*TABLES, "duplicates"))
            for name, table in tables.items():
                self.insert(name, table)
        return tables["events"].num_rows

    def write_duplicates(self, rows: list[dict[str, Any]]) -> None:
        """Record articles recognised as copies of stored ones (they are not coded)."""
        if not rows:
            return
        table = pa.Table.from_pylist(rows, schema=DERIVED["duplicates"])
        with self.transaction("duplicates"), clusters.touched(self, table.select(["id"])):
            self._delete(table.select(["id"]), (*TABLES, "duplicates"))
            self.insert("duplicates", table)

    def _delete(self, ids: pa.Table, tables: Iterable[str]) -> None:
        """Delete the rows of these article ids (a one-column table ``id``) from the tables."""
        with self.registered("_ids", ids):
            for name in tables:
                self.con.execute(f"DELETE FROM {name} WHERE {_KEYS.get(name, 'article_id')} IN (SELECT id FROM _ids)")

    def insert(self, name: str, table: pa.Table) -> None:
        """Append an Arrow table to a store table, columns matched by name."""
        with self.registered("_batch", table):
            self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _batch")

    @contextlib.contextmanager
    def registered(self, name: str, table: pa.Table) -> Iterator[None]:
        """An Arrow table that SQL sees as ``name`` for the length of the block."""
        self.con.register(name, table)
        try:
            yield
        finally:
            self.con.unregister(name)

    @contextlib.contextmanager
    def transaction(self, what: str) -> Iterator[None]:
        """One transaction: the block's writes land whole or, on any error, not at all (a StoreError says so)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException as exc:
            self.con.execute("ROLLBACK")
            if _interrupted(exc):
                raise KeyboardInterrupt from None  # Ctrl-C inside a query: the same stop as anywhere else
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"Writing {what} to {self.path} failed; nothing of it was stored: {exc}") from exc
            raise
        try:
            self.con.execute("COMMIT")
        except duckdb.Error as exc:  # a full disk shows here, when the write-ahead log is written
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            raise StoreError(f"Writing {what} to {self.path} failed; nothing of it was stored, and what was stored "
                             f"before stays: {exc}") from exc

    def unchanged(self, pairs: list[tuple[str, str]]) -> set[str]:
        """Ids among (id, content hash) pairs stored with that same hash, as articles or duplicates."""
        if not pairs:
            return set()
        batch = pa.table({"id": [p[0] for p in pairs], "h": [p[1] for p in pairs]})
        with self.registered("_probe", batch):
            rows = self.con.execute(
                "SELECT p.id FROM _probe p JOIN articles a ON a.id = p.id AND a.content_hash = p.h "
                "UNION SELECT p.id FROM _probe p JOIN duplicates d ON d.id = p.id AND d.content_hash = p.h"
            ).fetchall()
        return {r[0] for r in rows}

    def band_candidates(self, band_keys: list[int]) -> dict[str, bytes]:
        """Stored articles sharing any of these band keys: id -> MinHash signature bytes."""
        if not band_keys:
            return {}
        with self.registered("_bands", pa.table({"k": pa.array(sorted(set(band_keys)), pa.int64())})):
            rows = self.con.execute(
                "SELECT DISTINCT f.article_id, f.signature FROM bands b JOIN _bands k ON b.band_key = k.k "
                "JOIN fingerprints f ON f.article_id = b.article_id"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    def sort_events(self) -> int:
        """Lay the events out newest first, as the API and the dashboard list them; returns their number.

        DuckDB keeps the least and greatest date of each block of rows, so on events laid out by date a
        newest-first page reads the few blocks that hold it instead of every row. Within a day the rows keep
        their order (an article's events in text order), so every listing stays the same. One transaction:
        the rows are all there, in one order or the other. Rows stored later go after them until the next sort.
        """
        before = self.count("events")
        with self.transaction("the events newest first"):
            self.con.execute("CREATE TEMP TABLE _newest AS SELECT *, rowid AS _stored FROM events")
            self.con.execute("DELETE FROM events")
            self.con.execute("INSERT INTO events SELECT * EXCLUDE (_stored) FROM _newest "
                             "ORDER BY date DESC NULLS LAST, _stored")
            self.con.execute("DROP TABLE _newest")
            after = self.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
            if after != before:
                raise StoreError(f"Sorting the events of {self.path} kept {after} of {before} rows; nothing was changed")
        self.con.execute("CHECKPOINT")  # writes the new layout out, and frees the space of the old one
        return after

    def count(self, table: str) -> int:
        """Rows in a table."""
        if table not in TABLES and table not in DERIVED:
            raise StoreError(f"No table {table!r}; tables: {', '.join([*TABLES, *DERIVED])}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def iter_plover_of(self, article_ids: list[str], chunk: int = 10_000) -> Iterator[dict[str, Any]]:
        """PLOVER records of the events of these articles, in input order, then by position."""
        order = pa.table({"id": pa.array(list(dict.fromkeys(article_ids)), pa.string())})
        order = order.append_column("n", pa.array(range(order.num_rows), pa.int64()))
        with self.registered("_wanted", order):
            cur = self.con.execute(
                "SELECT e.* FROM events e JOIN _wanted w ON w.id = e.article_id ORDER BY w.n, e.trigger_start, e.id"
            )
            yield from map(plover_from_row, dict_rows(cur, chunk))

    def iter_plover(self, where: EventQuery | None = None, chunk: int = 10_000) -> Iterator[dict[str, Any]]:
        """PLOVER records of the stored events, streamed in chunks."""
        cond, params = (where or EventQuery()).where()
        cur = self.con.execute(f"SELECT * FROM events WHERE {cond} ORDER BY date NULLS LAST, article_id, trigger_start, id", params)
        yield from map(plover_from_row, dict_rows(cur, chunk))

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """PLOVER records of the stored events that meet the filters, oldest first.

        Raises:
            ConfigError: a filter that is not one of :class:`EventQuery`'s fields.
        """
        return list(self.iter_plover(query_of(filters)))

    def dyads(self, directed: bool = True, **filters: Any) -> list[dict[str, Any]]:
        """Actor/recipient pairs of the events that meet the filters, most events first.

        Each pair has ``actor`` and ``recipient`` codes, ``events``, the mean
        Goldstein score and the event count per QuadClass (``q1``..``q4``).
        Undirected (``directed=False``), a pair counts both ways, its codes in
        alphabetical order. Negated events count only with ``include_negated=True``.
        """
        cond, params = query_of({"include_negated": False, **filters}).where()
        a, r = ("actor_code", "recipient_code") if directed else (
            "least(actor_code, recipient_code)", "greatest(actor_code, recipient_code)")
        quads = ", ".join(f"count(*) FILTER (WHERE quad_code = {q}) AS q{q}" for q in range(1, 5))
        cur = self.con.execute(
            f"SELECT {a} AS actor, {r} AS recipient, count(*) AS events, avg({EXACT_GOLDSTEIN})::DOUBLE AS goldstein_mean, {quads} "
            f"FROM events WHERE {cond} AND actor_code IS NOT NULL AND recipient_code IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY events DESC, actor, recipient", params)
        return list(dict_rows(cur))

    def to_arrow(self, **filters: Any) -> pa.Table:
        """The stored events that meet the filters as an Arrow table, one column per events-table field."""
        cond, params = query_of(filters).where()
        return self.con.sql(
            f"SELECT * FROM events WHERE {cond} ORDER BY date NULLS LAST, article_id, trigger_start, id", params=params
        ).to_arrow_table()

    def to_pandas(self, **filters: Any) -> Any:
        """The stored events that meet the filters as a pandas DataFrame (see :meth:`to_arrow`).

        Raises:
            ConfigError: pandas is not installed, saying how to install it.
        """
        _need("pandas", "to_pandas")
        return self.to_arrow(**filters).to_pandas()

    def to_polars(self, **filters: Any) -> Any:
        """The stored events that meet the filters as a polars DataFrame (see :meth:`to_arrow`).

        Raises:
            ConfigError: polars is not installed, saying how to install it.
        """
        return _need("polars", "to_polars").from_arrow(self.to_arrow(**filters))


def _need(package: str, method: str) -> Any:
    """An optional package, imported; or ConfigError naming the package and how to install it."""
    try:
        return importlib.import_module(package)
    except ImportError:
        raise ConfigError(f"Store.{method} needs the {package} package: pip install {package}") from None


def _conformed(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table``'s columns in ``schema``'s order and types, refused if a non-nullable column holds nulls.

    Tables built by :func:`tables_of` have the schema already; casting them
    anyway would cost the import of pyarrow.compute (about 0.5 s) for nothing.
    """
    table = table.select(schema.names)
    if not table.schema.equals(schema):
        return table.cast(schema)
    for field in schema:
        if not field.nullable and table.column(field.name).null_count:
            raise ValueError(f"Casting field {field.name!r} with null values to non-nullable")
    return table


def _interrupted(exc: BaseException) -> bool:
    """Whether an error is Ctrl-C stopping a query: DuckDB raises InterruptException from ``execute`` but a
    plain RuntimeError ("Query interrupted") from fetching a relation's result (``con.sql(...).to_arrow_table()``)."""
    return isinstance(exc, duckdb.InterruptException) or (
        type(exc) is RuntimeError and str(exc).strip().lower() == "query interrupted")
