"""What the API's requests may say: query and path parameters, their checks, and the event filter made of them.

A parameter an endpoint does not take is an error (400), not silently
ignored; a value out of its range or pattern is a 422 that names it.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from pydantic import BeforeValidator, WithJsonSchema

from eventwire.records import PLOVER_TYPES, STATUSES, iso_date
from eventwire.store.query import EventQuery

MAX_PAGE_SIZE = 500
MAX_OFFSET = 100_000

CODE = r"^[A-Za-z0-9-]{2,20}$"
Code = Annotated[str | None, Query(pattern=CODE, description="Actor code (IRNGOV) or country (IRN).")]
ActorCode = Annotated[str, Query(pattern=CODE, description="Actor code or country.")]
# Any case, as the CLI's --type: EventQuery matches the type in upper case.
PlType = Annotated[str | None, Query(alias="type", pattern=f"(?i)^(?:{'|'.join(PLOVER_TYPES)})$",
                                     description=f"PLOVER event type, any case: {', '.join(PLOVER_TYPES)}.")]
Status = Annotated[Literal[STATUSES] | None, Query(description="Attribution status.")]  # type: ignore[valid-type]
Word = Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$", description="A PLOVER mode or context word.")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]
Fmt = Annotated[Literal["json", "csv"], Query(description="json, or csv for the rows alone.")]
Negated = Annotated[bool, Query(description="Count negated events too (listings always show them, flagged).")]
def _given_date(value: Any) -> dt.date | None:
    # A parameter given is a date: an empty one would otherwise silently mean "no bound".
    if isinstance(value, str) and not value.strip():
        raise ValueError("empty: give a date YYYY-MM-DD or leave the parameter out")
    return iso_date(value)


# YYYY-MM-DD only, as the CLI's --from and --to: no timestamps, week dates or numbers.
IsoDate = Annotated[dt.date | None, BeforeValidator(_given_date), WithJsonSchema({"type": "string", "format": "date"})]
PathId = Annotated[str, PathParam(min_length=1, max_length=200)]
PathCode = Annotated[str, PathParam(pattern=CODE)]


def narrowing_query(
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="Where it happened (ISO alpha-3).")] = None,
    event_type: PlType = None, mode: Word = None, status: Status = None, context: Word = None,
    date_from: Annotated[IsoDate, Query(alias="from", description="Earliest date, YYYY-MM-DD.")] = None,
    date_to: Annotated[IsoDate, Query(alias="to", description="Latest date, YYYY-MM-DD.")] = None,
    q: Annotated[str | None, Query(min_length=2, max_length=200, description="Words in the sentence.")] = None,
) -> EventQuery:
    """The filter of what happened, when and where, without who (a FastAPI dependency): the dashboard's filters."""
    return EventQuery(country=country, event=event_type, mode=mode, status=status, context=context,
                      date_from=date_from, date_to=date_to, text=q)


Narrowing = Annotated[EventQuery, Depends(narrowing_query)]


def event_query(
    narrowing: Narrowing, actor: Code = None, recipient: Code = None,
    party: Annotated[str | None, Query(pattern=CODE, description="Either side: actor or recipient.")] = None,
    other: Annotated[str | None, Query(pattern=CODE, description="With party: only events between the two, either way.")] = None,
    article: Annotated[str | None, Query(max_length=200, description="Only this article's events.")] = None,
    include_negated: Negated = False,
) -> EventQuery:
    """The event filter of a request's query parameters (a FastAPI dependency)."""
    return dataclasses.replace(narrowing, actor=actor, recipient=recipient, party=party, other=other, article_id=article,
                               include_negated=include_negated)


Filters = Annotated[EventQuery, Depends(event_query)]


def reject_unknown_parameters(request: Request) -> None:
    """A query parameter the endpoint does not take, or one given twice, is an error, not silently ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = {p.alias for p in _all_query_params(dependant)}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise HTTPException(400, f"Unknown query parameter(s): {', '.join(unknown)}. "
                                 f"This endpoint takes: {', '.join(sorted(known)) or 'none'}.")
    # Every parameter takes one value; the framework would keep only the last of a repeated one.
    for name in dict.fromkeys(request.query_params):
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise HTTPException(400, f"Query parameter '{name}' given {len(values)} times ({', '.join(values)}); "
                                     "each parameter takes one value.")


def _all_query_params(dependant: Any) -> Iterator[Any]:
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _all_query_params(sub)
