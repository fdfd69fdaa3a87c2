"""The HTTP API and the dashboard over a store: FastAPI, read-only unless the app is given an ingest function.

One DuckDB connection is opened when the app is built (read-only unless the
app was given an ingest function, when it is the store's one writer); every
request reads through a cursor on it taken from a pool (one per request in
flight, kept for the next), so requests run in parallel without opening the
file or a cursor again. Serving reads the store only: coding what
``POST /ingest`` receives is the job of the function the app is given.
The parameters are in :mod:`eventwire.serve.params`, the limits and error
bodies in :mod:`eventwire.serve.guards`, the queries in
:mod:`eventwire.serve.queries` and :mod:`eventwire.serve.relations`.
"""

import contextlib
import csv
import dataclasses
import functools
import hmac
import io
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from eventwire.errors import InputError, StoreError
from eventwire.serve import queries, relations
from eventwire.serve.docs import add_docs
from eventwire.serve.guards import COMMON_ERRORS, error_responses, install_guards, read_limited
from eventwire.serve.params import (
    CODE,
    MAX_PAGE_SIZE,
    ActorCode,
    Code,
    Filters,
    Fmt,
    Limit,
    Narrowing,
    Negated,
    Offset,
    PathCode,
    PathId,
    reject_unknown_parameters,
)
from eventwire.store.duckdb import Store
from eventwire.store.schema import event_loc_schema

__all__ = ["MAX_PAGE_SIZE", "Ingest", "create_app"]

WEB = Path(__file__).parent / "web"
# format=csv answers with the rows as CSV instead of JSON.
_EVENTS_PAGE = {"type": "object", "properties": {
    "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
    "events": {"type": "array", "items": {"type": "object", "properties": {"event_loc": event_loc_schema()}}}}}
_OR_CSV: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {"schema": _EVENTS_PAGE},
                                                              "text/csv": {"schema": {"type": "string"}}}}}
_NOT_FOUND = error_responses(404)
# The body is read as JSON Lines whatever its declared type.
_JSON_LINES_BODY = {"requestBody": {"required": True, "description": "One article a line: id, text and date.",
                                    "content": {kind: {"schema": {"type": "string"}}
                                                for kind in ("application/x-ndjson", "text/plain")}}}
MAX_INGEST_BYTES = 5_000_000
MAX_INGEST_ARTICLES = 1_000

#: Codes the lines of a JSON Lines body into the open store; returns its counts as a dataclass, shown as the
#: response; raises InputError (a 422) when a line is bad, having stored nothing.
Ingest = Callable[[Store, list[bytes]], Any]


class _State:
    """What the app holds: the store, its pool of cursors, the ingest function if it may write, one lock for writing."""

    def __init__(self, db: Path, ingest: Ingest | None, token: str | None) -> None:
        self.db = db
        self.ingest = ingest
        self.allow_ingest = ingest is not None
        self.token = token
        self.store: Store | None = None
        self.write_lock = threading.Lock()
        self._idle: list[duckdb.DuckDBPyConnection] = []
        self._pool_lock = threading.Lock()

    def open(self) -> None:
        if self.store is None:
            self.store = Store(self.db, read_only=not self.allow_ingest)
            # Requests run side by side, one query each: one thread per query avoids them fighting over cores.
            self.store.con.execute("SET threads TO 1")

    def close(self) -> None:
        with self._pool_lock:
            idle, self._idle = self._idle, []
        for cur in idle:
            cur.close()
        if self.store is not None:
            self.store.close()
            self.store = None

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the pool for one request: reused by later requests, never used by two at once."""
        store = self.store
        if store is None:
            raise HTTPException(503, "The store is closed.")
        with self._pool_lock:
            cur = self._idle.pop() if self._idle else None
        cur = cur or store.con.cursor()
        try:
            yield cur
        except BaseException:
            cur.close()  # a failed query may leave its result behind: the cursor is not worth keeping
            raise
        with self._pool_lock:
            if self.store is store:
                self._idle.append(cur)
                return
        cur.close()


def _cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    with request.app.state.eventwire.cursor() as cur:
        yield cur


Cur = Annotated[duckdb.DuckDBPyConnection, Depends(_cursor)]


def create_app(db: str | Path, token: str | None = None, ingest: Ingest | None = None) -> FastAPI:
    """Build the API and dashboard app over the store at ``db``.

    Args:
        db: the store file.
        token: what ``POST /ingest`` must send as ``Authorization: Bearer TOKEN``.
        ingest: codes the lines of a JSON Lines body into the store, e.g.
            :func:`eventwire.corpus.ingest_jsonl` with its settings; given, the
            store is opened for writing and ``POST /ingest`` calls it.

    Raises:
        StoreError: there is no store at ``db``, or ingest is allowed without a token.
    """
    db = Path(db)
    if ingest is not None and not token:
        raise StoreError("Ingest needs a token: pass --token or set EVENTWIRE_TOKEN, and send it as 'Authorization: Bearer TOKEN'.")
    state = _State(db, ingest, token)
    state.open()  # fail now, not on the first request, when there is no store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        state.open()
        yield
        state.close()

    app = FastAPI(
        title="eventwire",
        summary="Political events coded from news: who did what to whom, when, where, and who says so.",
        version="1",
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_parameters)],
        responses=COMMON_ERRORS,
        docs_url=None,
        redoc_url=None,
    )
    app.state.eventwire = state
    install_guards(app)
    add_docs(app)
    _add_pages(app, state)
    _add_event_routes(app)
    _add_actor_routes(app)
    _add_ingest(app, state)
    return app


def _add_pages(app: FastAPI, state: _State) -> None:
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(WEB / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/health", summary="Whether the store is open, and how big it is")
    def health(cur: Cur) -> dict[str, Any]:
        return {"ok": True, "db": str(state.db), "read_only": not state.allow_ingest, **queries.facets(cur)}


def _add_event_routes(app: FastAPI) -> None:
    @app.get("/events", summary="Events, newest first, filtered and paginated", responses=_OR_CSV)
    def events(cur: Cur, filters: Filters, limit: Limit = 50, offset: Offset = 0, format: Fmt = "json") -> Any:
        # A listing shows negated events (flagged); include_negated only matters for counts.
        listing = dataclasses.replace(filters, include_negated=True)
        total, rows = queries.list_events(cur, listing, limit, offset)
        if format == "csv":
            return _csv([queries.csv_row(r) for r in rows], queries.CSV_COLUMNS)
        return _json({"total": total, "limit": limit, "offset": offset, "events": [queries.event_record(r) for r in rows]})

    @app.get("/events/{event_id}", summary="One event with its evidence, its actors' mentions and other reports",
             responses=_NOT_FOUND)
    def event(cur: Cur, event_id: PathId) -> dict[str, Any]:
        return _found(queries.event_detail(cur, event_id), f"No event with id {event_id!r}.")

    @app.get("/articles/{article_id}", summary="An article's text with the spans of actors, triggers, dates and places",
             responses=_NOT_FOUND)
    def article(cur: Cur, article_id: PathId) -> dict[str, Any]:
        return _found(queries.article_detail(cur, article_id), f"No article with id {article_id!r}.")

    @app.get("/places", summary="Event locations with counts")
    def places(cur: Cur, filters: Filters, limit: Limit = 500) -> dict[str, Any]:
        found = queries.places(cur, filters, limit)
        for place in found:
            place["iso_numeric"] = _iso_numeric(place["country"])
        return {"places": found}


def _add_actor_routes(app: FastAPI) -> None:
    @app.get("/actors", summary="Actors with the events they act in, receive, and are on either side of (each once)",
             responses=_OR_CSV)
    def actors(cur: Cur, limit: Limit = 100, offset: Offset = 0, format: Fmt = "json",
               q: Annotated[str | None, Query(min_length=1, max_length=40, description="Part of a code or name.")] = None,
               include_negated: Negated = False) -> Any:
        total, rows = relations.list_actors(cur, limit, offset, include_negated, q)
        counted = relations.involving(cur, sorted({r["code"] for r in rows} | {r["country"] for r in rows if r["country"]}),
                                      include_negated)
        for row in rows:
            row["involving"] = counted.get(row["code"], 0)
        if format == "csv":
            return _csv(rows, ("code", "country", "name", "as_actor", "as_recipient", "events", "involving"))
        countries = sorted({r["country"] for r in rows if r["country"]}, key=lambda c: (-counted.get(c, 0), c))
        return {"total": total, "limit": limit, "offset": offset, "actors": rows,
                "countries": [{"country": c, "involving": counted.get(c, 0)} for c in countries]}

    @app.get("/actors/{code}", summary="One actor code or country: counts by type, partners, names",
             responses=_NOT_FOUND)
    def actor(cur: Cur, code: PathCode, include_negated: Negated = False) -> dict[str, Any]:
        return _found(relations.actor_detail(cur, code.upper(), include_negated),
                      f"No events or mentions of actor {code!r}.")

    @app.get("/dyads", summary="A pair's counts by type and QuadClass, and its Goldstein series")
    def dyads(cur: Cur, narrowing: Narrowing, actor: ActorCode, recipient: Code = None,
              interval: Literal["week", "month"] = "month", directed: bool = False,
              include_negated: Negated = False) -> dict[str, Any]:
        return relations.dyad(cur, actor.upper(), recipient.upper() if recipient else None, interval, directed,
                              include_negated, narrowing)

    @app.get("/brief", summary="The relationship between two actors, with evidence, newest first")
    def brief(cur: Cur, a: Annotated[str, Query(pattern=CODE)], b: Annotated[str, Query(pattern=CODE)],
              limit: Limit = 100) -> dict[str, Any]:
        return relations.brief(cur, a.upper(), b.upper(), limit)

    @app.get("/network", summary="Edges between actor countries, weighted by events")
    def network(cur: Cur, filters: Filters, limit: Limit = 200) -> dict[str, Any]:
        return relations.network(cur, filters, limit)


def _add_ingest(app: FastAPI, state: _State) -> None:
    @app.post("/ingest", summary="Code JSON Lines articles into the store (only with --allow-ingest and the token)",
              responses=error_responses(401, 403, 413), openapi_extra=_JSON_LINES_BODY)
    async def ingest(request: Request) -> dict[str, Any]:
        if not state.allow_ingest:
            raise HTTPException(403, "This server is read-only; start it with --allow-ingest --token TOKEN to ingest.")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {state.token}".encode()):
            raise HTTPException(401, "Missing or wrong token; send 'Authorization: Bearer TOKEN'.")
        body = await read_limited(request, MAX_INGEST_BYTES)
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest, state, body)


def _ingest(state: _State, body: bytes) -> dict[str, Any]:
    """Code a JSON Lines body into the store with the app's ingest function and its one writer connection."""
    lines = body.splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_INGEST_ARTICLES:
        raise HTTPException(413, f"At most {MAX_INGEST_ARTICLES} articles per request.")
    assert state.ingest is not None and state.store is not None
    with state.write_lock:
        try:
            counts = state.ingest(state.store, lines)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
    return dataclasses.asdict(counts)


def _found(value: dict[str, Any] | None, missing: str) -> dict[str, Any]:
    """The value, or a 404 saying what was not found."""
    if value is None:
        raise HTTPException(404, missing)
    return value


@functools.lru_cache(maxsize=512)
def _iso_numeric(alpha3: str | None) -> str | None:
    """The ISO 3166 numeric code the vendored world outline keys countries by."""
    import pycountry

    found = pycountry.countries.get(alpha_3=alpha3) if alpha3 else None
    return found.numeric if found else None


def _json(body: dict[str, Any]) -> Response:
    """A JSON response written directly: the rows are plain values, so FastAPI's generic encoder is not needed."""
    return Response(json.dumps(body, ensure_ascii=False, default=str), media_type="application/json")


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Response:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")
