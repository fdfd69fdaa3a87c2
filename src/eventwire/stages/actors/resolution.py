"""The state of resolving one article's candidate spans into mentions.

A :class:`Resolution` holds the Doc, the candidates the scans found, and the
mentions found so far, each as a :class:`Found` that records what in-document
reference needs to know of it (a person, of which gender, a country, ...).
The passes (:mod:`.roles`, :mod:`.persons`, :mod:`.names`,
:mod:`.reference`) read and add to it in turn.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from eventwire.records import NON_STATE, Actor, Mention, actor_code
from eventwire.stages.actors.match import Cand, span_head
from eventwire.stages.actors.tables import Named, RoleNoun, Tables, dictionary_actor
from eventwire.stages.docs import span_text


@dataclass(slots=True)
class Found:
    """A mention resolved so far, and what reference back to it needs to know."""

    mention: Mention
    person: bool = False
    gender: str | None = None  # male, female, or a pronoun class once a pronoun took it
    young: bool = False
    country: bool = False  # a country, or a place standing for one
    org: bool = False
    role: RoleNoun | None = None
    ref: Mention | None = None  # the mention it refers back to


class Coded(NamedTuple):
    """What a named thing or a role chain codes as."""

    country: str | None
    sector: str | None
    code: str | None
    name: str | None


class Resolution:
    """One Doc, its candidate spans, and the mentions found in it so far."""

    def __init__(self, doc, tables: Tables, published: dt.date | None,
                 named: list[Cand], roles: list[Cand], persons: list[Cand]) -> None:
        self.doc = doc
        self.t = tables
        self.on = published
        self.named = named
        self.roles = roles
        self.persons = persons
        self.at: dict[int, Cand] = {}
        for c in (*named, *roles, *persons):
            for k in range(c.start, c.end):
                self.at.setdefault(k, c)
        self.found: list[Found] = []

    def cand_of(self, token) -> Cand | None:
        """The candidate that covers a token (the first scanned), or None."""
        return self.at.get(token.i)

    def text(self, start: int, end: int) -> str:
        """The article text of tokens ``start`` to ``end``."""
        return span_text(self.doc[start:end])

    def emit(self, start: int, end: int, actor: Actor, kind: str, members: tuple[Actor, ...] = (), *,
             person: bool = False, gender: str | None = None, young: bool = False, country: bool = False,
             org: bool = False, role: RoleNoun | None = None, ref: Mention | None = None,
             words: str | None = None) -> Found:
        """Add a mention of tokens ``start`` to ``end``; the flags say what reference may make of it.
        ``words`` name its actor where the mention's own text does not (a pronoun's antecedent); they become the
        actor's ``name`` when it has none, and ``entity_text`` stays the words at the mention."""
        span = self.doc[start:end]
        text = span_text(span)
        members = tuple(dataclasses.replace(a, entity_text=text) for a in members)
        m = Mention(start, end, span.start_char, span.end_char, span_head(self.doc, start, end), text,
                    dataclasses.replace(actor, entity_text=text, name=actor.name or words), kind, members)
        found = Found(m, person=person, gender=gender, young=young, country=country, org=org, role=role, ref=ref)
        self.found.append(found)
        return found

    def named_actor(self, named: Named) -> Coded:
        """What a named thing stands for on the article's date."""
        return named_actor(named, self.on)

    def window_start(self, index: int, sentences: int) -> int:
        """The first token of the sentence ``sentences`` before the one holding ``index``."""
        doc = self.doc
        limit = doc[index].sent.start
        for _ in range(sentences):
            if limit <= 0:
                break
            limit = doc[limit - 1].sent.start
        return limit

    def taken(self) -> list[bool]:
        """Which tokens a mention or a name already covers."""
        taken = [False] * len(self.doc)
        for c in (*(f.mention for f in self.found), *self.named):
            for k in range(c.start, c.end):
                taken[k] = True
        return taken

    def mentions(self) -> tuple[Mention, ...]:
        """The mentions found, sorted by start; of overlapping ones the earlier and longer wins."""
        ordered = sorted((f.mention for f in self.found), key=lambda m: (m.start, -(m.end - m.start)))
        result: list[Mention] = []
        last_end = -1
        for m in ordered:
            if m.start >= last_end:
                result.append(m)
                last_end = m.end
        return tuple(result)


def named_actor(named: Named, on: dt.date | None) -> Coded:
    """What a named thing stands for on a date: a dictionary entry's role then, an organisation's period."""
    if named.kind == "dictionary":
        country, sector, _title, ok = dictionary_actor(named, on)
        if not ok:
            return Coded(None, None, None, named.name)
        code = named.code if named.country in NON_STATE else actor_code(country, sector)
        return Coded(country, sector, code, named.name)
    country, sector = named.coded(on)
    if named.kind == "alias":
        return Coded(country, sector, named.code if country in NON_STATE else actor_code(country, sector), named.name)
    return Coded(country, sector, actor_code(country, sector), None)
