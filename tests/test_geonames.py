"""The shipped GeoNames extract: countries, US states, first-level divisions and cities of 1,000 people or more."""

import gzip

import pytest

from eventwire.errors import DataFileError
from eventwire.knowledge import geonames
from eventwire.knowledge.geonames import GeoNames


def test_each_extract_is_the_flagged_part_of_the_wider_one_in_the_same_order():
    towns, small, large = GeoNames(1000).get_cities(), GeoNames(5000).get_cities(), GeoNames(15000).get_cities()
    assert len(towns) > 150_000 and 60_000 < len(small) < len(towns) and 30_000 < len(large) < len(small)
    assert list(small) == [gid for gid in towns if towns[gid]["extract"] >= 5000]
    assert list(large) == [gid for gid in small if small[gid]["extract"] == 15000]
    assert all(c["extract"] == 15000 for c in towns.values() if c["population"] > 15000)


def test_first_level_divisions_have_codes_names_and_the_centre_of_their_cities():
    divisions = GeoNames().get_admin1()
    assert len(divisions) > 3000
    idlib = divisions["SY.12"]
    assert (idlib["name"], idlib["iso_code"], idlib["type"]) == ("Idlib", "SY-ID", "Province")
    assert 35 < idlib["latitude"] < 36.5 and 36 < idlib["longitude"] < 37 and idlib["population"] > 100_000
    assert "Idlib Governorate" in idlib["aliases"] and all(geonames.latin_letters(a) for a in idlib["aliases"])
    towns = GeoNames(1000).get_cities()
    assert all(f"{c['countrycode']}.{c['admin1code']}" in divisions for c in towns.values()
               if c["countrycode"] == "SY" and c["admin1code"])


def test_records_have_the_fields_the_gazetteer_and_actor_tables_read():
    cities = GeoNames(5000).get_cities()
    belgrade = next(c for c in cities.values() if c["name"] == "Belgrade")
    assert belgrade["countrycode"] == "RS" and belgrade["population"] > 1_000_000 and belgrade["extract"] == 15000
    assert 44 < belgrade["latitude"] < 45 and 20 < belgrade["longitude"] < 21 and isinstance(belgrade["geonameid"], int)
    assert "Beograd" in belgrade["alternatenames"] and "Београд" not in belgrade["alternatenames"]  # Latin letters only
    countries = GeoNames().get_countries()
    assert countries["RS"]["iso3"] == "SRB" and countries["RS"]["capital"] == "Belgrade" and countries["RS"]["fips"] == "RI"
    assert GeoNames().get_us_states()["NY"]["name"] == "New York"


def test_only_the_shipped_extracts_can_be_asked_for():
    with pytest.raises(ValueError, match="min_city_population"):
        GeoNames(500)


def test_a_damaged_extract_is_named_with_its_line(tmp_path, monkeypatch):
    good = gzip.decompress((geonames.data_dir() / "cities1000.tsv.gz").read_bytes()).decode().splitlines()
    (tmp_path / "cities1000.tsv.gz").write_bytes(gzip.compress(("\n".join(good[:3] + ["only\tthree\tcolumns"]) + "\n").encode()))
    monkeypatch.setattr(geonames, "data_dir", lambda: tmp_path)
    with pytest.raises(DataFileError, match=r"cities1000.tsv.gz:4: expected 10 columns, got 3"):
        GeoNames(5000).get_cities()
