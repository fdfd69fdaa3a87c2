"""An event with no place of its own takes the place of a clause of the same time and place, on the
real model: a "when" clause of a verb joined to it, a verb phrase after "after" or "upon", a chain of
participles, a relative clause that tells the event again, and a town the parser hung loosely on the
verb; an "-ing" phrase of another deed keeps its place."""

from __future__ import annotations

import pytest

from tests.test_places import place_in
from tests.test_places import stage  # noqa: F401  (the fixture)

# text, trigger, event type, and the fields of the place the event must get (None: no place)
CASES = [
    pytest.param(  # a country the when clause names: too coarse for the sentence's place, the clause's own link
        "Two guards were killed and three others hurt when a mine exploded in Somalia on Friday.", "killed",
        "ASSAULT", {"country_code": "SOM"}, id="a-when-clause-of-a-verb-joined-to-the-event-gives-its-place"),
    pytest.param(
        "The editor was shot dead after leaving his Peshawar office.", "shot", "ASSAULT",
        {"resolved_place": "Peshawar", "country_code": "PAK"}, id="what-the-victim-did-just-before-tells-where"),
    pytest.param(
        "The banker was arrested in Lisbon after fleeing Madrid.", "arrested", "COERCE",
        {"resolved_place": "Lisbon"}, id="the-event-s-own-place-beats-the-place-of-what-came-before"),
    pytest.param(
        "The rebels executed nine prisoners after seizing Kolowa village in northern Chad.", "executed", "ASSAULT",
        {"extracted_place": "Kolowa"}, id="the-finer-place-of-the-clause-before-wins-over-its-country"),
    pytest.param(
        "Riot police patrolled Harare Saturday.", "patrolled", "MOBILIZE",
        {"country_code": "ZWE"}, id="a-town-the-parser-made-a-qualifier-of-the-day-is-the-object-it-is"),
    pytest.param(  # the model makes "crowding" the "-ing" phrase of "on", not a modifier of "Kurds"
        "Police opened fire on Kurds crowding around a bus in Diyarbakir, officials in Ankara said.", "opened",
        "ASSAULT", {"extracted_place": "Diyarbakir", "country_code": "TUR"},
        id="an-ing-phrase-that-sets-the-scene-lends-its-place"),
    pytest.param(
        "A man was arrested for robbing a jewellery shop in Lyon.", "arrested", "COERCE", None,
        id="an-ing-phrase-of-another-deed-keeps-its-place"),
    pytest.param(
        "Gunmen killed nine people in Kaduna on Sunday, torching houses and forcing villagers to flee.", "forcing",
        "COERCE", {"country_code": "NGA"}, id="a-participle-joined-to-a-participle-takes-the-place-above-both"),
    pytest.param(
        "Crowds of pensioners marched through the middle of the Serbian capital Belgrade Monday.", "marched",
        "PROTEST", {"country_code": "SRB"}, id="a-town-the-parser-made-a-qualifier-of-the-day-places-any-event"),
    pytest.param(  # the model reads "in the capital Baku Saturday" as "in the capital", "Baku", "Saturday"
        "About 3,000 pensioners demonstrated in the capital Baku Saturday, demanding higher pensions.",
        "demonstrated", "PROTEST", {"country_code": "AZE"},
        id="a-town-the-parser-hung-on-the-verb-as-an-adverbial-noun-places-the-event"),
]


@pytest.mark.parametrize(("text", "trigger", "event", "expected"), CASES)
def test_the_event_takes_the_place_of_its_clause_of_the_same_time_and_place(nlp, stage, text, trigger, event,
                                                                             expected):
    place = place_in(nlp, stage, text, trigger, event)
    if expected is None:
        assert place is None
    else:
        assert place is not None
        assert {field: getattr(place, field) for field in expected} == expected


def test_an_event_noun_told_again_by_its_relative_clause_lends_that_clause_s_place(run_stages):
    # the whole pipeline: the relative clause's "targeted" is an event of its own
    text = "Nine civilians were killed in air strikes that targeted the town of Saraqeb."
    coding = run_stages(text, "parse", "actors", "events", "places", published="2016-02-01")
    killed = [e for e in coding.events if e.event_text == "killed"]
    assert len(killed) == 1 and killed[0].place is not None and killed[0].place.country_code == "SYR"
