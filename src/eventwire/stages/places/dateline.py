"""Places: the article's dateline place ("BAGHDAD (Reuters) -"), lent to events that name no place.

A dateline says where the story was filed, which is most often, not always,
where what it reports happened. An event whose sentence names no place at all
takes it, one level of resolution coarser than the dateline place itself
(:data:`LENT_RESOLUTION_STEP`), so that a user can tell it from a place the
sentence gives. An event whose sentence names any place, its own or another
event's, takes nothing from the dateline: that place may be where it happened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from eventwire.knowledge.places import PlaceResolver
from eventwire.records import Event, Place
from eventwire.stages.dateline import dateline_tokens
from eventwire.stages.places.mentions import PlaceMention

LENT_RESOLUTION_STEP = 1
# Sentences an article must have after its dateline for the dateline to be its main place.
MIN_SENTENCES = 2


def dateline_place(doc, mentions: Iterable[PlaceMention], places: PlaceResolver,
                   countries: Iterable[str] = ()) -> Place | None:
    """The place the article's dateline names, resolved, or None when it has no dateline, the gazetteer does
    not know its place, or the dateline stands over a single sentence (a headline, a brief or an excerpt,
    which has no main place to speak of)."""
    tokens = dateline_tokens(doc)
    if not tokens or sum(1 for s in doc.sents if s.start >= tokens.stop) < MIN_SENTENCES:
        return None
    named = [m for m in mentions if m.start in tokens and m.entry is not None]
    words = []
    for i in tokens:  # "BAGHDAD, Iraq (Reuters) -": its place is the words before the first mark
        if doc[i].is_punct:
            break
        words.append(doc[i])
    if words:
        said = [*countries, *(m.entry.country for m in named if m.entry.country)]
        place = places.place(doc[words[0].i:words[-1].i + 1].text, said)
        if place is not None:
            return dataclasses.replace(place, start_char=words[0].idx, end_char=words[-1].idx + len(words[-1]))
    return named[0].place if named else None


def lend(event: Event, doc, by_token: dict[int, PlaceMention], place: Place) -> Event:
    """The event with the dateline's place, coarsened, when it has no place and its sentence names none."""
    if event.place is not None or not 0 <= event.trigger < len(doc):
        return event
    sent = doc[event.trigger].sent
    dateline = dateline_tokens(doc)
    if any(sent.start <= i < sent.end and i not in dateline for i in by_token):
        return event
    resolution = None if place.resolution is None else max(1, place.resolution - LENT_RESOLUTION_STEP)
    return dataclasses.replace(event, place=dataclasses.replace(place, resolution=resolution))
