"""Places: where each event happened, linked through the parse and resolved with the gazetteer.

A place mention is a GPE/LOC/FAC entity, or a run of proper nouns the
gazetteer knows. An event gets the place that governs it in the parse: a
location phrase of its trigger ("in Saqqez", "at the embassy in Kabul"), a
place compound of a nominal trigger ("the Kabul bombing"), the subject of a
support verb ("Iran witnessed demonstrations"), the object of a verb such as
"rock" ("protests rocked Tehran") or of a destination verb ("visited
Beijing"), or the town an assault is aimed at ("shelled Kharkiv"). A country
that acts (the subject of an ordinary verb) is an actor, not a place. With
no such link, an event takes the sentence's place only when it is the one
place named in the sentence and it hangs off the event's own clause;
otherwise it has none. The article's places only settle ambiguous names.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from eventwire.errors import DataFileError
from eventwire.gazetteer import Entry, Gazetteer, load_gazetteer, to_place
from eventwire.records import Coding, Event, Place
from eventwire.settings import DATA_DIR, Settings

log = logging.getLogger(__name__)

LINKING_FILE = DATA_DIR / "places" / "linking.yaml"
MIN_BARE_CITY_POPULATION = 15_000  # a proper noun outside any entity must name a real town
MAX_DESCENT = 3


@dataclass(frozen=True, slots=True)
class Linking:
    """The word lists the linker works from (``data/places/linking.yaml``)."""

    location_preps: frozenset[str]
    descend_preps: frozenset[str]
    support_verbs: frozenset[str]
    object_location_verbs: frozenset[str]
    destination_verbs: frozenset[str]
    destination_preps: frozenset[str]
    object_place_events: frozenset[str]
    division_words: frozenset[str]
    place_labels: frozenset[str]
    not_place_labels: frozenset[str]


@functools.lru_cache(maxsize=4)
def load_linking(path: Path = LINKING_FILE) -> Linking:
    """Read the linking word lists.

    Raises:
        DataFileError: a list is missing or is not a list of words, naming the file and line.
    """
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML: {exc}") from None
    lines = {k.value: k.start_mark.line + 1 for k, _ in (root.value if root is not None else [])}
    values: dict[str, frozenset[str]] = {}
    for f in dataclasses.fields(Linking):
        words = (data or {}).get(f.name)
        if not isinstance(words, list) or any(not isinstance(w, str) for w in words):
            raise DataFileError(f"{path}:{lines.get(f.name, 1)}: {f.name!r} must be a list of words")
        values[f.name] = frozenset(w if f.name.endswith(("labels", "events")) else w.lower() for w in words)
    return Linking(**values)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text: its tokens, its head and what it resolves to."""

    start: int
    end: int
    head: int
    text: str
    label: str
    entry: Entry | None
    place: Place | None


class PlaceStage:
    """Sets each event's ``place``."""

    name = "places"
    needs = ("events",)
    adds = ("places",)

    def __init__(self, settings: Settings, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.linking = load_linking()

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        return [self.code(c) for c in batch]

    def code(self, coding: Coding) -> Coding:
        """One article with its events' places set."""
        if coding.doc is None or not coding.events:
            return coding
        mentions = self.mentions(coding.doc, coding)
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        events = tuple(self.locate(e, coding.doc, by_token) for e in coding.events)
        return dataclasses.replace(coding, events=events)

    # --- mentions -------------------------------------------------------------

    def mentions(self, doc, coding: Coding | None = None) -> list[PlaceMention]:
        """Every place mention of a Doc, resolved in the light of the whole article."""
        spans = self._spans(doc)
        gz = self.gazetteer
        countries: set[str] = set()
        admin1s: set[str] = set()
        for start, end, _ in spans:
            cands = gz.candidates(_span_text(doc, start, end))
            if cands and len({e.country for e, _ in cands}) == 1:
                countries.add(cands[0][0].country)
                if len({e.admin1_code for e, _ in cands}) == 1 and cands[0][0].admin1_code:
                    admin1s.add(cands[0][0].admin1_code)
        if coding is not None:
            countries.update(m.actor.country for m in coding.mentions if m.actor.country and len(m.actor.country) == 3)
        countries.discard(None)  # type: ignore[arg-type]

        out: list[PlaceMention] = []
        resolved: dict[int, Entry | None] = {}
        for k in range(len(spans) - 1, -1, -1):  # right to left, so "Paris, Texas" finds Texas first
            start, end, label = spans[k]
            qualifier = None
            if k + 1 < len(spans) and spans[k + 1][0] == end + 1 and doc[end].text == ",":
                q = resolved.get(k + 1)
                if q is not None and q.kind in ("country", "admin1"):
                    qualifier = q
            text = _span_text(doc, start, end)
            entry = gz.best(text, countries, admin1s, qualifier)
            if entry is not None and label == "PROPN" and entry.kind == "city" and entry.population < MIN_BARE_CITY_POPULATION:
                entry = None
            if entry is None and label == "PROPN":
                continue
            resolved[k] = entry
            span = doc[start:end]
            place = to_place(entry, text, span.start_char, span.end_char) if entry is not None else None
            out.append(PlaceMention(start, end, span.root.i, text, label, entry, place))
        out.reverse()
        return out

    def _spans(self, doc) -> list[tuple[int, int, str]]:
        """Token ranges that may name places: place entities, then bare proper-noun runs."""
        lk = self.linking
        spans: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for ent in doc.ents:
            if ent.label_ not in lk.place_labels:
                continue
            start, end = ent.start, ent.end
            if doc[start].lower_ == "the":
                start += 1
            if start >= end:
                continue
            if end < len(doc) and doc[end].lower_ in lk.division_words:
                if _span_text(doc, start, end + 1) in self.gazetteer:
                    end += 1
            for part in _split_commas(doc, start, end):
                spans.append((*part, ent.label_))
            taken.update(range(start, end))
        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.pos_ != "PROPN" or i in taken or tok.ent_type_ in lk.not_place_labels or not tok.is_title:
                i += 1
                continue
            j = i
            while j < len(doc) and doc[j].pos_ == "PROPN" and j not in taken and not doc[j].ent_type_:
                j += 1
            if j > i and _span_text(doc, i, j) in self.gazetteer:
                spans.append((i, j, "PROPN"))
            i = max(j, i + 1)
        spans.sort()
        return spans

    # --- linking --------------------------------------------------------------

    def locate(self, event: Event, doc, by_token: dict[int, PlaceMention]) -> Event:
        """The event with its place set, or unchanged when the parse links it to none."""
        if event.place is not None or not 0 <= event.trigger < len(doc):
            return event
        mention = self.link(doc[event.trigger], event.event, by_token)
        if mention is None or mention.place is None:
            return event
        return dataclasses.replace(event, place=mention.place)

    def link(self, trigger, event_type: str, by_token: dict[int, PlaceMention]) -> PlaceMention | None:
        """The place mention that governs an event whose trigger is ``trigger``."""
        lk = self.linking
        nominal = trigger.pos_ in ("NOUN", "PROPN")
        found = self._under_preps(trigger, by_token, lk.location_preps)
        if found:
            return found
        for child in trigger.children:
            m = by_token.get(child.i)
            if m and m.place and nominal and child.dep_ in ("compound", "poss", "nmod", "amod"):
                return m
        verb = trigger if not nominal else (trigger.head if trigger.head.i != trigger.i else None)
        if verb is not None and verb.pos_ in ("VERB", "AUX"):
            found = self._from_clause(trigger, verb, event_type, nominal, by_token)
            if found:
                return found
        return self._sentence_fallback(trigger, verb, by_token)

    def _from_clause(self, trigger, verb, event_type: str, nominal: bool, by_token) -> PlaceMention | None:
        lk = self.linking
        lemma = verb.lemma_.lower()
        if lemma in lk.support_verbs and (verb is trigger or trigger.dep_ in ("dobj", "attr", "nsubjpass")):
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i in by_token:
                    return by_token[child.i]
        if nominal and trigger.dep_ in ("nsubj", "nsubjpass") and lemma in lk.object_location_verbs:
            for child in verb.children:
                if child.dep_ == "dobj" and child.i in by_token:
                    return by_token[child.i]
            found = self._under_preps(verb, by_token, lk.location_preps | {"to"})
            if found:
                return found
        if lemma in lk.destination_verbs:
            for child in verb.children:
                if child.dep_ == "dobj" and child.i in by_token:
                    return by_token[child.i]
            found = self._under_preps(verb, by_token, lk.destination_preps)
            if found:
                return found
        if not nominal and event_type in lk.object_place_events:
            for child in verb.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    m = by_token.get(child.i) or self._descend(child, by_token, 0)
                    if m and m.entry is not None and m.entry.kind != "country":
                        return m
        if nominal:
            found = self._under_preps(verb, by_token, lk.location_preps)
            if found:
                return found
        for child in verb.children:
            if child.dep_ in ("dobj", "attr") and child.i != trigger.i:
                found = self._under_preps(child, by_token, lk.location_preps, depth=1)
                if found:
                    return found
        return None

    def _under_preps(self, token, by_token, preps: Iterable[str], depth: int = 0) -> PlaceMention | None:
        """A place reached from ``token`` through one of ``preps`` ("in X", "at the embassy in X")."""
        for child in token.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    m = by_token.get(obj.i)
                    if m is not None and m.place is not None:
                        return m
                    m = self._descend(obj, by_token, depth + 1)
                    if m is not None:
                        return m
            elif child.dep_ == "npadvmod" and child.i in by_token and by_token[child.i].place:
                return by_token[child.i]  # "protests Saturday Tehran"-style headlines are rare; kept for datelines
        return None

    def _descend(self, noun, by_token, depth: int) -> PlaceMention | None:
        """From a common noun to the place it is of or in ("the city of Kharkiv", "the embassy in Kabul")."""
        if depth > MAX_DESCENT:
            return None
        for child in noun.children:
            m = by_token.get(child.i)
            if m is not None and m.place is not None and child.dep_ in ("compound", "poss", "nmod", "appos", "amod"):
                return m
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in self.linking.descend_preps:
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    m = by_token.get(obj.i)
                    if m is not None and m.place is not None:
                        return m
                    m = self._descend(obj, by_token, depth + 1)
                    if m is not None:
                        return m
        return None

    def _sentence_fallback(self, trigger, verb, by_token) -> PlaceMention | None:
        """The sentence's one place, if it hangs off the event's clause and is not an actor."""
        sent = trigger.sent
        found = {id(m): m for i, m in by_token.items() if sent.start <= i < sent.end and m.place is not None}
        if len(found) != 1:
            return None
        m = next(iter(found.values()))
        clause = verb if verb is not None else trigger
        tok = trigger.doc[m.head]
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "poss") and tok.head.i == clause.i:
            return None
        while tok.head.i != tok.i:
            tok = tok.head
            if tok.i in (clause.i, trigger.i):
                return m
            if tok.pos_ in ("VERB", "AUX"):
                return None
        return None


def _span_text(doc, start: int, end: int) -> str:
    return doc[start:end].text


def _split_commas(doc, start: int, end: int) -> list[tuple[int, int]]:
    """"Paris, Texas" as one entity is two places, the second qualifying the first."""
    parts: list[tuple[int, int]] = []
    s = start
    for i in range(start, end):
        if doc[i].text == ",":
            if i > s:
                parts.append((s, i))
            s = i + 1
    if s < end:
        parts.append((s, end))
    return parts
