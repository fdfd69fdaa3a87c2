"""Which events: the one SQL filter over the events table, for ``eventwire events``, the export and the API.

Every value a caller gives travels as a bound parameter; the only text put
into SQL is chosen here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from eventwire.errors import ConfigError
from eventwire.records import PLOVER_TYPES, STATUSES


# Goldstein scores as exact numbers (the scale has one decimal): their sums and means are then the same whatever
# order the rows are read in, as the events' layout on disk may change. Aggregates of it are cast back to DOUBLE.
EXACT_GOLDSTEIN = "goldstein::DECIMAL(18, 6)"


def side(prefix: str) -> str:
    """The condition that one side of an event (``actor``, ``recipient``) is a code or country: two parameters."""
    return f"({prefix}_code = ? OR {prefix}_country = ?)"


def dyad_where(actor: str, recipient: str | None, directed: bool, include_negated: bool) -> tuple[str, list[Any]]:
    """The condition and parameters for the events of a pair, one way or both (or of one actor, either side)."""
    if recipient is None:
        cond, params = f"({side('actor')} OR {side('recipient')})", [actor] * 4
    elif directed:
        cond, params = f"({side('actor')} AND {side('recipient')})", [actor, actor, recipient, recipient]
    else:
        cond = f"(({side('actor')} AND {side('recipient')}) OR ({side('actor')} AND {side('recipient')}))"
        params = [actor, actor, recipient, recipient, recipient, recipient, actor, actor]
    if not include_negated:
        cond += " AND status IS DISTINCT FROM 'negated'"
    return cond, params


def _match(sql: str, case: str | None = None) -> Any:
    """A filter field: None by default; given, the events must meet ``sql``, with the value (upper- or
    lower-cased when ``case`` says so) for each of its parameters."""
    return field(default=None, metadata={"sql": sql, "case": case})


def _cased(value: Any, case: str | None) -> Any:
    if case == "upper":
        return value.upper()
    return value.lower() if case == "lower" else value


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to list: every field is optional and they combine with AND.

    ``actor``/``recipient`` match a code (IRNGOV) or a country (IRN) on that
    side; ``party`` matches either side, and with ``other`` the events between
    the two, either way round; ``country`` is where it happened. Codes and the
    PLOVER type are matched in upper case whatever case they are given in;
    ``text`` is words of the sentence, in any case. Negated events count unless
    ``include_negated`` is false.
    """

    actor: str | None = _match(side("actor"), "upper")
    recipient: str | None = _match(side("recipient"), "upper")
    party: str | None = None
    other: str | None = None
    country: str | None = _match("place_country_code = ?", "upper")
    event: str | None = _match("event = ?", "upper")
    mode: str | None = _match("mode = ?")
    status: str | None = _match("status = ?")
    context: str | None = _match("list_contains(context, ?)")
    date_from: dt.date | None = _match("date >= ?")
    date_to: dt.date | None = _match("date <= ?")
    # contains() takes the words literally: no LIKE wildcards to escape, and far faster than ILIKE ... ESCAPE.
    text: str | None = _match("contains(lower(text), ?)", "lower")
    article_id: str | None = _match("article_id = ?")
    include_negated: bool = True

    def __post_init__(self) -> None:
        # Checked here, for the CLI, the API and Python alike: a misspelt type or status would find nothing silently.
        if self.event and self.event.upper() not in PLOVER_TYPES:
            raise ConfigError(f"event type {self.event!r} is not a PLOVER type; PLOVER types (any case): "
                              f"{', '.join(PLOVER_TYPES)}")
        if self.status and self.status not in STATUSES:
            raise ConfigError(f"status {self.status!r} is not an attribution status; statuses: {', '.join(STATUSES)}")

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition and its bound parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value and "sql" in f.metadata:
                clauses.append(f.metadata["sql"])
                params += [_cased(value, f.metadata["case"])] * f.metadata["sql"].count("?")
        party, other = (v.upper() if v else None for v in (self.party, self.other))
        if party and other:
            pair, pair_params = dyad_where(party, other, directed=False, include_negated=True)
            clauses.append(pair)
            params += pair_params
        elif party or other:
            clauses.append(f"({side('actor')} OR {side('recipient')})")
            params += [party or other] * 4
        if not self.include_negated:
            clauses.append("status IS DISTINCT FROM 'negated'")
        return (" AND ".join(clauses) or "TRUE"), params


_DATES = ("date_from", "date_to")


def query_of(filters: dict[str, Any]) -> EventQuery:
    """The EventQuery of keyword filters (``actor="IRN", date_from="2024-01-01"``), dates as ISO text or dates.

    Raises:
        ConfigError: a filter name is not a field of EventQuery, a date is not one, or the type or
            status is not a PLOVER one.
    """
    names = [f.name for f in fields(EventQuery)]
    unknown = [name for name in filters if name not in names]
    if unknown:
        raise ConfigError(f"Unknown event filter {unknown[0]!r}. Filters: {', '.join(names)}")
    values = dict(filters)
    for name in _DATES:
        if isinstance(values.get(name), str):
            try:
                values[name] = dt.date.fromisoformat(values[name])
            except ValueError:
                raise ConfigError(f"{name}={values[name]!r} is not a date: expected YYYY-MM-DD") from None
    return EventQuery(**values)
