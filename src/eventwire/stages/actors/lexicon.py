"""The actor lexicon: country names, demonyms, capitals, cities, organisations,
role nouns and anaphors, read once from the data files and the gazetteer
packages into token-keyed lookup tables (:class:`.tables.Tables`).

Phrases are split with spaCy's English tokenizer so that they split exactly
as article text does ("Jean-Pierre" is three tokens, "U.S." one).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.codes import unlisted_countries
from eventwire.knowledge.datafile import node_child, node_line, read_yaml, word_list
from eventwire.knowledge.dictionary import Role
from eventwire.records import NON_STATE, PLOVER_SECTORS, actor_code, iso_date
from eventwire.settings import DATA_DIR
from eventwire.stages.actors.rules import read_rules
from eventwire.stages.actors.tables import Named, Phrase, RoleNoun, Tables, case_of

log = logging.getLogger(__name__)

DATA = DATA_DIR / "actors"


def build_tables(
    tokenize,
    extra_named: Iterable[tuple[str, Named, bool, bool]] = (),
    extra_roles: Iterable[tuple[str, str | None]] = (),
    data: Path = DATA,
) -> Tables:
    """Read every actor data file and the gazetteers into lookup tables.

    Sources are indexed from the weakest to the strongest, so that a later one
    replaces an earlier one of the same rank for the same surface form.

    Args:
        tokenize: splits a phrase into word strings as the parser would.
        extra_named: (surface form, Named, nocase, stem) from actor dictionaries,
            indexed last so that they win over shipped names.
        extra_roles: (role noun, sector) pairs from dictionaries' agents.
        data: the folder of actor data files.
    Raises:
        DataFileError: naming file and line of a bad entry in a data file.
    """
    from eventwire.knowledge.geonames import GeoNames

    tables = Tables()
    amb, _ = read_yaml(data / "ambiguous.yaml")
    tables.ambiguous = frozenset(str(n) for n in (amb or {}).get("names", []))
    tables.rules = read_rules(data / "anaphora.yaml", data / "syntax.yaml")
    for text, target in tables.rules.anaphors:
        words = tuple(text.lower().split())
        # "the group", not "The Group of Seven": the noun must be in lower case.
        cases = ("any",) + tuple("lower" for _ in words[1:])
        tables.add_phrase(Phrase(words, cases, Named("anaphor", text, target=target)))
    _load_roles(tables, data / "roles.yaml", tokenize)

    terr_path = data / "territories.yaml"
    terr, terr_nodes = read_yaml(terr_path)
    tables.fold = {str(k): str(v) for k, v in (terr.get("fold") or {}).items()}
    unlisted = unlisted_countries(terr_path)
    gc = GeoNames()
    known = _add_package_countries(tables, gc, tokenize) | set(unlisted)
    _load_countries(tables, data / "countries.yaml", tokenize, known)
    _add_partially_recognized(tables, terr, terr_nodes, terr_path, known, tokenize)
    min_population = int((amb or {}).get("min_city_population", 0))
    _add_cities(tables, gc, {alpha2: code for code, alpha2 in unlisted.items()}, min_population, tokenize)
    _load_organizations(tables, data / "organizations.yaml", tokenize, known)
    _add_dictionaries(tables, extra_named, extra_roles, tokenize)
    tables.finalize()
    log.debug("actor tables: %d first words, %d role heads", len(tables.phrases), len(tables.roles))
    return tables


def _add_package_countries(tables: Tables, gc, tokenize) -> set[str]:
    """Country names of pycountry and GeoNames; returns the ISO codes known."""
    import pycountry

    known: set[str] = set()
    for c in pycountry.countries:
        code = tables.fold_country(c.alpha_3)
        known.add(code)
        tables.countries.setdefault(code, getattr(c, "common_name", c.name))
        # In a fixed order, not a set's: of two forms of one name the later is kept.
        for text in dict.fromkeys((c.name, getattr(c, "common_name", None), getattr(c, "official_name", None))):
            if text:
                tables.add(text, Named("country", tables.countries[code], country=code), tokenize)
        tables.add(c.alpha_3, Named("country", tables.countries[code], country=code), tokenize)
    for info in gc.get_countries().values():
        code = tables.fold_country(info["iso3"])
        tables.add(info["name"], Named("country", tables.countries.get(code, info["name"]), country=code), tokenize)
    return known


def _add_partially_recognized(tables: Tables, terr: dict, nodes: Any, path: Path, known: set[str], tokenize) -> None:
    for i, item in enumerate(terr.get("partially_recognized") or []):
        line = node_line(node_child(node_child(nodes, "partially_recognized"), i), 0)
        country = item.get("country")
        if country not in known:
            raise DataFileError(f"{path}:{line}: unknown country {country!r}")
        for text in word_list(item.get("names"), f"{path}:{line}", "names"):
            tables.add(text, Named("country", text, country=country, sector="PRE"), tokenize)
        for text in word_list(item.get("adj"), f"{path}:{line}", "adj"):
            tables.add(text, Named("adjective", text, country=country, sector="PRE"), tokenize)


def _add_cities(tables: Tables, gc, unlisted_alpha2: dict[str, str], min_population: int, tokenize) -> None:
    """Cities of ``min_population`` or more and US states (places that act only in an acting role), then capitals."""
    import pycountry

    def iso3(alpha2: str) -> str | None:
        c = pycountry.countries.get(alpha_2=alpha2)
        return c.alpha_3 if c is not None else unlisted_alpha2.get(alpha2)

    capitals = {info["capital"]: tables.fold_country(info["iso3"])
                for info in gc.get_countries().values() if info.get("capital")}
    for city in sorted(gc.get_cities().values(), key=lambda c: c["population"]):
        if city["population"] < min_population:
            continue
        code = tables.fold_country(iso3(city["countrycode"]))
        if code:
            tables.add(city["name"], Named("city", city["name"], country=code, needs_ner=True), tokenize)
    # US states act like cities: places, or actors only in an acting role,
    # and they give a role its country ("New York Governor").
    for state in gc.get_us_states().values():
        tables.add(state["name"], Named("city", state["name"], country="USA", needs_ner=True), tokenize)
    for name, code in capitals.items():
        tables.add(name, Named("capital", name, country=code, sector="GOV"), tokenize)


def _add_dictionaries(tables: Tables, extra_named, extra_roles, tokenize) -> None:
    for text, named, nocase, stem in extra_named:
        tables.add(text, named, tokenize, nocase, stem)
    for text, sector in extra_roles:
        words = tuple(w.lower() for w in tokenize(text))
        if words:
            tables.add_role(RoleNoun(words, sector, False))


def _load_roles(tables: Tables, path: Path, tokenize) -> None:
    data, nodes = read_yaml(path)

    def words(key: str, what: str | None = None) -> list[str]:
        return word_list(data.get(key), f"{path}:{node_line(nodes, key)}", what or key)

    def joined(text: str) -> str:
        return " ".join(w.lower() for w in tokenize(text))

    generic = {joined(w) for w in words("generic")}
    unsectored = {joined(w) for w in words("unsectored")}
    sectors = data.get("sectors")
    if not isinstance(sectors, dict):
        raise DataFileError(f"{path}:1: 'sectors' must map sector codes to role nouns")
    seen: dict[tuple[str, ...], str | None] = {}
    for sector, listed in sectors.items():
        where = f"{path}:{node_line(node_child(nodes, 'sectors'), sector)}"
        if sector not in PLOVER_SECTORS:
            raise DataFileError(f"{where}: {sector!r} is not a PLOVER sector; valid: {', '.join(sorted(PLOVER_SECTORS))}")
        for text in word_list(listed, where, f"roles of {sector}"):
            seen.setdefault(tuple(w.lower() for w in tokenize(text)), sector)
    for text in sorted(unsectored):
        seen.setdefault(tuple(text.split()), None)
    for key, sector in seen.items():
        text = " ".join(key)
        tables.add_role(RoleNoun(key, None if text in unsectored else sector, text in generic))
    tables.weapons = frozenset(w.lower() for w in words("weapons"))
    tables.located = frozenset(words("located"))


def _load_countries(tables: Tables, path: Path, tokenize, known: set[str]) -> None:
    data, nodes = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}:1: expected a mapping of ISO3 codes")
    for code, spec in data.items():
        where = f"{path}:{node_line(nodes, code)}"
        if code not in known:
            raise DataFileError(f"{where}: {code!r} is not an ISO 3166 alpha-3 code of a country")
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"names", "adj", "people"}:
            raise DataFileError(f"{where}: expected {{names, adj, people}} for {code}, got {spec!r}")
        display = tables.countries.setdefault(code, code)
        for text in word_list(spec.get("names"), where, "names"):
            tables.add(text, Named("country", display, country=code), tokenize)
        for text in word_list(spec.get("adj"), where, "adj"):
            tables.add(text, Named("adjective", display, country=code), tokenize)
            tables.add(text + "s", Named("people", display, country=code), tokenize)
        for text in word_list(spec.get("people"), where, "people"):
            tables.add(text, Named("people", display, country=code), tokenize)


ORGANIZATION_KEYS = frozenset({"name", "aliases", "code", "country", "sector", "periods"})


def _load_organizations(tables: Tables, path: Path, tokenize, known: set[str]) -> None:
    data, nodes = read_yaml(path)
    if not isinstance(data, list):
        raise DataFileError(f"{path}:1: expected a list of organisations")
    for i, item in enumerate(data):
        where = f"{path}:{node_line(nodes, i)}"
        if not isinstance(item, dict) or "name" not in item or set(item) - ORGANIZATION_KEYS:
            raise DataFileError(f"{where}: an organisation needs 'name' and only {sorted(ORGANIZATION_KEYS)}; "
                                f"got {item!r}")
        country, sector = item.get("country"), item.get("sector")
        _check_code(where, country, sector, known)
        periods = tuple(_period(p, where, known) for p in item.get("periods") or [])
        aliases = word_list(item.get("aliases"), where, "aliases")
        code = item.get("code")
        if code is None and country in NON_STATE:
            code = next((a for a in aliases if case_of(a) == "upper"), str(item["name"]).upper())
        elif code is None:
            code = actor_code(country, sector)
        named = Named("alias", str(item["name"]), country=country, sector=sector, code=code, periods=periods)
        for text in [str(item["name"]), *aliases]:
            tables.add(text, named, tokenize)


def _period(spec: dict, where: str, known: set[str]) -> Role:
    """A date range in which an organisation codes as another country or sector."""
    _check_code(where, spec.get("country"), spec.get("sector"), known)
    return Role(spec.get("country"), spec.get("sector"), None, _date(spec.get("start"), where),
                _date(spec.get("end"), where))


def _date(value: Any, where: str):
    try:
        return iso_date(value)
    except ValueError:
        raise DataFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _check_code(where: str, country: Any, sector: Any, known: set[str]) -> None:
    if country is not None and country not in known and country not in NON_STATE:
        raise DataFileError(f"{where}: {country!r} is neither an ISO 3166 alpha-3 code nor one of {sorted(NON_STATE)}")
    if sector is not None and sector not in PLOVER_SECTORS:
        raise DataFileError(f"{where}: {sector!r} is not a PLOVER sector; valid: {', '.join(sorted(PLOVER_SECTORS))}")
