"""Reads the gazetteer's sources into plain entries: GeoNames, pycountry and the project's table.

Divisions come from pycountry (names and types of the ISO 3166-2 divisions) and take,
for the first level, the position, GeoNames id and code, and names of the GeoNames
division with the same ISO code; GeoNames divisions without one are added as they are.

Kept apart from :mod:`eventwire.knowledge.gazetteer` so the index and its resolution
rules read without the loading details. Each entry comes out as
``(fields, names)``: the fields of :class:`eventwire.knowledge.gazetteer.Entry` and the
names it is known by, each flagged as the entry's own (primary) name or not.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from eventwire.errors import DataFileError
from eventwire.knowledge.geonames import GeoNames, centre
from eventwire.knowledge.datafile import read_yaml
from eventwire.settings import DATA_DIR

log = logging.getLogger(__name__)

MIN_CITY_POPULATION = 1000
# A division's population is not known (its cities' sum leaves the countryside out): enough to beat
# a village of the same name. Such a division yields to a town it is named after (Gazetteer.best).
DEFAULT_ADMIN1_POPULATION = 300_000
KINDS = ("country", "admin1", "region", "admin2", "city")
DEFAULT_ADMIN2_POPULATION = 50_000

Names = list[tuple[str, bool]]
Raw = tuple[dict[str, Any], Names]


def extra_table_path() -> Path:
    """The project's own table of places, country aliases and words that are not places."""
    return DATA_DIR / "places" / "extra_places.yaml"


def _latin(name: str) -> bool:
    """A name news in English could write: Latin letters, starting with a capital."""
    if len(name) < 3 or not name[0].isupper():
        return False
    for ch in name:
        if ch.isalpha() and not ("LATIN" in unicodedata.name(ch, "")):
            return False
    return True


def build_entries() -> tuple[list[Raw], list[str]]:
    """Every gazetteer entry with its names, and the words never to resolve."""
    gc = GeoNames(min_city_population=MIN_CITY_POPULATION)
    countries = gc.get_countries()
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}
    us_states = gc.get_us_states()
    admin1 = {code: row for code, row in gc.get_admin1().items() if not code.startswith("US.")}
    table = load_extra_table(extra_table_path())
    spread = _Spread()
    raw = [_city(city, iso3, us_states, admin1, spread) for city in gc.get_cities().values()]
    raw.extend(_country(cc, c, table["country_aliases"], spread) for cc, c in countries.items())
    raw.extend(_us_state(code, state, spread) for code, state in us_states.items())
    raw.extend(_divisions(iso3, admin1))
    raw.extend(_table_places(table, iso3.values()))
    log.debug("gazetteer sources read: %d entries", len(raw))
    return raw, table["not_places"]


@dataclass
class _Spread:
    """Where the cities of each country and US state lie, and how many live in each state:
    countries and states take their position (and states their population) from their cities."""

    points: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    state_points: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    state_pop: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _city(city: dict[str, Any], iso3: dict[str, str], us_states: dict[str, Any], admin1s: dict[str, Any],
          spread: _Spread) -> Raw:
    cc = city["countrycode"]
    pos = (city["latitude"], city["longitude"])
    spread.points[cc].append(pos)
    admin1 = admin1_code = None
    if cc == "US" and city["admin1code"] in us_states:
        admin1 = us_states[city["admin1code"]]["name"]
        admin1_code = f"US.{city['admin1code']}"
        spread.state_points[city["admin1code"]].append(pos)
        spread.state_pop[city["admin1code"]] += city["population"]
    elif city.get("admin1code"):
        admin1_code = f"{cc}.{city['admin1code']}"
        division = admin1s.get(admin1_code)
        admin1 = _plain(division["name"]) if division else None
    names: Names = [(city["name"], True)]
    names += [(n, False) for n in city["alternatenames"] if _latin(n)]
    return (
        {"name": city["name"], "kind": "city", "country": iso3.get(cc), "admin1": admin1, "admin1_code": admin1_code,
         "lat": city["latitude"], "lon": city["longitude"], "geonameid": city["geonameid"],
         "population": city["population"], "resolution": 4},
        names,
    )


def _country(cc: str, c: dict[str, Any], aliases: dict[str, list[str]], spread: _Spread) -> Raw:
    lat, lon = centre(spread.points[cc])
    names = [(c["name"], True)] + [(a, True) for a in aliases.get(c["iso3"], ())]
    pc = pycountry.countries.get(alpha_2=cc)
    if pc is not None:
        for attr in ("name", "common_name", "official_name"):
            if getattr(pc, attr, None):
                names.append((getattr(pc, attr), False))
    return (
        {"name": c["name"], "kind": "country", "country": c["iso3"], "admin1": None, "admin1_code": None,
         "lat": lat, "lon": lon, "geonameid": c["geonameid"], "population": c["population"], "resolution": 1},
        names,
    )


def _us_state(code: str, state: dict[str, Any], spread: _Spread) -> Raw:
    lat, lon = centre(spread.state_points[code])
    return (
        {"name": state["name"], "kind": "admin1", "country": "USA", "admin1": state["name"], "admin1_code": f"US.{code}",
         "lat": lat, "lon": lon, "geonameid": state["geonameid"], "population": spread.state_pop[code], "resolution": 2},
        [(state["name"], True), (f"{state['name']} state", True)],
    )


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'")


def _divisions(iso3: dict[str, str], admin1s: dict[str, dict[str, Any]]) -> list[Raw]:
    """Divisions outside the US: pycountry's, first and second level, the first placed by GeoNames;
    then the GeoNames first-level divisions pycountry lacks."""
    by_iso = {row["iso_code"]: (code, row) for code, row in admin1s.items() if row["iso_code"]}
    out: list[Raw] = []
    by_code = {sub.code: sub for sub in pycountry.subdivisions}
    for sub in pycountry.subdivisions:
        if sub.country_code == "US" or sub.country_code not in iso3:
            continue
        kind = sub.type.lower()
        if "city" in kind or "municipality" in kind:
            continue  # the city itself is in the gazetteer
        name = _plain(sub.name)
        names = _division_names(name, sub.type)
        if sub.parent_code is None:
            code, row = by_iso.pop(sub.code, (None, None))
            fields = _geonames_division(code, row, name, names)
        else:
            parent = by_code.get(sub.parent_code)
            fields = {"kind": "admin2", "admin1": _plain(parent.name) if parent else None,
                      "population": DEFAULT_ADMIN2_POPULATION, "resolution": 3, "admin1_code": None,
                      "lat": None, "lon": None, "geonameid": None}
        out.append(({"name": name, "country": iso3[sub.country_code], "estimated": True, **fields}, names))
    for code, row in by_iso.values():
        cc = code.split(".")[0]
        if cc in iso3:
            name = _plain(row["name"])
            names = _division_names(name, row["type"])
            fields = _geonames_division(code, row, name, names)
            out.append(({"name": name, "country": iso3[cc], "estimated": True, **fields}, names))
    return out


def _division_names(name: str, kind: str) -> Names:
    names: Names = [(name, True), (f"{name} {kind}", True)]
    if " " not in kind:
        names.append((f"{name} {kind.lower()}", True))
    return names


def _geonames_division(code: str | None, row: dict[str, Any] | None, name: str, names: Names) -> dict[str, Any]:
    """The fields of a first-level division, with its GeoNames position, id, code and names where known
    (``names`` gains the GeoNames ones)."""
    fields = {"kind": "admin1", "admin1": name, "population": DEFAULT_ADMIN1_POPULATION, "resolution": 2,
              "admin1_code": code, "lat": None, "lon": None, "geonameid": None}
    if row is not None:
        fields.update(lat=row["latitude"], lon=row["longitude"], geonameid=row["geonameid"])
        names.append((_plain(row["name"]), True))
        names.extend((_plain(a), False) for a in row["aliases"] if _latin(a))
    return fields


def _table_places(table: dict[str, Any], known: Any) -> list[Raw]:
    known = set(known)
    out: list[Raw] = []
    for row in table["places"]:
        country = row.get("country")
        if country is not None and country not in known:
            log.debug("extra place %s: country %s not in GeoNames; kept", row["name"], country)
        names: Names = [(row["name"], True)] + [(a, True) for a in row.get("aliases", ())]
        out.append((
            {"name": row["name"], "kind": row["kind"], "country": country, "estimated": row.get("geonameid") is None,
                 "admin1": row["name"] if row["kind"] in ("admin1", "region") else None, "admin1_code": None,
                 "lat": row.get("lat"), "lon": row.get("lon"), "geonameid": row.get("geonameid"),
                 "population": int(row.get("population", DEFAULT_ADMIN1_POPULATION)), "resolution": int(row["resolution"])},
            names,
        ))
    return out


def load_extra_table(path: Path) -> dict[str, Any]:
    """Read and check the project's place table.

    Raises:
        DataFileError: the file is malformed, naming the file and line.
    """
    data, root = read_yaml(path, "the place table")
    if not isinstance(data, dict):
        raise DataFileError(f"{path}:1: expected a mapping with 'places', 'country_aliases', 'not_places'")
    nodes = {k.value: v for k, v in root.value}

    def where(section: str, i: int | None = None) -> str:
        node = nodes.get(section)
        if node is not None and i is not None and hasattr(node, "value") and isinstance(node.value, list):
            node = node.value[i]
        line = node.start_mark.line + 1 if node is not None else 1
        return f"{path}:{line}"

    places = data.get("places") or []
    if not isinstance(places, list):
        raise DataFileError(f"{where('places')}: 'places' must be a list")
    for i, row in enumerate(places):
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            raise DataFileError(f"{where('places', i)}: each place needs a 'name'")
        if row.get("kind") not in KINDS:
            raise DataFileError(f"{where('places', i)}: kind {row.get('kind')!r} is not one of {', '.join(KINDS)}")
        if row.get("resolution") not in (1, 2, 3, 4, 5):
            raise DataFileError(f"{where('places', i)}: resolution must be 1-5 (1 country ... 5 sub-city)")
        country = row.get("country")
        if country is not None and (not isinstance(country, str) or len(country) != 3 or not country.isupper()):
            raise DataFileError(f"{where('places', i)}: country {country!r} must be an ISO alpha-3 code or null")
        for key in ("lat", "lon"):
            if row.get(key) is not None and not isinstance(row[key], (int, float)):
                raise DataFileError(f"{where('places', i)}: {key} must be a number")
        if not isinstance(row.get("aliases", []), list):
            raise DataFileError(f"{where('places', i)}: aliases must be a list")
    aliases = data.get("country_aliases") or {}
    if not isinstance(aliases, dict) or any(not isinstance(v, list) for v in aliases.values()):
        raise DataFileError(f"{where('country_aliases')}: 'country_aliases' maps an ISO alpha-3 code to a list of names")
    stop = data.get("not_places") or []
    if not isinstance(stop, list) or any(not isinstance(s, str) for s in stop):
        raise DataFileError(f"{where('not_places')}: 'not_places' must be a list of names")
    return {"places": places, "country_aliases": aliases, "not_places": stop}
