"""The typed records every stage passes on.

Records are frozen, slotted dataclasses: they pickle, so Spark and worker
processes can carry them. They depend on nothing else of eventwire's; an
event's PLOVER JSON record is :func:`eventwire.store.schema.event_json`.
Character offsets are always into ``Article.text``; token indices are into
the spaCy ``Doc`` of that article.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("asserted", "claimed", "hedged", "negated", "future", "hypothetical")
PRECISIONS = ("day", "week", "month", "year", "decade", "publication")

#: PLOVER's international non-state "countries": an actor with one of these is told apart by its code.
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})

#: PLOVER's sector codes (manual, "Sector Codes").
PLOVER_SECTORS = frozenset({
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
    "PRE", "REL", "SOC",
})

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT",
)


def iso_date(value: Any) -> dt.date | None:
    """The calendar date a field holds: a date as it is, ``YYYY-MM-DD`` text read, ``None`` or blank text as no date.

    Raises:
        ValueError: a time, a number, or text of any other shape; the caller says which file, line or field.
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        # fromisoformat also takes week and basic forms (2019-W01-1, 20190101) that no caller's message names.
        if len(text) == 10 and text[4] == text[7] == "-":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
    raise ValueError(f"{value!r} is not a date YYYY-MM-DD")


def iso_text(value: Any) -> str | None:
    """A date as ISO 8601 text; ``None`` stays ``None`` and any other value is its own text."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@dataclass(frozen=True, slots=True)
class Article:
    """One input document: a dated news text and where it came from."""

    id: str
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    lang: str = "en"
    origin: str | None = None  # "path:line" of the record it was read from

    @property
    def content_hash(self) -> str:
        """A stable hash of what the article says and when (not where it was read)."""
        h = hashlib.sha1()
        h.update(self.text.encode("utf-8"))
        h.update(b"\x00")
        h.update((iso_text(self.published) or "").encode())
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Problem:
    """An input record that could not be used, and why."""

    path: str
    line: int | None
    reason: str
    record_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        rid = f" (id {self.record_id!r})" if self.record_id else ""
        return f"{where}{rid}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, with its offsets."""

    article_id: str
    sequence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Actor:
    """Who an actor is: PLOVER entity fields.

    ``code`` is ``country + sector`` (``"IRNGOV"``), or the alias code of a
    named organisation (``"NATO"``); ``country`` is ISO 3166 alpha-3 or a
    PLOVER non-state code (IGO, NGO, ...). Unknown parts are None.
    """

    code: str | None
    country: str | None
    sector: str | None = None
    entity_text: str | None = None
    name: str | None = None
    title: str | None = None

    def with_text(self, entity_text: str | None) -> Actor:
        return self if entity_text == self.entity_text else dataclasses.replace(self, entity_text=entity_text)


def actor_code(country: str | None, sector: str | None) -> str | None:
    """The conventional code of a country/sector pair ("IRN" + "COP" -> "IRNCOP")."""
    if not country and not sector:
        return None
    return f"{country or '---'}{sector or ''}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names an actor.

    ``start``/``end`` are token indices (end exclusive) into the article's
    Doc; ``start_char``/``end_char`` character offsets into the article.
    ``head`` is the token index of the mention's syntactic head.
    ``kind`` says how it was resolved: country, demonym, metonym, alias,
    person, role, pronoun, coref, dictionary.
    ``members`` holds the actors of a mention that names several at once
    ("the two countries", a dictionary name coded "FRO/BIL/SAM"); it is empty
    for a single actor. Such a mention's ``actor`` has no country; a consumer
    that codes one event per actor uses the members.
    """

    start: int
    end: int
    start_char: int
    end_char: int
    head: int
    text: str
    actor: Actor
    kind: str
    members: tuple[Actor, ...] = ()


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says an event happened and how sure the text is."""

    status: str = "asserted"
    speaker: str | None = None  # the speaker's words ("Karine Jean-Pierre")
    cue: str | None = None  # "said", "claimed", "according to", "may"
    reported_by: Actor | None = None


@dataclass(frozen=True, slots=True)
class DateRef:
    """When an event happened, and how precisely the text says so.

    ``value`` is the first day of the period at ``precision``; None where
    the event lies outside the publication time and the text does not say
    when. ``method`` says where it came from: text, anchor,
    publication_date, background.
    """

    value: dt.date | None
    precision: str | None
    text: str | None = None
    method: str = "text"
    start_char: int | None = None
    end_char: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, resolved against the gazetteer (PLOVER event_loc)."""

    extracted_place: str
    resolved_place: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    resolution: int | None = None  # 1 country, 2 admin1, 3 admin2, 4 city, 5 sub-city
    start_char: int | None = None
    end_char: int | None = None
    parent: str | None = None  # the place it lies in, one level up: neighbourhood -> city -> province -> country


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event, traced to its sentence and trigger."""

    article_id: str
    event: str
    mode: str | None
    actor: Actor | None
    recipient: Actor | None
    sentence: int  # sequence number of the sentence in the article
    sentence_start: int
    sentence_end: int
    trigger: int  # token index of the trigger's head
    trigger_start: int  # character offsets of the trigger words
    trigger_end: int
    event_text: str
    text: str  # the sentence
    context: tuple[str, ...] = ()
    attribution: Attribution = field(default_factory=Attribution)
    date: DateRef | None = None
    place: Place | None = None
    cameo: str | None = None
    goldstein: float | None = None
    quad_code: int | None = None
    actor_span: tuple[int, int] | None = None  # character offsets
    recipient_span: tuple[int, int] | None = None
    confidence: float = 0.5

    @property
    def id(self) -> str:
        """Stable id: the same input gives the same id."""
        key = "|".join(
            (
                self.article_id,
                str(self.trigger_start),
                str(self.trigger_end),
                self.event,
                self.mode or "",
                (self.actor.code or "") if self.actor else "",
                str(self.actor_span) if self.actor_span else "",
                (self.recipient.code or "") if self.recipient else "",
                str(self.recipient_span) if self.recipient_span else "",
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Coding:
    """One article on its way through the stages.

    Each stage returns a new Coding with its part added (``dataclasses.replace``).
    ``doc`` is the spaCy Doc; it never leaves the process that made it.
    """

    article: Article
    doc: Any = None
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    """What coding one article produced: the unit that is stored and shipped."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]

