"""An event with no place of its own takes the place of a clause of the same time and place, on the
real model: a "when" clause of a verb joined to it, a verb phrase after "after" or "upon", and a
town the parser made a qualifier of the day after it."""

from __future__ import annotations

import pytest

from tests.test_places import place_of


@pytest.fixture(scope="module")
def stage(settings):
    from eventwire.stages.places import PlaceStage

    return PlaceStage(settings)


def _place(nlp, stage, text: str, trigger: str, event: str = "ASSAULT"):
    return place_of(nlp, stage, {"text": text, "trigger": trigger, "event": event})


def test_a_when_clause_of_a_verb_joined_to_the_event_gives_its_place(nlp, stage):
    # a country the when clause names: too coarse for the sentence's place, the clause's own link
    text = "Two guards were killed and three others hurt when a mine exploded in Somalia on Friday."
    place = _place(nlp, stage, text, "killed")
    assert place is not None and place.country_code == "SOM"


def test_what_the_victim_did_just_before_tells_where_it_happened(nlp, stage):
    place = _place(nlp, stage, "The editor was shot dead after leaving his Peshawar office.", "shot")
    assert place is not None and place.resolved_place == "Peshawar" and place.country_code == "PAK"


def test_the_event_s_own_place_beats_the_place_of_what_came_before(nlp, stage):
    place = _place(nlp, stage, "The banker was arrested in Lisbon after fleeing Madrid.", "arrested", "COERCE")
    assert place is not None and place.resolved_place == "Lisbon"


def test_the_finer_place_of_the_clause_before_wins_over_its_country(nlp, stage):
    text = "The rebels executed nine prisoners after seizing Kolowa village in northern Chad."
    place = _place(nlp, stage, text, "executed")
    assert place is not None and place.extracted_place == "Kolowa"


def test_a_town_the_parser_made_a_qualifier_of_the_day_is_the_object_it_is(nlp, stage):
    place = _place(nlp, stage, "Riot police patrolled Harare Saturday.", "patrolled", "MOBILIZE")
    assert place is not None and place.country_code == "ZWE"


def test_an_ing_phrase_that_sets_the_scene_lends_its_place(nlp, stage):
    # the model makes "crowding" the "-ing" phrase of "on", not a modifier of "Kurds"
    text = "Police opened fire on Kurds crowding around a bus in Diyarbakir, officials in Ankara said."
    place = _place(nlp, stage, text, "opened")
    assert place is not None and place.extracted_place == "Diyarbakir" and place.country_code == "TUR"


def test_an_ing_phrase_of_another_deed_keeps_its_place(nlp, stage):
    place = _place(nlp, stage, "A man was arrested for robbing a jewellery shop in Lyon.", "arrested", "COERCE")
    assert place is None


def test_a_participle_joined_to_a_participle_takes_the_place_of_the_clause_above_both(nlp, stage):
    text = "Gunmen killed nine people in Kaduna on Sunday, torching houses and forcing villagers to flee."
    place = _place(nlp, stage, text, "forcing", "COERCE")
    assert place is not None and place.country_code == "NGA"


def test_an_event_noun_told_again_by_its_relative_clause_lends_that_clause_s_place(run_stages):
    # the whole pipeline: the relative clause's "targeted" is an event of its own
    text = "Nine civilians were killed in air strikes that targeted the town of Saraqeb."
    coding = run_stages(text, "parse", "actors", "events", "places", published="2016-02-01")
    killed = [e for e in coding.events if e.event_text == "killed"]
    assert len(killed) == 1 and killed[0].place is not None and killed[0].place.country_code == "SYR"


def test_a_town_the_parser_made_a_qualifier_of_the_day_places_any_event(nlp, stage):
    text = "Crowds of pensioners marched through the middle of the Serbian capital Belgrade Monday."
    place = _place(nlp, stage, text, "marched", "PROTEST")
    assert place is not None and place.country_code == "SRB"


def test_a_town_the_parser_hung_on_the_verb_as_an_adverbial_noun_places_the_event(nlp, stage):
    # the model reads "in the capital Baku Saturday" as "in the capital", "Baku", "Saturday"
    text = "About 3,000 pensioners demonstrated in the capital Baku Saturday, demanding higher pensions."
    place = _place(nlp, stage, text, "demonstrated", "PROTEST")
    assert place is not None and place.country_code == "AZE"
