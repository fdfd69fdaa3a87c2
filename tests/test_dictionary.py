"""Actor dictionaries: YAML/CSV loader, validation, active roles, shipped people, PETRARCH import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import DataFileError
from eventwire.interop.petrarch_dictionary import import_petrarch
from eventwire.knowledge.codes import PLOVER_SECTORS
from eventwire.knowledge.dictionary import (
    PEOPLE_FILE,
    Entry,
    Role,
    active_role,
    load_dictionary,
    make_entry,
    shipped_people,
    write_dictionary,
)
from tests.conftest import PEER_DIR

DATA = Path(__file__).parent / "data" / "dicts"
PEER = PEER_DIR
ACTORS_FILE = PEER / "PETR.Validate.actors.txt"
AGENTS_FILE = PEER / "PETR.Validate.agents.txt"

D = dt.date


def _plain(entries: list[Entry]) -> list[Entry]:
    """Entries without their source, which names the file they came from."""
    return [dataclasses.replace(e, source="") for e in entries]


def _load_cases(name: str) -> list:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------- loading and writing


def test_yaml_round_trip_gives_equal_entries(tmp_path):
    entries = load_dictionary(DATA / "people_sample.yaml")
    out = tmp_path / "out.yaml"
    write_dictionary(entries, out)
    assert _plain(entries) == _plain(load_dictionary(out))


def test_csv_and_yaml_give_the_same_entries():
    from_yaml = load_dictionary(DATA / "people_sample.yaml")
    from_csv = load_dictionary(DATA / "people_sample.csv")
    assert len(from_yaml) == 5
    assert _plain(from_yaml) == _plain(from_csv)


def test_loaded_entries_say_where_they_come_from():
    entries = load_dictionary(DATA / "people_sample.yaml")
    assert entries[0].source == f"{DATA / 'people_sample.yaml'}:3"
    assert load_dictionary(DATA / "people_sample.csv")[1].source == f"{DATA / 'people_sample.csv'}:5"


def test_role_without_country_takes_the_entry_country():
    tusk = load_dictionary(DATA / "people_sample.yaml")[1]
    assert [r.country for r in tusk.roles] == ["POL", "EUR", "POL"]


def test_entry_without_roles_gets_one_from_its_own_fields():
    kremlin = load_dictionary(DATA / "people_sample.yaml")[2]
    assert kremlin.roles == (Role("RUS", "GOV", None, None, None),)
    assert active_role(kremlin, D(1999, 1, 1)) == kremlin.roles[0]


def test_agent_entry_keeps_sector_only():
    police = load_dictionary(DATA / "people_sample.yaml")[4]
    assert (police.kind, police.country, police.sector) == ("agent", None, "COP")


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "people.json"
    path.write_text("{}")
    with pytest.raises(DataFileError, match=r"people\.json.*\.yaml, \.yml or \.csv"):
        load_dictionary(path)


def test_allow_codes_any_accepts_codes_outside_iso_and_plover(tmp_path):
    path = tmp_path / "middle_earth.yaml"
    path.write_text("allow_codes: any\nactors:\n  - {name: Aragorn, country: GON, sector: RNG}\n")
    (entry,) = load_dictionary(path)
    assert (entry.country, entry.sector) == ("GON", "RNG")


_INVALID = _load_cases("invalid_cases.yaml")


@pytest.mark.parametrize("case", _INVALID, ids=[c["id"] for c in _INVALID])
def test_invalid_dictionary_error_names_file_and_line(case, tmp_path):
    path = tmp_path / f"dict{case['suffix']}"
    path.write_text(case["text"], encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        if case.get("format") == "petrarch":
            import_petrarch(path, strict=True)
        else:
            load_dictionary(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{case['line']}:"), message
    assert case["error"] in message


# ---------------------------------------------------------------- active_role

_BIDEN = make_entry(
    "Joe Biden",
    country="USA",
    roles=(
        Role("USA", "GOV", "Vice President", D(2009, 1, 20), D(2017, 1, 20)),
        Role("USA", "GOV", "President", D(2021, 1, 20), D(2025, 1, 20)),
    ),
)
_PUTIN = make_entry(
    "Vladimir Putin",
    country="RUS",
    roles=(
        Role("RUS", "GOV", "Prime Minister", D(2008, 5, 8), D(2012, 5, 7)),
        Role("RUS", "GOV", "President", D(2012, 5, 7), None),
    ),
)
_USSR = make_entry("Soviet Union", country="SUN", kind="org", end=D(1991, 12, 26))


@pytest.mark.parametrize(
    ("entry", "on", "title"),
    [
        (_BIDEN, D(2008, 12, 31), None),  # before any role
        (_BIDEN, D(2009, 1, 20), "Vice President"),  # first day
        (_BIDEN, D(2017, 1, 20), "Vice President"),  # last day
        (_BIDEN, D(2018, 6, 1), None),  # between roles
        (_BIDEN, D(2022, 10, 27), "President"),
        (_BIDEN, D(2025, 1, 21), None),  # after the last role
        (_BIDEN, None, "President"),  # no date: the latest role
        (_PUTIN, D(2030, 1, 1), "President"),  # open-ended
        (_PUTIN, D(2012, 5, 7), "Prime Minister"),  # overlap: the first listed wins
        (_PUTIN, None, "President"),  # open-ended is the latest
    ],
)
def test_active_role_respects_date_ranges(entry, on, title):
    role = active_role(entry, on)
    assert (role.title if role else None) == title


def test_active_role_outside_the_entry_range_is_none():
    assert active_role(_USSR, D(1980, 1, 1)) == Role("SUN", None, None, None, D(1991, 12, 26))
    assert active_role(_USSR, D(1995, 1, 1)) is None


def test_entry_without_roles_has_no_active_role():
    assert active_role(make_entry("Somebody"), D(2020, 1, 1)) is None


# ---------------------------------------------------------------- shipped people

REQUIRED = {
    "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS", "SAU",
    "ZAF", "KOR", "TUR", "GBR", "USA", "EUR", "IRN", "ISR", "UKR", "UNO",
}


def test_shipped_people_validate_and_cover_every_required_country():
    people = load_dictionary(PEOPLE_FILE)
    assert len(people) >= 300
    assert all(e.kind == "person" and e.roles for e in people)
    countries = {r.country for e in people for r in e.roles}
    assert REQUIRED <= countries, sorted(REQUIRED - countries)
    assert shipped_people() == people


def test_shipped_people_roles_are_dated_plover_coded():
    for entry in shipped_people():
        for role in entry.roles:
            assert role.sector in PLOVER_SECTORS, entry.source
            assert role.title, entry.source


_OFFICES = {
    "leader": re.compile(
        r"^(President|Prime Minister|Chancellor|King|Queen|Emperor|Supreme Leader|Premier|Acting President"
        r"|Crown Prince and Prime Minister|Acting President and Prime Minister)$"
    ),
    "foreign": re.compile(
        r"Foreign Minister|Foreign Secretary|^Secretary of State$|External Affairs Minister"
        r"|International Relations"
    ),
    "defence": re.compile(r"Defen[cs]e Minister|Defence Secretary|Secretary of Defense|Armed Forces Minister"),
}


def test_shipped_people_fill_each_office_from_2015_to_2025():
    """Every month, each required state has a leader, a foreign and a defence minister.

    Interim caretakers are not all listed, so up to two months per office may be open.
    """
    people = shipped_people()
    months = [D(y, m, 1) for y in range(2015, 2026) for m in range(1, 13)]
    failures = []
    for country in sorted(REQUIRED - {"EUR", "UNO"}):
        for office, title in _OFFICES.items():
            roles = [r for e in people for r in e.roles if r.country == country and title.search(r.title or "")]
            open_months = [m for m in months if not any(r.covers(m) for r in roles)]
            if len(open_months) > 2:
                failures.append(f"{country} {office}: {[str(m) for m in open_months]}")
    for country, title in (("UNO", "Secretary-General"), ("EUR", "President of the European Commission")):
        roles = [r for e in people for r in e.roles if r.country == country and r.title == title]
        if not all(any(r.covers(m) for r in roles) for m in months):
            failures.append(f"{country} {title}")
    print("\n".join(failures))
    assert not failures


_KNOWN = [
    ("Joe Biden", D(2015, 6, 1), "USA", "Vice President"),
    ("Joe Biden", D(2019, 6, 1), "USA", None),
    ("Joe Biden", D(2022, 10, 27), "USA", "President"),
    ("Karine Jean-Pierre", D(2022, 10, 27), "USA", "White House Press Secretary"),
    ("Ebrahim Raisi", D(2022, 10, 27), "IRN", "President"),
    ("Ebrahim Raisi", D(2024, 6, 1), "IRN", None),
    ("Vladimir Putin", D(2022, 10, 27), "RUS", "President"),
    ("Donald Tusk", D(2016, 1, 1), "EUR", "President of the European Council"),
    ("Donald Tusk", D(2024, 1, 1), "POL", "Prime Minister"),
    ("António Guterres", D(2022, 10, 27), "UNO", "Secretary-General"),
    ("Boris Johnson", D(2017, 1, 1), "GBR", "Foreign Secretary"),
]


@pytest.mark.parametrize(("name", "on", "country", "title"), _KNOWN)
def test_shipped_people_known_roles(name, on, country, title):
    by_name = {e.name: e for e in shipped_people()}
    role = active_role(by_name[name], on)
    assert (role.title if role else None) == title
    assert (role.country if role else by_name[name].country) == country


def test_shipped_people_aliases_include_surnames_in_the_brief():
    aliases = {a for e in shipped_people() for a in (e.name, *e.aliases)}
    assert {"Karine Jean-Pierre", "Jean-Pierre", "Ebrahim Raisi", "Raisi", "Vladimir Putin", "Putin"} <= aliases


# ---------------------------------------------------------------- PETRARCH import


def _file_codes(path: Path) -> set[str]:
    """Every bracketed code of a PETRARCH file outside comments, read straight from its text."""
    text = re.sub(r"<!.*?-->", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    codes = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for body in re.findall(r"\[([^\]]*)\]", line):
            codes.add(re.split(r"[\s<>]", body.strip().replace("~", ""), maxsplit=1)[0].upper())
    return codes


def test_import_petrarch_actors_reads_every_actor_and_code():
    actors = import_petrarch(ACTORS_FILE)
    assert len(actors) == 128
    assert all(e.kind == "org" for e in actors)
    read = {e.code for e in actors if e.code} | {r.code for e in actors for r in e.roles if r.code}
    assert read == _file_codes(ACTORS_FILE)


def test_import_petrarch_actors_known_entries():
    by_name = {e.name: e for e in import_petrarch(ACTORS_FILE, kind="actors")}
    us = by_name["UNITED STATES"]
    assert (us.code, us.country, us.aliases) == ("USA", "USA", ("USA", "U.S."))
    hamas = by_name["HAMAS"]
    assert (hamas.code, hamas.country, hamas.sector) == ("PSEREBHMS", "PSE", "REB")
    assert by_name["WHITE HOUSE"].sector == "GOV"
    assert by_name["ARNOR"].stem is False  # "ARNOR_": whole word only
    assert by_name["ARGENTIN"].stem is True
    assert by_name["INTERNATIONAL CRIMINAL POLICE ORGANIZATION"].aliases == ("INTERPOL",)
    # GOLLUM: [HOB < 950601] [HOBGOV 19950601 - 19990815] [HOBREB > 990816], no default code
    gollum = by_name["GOLLUM"]
    assert gollum.code is None
    assert gollum.aliases == ("SMEAGOL", "SLINKER", "STINKER")
    assert [(r.code, r.start, r.end) for r in gollum.roles] == [
        ("HOB", None, D(1995, 5, 31)),
        ("HOBGOV", D(1995, 6, 1), D(1999, 8, 15)),
        ("HOBREB", D(1999, 8, 17), None),
    ]
    # ZIMBABWE: [RHO <790606] then the undated default [ZBW]
    zimbabwe = by_name["ZIMBABWE"]
    assert zimbabwe.code == "ZBW"
    assert [(r.code, r.end) for r in zimbabwe.roles] == [("RHO", D(1979, 6, 5))]


_PETRARCH_DATES = _load_cases("petrarch_dates.yaml")


@pytest.mark.parametrize("case", _PETRARCH_DATES, ids=[c["id"] for c in _PETRARCH_DATES])
def test_import_petrarch_date_restrictions_match_petrarch_tests(case):
    by_name = {e.name: e for e in import_petrarch(ACTORS_FILE)}
    entry = by_name[case["actor"]]
    role = active_role(entry, case["date"])
    assert (role.code if role else entry.code) == case["code"]


def test_import_petrarch_agents():
    agents = import_petrarch(AGENTS_FILE)  # found to be agents by the ~ marker
    assert len(agents) == 95
    assert all(e.kind == "agent" for e in agents)
    by_name = {e.name: e for e in agents}
    police = by_name["POLICE"]
    assert (police.code, police.country, police.sector, police.aliases) == ("COP", None, "COP", ())
    assert by_name["FOREIGN MINISTER"].aliases == ("FOREIGN MINISTERS",)
    assert by_name["ATTORNEY GENERAL"].aliases == ("ATTORNEYS GENERAL",)
    assert by_name["MEDIA"].sector == "JRN"  # CAMEO MED is media
    assert (by_name["MSF"].country, by_name["MSF"].sector) == ("NGO", None)  # [NGO~]
    assert {"CONGRESSMAN", "CONGRESSWOMEN", "MINISTRY OF SILLY WALKS"} <= set(by_name)


def test_imported_petrarch_dictionaries_write_and_load_back(tmp_path):
    for source, any_codes in ((ACTORS_FILE, True), (AGENTS_FILE, False)):
        entries = import_petrarch(source)
        out = tmp_path / f"{source.stem}.yaml"
        write_dictionary(entries, out)
        # Fictional countries (GON, ARN) need the flag; the agents' sectors are all PLOVER's.
        assert out.read_text(encoding="utf-8").startswith("allow_codes: any\n") is any_codes
        assert _plain(load_dictionary(out)) == _plain(entries)


def test_match_mode_applies_to_the_file_and_per_entry(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(
        "match: case_insensitive\nactors:\n  - {name: ARNOR, country: USA}\n"
        "  - {name: Chad Smith, country: USA, match: case_sensitive}\n",
        encoding="utf-8",
    )
    arnor, chad = load_dictionary(path)
    assert arnor.nocase and not chad.nocase
    path.write_text("actors:\n  - {name: ARNOR, country: USA}\n", encoding="utf-8")
    assert not load_dictionary(path)[0].nocase


def test_bad_match_mode_names_file_and_line(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("actors:\n  - name: ARNOR\n    match: sometimes\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"d\.yaml:3: match must be one of"):
        load_dictionary(path)


def test_imported_petrarch_names_match_in_any_case(tmp_path):
    entries = import_petrarch(ACTORS_FILE) + import_petrarch(AGENTS_FILE)
    assert all(e.nocase for e in entries)
    out = tmp_path / "a.yaml"
    write_dictionary(entries, out)
    assert "match: case_insensitive\n" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- property: any valid entry round-trips

_names = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "Pd")), min_size=1, max_size=30).map(
    str.strip
).filter(bool)
_dates = st.one_of(st.none(), st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
_countries = st.sampled_from([None, "USA", "RUS", "IRN", "UNO", "EUR", "NGO"])
_sectors = st.sampled_from([None, *sorted(PLOVER_SECTORS)])


@st.composite
def _roles(draw):
    a, b = draw(_dates), draw(_dates)
    if a and b and a > b:
        a, b = b, a
    return Role(draw(_countries), draw(_sectors), draw(st.one_of(st.none(), _names)), a, b)


@st.composite
def _entries(draw):
    roles = tuple(draw(st.lists(_roles(), max_size=3)))
    return make_entry(
        draw(_names),
        aliases=tuple(draw(st.lists(_names, max_size=3))),
        country=draw(_countries),
        sector=draw(_sectors),
        roles=roles,
        kind=draw(st.sampled_from(["person", "org", "agent"])),
        nocase=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(_entries(), max_size=4))
def test_any_valid_entries_round_trip(tmp_path_factory, entries):
    out = tmp_path_factory.mktemp("dicts") / "d.yaml"
    write_dictionary(entries, out)
    assert _plain(load_dictionary(out)) == _plain(entries)
