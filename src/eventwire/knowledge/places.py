"""Places knowledge: the word lists that link an event to its place, and the one resolver of place names.

The linking lists are ``data/places/linking.yaml``. :class:`PlaceResolver` is
how every stage turns a place name into a gazetteer entry: the places stage
resolves all the names of an article together, so that the countries and
divisions it names settle ambiguous ones; the events stage asks for the
country of a single name. :func:`load_places` builds the resolver once per
process, over the process-wide gazetteer.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import node_line, read_yaml
from eventwire.knowledge.gazetteer import Entry, Gazetteer, load_gazetteer, to_place
from eventwire.records import Place
from eventwire.settings import DATA_DIR

LINKING_FILE = DATA_DIR / "places" / "linking.yaml"
MIN_BARE_CITY_POPULATION = 15_000  # a proper noun outside any entity must name a real town


@dataclass(frozen=True, slots=True)
class Linking:
    """The word lists the linker works from (``data/places/linking.yaml``)."""

    location_preps: frozenset[str]
    surface_preps: frozenset[str]
    descend_preps: frozenset[str]
    support_verbs: frozenset[str]
    object_location_verbs: frozenset[str]
    object_location_preps: frozenset[str]
    destination_verbs: frozenset[str]
    destination_preps: frozenset[str]
    departure_verbs: frozenset[str]
    departure_preps: frozenset[str]
    object_place_events: frozenset[str]
    object_place_verbs: frozenset[str]
    territory_verbs: frozenset[str]
    ground_verbs: frozenset[str]
    ground_nouns: frozenset[str]
    target_preps: frozenset[str]
    landing_preps: frozenset[str]
    same_place_marks: frozenset[str]
    same_place_preps: frozenset[str]
    scene_preps: frozenset[str]
    aiming_verbs: frozenset[str]
    earlier_preps: frozenset[str]
    adverb_location_words: frozenset[str]
    division_words: frozenset[str]
    name_particles: frozenset[str]
    place_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    place_labels: frozenset[str]
    landing_labels: frozenset[str]
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
class Name:
    """A place name of an article, as the resolver needs to know it.

    ``bare``: a run of proper nouns outside any place entity, which must name a country,
    a division or a real town. ``after_comma``: the name follows the article's previous
    name across a comma ("Paris, Texas"), so the second qualifies the first. ``division``:
    the text calls it a division ("Latakia province", "the province of Latakia").
    """

    text: str
    bare: bool = False
    after_comma: bool = False
    division: bool = False


class PlaceResolver:
    """Place names to gazetteer entries, the one way the stages resolve a place."""

    def __init__(self, gazetteer: Gazetteer, linking: Linking) -> None:
        self.gazetteer = gazetteer
        self.linking = linking

    def __contains__(self, name: str) -> bool:
        return name in self.gazetteer

    def misread_surname(self, tok) -> bool:
        """Whether a parsed token the recogniser calls a place is a surname it misread: a one-word GPE or LOC
        name no gazetteer knows, as the subject of a passive that is done to people ("Zeevi was shot"), not to
        ground ("was shelled", ``object_place_verbs``). Both the events stage (a victim) and the places stage
        (no place) read it so."""
        if tok.dep_ != "nsubjpass" or tok.pos_ != "PROPN" or tok.ent_type_ not in ("GPE", "LOC") \
                or tok.head.lemma_.lower() in self.linking.object_place_verbs:
            return False
        one_word = tok.ent_iob_ == "B" and (tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")
        return one_word and tok.text not in self.gazetteer

    def known(self, name: str) -> bool:
        """Whether a name outside any place entity still names a country, division or real town."""
        entry = self.gazetteer.best(name)
        return entry is not None and _real(entry)

    def evidence(self, name: str) -> tuple[str | None, str | None]:
        """What a name says, read without context, about the country and division an article is about.

        A name the gazetteer gives one country (or a country's own name) says that country; one
        it also gives a single division ("Texas") says that division too.
        """
        cands = self.gazetteer.candidates(name)
        if not cands:
            return None, None
        best = self.gazetteer.best(name)
        if len({e.country for e, _ in cands}) != 1 and best.kind != "country":
            return None, None
        admin1 = best.admin1_code if len({e.admin1_code for e, _ in cands}) == 1 or best.kind == "admin1" else None
        return best.country, admin1

    def resolve_article(self, names: Sequence[Name], countries: Iterable[str] = ()) -> list[Entry | None]:
        """The entry each name of an article means, in the light of all the others.

        Args:
            names: the article's place names in text order.
            countries: ISO alpha-3 codes the article names otherwise (its actors' countries).

        A name is no evidence for itself ("Georgia" alone says Georgia); a country or
        division right after a name and a comma qualifies it; a bare name that resolves
        to a small town resolves to nothing.
        """
        said = [self.evidence(n.text) for n in names]
        country_count = Counter(c for c, _ in said if c)
        admin1_count = Counter(a for _, a in said if a)
        country_count.update(countries)
        out: list[Entry | None] = [None] * len(names)
        for k in range(len(names) - 1, -1, -1):  # right to left, so "Paris, Texas" finds Texas first
            name = names[k]
            qualifier = None
            if k + 1 < len(names) and names[k + 1].after_comma:
                q = out[k + 1]
                if q is not None and q.kind in ("country", "admin1"):
                    qualifier = q
            own_country, own_admin1 = said[k]
            in_article = {c for c, n in country_count.items() if n - (c == own_country) > 0}
            admin1s = {a for a, n in admin1_count.items() if n - (a == own_admin1) > 0}
            # The second of "Windsor, Ontario" qualifies the first: a country or a division.
            entry = self.gazetteer.best(name.text, in_article, admin1s, qualifier, divisions_first=name.after_comma or name.division)
            out[k] = None if entry is not None and name.bare and not _real(entry) else entry
        return out

    def place(self, name: str, countries: Iterable[str] = (), admin1s: Iterable[str] = ()) -> Place | None:
        """The Place a single name means, or None if the gazetteer lacks it.

        ``name`` may also be an ISO alpha-3 country code in capitals. ``countries`` and
        ``admin1s`` are the countries and divisions ("US.TX") the text is about.
        """
        entry = self.gazetteer.best(name, frozenset(countries), frozenset(admin1s))
        if entry is None and name.isupper() and len(name) == 3:
            entry = self.gazetteer.country(name)
        if entry is None:
            return None
        return dataclasses.replace(to_place(entry, name), parent=self.parent_of(entry))

    def parent_of(self, entry: Entry) -> str | None:
        """The name of the place one level up from an entry: a town's province, a province's country."""
        if entry.kind in ("city", "admin2") and entry.admin1:
            return entry.admin1
        if entry.kind != "country" and entry.country:
            country = self.gazetteer.country_by_iso3.get(entry.country)
            return country.name if country is not None else None
        return None

    def country_of(self, name: str) -> str | None:
        """The ISO alpha-3 country of the place a single name means, or None."""
        place = self.place(name)
        return place.country_code if place is not None else None


def _real(entry: Entry) -> bool:
    return entry.kind != "city" or entry.population >= MIN_BARE_CITY_POPULATION


@functools.lru_cache(maxsize=1)
def load_places() -> PlaceResolver:
    """The process-wide place resolver, over the shared gazetteer and the shipped linking lists."""
    return PlaceResolver(load_gazetteer(), load_linking())
