"""The gazetteer: place names to countries, first-level divisions and cities.

Built from GeoNames (:mod:`eventwire.knowledge.geonames`: cities of 1,000 people or more with their
Latin-script alternate names, countries, US states and the positions of first-level divisions),
``pycountry`` (the divisions' names and types) and the project's own table
``data/places/extra_places.yaml`` (regions news names that GeoNames lacks,
and the short names news gives countries). The index is built once per
process (:func:`load_gazetteer`) and, because building it reads some 170,000
cities, kept as a pickle in the user's cache directory between processes, its
fields and names packed (:mod:`eventwire.knowledge.gazetteer_table`) so that
every process that codes holds them in a few tens of MB.

Ambiguous names are settled by :meth:`Gazetteer.best`: the countries and
divisions the article mentions win over population, and population breaks
the remaining ties. The stages reach it through the place resolver of
:mod:`eventwire.knowledge.places`.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from eventwire.knowledge.cache import cached
from eventwire.knowledge.gazetteer_data import build_entries, extra_table_path
from eventwire.knowledge.gazetteer_table import NameIndex, compact_column
from eventwire.knowledge.geonames import files as geonames_files
from eventwire.records import Place

log = logging.getLogger(__name__)

CACHE_FORMAT = 4

# Weights of the resolution score. Population counts as log10, so a bonus of
# 1.5 lets a place 30 times smaller win when the article names its country.
KIND_BONUS = {"country": 2.0, "admin1": 1.0, "region": 1.0, "admin2": 0.5, "city": 0.0}
CONTEXT_COUNTRY_BONUS = 1.5
CONTEXT_ADMIN1_BONUS = 3.0
QUALIFIER_BONUS = 6.0  # "Paris, Texas": the name right after says where
BIG_CITY = 100_000  # a city this size owns its name over a division of the same name
VILLAGE = 5_000  # a city smaller than this yields its name to any larger place
PRIMARY_NAME_BONUS = 1.5  # the entry's own name, not one of its alternate names
SEEN_NAMES = 20_000  # names whose lookups a process keeps


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record: a country, a first-level division, a region or a city."""

    name: str
    kind: str  # country | admin1 | region | admin2 | city
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None  # name of the first-level division, where known
    admin1_code: str | None  # "US.TX"-style key, where known
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    resolution: int  # PLOVER: 1 country, 2 admin1, 3 admin2, 4 city, 5 sub-city
    estimated: bool = False  # the population is a default, not a count


_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))


#: the Arabic article as news writes it before a name ("Al-Raqqa", "el-Arish"), which GeoNames often leaves out
ARABIC_ARTICLES = frozenset({"al-", "al ", "el-", "el "})


def fold(name: str) -> str:
    """The lookup key of a name: accents stripped, lower case, spaces squeezed, leading "the" dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.replace("\u2019", "'").lower().split())
    text = text.removeprefix("the ")
    return text


class Gazetteer:
    """Place names to entries, with context-aware resolution.

    The entries are kept as one list per :class:`Entry` field and made into records only
    when a name asks for them: some 175,000 records would take seconds to unpickle.
    """

    def __init__(self, columns: Sequence[Sequence], index: NameIndex | dict[str, tuple[int, ...]],
                 stop: frozenset[str]) -> None:
        self.columns = columns
        self.index = index  # folded name -> entry numbers, n + 1 for the entry's own name, -(n + 1) for another
        self.stop = stop
        self._made: dict[int, Entry] = {}
        self._seen: dict[str, tuple[tuple[Entry, bool], ...]] = {}
        kinds, codes = columns[_FIELDS.index("kind")], columns[_FIELDS.index("country")]
        self.country_by_iso3 = {codes[i]: self.entry(i) for i, kind in enumerate(kinds) if kind == "country" and codes[i]}

    def __len__(self) -> int:
        return len(self.columns[0])

    def entry(self, number: int) -> Entry:
        """The entry of a number of the index."""
        made = self._made.get(number)
        if made is None:
            made = self._made[number] = Entry(*(column[number] for column in self.columns))
        return made

    def __contains__(self, name: str) -> bool:
        return bool(self._lookup(name))

    def candidates(self, name: str) -> list[tuple[Entry, bool]]:
        """Every entry a name may refer to, with whether it is the entry's own name."""
        return list(self._lookup(name))

    def _lookup(self, name: str) -> tuple[tuple[Entry, bool], ...]:
        # News names the same places over and over: the last few thousand names are kept as looked up.
        found = self._seen.get(name)
        if found is None:
            key = fold(name)
            found = () if key in self.stop else tuple((self.entry(abs(n) - 1), n > 0) for n in self._numbers(key))
            if len(self._seen) >= SEEN_NAMES:
                self._seen.clear()
            self._seen[name] = found
        return found

    def _numbers(self, key: str) -> tuple[int, ...]:
        """The index entries of a folded name, else of its spellings news and GeoNames write differently:
        hyphens as spaces and back ("Al-Bab" is "Al Bab", "Ras al Ain" is "Ras al-Ain"), and with no
        leading Arabic article ("Al-Raqqa" is Raqqa)."""
        variants = [key, key.replace("-", " "), key.replace(" ", "-")]
        if key[:3] in ARABIC_ARTICLES and len(key) > 6:
            variants.append(key[3:].replace("-", " "))
        for variant in dict.fromkeys(variants):
            numbers = self.index.get(variant, ())
            if numbers:
                return numbers
        return ()

    def country(self, code: str) -> Entry | None:
        """The country entry of an ISO alpha-3 code."""
        return self.country_by_iso3.get(code.upper())

    def best(
        self,
        name: str,
        countries: frozenset[str] | set[str] = frozenset(),
        admin1s: frozenset[str] | set[str] = frozenset(),
        qualifier: Entry | None = None,
        divisions_first: bool = False,
    ) -> Entry | None:
        """The entry a name most likely means in an article.

        Args:
            name: the place name as written.
            countries: ISO alpha-3 codes of the countries the article is about.
            admin1s: admin1 keys ("US.TX") of the divisions the article names.
            qualifier: a place written right after the name ("Paris, Texas").
            divisions_first: the name qualifies another ("Windsor, Ontario"), so a country or
                division of that name is meant over a city.
        """
        cands = self.candidates(name)
        if not cands:
            return None
        if divisions_first:
            cands = [c for c in cands if c[0].kind in ("country", "admin1", "region")] or cands
            return max(cands, key=lambda c: self._score(c[0], c[1], countries, admin1s, None))[0]
        # A village is meant only when nothing larger has its name, or the article is about its country.
        cands = [c for c in cands if not _village(c[0]) or c[0].country in countries] or cands
        # A division named like a big city of its own country ("New York", "Lagos") means the
        # city unless the text says "state"; "New York state" is indexed to the state alone.
        # A division whose size is unknown ("Manchester" parish, "La Paz" department) yields to a
        # big city of the same name abroad, unless the article is about the division's country
        # ("Bali" in an Indonesian story), and to any town of that name in its own country
        # ("Jenin", "Herat": the governorate is named after its town).
        big_cities = {e.country for e, _ in cands if e.kind == "city" and e.population >= BIG_CITY}
        cities = {e.country for e, _ in cands if e.kind == "city"}
        if cities:
            cands = [
                c for c in cands
                if not (c[0].kind in ("admin1", "admin2") and (
                    c[0].country in big_cities
                    or (c[0].estimated and (c[0].country in cities or (big_cities and c[0].country not in countries)))))
            ] or cands
        return max(cands, key=lambda c: self._score(c[0], c[1], countries, admin1s, qualifier))[0]

    @staticmethod
    def _score(entry: Entry, primary: bool, countries, admin1s, qualifier: Entry | None) -> float:
        score = math.log10(max(entry.population, 10)) + KIND_BONUS[entry.kind]
        if primary:
            score += PRIMARY_NAME_BONUS
        if entry.country in countries:
            score += CONTEXT_COUNTRY_BONUS
        if entry.admin1_code and entry.admin1_code in admin1s:
            score += CONTEXT_ADMIN1_BONUS
        if qualifier is not None and qualifier is not entry:
            same_state = bool(qualifier.admin1_code) and entry.admin1_code == qualifier.admin1_code
            # A division whose towns the gazetteer cannot tell apart still says the country.
            same_country = (qualifier.kind == "country" or not qualifier.admin1_code) and entry.country == qualifier.country
            if same_country or (same_state and entry.kind == "city"):
                score += QUALIFIER_BONUS
        return score


def _village(entry: Entry) -> bool:
    return entry.kind == "city" and entry.population < VILLAGE


def to_place(entry: Entry, extracted: str, start_char: int | None = None, end_char: int | None = None) -> Place:
    """The Place record of an entry as named in the text."""
    return Place(
        extracted_place=extracted,
        resolved_place=entry.name,
        country_code=entry.country,
        admin1=entry.admin1,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid,
        resolution=entry.resolution,
        start_char=start_char,
        end_char=end_char,
    )


def build_index(names: list[list[tuple[str, bool]]]) -> dict[str, tuple[int, ...]]:
    """Folded name -> entry numbers, each entry at most once per name: n + 1 when it is the entry's
    own (primary) name, -(n + 1) when not."""
    index: dict[str, dict[int, bool]] = {}
    for i, entry_names in enumerate(names):
        for name, primary in entry_names:
            slot = index.setdefault(fold(name), {})
            slot[i] = slot.get(i, False) or primary
    return {k: tuple(i + 1 if primary else -(i + 1) for i, primary in v.items()) for k, v in index.items()}


def columns_of(rows: list[dict]) -> tuple[list, ...]:
    """The entries' fields as one list per :class:`Entry` field, a field a row lacks at its default."""
    defaults = {f.name: f.default for f in dataclasses.fields(Entry)}
    return tuple([row.get(name, defaults[name]) for row in rows] for name in _FIELDS)


def _build_tables() -> tuple[tuple, NameIndex, frozenset[str]]:
    t0 = time.perf_counter()
    raw, stop = build_entries()
    columns = tuple(compact_column(c) for c in columns_of([fields for fields, _ in raw]))
    index = NameIndex(build_index([names for _, names in raw]))
    log.info("gazetteer built: %d entries, %d names in %.2fs", len(raw), len(index), time.perf_counter() - t0)
    return columns, index, frozenset(fold(s) for s in stop)


@functools.lru_cache(maxsize=1)
def load_gazetteer(use_cache: bool = True) -> Gazetteer:
    """The process-wide gazetteer, read from the cache or built (and cached)."""
    # The table and the code that reads the sources and defines Entry all shape the index.
    here = Path(__file__)
    sources = (extra_table_path(), here, here.with_name("gazetteer_data.py"), here.with_name("gazetteer_table.py"),
               *geonames_files())
    columns, index, stop = cached("gazetteer", sources, _build_tables,
                                  salt=f"{CACHE_FORMAT}|{version('pycountry')}", use_cache=use_cache)
    return Gazetteer(columns, index, stop)
