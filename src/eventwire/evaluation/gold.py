"""Gold sets: what careful human coders found in a set of texts.

A gold file is JSON Lines, one text a line, in one of three formats that
:func:`load_gold` tells apart from the records themselves:

* **country gold**: events with a PLOVER type, mode, status and the countries
  of actor and recipient (``"actor": "USA"``);
* **span gold**: events with a type and the words that name the actor and the
  recipient (``"actor_text": "Iranian Foreign Minister ..."``);
* **event-location gold**: one event a text, given by its trigger and the
  places where it happened (``"trigger": {...}, "locations": [...]``).

A type may name alternatives, ``"CONCEDE|RETREAT"``: either is right.
``tests/data/README.md`` documents every field and the matching rules;
:func:`eventwire.evaluation.formats.load_gold` reads a file of any format and
reports every bad record with its ``file:line``.

A record belongs to the *check* half of a gold set when the number its id
ends with is divisible by 5, to the *tune* half otherwise (:func:`half`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from eventwire.errors import InputError

log = logging.getLogger(__name__)

COUNTRY, SPAN, LOCATION = "country", "span", "location"
FORMATS = (COUNTRY, SPAN, LOCATION)
TUNE, CHECK, ALL = "tune", "check", "all"
HALVES = (TUNE, CHECK, ALL)
ALTERNATIVE = "|"

_ID_NUMBER = re.compile(r"(\d+)$")


@dataclass(frozen=True, slots=True, kw_only=True)
class EventParts:
    """What a gold event and a coded event both say: type, status, mode and the dyad's countries."""

    type: str
    status: str = "asserted"
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldEvent(EventParts):
    """One event a careful human coder finds in a gold text.

    ``type`` is a PLOVER type or alternatives joined by ``|``. ``actor`` and
    ``recipient`` are country codes (ISO 3166 alpha-3 or a PLOVER non-state
    code such as IGO); ``actor_text`` and ``recipient_text`` are the words that
    name them (span gold). None means the gold says nothing there, and the
    scorer then accepts any value, including none.
    """

    actor_sector: str | None = None
    recipient_sector: str | None = None
    actor_text: str | None = None
    recipient_text: str | None = None
    note: str | None = None

    @property
    def types(self) -> tuple[str, ...]:
        """The PLOVER types that are right for this event."""
        return tuple(self.type.split(ALTERNATIVE))


@dataclass(frozen=True, slots=True)
class GoldText:
    """A text of a gold set: its id, words and publication date."""

    id: str
    text: str
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class GoldItem(GoldText):
    """A gold text with every event it contains (none for a no-event text)."""

    events: tuple[GoldEvent, ...] = ()
    origin: str | None = None  # "path:line" it was read from
    note: str | None = None
    format: str = COUNTRY  # COUNTRY or SPAN: which matching rule scores it


@dataclass(frozen=True, slots=True)
class Span:
    """Words of a gold text and their character offsets in it."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LocationItem(GoldText):
    """A gold text with one event, given by its trigger, and the places where it happened.

    No ``locations`` means the annotator saw no place of that event in the text.
    """

    trigger: Span
    locations: tuple[Span, ...] = ()
    origin: str | None = None
    note: str | None = None

    format = LOCATION


Item = GoldItem | LocationItem
ItemT = TypeVar("ItemT", bound=GoldText)


# --- halves -------------------------------------------------------------------

def half(item_id: str) -> str:
    """:data:`CHECK` when the number ``item_id`` ends with is divisible by 5, else :data:`TUNE`.

    An id that ends with no number is in the tune half.
    """
    number = _ID_NUMBER.search(item_id)
    return CHECK if number and int(number.group(1)) % 5 == 0 else TUNE


def in_half(items: Iterable[ItemT], which: str) -> list[ItemT]:
    """The items of one half (:data:`TUNE`, :data:`CHECK`), or all of them (:data:`ALL`)."""
    if which not in HALVES:
        raise ValueError(f"no half {which!r}; choose one of {', '.join(HALVES)}")
    return [i for i in items if which == ALL or half(i.id) == which]


def format_of(items: Sequence[GoldText]) -> str:
    """The one format of a list of gold items.

    Raises:
        InputError: if the items mix formats.
    """
    formats = {getattr(i, "format", COUNTRY) for i in items}
    if len(formats) > 1:
        raise InputError(f"gold items of several formats ({', '.join(sorted(formats))}) cannot be scored together")
    return formats.pop() if formats else COUNTRY


# --- reading ------------------------------------------------------------------

def json_lines(path: str | Path, what: str, comments: bool = True) -> Iterator[tuple[int, Any]]:
    """Decode a JSON Lines file: ``(line number, record)`` for each non-blank line.

    With ``comments``, lines starting with ``#`` are skipped too.

    Raises:
        InputError: naming the file, or ``file:line`` of a line that is not JSON.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or (comments and stripped.startswith("#")):
            continue
        try:
            yield number, json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
