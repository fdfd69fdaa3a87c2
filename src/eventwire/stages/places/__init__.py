"""Places: where each event happened, linked through the parse and resolved with the gazetteer.

A place mention is a GPE/LOC/FAC entity, a run of proper nouns the
gazetteer knows, or a name the text calls a place whatever its label ("the
village of X", "X Airport") (:mod:`.mentions`). An event gets the place that governs it
in the parse (:mod:`.links`): a location phrase of its trigger ("in Saqqez",
"at the embassy in Kabul"), a place compound of a nominal trigger ("the Kabul
bombing"), the subject of a support verb ("Iran witnessed demonstrations"),
the object of a verb such as "rock" ("protests rocked Tehran") or of a
destination verb ("visited Beijing"), or the town or named place an assault is
aimed at ("shelled Kharkiv", "stormed the X Mountains"), or the country ground is
taken in ("captured half of Kuwait"). A country that acts (the subject of an ordinary verb) is
an actor, not a place. With no such link, an event takes the sentence's place
when it hangs off the event's own clause, and else the place a clause of the
same time and place links ("struck X, killing eight", "was shot as he entered
a Kirkuk mosque"); otherwise it has none. A bare name the actors stage reads as
an actor of another country ("Hamas militants") is no town that shares its
name. The article's places only settle ambiguous names, through the shared
resolver of :mod:`eventwire.knowledge.places`.

Each place keeps its ``parent``, the place one level up: the one the sentence
puts it in ("the Green Zone in Baghdad", "Smallbrook, Alabama"), else the
gazetteer's (a town's province, a province's country). An event whose sentence
names no place at all may take the article's dateline place, at a coarser
resolution (:mod:`.dateline`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from eventwire.knowledge.places import PlaceResolver, load_places
from eventwire.records import NON_STATE, Coding, Event, Place
from eventwire.settings import Settings
from eventwire.stages.places.dateline import dateline_place, lend
from eventwire.stages.places.links import ByToken, Linker
from eventwire.stages.places.mentions import PlaceMention, find_mentions, inside

__all__ = ["PlaceMention", "PlaceStage"]

# Actor mention kinds that read a place name as its country or its government ("Moscow said").
_PLACE_READINGS = frozenset({"country", "metonym", "capital", "city"})


class PlaceStage:
    """Sets each event's ``place``."""

    name = "places"
    needs = ("events",)
    adds = ("places",)

    def __init__(self, settings: Settings, places: PlaceResolver | None = None) -> None:
        self.places = places or load_places()
        self.linker = Linker(self.places.linking)

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """Return the batch with each event's place set where the parse links one."""
        return [self.code(c) for c in batch]

    def code(self, coding: Coding) -> Coding:
        """One article with its events' places set."""
        if coding.doc is None or not coding.events:
            return coding
        doc = coding.doc
        mentions = self.mentions(doc, coding)
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        triggers = {e.trigger for e in coding.events}
        events = tuple(self.locate(e, doc, by_token, triggers) for e in coding.events)
        filed = dateline_place(doc, mentions, self.places, _countries(coding))
        if filed is not None:
            events = tuple(lend(e, doc, by_token, filed) for e in events)
        return dataclasses.replace(coding, events=events)

    def mentions(self, doc, coding: Coding | None = None) -> list[PlaceMention]:
        """Every place mention of a Doc, resolved in the light of the whole article and its actors' countries."""
        if coding is None:
            return find_mentions(doc, self.places)
        actors = [(m.start, m.end, m.actor.country) for m in coding.mentions
                  if m.kind not in _PLACE_READINGS and _country(m.actor.country)]
        return find_mentions(doc, self.places, _countries(coding), actors)

    def locate(self, event: Event, doc, by_token: ByToken, triggers: Collection[int] = ()) -> Event:
        """The event with its place set, or unchanged when the parse links it to none."""
        if event.place is not None or not 0 <= event.trigger < len(doc):
            return event
        mention = self.linker.link(doc[event.trigger], event.event, by_token, triggers)
        if mention is None or mention.place is None:
            return event
        return dataclasses.replace(event, place=self._placed(mention, doc, by_token))

    def _placed(self, mention: PlaceMention, doc, by_token: ByToken) -> Place:
        """The mention's place with its parent; an unresolved name takes the country of the place it is
        said to be in ("Dadeville, Alabama")."""
        place = mention.place
        outer = self.linker.container(doc[mention.head], by_token)
        if outer is not None and (outer.place is None or (mention.entry is not None and not inside(mention, outer))):
            outer = None  # a place the name does not lie in ("Idlib near Turkey") is no parent of it
        if mention.entry is not None:
            parent = _name_of(outer) if outer is not None else self.places.parent_of(mention.entry)
            return dataclasses.replace(place, parent=parent)
        if outer is None or outer.entry is None:
            return dataclasses.replace(place, parent=_name_of(outer) if outer is not None else None)
        if outer.entry.kind == "city":  # "the Green Zone in Baghdad": the name as written, mapped to the city
            return dataclasses.replace(outer.place, extracted_place=place.extracted_place, parent=_name_of(outer),
                                       start_char=place.start_char, end_char=place.end_char)
        admin1 = outer.entry.admin1 if outer.entry.kind in ("admin1", "region", "admin2") else None
        return dataclasses.replace(place, country_code=outer.entry.country, admin1=admin1, parent=_name_of(outer))


def _countries(coding: Coding) -> list[str]:
    """The countries of the article's actors, which settle ambiguous place names."""
    return [m.actor.country for m in coding.mentions if _country(m.actor.country)]


def _country(code: str | None) -> bool:
    """Whether an actor's country is a country's ISO alpha-3 code, not a PLOVER non-state code."""
    return code is not None and len(code) == 3 and code not in NON_STATE


def _name_of(m: PlaceMention) -> str | None:
    """A mention's place as the gazetteer names it, else as the text does."""
    return None if m.place is None else (m.place.resolved_place or m.place.extracted_place)
