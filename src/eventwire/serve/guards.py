"""Size limits, and error bodies that say what was wrong: never a bare 500, never a body read without bound."""

import logging
from typing import Any

import duckdb
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire.errors import EventwireError, StoreError

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2_000


class ErrorBody(BaseModel):
    """The body of every error the API answers with: what was wrong, and for a 422 each bad parameter."""

    error: str
    problems: list[str] | None = None


_WHY = {
    400: "A query parameter the endpoint does not take, or one given twice.",
    401: "No token, or the wrong one.",
    403: "The server is read-only.",
    404: "Nothing with that id or code.",
    413: "The body is too large, or holds too many articles.",
    414: f"The query string is over {MAX_QUERY_CHARS} characters.",
    422: "A parameter or body line is not valid: each problem is named.",
    503: "The store could not answer.",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of these error statuses, each with the :class:`ErrorBody` it answers with."""
    return {code: {"model": ErrorBody, "description": _WHY[code]} for code in codes}


#: What any endpoint can answer with, whatever it is asked.
COMMON_ERRORS = error_responses(400, 414, 422, 503)


def install_guards(app: FastAPI) -> None:
    """Bound the query string, and turn every error into a JSON body ``{"error": ...}`` with its status."""

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


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, or a 413 as soon as it passes ``limit`` bytes (declared or sent)."""
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
