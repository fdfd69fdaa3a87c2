"""The gazetteer: names to places, settled by the article's countries and by population."""

from __future__ import annotations

import time

import pytest

from eventwire.errors import DataFileError
from eventwire.knowledge.gazetteer import Entry, fold, load_gazetteer
from eventwire.knowledge.gazetteer_data import load_extra_table
from eventwire.knowledge.places import load_places


@pytest.fixture(scope="module")
def gz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def places():
    return load_places()


def test_index_is_built_once_per_process(gz):
    t0 = time.perf_counter()
    again = load_gazetteer()
    assert again is gz
    assert time.perf_counter() - t0 < 0.01


def test_resolves_a_city_by_name(places):
    place = places.place("Saqqez")
    assert (place.resolved_place, place.country_code, place.resolution) == ("Saqqez", "IRN", 4)
    assert place.geonameid == 117392
    assert place.lat == pytest.approx(36.25, abs=0.05)


def test_resolves_a_country_with_a_position(places):
    place = places.place("Iran")
    assert (place.country_code, place.resolution, place.geonameid) == ("IRN", 1, 130758)
    assert 25 < place.lat < 40 and 44 < place.lon < 63


@pytest.mark.parametrize(
    "name, code",
    [("US", "USA"), ("U.S.", "USA"), ("the United States", "USA"), ("Britain", "GBR"), ("UK", "GBR"),
     ("Ivory Coast", "CIV"), ("DR Congo", "COD"), ("Burma", "MMR"), ("Russian Federation", "RUS"),
     ("South Korea", "KOR"), ("North Korea", "PRK"), ("Turkiye", "TUR")],
)
def test_country_names_and_aliases(places, name, code):
    place = places.place(name)
    assert (place.country_code, place.resolution) == (code, 1)


def test_iso_alpha3_code_resolves_to_its_country(gz, places):
    assert places.place("DEU").resolved_place == "Germany"
    assert gz.country("irn").name == "Iran"


def test_country_of_a_single_name(places):
    assert places.country_of("Kharkiv") == "UKR"
    assert places.country_of("DEU") == "DEU"  # a country code in capitals names its country
    assert places.country_of("Police") is None


def test_alternate_names(places):
    assert places.place("Kiev").resolved_place == "Kyiv"
    assert places.place("Bombay").resolved_place == "Mumbai"


def test_hyphens_and_the_arabic_article_are_written_either_way(places):
    # news writes "Al-Bab" and "Al-Raqqa" where GeoNames has "Al Bab" and "Ar Raqqah" (Raqqa)
    assert (places.place("Al-Bab").resolved_place, places.place("al-Bab").country_code) == ("Al Bāb", "SYR")
    assert places.place("Al-Raqqa").country_code == "SYR"
    assert places.place("Al-Qaeda") is None  # an article before a word that names no place resolves to nothing


def test_us_states_are_admin1_with_a_position(places):
    place = places.place("Texas")
    assert (place.country_code, place.admin1, place.resolution) == ("USA", "Texas", 2)
    assert 25 < place.lat < 37 and -107 < place.lon < -93


def test_population_breaks_ties_without_context(places):
    assert places.place("Paris").country_code == "FRA"
    assert places.place("Tripoli").country_code == "LBY"
    assert places.place("Hyderabad").country_code == "IND"
    springfield = places.place("Springfield")
    assert springfield.country_code == "USA" and springfield.admin1 == "Missouri"


def test_context_country_settles_ambiguous_names(places):
    assert places.place("Tripoli", countries={"LBN"}).country_code == "LBN"
    assert places.place("Hyderabad", countries={"PAK"}).country_code == "PAK"
    assert places.place("Georgia").country_code == "GEO"
    georgia = places.place("Georgia", countries={"USA"})
    assert (georgia.country_code, georgia.resolution) == ("USA", 2)


def test_context_state_settles_us_towns(places):
    paris = places.place("Paris", countries={"USA"}, admin1s={"US.TX"})
    assert (paris.country_code, paris.admin1) == ("USA", "Texas")
    springfield = places.place("Springfield", admin1s={"US.IL"})
    assert springfield.admin1 == "Illinois"


def test_qualifier_after_a_comma_wins(gz):
    maine = next(e for e, _ in gz.candidates("Maine") if e.kind == "admin1")
    assert gz.best("Portland", qualifier=maine).admin1 == "Maine"
    assert gz.best("Portland").admin1 == "Oregon"


def test_big_city_wins_over_same_named_division(places):
    assert places.place("New York").resolved_place == "New York City"
    assert places.place("Washington").admin1 == "District of Columbia"
    assert places.place("New York state").resolution == 2


def test_towns_of_a_few_thousand_people_resolve_with_their_division(places):
    town = places.place("Khenchela")  # a city of the 5,000 extract, for comparison
    assert town.country_code == "DZA" and town.admin1 is not None
    village = next(e for e in places.gazetteer.candidates("Mhardeh") if e[0].kind == "city")[0]
    assert village.country == "SYR" and village.admin1 == "Hamah" and village.lat is not None


def test_divisions_outside_the_us_have_a_position_and_a_geonames_code(places):
    diyala = places.place("Diyala")
    assert (diyala.resolution, diyala.country_code, diyala.admin1) == (2, "IRQ", "Diyala")
    assert 33 < diyala.lat < 35 and 44 < diyala.lon < 46 and diyala.geonameid == 96965
    anbar = places.gazetteer.best("Anbar")
    assert (anbar.kind, anbar.country, anbar.admin1_code) == ("admin1", "IRQ", "IQ.01")


def test_a_village_yields_its_name_to_a_larger_place_unless_the_article_is_about_its_country(gz):
    assert gz.best("Jenin").country == "PSE"  # a Polish village of 1,100 is also Jenin
    polish = gz.best("Jenin", countries={"POL"})
    assert polish.country == "POL" and polish.population < 5000


def test_the_article_country_wins_a_division_over_a_big_city_abroad(gz):
    assert gz.best("Bali").country == "IND"
    bali = gz.best("Bali", countries={"IDN"})
    assert (bali.kind, bali.country) == ("admin1", "IDN") and bali.lat < 0


def test_project_table_fills_gaps(places):
    gaza = places.place("Gaza")
    assert (gaza.resolved_place, gaza.country_code) == ("Gaza Strip", "PSE")
    assert places.place("Donbas").country_code == "UKR"
    assert places.place("West Bank").country_code == "PSE"


def test_words_that_are_not_places_never_resolve(gz, places):
    assert places.place("Police") is None
    assert "Police" not in gz
    assert places.place("Wednesday") is None


def test_fold_strips_accents_case_and_the():
    assert fold("  The  Gambia ") == "gambia"
    assert fold("Zürich") == "zurich"


def test_entry_is_frozen():
    e = Entry("X", "city", "IRN", None, None, 1.0, 2.0, 1, 10, 4)
    with pytest.raises(AttributeError):
        e.name = "Y"  # type: ignore[misc]


def test_malformed_table_names_file_and_line(tmp_path):
    bad = tmp_path / "places.yaml"
    bad.write_text("places:\n  - {name: Gaza, kind: town, resolution: 2}\ncountry_aliases: {}\nnot_places: []\n")
    with pytest.raises(DataFileError, match=r"places\.yaml:2: kind 'town'"):
        load_extra_table(bad)
    bad.write_text("places:\n  - {name: Gaza, kind: region, resolution: 2, country: Palestine}\n")
    with pytest.raises(DataFileError, match=r":2: country 'Palestine'"):
        load_extra_table(bad)
