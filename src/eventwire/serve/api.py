"""The HTTP API and the dashboard over a store: FastAPI, read-only unless the app is given an ingest function.

One DuckDB connection is opened when the app is built (read-only unless the
app was given an ingest function, when it is the store's one writer); every
request reads through its own cursor on it, so requests run in parallel
without opening the file again. Serving reads the store only: coding what
``POST /ingest`` receives is the job of the function the app is given.
"""


import csv
import dataclasses
import functools
import hmac
import io
import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import EventwireError, InputError, StoreError
from eventwire.records import PLOVER_TYPES, STATUSES, iso_date
from eventwire.serve import queries
from eventwire.store.duckdb import Store
from eventwire.store.query import EventQuery

log = logging.getLogger(__name__)

WEB = Path(__file__).parent / "web"
MAX_PAGE_SIZE = 500
MAX_OFFSET = 100_000
MAX_QUERY_CHARS = 2_000
MAX_INGEST_BYTES = 5_000_000
MAX_INGEST_ARTICLES = 1_000

_CODE = r"^[A-Za-z0-9-]{2,20}$"
Code = Annotated[str | None, Query(pattern=_CODE, description="Actor code (IRNGOV) or country (IRN).")]
PlType = Annotated[Literal[PLOVER_TYPES] | None, Query(alias="type", description="PLOVER event type.")]  # type: ignore[valid-type]
Status = Annotated[Literal[STATUSES] | None, Query(description="Attribution status.")]  # type: ignore[valid-type]
Word = Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$", description="A PLOVER mode or context word.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
Fmt = Annotated[Literal["json", "csv"], Query(description="json, or csv for the rows alone.")]

#: Codes the lines of a JSON Lines body into the open store; returns its counts as a dataclass, shown as the
#: response; raises InputError (a 422) when a line is bad, having stored nothing.
Ingest = Callable[[Store, list[bytes]], Any]


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


class _State:
    """What the app holds: the store, whether it may write, and one lock for writing."""

    def __init__(self, db: Path, ingest: Ingest | None, token: str | None) -> None:
        self.db = db
        self.ingest = ingest
        self.allow_ingest = ingest is not None
        self.token = token
        self.store: Store | None = None
        self.write_lock = threading.Lock()

    def open(self) -> None:
        if self.store is None:
            self.store = Store(self.db, read_only=not self.allow_ingest)
            # Requests run side by side, one query each: one thread per query avoids them fighting over cores.
            self.store.con.execute("SET threads TO 1")

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def _reject_unknown_parameters(request: Request) -> None:
    """A query parameter the endpoint does not take is an error, not silently ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in _all_query_params(dependant)}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(400, f"Unknown query parameter(s): {', '.join(unknown)}. "
                                 f"This endpoint takes: {', '.join(sorted(known)) or 'none'}.")


def _all_query_params(dependant: Any) -> Iterator[Any]:
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _all_query_params(sub)


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
        dependencies=[Depends(_reject_unknown_parameters)],
    )
    app.state.eventwire = state
    _install_guards(app)

    def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
        if state.store is None:
            raise HTTPException(503, "The store is closed.")
        cur = state.store.con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    Cur = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]

    def event_query(
        actor: Code = None, recipient: Code = None,
        party: Annotated[str | None, Query(pattern=_CODE, description="Either side: actor or recipient.")] = None,
        other: Annotated[str | None, Query(pattern=_CODE, description="With party: only events between the two, either way.")] = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="Where it happened (ISO alpha-3).")] = None,
        event_type: PlType = None, mode: Word = None, status: Status = None, context: Word = None,
        date_from: Annotated[Any, Query(alias="from", description="Earliest date, YYYY-MM-DD.")] = None,
        date_to: Annotated[Any, Query(alias="to", description="Latest date, YYYY-MM-DD.")] = None,
        q: Annotated[str | None, Query(min_length=2, max_length=200, description="Words in the sentence.")] = None,
        article: Annotated[str | None, Query(max_length=200, description="Only this article's events.")] = None,
        include_negated: Annotated[bool, Query(description="Count negated events too (listings always show them, flagged).")] = False,
    ) -> EventQuery:
        return EventQuery(
            actor=_upper(actor), recipient=_upper(recipient), party=_upper(party), other=_upper(other), country=_upper(country),
            event=event_type, mode=mode, status=status, context=context,
            date_from=_date(date_from, "from"), date_to=_date(date_to, "to"), text=q, article_id=article,
            include_negated=include_negated,
        )

    Filters = Annotated[EventQuery, Depends(event_query)]

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(WEB / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/health", summary="Whether the store is open, and how big it is")
    def health(cur: Cur) -> dict[str, Any]:
        return {"ok": True, "db": str(db), "read_only": not state.allow_ingest, **queries.facets(cur)}

    @app.get("/events", summary="Events, newest first, filtered and paginated")
    def events(cur: Cur, filters: Filters, limit: Limit = 50, offset: Offset = 0, format: Fmt = "json") -> Any:
        # A listing shows negated events (flagged); include_negated only matters for counts.
        listing = dataclasses.replace(filters, include_negated=True)
        total, rows = queries.list_events(cur, listing, limit, offset)
        if format == "csv":
            return _csv([queries.csv_row(r) for r in rows], queries.CSV_COLUMNS)
        return _json({"total": total, "limit": limit, "offset": offset, "events": [queries.event_record(r) for r in rows]})

    @app.get("/events/{event_id}", summary="One event with its evidence, its actors' mentions and other reports")
    def event(cur: Cur, event_id: Annotated[str, _path_id()]) -> dict[str, Any]:
        found = queries.event_detail(cur, event_id)
        if found is None:
            raise HTTPException(404, f"No event with id {event_id!r}.")
        return found

    @app.get("/actors", summary="Actors with the number of events they act in and receive")
    def actors(cur: Cur, limit: Limit = 100, offset: Offset = 0, format: Fmt = "json",
               q: Annotated[str | None, Query(min_length=1, max_length=40, description="Part of a code or name.")] = None,
               include_negated: bool = False) -> Any:
        total, rows = queries.list_actors(cur, limit, offset, include_negated, q)
        if format == "csv":
            return _csv(rows, ("code", "country", "name", "as_actor", "as_recipient", "events"))
        return {"total": total, "limit": limit, "offset": offset, "actors": rows}

    @app.get("/actors/{code}", summary="One actor code or country: counts by type, partners, names")
    def actor(cur: Cur, code: Annotated[str, _path_code()], include_negated: bool = False) -> dict[str, Any]:
        found = queries.actor_detail(cur, code.upper(), include_negated)
        if found is None:
            raise HTTPException(404, f"No events or mentions of actor {code!r}.")
        return found

    @app.get("/dyads", summary="A pair's counts by type and QuadClass, and its Goldstein series")
    def dyads(cur: Cur, actor: Annotated[str, Query(pattern=_CODE, description="Actor code or country.")],
              recipient: Code = None, interval: Literal["week", "month"] = "month", directed: bool = False,
              include_negated: bool = False) -> dict[str, Any]:
        return queries.dyad(cur, actor.upper(), _upper(recipient), interval, directed, include_negated)

    @app.get("/brief", summary="The relationship between two actors, with evidence, newest first")
    def brief(cur: Cur, a: Annotated[str, Query(pattern=_CODE)], b: Annotated[str, Query(pattern=_CODE)],
              limit: Limit = 100) -> dict[str, Any]:
        return queries.brief(cur, a.upper(), b.upper(), limit)

    @app.get("/articles/{article_id}", summary="An article's text with the spans of actors, triggers, dates and places")
    def article(cur: Cur, article_id: Annotated[str, _path_id()]) -> dict[str, Any]:
        found = queries.article_detail(cur, article_id)
        if found is None:
            raise HTTPException(404, f"No article with id {article_id!r}.")
        return found

    @app.get("/network", summary="Edges between actor countries, weighted by events")
    def network(cur: Cur, filters: Filters, limit: Limit = 200) -> dict[str, Any]:
        return queries.network(cur, filters, limit)

    @app.get("/places", summary="Event locations with counts")
    def places(cur: Cur, filters: Filters, limit: Limit = 500) -> dict[str, Any]:
        found = queries.places(cur, filters, limit)
        for place in found:
            place["iso_numeric"] = _iso_numeric(place["country"])
        return {"places": found}

    @app.post("/ingest", summary="Code JSON Lines articles into the store (only with --allow-ingest and the token)")
    async def ingest(request: Request) -> dict[str, Any]:
        if not state.allow_ingest:
            raise HTTPException(403, "This server is read-only; start it with --allow-ingest --token TOKEN to ingest.")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {state.token}".encode()):
            raise HTTPException(401, "Missing or wrong token; send 'Authorization: Bearer TOKEN'.")
        body = await _read_limited(request, MAX_INGEST_BYTES)
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_ingest, state, body)

    return app


@functools.lru_cache(maxsize=512)
def _iso_numeric(alpha3: str | None) -> str | None:
    """The ISO 3166 numeric code the vendored world outline keys countries by."""
    import pycountry

    found = pycountry.countries.get(alpha_3=alpha3) if alpha3 else None
    return found.numeric if found else None


def _date(value: Any, name: str) -> Any:
    try:
        return iso_date(value)
    except ValueError:
        raise HTTPException(422, f"Query parameter '{name}': {value!r} is not a date; use YYYY-MM-DD.") from None


def _path_id() -> Any:
    from fastapi import Path as PathParam

    return PathParam(min_length=1, max_length=200)


def _path_code() -> Any:
    from fastapi import Path as PathParam

    return PathParam(pattern=_CODE)


def _json(body: dict[str, Any]) -> Response:
    """A JSON response written directly: the rows are plain values, so FastAPI's generic encoder is not needed."""
    return Response(json.dumps(body, ensure_ascii=False, default=str), media_type="application/json")


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Response:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"Request body over {limit} bytes; send fewer articles per request.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"Request body over {limit} bytes; send fewer articles per request.")
        chunks.append(chunk)
    return b"".join(chunks)


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


def _install_guards(app: FastAPI) -> None:
    """Size limits and error bodies that say what was wrong, never a bare 500."""

    @app.middleware("http")
    async def bound_request(request: Request, call_next: Any) -> Any:
        if len(request.url.query) > MAX_QUERY_CHARS:
            return JSONResponse({"error": f"Query string over {MAX_QUERY_CHARS} characters."}, status_code=414)
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
            got = err.get("input")
            shown = f" (got {got!r})" if isinstance(got, (str, int, float)) else ""
            problems.append(f"{'.'.join(where) or 'request'}: {err.get('msg')}{shown}")
        return JSONResponse({"error": "; ".join(problems), "problems": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError) -> JSONResponse:
        log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
        return JSONResponse({"error": str(exc)}, status_code=503 if isinstance(exc, StoreError) else 500)

    @app.exception_handler(duckdb.Error)
    async def store_error(request: Request, exc: duckdb.Error) -> JSONResponse:
        log.error("store error on %s: %s", request.url.path, exc)
        return JSONResponse({"error": f"The store could not answer: {exc}"}, status_code=503)
