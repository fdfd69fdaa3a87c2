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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import node_line, read_yaml
from eventwire.knowledge.gazetteer import Entry, Gazetteer, load_gazetteer, to_place
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
    departure_verbs: frozenset[str]
    object_place_events: frozenset[str]
    object_place_verbs: frozenset[str]
    target_preps: frozenset[str]
    division_words: frozenset[str]
    place_labels: frozenset[str]
    not_place_labels: frozenset[str]
    never_place_labels: frozenset[str]


@functools.lru_cache(maxsize=4)
def load_linking(path: Path = LINKING_FILE) -> Linking:
    """Read the linking word lists.

    Raises:
        DataFileError: a list is missing or is not a list of words, naming the file and line.
    """
    data, root = read_yaml(path, "the place linking file")
    values: dict[str, frozenset[str]] = {}
    for f in dataclasses.fields(Linking):
        words = (data or {}).get(f.name)
        if not isinstance(words, list) or any(not isinstance(w, str) for w in words):
            raise DataFileError(f"{path}:{node_line(root, f.name) or 1}: {f.name!r} must be a list of words")
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
        # What each name says about the article's countries and states, read without context:
        # a name the gazetteer gives one country, or a country's own name.
        said: list[tuple[str | None, str | None]] = []
        for start, end, _ in spans:
            cands = gz.candidates(_span_text(doc, start, end))
            best = gz.best(_span_text(doc, start, end)) if cands else None
            country = admin1 = None
            if cands and (len({e.country for e, _ in cands}) == 1 or best.kind == "country"):
                country = best.country
                if len({e.admin1_code for e, _ in cands}) == 1 or best.kind == "admin1":
                    admin1 = best.admin1_code
            said.append((country, admin1))
        country_count = Counter(c for c, _ in said if c)
        admin1_count = Counter(a for _, a in said if a)
        if coding is not None:
            country_count.update(
                m.actor.country for m in coding.mentions if m.actor.country and len(m.actor.country) == 3
            )

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
            # The second of "Windsor, Ontario" qualifies the first: a country or a division.
            qualifying = k > 0 and spans[k - 1][1] == start - 1 and doc[start - 1].text == ","
            own_country, own_admin1 = said[k]  # a name is no evidence for itself ("Georgia")
            countries = {c for c, n in country_count.items() if n - (c == own_country) > 0}
            admin1s = {a for a, n in admin1_count.items() if n - (a == own_admin1) > 0}
            entry = gz.best(text, countries, admin1s, qualifier, divisions_first=qualifying)
            if entry is not None and label == "PROPN" and entry.kind == "city" and entry.population < MIN_BARE_CITY_POPULATION:
                entry = None
            if entry is None and label == "PROPN":
                continue
            resolved[k] = entry
            span = doc[start:end]
            if entry is not None:
                place = to_place(entry, text, span.start_char, span.end_char)
            else:  # named but not in the gazetteer (a sea, a square): kept as written, unresolved
                place = Place(extracted_place=text, start_char=span.start_char, end_char=span.end_char)
            out.append(PlaceMention(start, end, span.root.i, text, label, entry, place))
        out.reverse()
        return out

    def _spans(self, doc) -> list[tuple[int, int, str]]:
        """Token ranges that may name places: place entities, then bare proper-noun runs."""
        lk = self.linking
        spans: list[tuple[int, int, str]] = []
        taken: set[int] = set()
        for ent in doc.ents:
            label = ent.label_
            if label in lk.never_place_labels:
                continue
            start, end = ent.start, ent.end
            if doc[start].lower_ == "the":
                start += 1
            if start >= end:
                continue
            if label not in lk.place_labels:
                # A small model often tags a town as a person or a group ("in Goma", "in Tunis");
                # the gazetteer takes it when the whole name is a real place used as a noun.
                root = doc[start:end].root
                if root.pos_ != "PROPN" or not doc[start].is_title or not self._known(_span_text(doc, start, end)):
                    continue
                if label == "PERSON" and root.dep_ in ("nsubj", "nsubjpass", "poss"):
                    continue  # "Jackson said": a person who acts, whatever town shares the name
                if any(c.dep_ == "compound" and c.pos_ == "PROPN" and not start <= c.i < end for c in root.children):
                    continue  # part of a longer name ("the Ambassador Bridge")
                label = "PROPN"
            if not (doc[start].is_title or doc[start].is_upper):
                continue  # "the east coast": a direction, not a name
            if end < len(doc) and doc[end].lower_ in lk.division_words:
                if _span_text(doc, start, end + 1) in self.gazetteer:
                    end += 1
            elif (
                end - start > 1
                and doc[end - 1].lower_ in lk.division_words
                and _span_text(doc, start, end) not in self.gazetteer
                and _span_text(doc, start, end - 1) in self.gazetteer
            ):
                end -= 1  # "Diyala province" known only as "Diyala"
            for part in _split_commas(doc, start, end):
                spans.append((*part, label))
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

    def _known(self, name: str) -> bool:
        """Whether a name outside any place entity still names a country, division or real town."""
        entry = self.gazetteer.best(name)
        return entry is not None and (entry.kind != "city" or entry.population >= MIN_BARE_CITY_POPULATION)

    # --- linking --------------------------------------------------------------

    def locate(self, event: Event, doc, by_token: dict[int, PlaceMention]) -> Event:
        """The event with its place set, or unchanged when the parse links it to none."""
        if event.place is not None or not 0 <= event.trigger < len(doc):
            return event
        mention = self.link(doc[event.trigger], event.event, by_token)
        if mention is None or mention.place is None:
            return event
        return dataclasses.replace(event, place=self._placed(mention, doc, by_token))

    def _placed(self, mention: PlaceMention, doc, by_token) -> Place:
        """An unresolved name takes the country of the place it is said to be in ("Dadeville, Alabama")."""
        place = mention.place
        if mention.entry is not None:
            return place
        outer = self._container(doc[mention.head], by_token)
        if outer is None or outer.entry is None:
            return place
        if outer.entry.kind == "city":  # "the Green Zone in Baghdad": the city is what can be mapped
            return outer.place
        admin1 = outer.entry.admin1 if outer.entry.kind in ("admin1", "region", "admin2") else None
        return dataclasses.replace(place, country_code=outer.entry.country, admin1=admin1)

    def _container(self, token, by_token) -> PlaceMention | None:
        """The place a mention is in: its apposition or qualifier, or its "in X"."""
        own = by_token.get(token.i)
        for child in token.children:
            m = by_token.get(child.i)
            if m is not None and m is not own and child.dep_ in ("appos", "npadvmod", "conj", "compound"):
                return m
        nxt = token.doc[own.end] if own is not None and own.end < len(token.doc) else None
        if nxt is not None and nxt.text == "," and own.end + 1 < len(token.doc):
            m = by_token.get(own.end + 1)
            if m is not None:
                return m
        return self._descend(token, by_token, 1, skip=own)

    def link(self, trigger, event_type: str, by_token: dict[int, PlaceMention]) -> PlaceMention | None:
        """The place mention that governs an event whose trigger is ``trigger``.

        The event's own links are gathered in order of strength; the first one wins
        unless a later one lies inside it ("the city of Jenin" over "the West Bank").
        """
        found = [m for m in self._own_links(trigger, event_type, by_token) if m is not None and m.place is not None]
        if not found:
            return self._sentence_fallback(trigger, by_token)
        best = found[0]
        for m in found[1:]:
            if _inside(m, best):
                best = m
        return best

    def _own_links(self, trigger, event_type: str, by_token) -> Iterable[PlaceMention | None]:
        lk = self.linking
        nominal = trigger.pos_ in ("NOUN", "PROPN")
        yield self._under_preps(trigger, by_token, lk.location_preps)
        if nominal:
            for child in trigger.children:
                if child.dep_ in ("compound", "poss", "nmod", "amod") and child.i in by_token:
                    yield by_token[child.i]
        yield self._sub_country(self._under_preps(trigger, by_token, lk.target_preps))
        if nominal:  # "talks with his counterpart in Manama"
            yield from self._through_other_preps(trigger, by_token)
        verb = _clause_verb(trigger)
        if verb is None:
            return
        lemma = verb.lemma_.lower()
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubjpass")]
        if lemma in lk.support_verbs and (verb is trigger or trigger.dep_ in ("dobj", "attr", "nsubjpass")):
            for child in subjects:
                yield by_token.get(child.i)
        if nominal and trigger.dep_ in ("nsubj", "nsubjpass") and lemma in lk.object_location_verbs:
            for child in objects:
                yield by_token.get(child.i)
            yield self._under_preps(verb, by_token, lk.location_preps | {"to"})
        if lemma in lk.destination_verbs:
            for child in objects:
                yield by_token.get(child.i)
            yield self._under_preps(verb, by_token, lk.destination_preps)
        if lemma in lk.departure_verbs:  # "withdrew from Kherson"
            yield self._sub_country(self._under_preps(verb, by_token, {"from"}))
        if verb is not trigger:
            yield self._under_preps(verb, by_token, lk.location_preps)
            yield self._sub_country(self._under_preps(verb, by_token, lk.target_preps))
        if event_type in lk.object_place_events or lemma in lk.object_place_verbs:
            for child in objects:
                if child.i != trigger.i:
                    yield self._sub_country(by_token.get(child.i) or self._descend(child, by_token, 0))
        for child in subjects:  # "Police in Lagos arrested ...": where the actor is, the event is
            if child.i != trigger.i:
                yield self._under_preps(child, by_token, lk.location_preps, depth=1)
                for mod in child.children:  # "Kabul police": a town's own forces act in it
                    if mod.dep_ == "compound":
                        yield self._sub_country(by_token.get(mod.i))
        for child in objects:  # "fired at protesters in Saqqez"
            if child.i != trigger.i:
                yield self._under_preps(child, by_token, lk.location_preps, depth=1)
        yield from self._through_other_preps(verb, by_token, skip=trigger.i)

    def _through_other_preps(self, head, by_token, skip: int | None = None) -> Iterable[PlaceMention | None]:
        """Places in a noun that another preposition leads to ("clashed with police in Lahore")."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ not in self.linking.location_preps:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.i != skip and obj.pos_ in ("NOUN", "PRON"):
                        yield self._under_preps(obj, by_token, self.linking.location_preps, depth=1)

    @staticmethod
    def _sub_country(m: PlaceMention | None) -> PlaceMention | None:
        """Only a town or a region: a country object or target is the recipient, not the place."""
        if m is None or m.entry is None or m.entry.kind == "country":
            return None
        return m

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
        return None

    def _descend(self, noun, by_token, depth: int, skip: PlaceMention | None = None) -> PlaceMention | None:
        """From a common noun to the place it is of or in ("the city of Kharkiv", "the embassy in Kabul")."""
        if depth > MAX_DESCENT:
            return None
        for child in noun.children:
            m = by_token.get(child.i)
            if m is not None and m is not skip and m.place is not None and child.dep_ in ("compound", "poss", "nmod", "appos", "amod"):
                return m
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in self.linking.descend_preps:
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    m = by_token.get(obj.i)
                    if m is not None and m is not skip and m.place is not None:
                        return m
                    m = self._descend(obj, by_token, depth + 1, skip)
                    if m is not None:
                        return m
        return None

    def _sentence_fallback(self, trigger, by_token) -> PlaceMention | None:
        """The sentence's one place, if a location phrase hangs it off the event's clause."""
        sent = trigger.sent
        found = {id(m): m for i, m in by_token.items() if sent.start <= i < sent.end and m.place is not None}
        if len(found) != 1:
            return None
        m = next(iter(found.values()))
        clause = _clause_verb(trigger) or trigger
        tok = trigger.doc[m.head]
        located = False
        while tok.head.i != tok.i:
            if tok.dep_ == "prep" and tok.lower_ in self.linking.location_preps:
                located = True
            tok = tok.head
            if tok.i in (clause.i, trigger.i):
                return m if located else None
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("pcomp", "acl", "amod"):
                return None
        return None


def _clause_verb(trigger):
    """The verb whose clause an event trigger is in: itself, or the verb above a nominal trigger."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    tok = trigger
    for _ in range(3):  # "went on strike": noun -> preposition -> verb
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.pos_ != "ADP":
            return None
    return None


def _inside(inner: PlaceMention, outer: PlaceMention) -> bool:
    """Whether one resolved place lies within another, more general one."""
    a, b = inner.place, outer.place
    if a is None or b is None or a.resolution is None or b.resolution is None:
        return False
    if a.resolution <= b.resolution or a.country_code != b.country_code or a.country_code is None:
        return False
    return b.resolution == 1 or (b.admin1 is not None and a.admin1 == b.admin1) or b.resolution == 2


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
