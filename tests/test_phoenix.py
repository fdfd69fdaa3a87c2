"""The Phoenix layer: PETRARCH2's dictionaries converted, read lazily, below eventwire's own tables, by date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.errors import DataFileError
from eventwire.interop.phoenix import build
from eventwire.knowledge import phoenix
from eventwire.knowledge.phoenix import PhoenixTable
from eventwire.stages.actors.match import scan_named
from eventwire.stages.actors.phoenix import PhoenixLayer
from eventwire.stages.actors.tables import Named, RoleNoun, Tables, dictionary_actor

ROOT = Path(__file__).resolve().parent.parent
PHOENIX = next((p for p in (ROOT.parent / "shared" / "peer" / "phoenix", Path("/work/shared/peer/phoenix"))
                if p.is_dir()), None)

COUNTRIES = """\
UTOPIA_  [UTO]
+UTOPIAN_
+UTOPIA_CITY_
GEORGE_BUSH_  # two entries share a form
+PRESIDENT_BUSH
\t[USAELI 420101-710216]
\t[USAGOV 890120-930120]
\t[USAGOV 810120-890120]
\t[USAELI]
GEORGE_W._BUSH_
+PRESIDENT_BUSH_
+WALK
\t[USAELI 640101-010120]
\t[USAGOV 010120-090120]
\t[USAELI]
UTOPIAN_NATIONAL_ARMY  [UTOMIL]
+UN
MAY_15  [UTOREB]
VLADIMIR_PUTIN_
+RUSSIAN_PRESIDENT_VLADIMIR_PUTIN_
	[RUSGOV 000507-080507]
THE_WIDGET_COMPANY_ [MNCUTO]
"""
AGENTS = "POLICE_OFFICER_ [~COP]\nSMUGGLER_ [~CRM]\n"


def _tokenize(text: str) -> list[str]:
    return text.replace(".", ". ").split()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A small Phoenix folder converted the way the shipped one is."""
    src = tmp_path_factory.mktemp("phoenix-src")
    (src / "Phoenix.Countries.actors.txt").write_text(COUNTRIES, encoding="utf-8")
    (src / "Phoenix.International.actors.txt").write_text("UNITED_NATIONS_ [IGOUNO]\nUNITED_NATIONS_FORCE_ [IGOUNOMIL]\n",
                                                           encoding="utf-8")
    (src / "Phoenix.MilNonState.actors.txt").write_text("", encoding="utf-8")
    (src / "Phoenix.agents.txt").write_text(AGENTS, encoding="utf-8")
    (src / "LICENSE").write_text("MIT\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("phoenix-out")
    counts = build(src, out, _tokenize, frozenset({"walk"}))
    assert counts["country or place"] == 1 and counts["ordinary word"] == 3  # WALK, UN (2 letters), MAY 15
    return out


def _forms(table: PhoenixTable, word: str) -> dict[str, tuple[bool, str]]:
    return {" ".join(t): (stem, table.entry(n).name) for t, stem, n in table.forms(word)}


def test_conversion_drops_countries_ordinary_words_and_dates_and_keeps_the_rest(small):
    table = PhoenixTable(small)
    assert "utopia" not in table.by_word and "utopian" in table.by_word  # UTOPIAN NATIONAL ARMY is kept
    assert "walk" not in table.by_word and "un" not in table.by_word and "may" not in table.by_word
    # A multi-word name keeps its TABARI stem; "the" is dropped and the rest must be capitalised.
    assert _forms(table, "utopian") == {"Utopian National Army": (True, "Utopian National Army")}
    assert _forms(table, "widget") == {"Widget Company": (False, "The Widget Company")}
    assert (small / "LICENSE").read_text() == "MIT\n"


def test_a_form_two_entries_share_holds_all_their_dated_roles_shortest_first(small):
    table = PhoenixTable(small)
    forms = table.forms("president")
    assert [" ".join(t) for t, _, _ in forms] == ["President Bush"]
    entry = table.entry(forms[0][2])
    spans = [(r.start.year, r.end.year) for r in entry.roles]
    assert spans == [(1989, 1993), (1981, 1989), (2001, 2009), (1942, 1971), (1964, 2001)]
    named = Named("dictionary", entry.name, country=entry.country, sector=entry.sector, code=entry.code, entry=entry)
    assert dictionary_actor(named, dt.date(1990, 6, 1))[:2] == ("USA", "GOV")
    assert dictionary_actor(named, dt.date(2005, 6, 1))[:2] == ("USA", "GOV")
    assert dictionary_actor(named, dt.date(1975, 6, 1))[:2] == ("USA", "ELI")
    assert dictionary_actor(named, None)[:2] == ("USA", "GOV")  # no date: the latest role


VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case), no model


def _doc(words: list[str]) -> Doc:
    return Doc(VOCAB, words=words)


def _tables(small: Path, *project: tuple[str, Named]) -> Tables:
    tables = Tables()
    for text, named in project:
        tables.add(text, named, str.split)
    tables.finalize()
    tables.layer = PhoenixLayer(PhoenixTable(small))
    return tables


def test_phoenix_names_match_capitalised_and_only_where_a_text_holds_them(small):
    tables = _tables(small)
    assert not tables.multi  # nothing is indexed before a text asks
    hits = scan_named(_doc("Yesterday President Bush spoke".split()), tables)
    assert [(c.start, c.end, c.named.name) for c in hits] == [(1, 3, "President Bush")]
    assert scan_named(_doc("the president bush spoke".split()), tables) == []
    assert ("president", "bush") in tables.multi and ("utopian", "national") not in tables.multi


def test_a_project_table_overrides_phoenix_for_the_same_words(small):
    mine = Named("alias", "Utopian Army", country="UTO", sector="REB", code="UTOREB")
    tables = _tables(small, ("Utopian National Army", mine))
    hits = scan_named(_doc("The Utopian National Army advanced".split()), tables)
    assert [c.named for c in hits] == [mine]
    assert all(p.named is mine for p in tables.multi[("utopian", "national")])


def test_a_project_name_with_role_nouns_is_left_to_the_project(small):
    un = Named("alias", "United Nations", country="IGO", code="UN")
    tables = Tables()
    tables.add("United Nations", un, str.split)
    tables.add_role(RoleNoun(("force",), "MIL", False))
    tables.finalize()
    tables.layer = PhoenixLayer(PhoenixTable(small))
    assert {" ".join(t) for t, _, _ in PhoenixTable(small).forms("united")} == {"United Nations", "United Nations Force"}
    hits = scan_named(_doc("United Nations Force".split()), tables)
    assert [(c.start, c.end, c.named) for c in hits] == [(0, 2, un)]


def test_a_phrase_holding_a_person_eventwire_knows_is_left_to_the_project(small):
    putin = Named("dictionary", "Vladimir Putin", country="RUS")
    tables = _tables(small, ("Vladimir Putin", putin))
    hits = scan_named(_doc("Russian President Vladimir Putin spoke".split()), tables)
    # The stage reads "Russian President" as the title itself; Phoenix's whole phrase would swallow it.
    assert [(c.start, c.end, c.named) for c in hits] == [(2, 4, putin)]


def test_a_damaged_line_is_named_with_its_file_and_line(small, tmp_path):
    for name in ("actors.tsv", "forms.tsv", "agents.tsv"):
        (tmp_path / name).write_text((small / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "actors.tsv").write_text("Only two\tfields\n", encoding="utf-8")
    (tmp_path / "forms.tsv").write_text("Only Two\t0\nDangling\t7\n", encoding="utf-8")
    table = PhoenixTable(tmp_path)
    with pytest.raises(DataFileError, match=r"actors\.tsv:1: expected 4"):
        table.entry(0)
    with pytest.raises(DataFileError, match=r"forms\.tsv.*names no entry"):
        table.forms("dangling")
    (tmp_path / "agents.tsv").write_text("police\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"agents\.tsv:1:"):
        phoenix.phoenix_agents(tmp_path)


def test_the_shipped_layer_knows_both_presidents_bush_by_date():
    table = phoenix.phoenix_table()
    forms = {" ".join(t): n for t, _, n in table.forms("president")}
    entry = table.entry(forms["President Bush"])
    on = {year: next(r for r in entry.roles if r.covers(dt.date(year, 6, 1))) for year in (1990, 2005)}
    assert {year: (r.country, r.sector) for year, r in on.items()} == {1990: ("USA", "GOV"), 2005: ("USA", "GOV")}
    assert len(table.by_word) > 10_000 and "the" not in table.by_word


@pytest.mark.slow
@pytest.mark.parametrize("published, code", [("1990-06-01", "USAGOV"), ("2005-06-01", "USAGOV"), ("1975-06-01", "USAELI")])
def test_president_bush_by_the_article_date_through_the_pipeline(run_stages, published, code):
    coding = run_stages("President Bush met Chancellor Kohl in Washington on Tuesday.", "parse", "actors",
                        published=published)
    by_text = {coding.article.text[m.start_char:m.end_char]: m.actor for m in coding.mentions}
    assert by_text["President Bush"].code == code
    # Helmut Kohl was chancellor from 1982 to 1998: of his country, in government only then.
    assert by_text["Chancellor Kohl"].country == "DEU"
    assert (by_text["Chancellor Kohl"].sector == "GOV") == (published == "1990-06-01")


@pytest.mark.slow
@pytest.mark.skipif(PHOENIX is None, reason="the Phoenix dictionaries are not on this machine")
def test_the_generator_reproduces_the_shipped_files(tmp_path):
    build(PHOENIX, tmp_path)
    for name in ("actors.tsv", "forms.tsv", "agents.tsv", "LICENSE"):
        assert (tmp_path / name).read_bytes() == (phoenix.data_dir() / name).read_bytes(), name
