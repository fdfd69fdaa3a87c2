"""The shipped GeoNames extract: countries, US states and cities of 5,000 people or more."""

import gzip

import pytest

from eventwire.errors import DataFileError
from eventwire.knowledge import geonames
from eventwire.knowledge.geonames import GeoNames


def test_cities_of_15000_are_the_flagged_part_of_the_cities_of_5000_in_the_same_order():
    small, large = GeoNames(5000).get_cities(), GeoNames(15000).get_cities()
    assert len(small) > 60_000 and 30_000 < len(large) < len(small)
    assert list(large) == [gid for gid in small if small[gid]["in15000"]]
    assert all(c["in15000"] for c in small.values() if c["population"] > 15000)


def test_records_have_the_fields_the_gazetteer_and_actor_tables_read():
    cities = GeoNames(5000).get_cities()
    belgrade = next(c for c in cities.values() if c["name"] == "Belgrade")
    assert belgrade["countrycode"] == "RS" and belgrade["population"] > 1_000_000 and belgrade["in15000"]
    assert 44 < belgrade["latitude"] < 45 and 20 < belgrade["longitude"] < 21 and isinstance(belgrade["geonameid"], int)
    assert "Beograd" in belgrade["alternatenames"] and "Београд" not in belgrade["alternatenames"]  # Latin letters only
    countries = GeoNames().get_countries()
    assert countries["RS"]["iso3"] == "SRB" and countries["RS"]["capital"] == "Belgrade" and countries["RS"]["fips"] == "RI"
    assert GeoNames().get_us_states()["NY"]["name"] == "New York"


def test_only_the_shipped_extracts_can_be_asked_for():
    with pytest.raises(ValueError, match="min_city_population"):
        GeoNames(1000)


def test_a_damaged_extract_is_named_with_its_line(tmp_path, monkeypatch):
    good = gzip.decompress((geonames.data_dir() / "cities5000.tsv.gz").read_bytes()).decode().splitlines()
    (tmp_path / "cities5000.tsv.gz").write_bytes(gzip.compress(("\n".join(good[:3] + ["only\tthree\tcolumns"]) + "\n").encode()))
    monkeypatch.setattr(geonames, "data_dir", lambda: tmp_path)
    geonames._cities.cache_clear()
    try:
        with pytest.raises(DataFileError, match=r"cities5000.tsv.gz:4: expected 10 columns, got 3"):
            GeoNames(5000).get_cities()
    finally:
        geonames._cities.cache_clear()
