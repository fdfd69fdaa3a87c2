"""A surname the small model calls a place, on the real model: the subject of a passive done to
people ("X was shot") is the victim, not the place, unless the gazetteer knows the name or the verb
is one done to ground ("X was shelled")."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

TEXT = "Nouri was shot outside a cafe in Kabul on Tuesday."


def test_the_model_still_calls_the_surname_a_place(nlp):
    assert nlp(TEXT)[0].ent_type_ == "GPE"  # the premise of the tests below


def test_the_surname_is_the_victim_and_the_town_is_the_place(run_stages):
    coding = run_stages(TEXT, "parse", "actors", "events", "places", published="2015-06-02")
    shot = [e for e in coding.events if e.event == "ASSAULT"]
    assert len(shot) == 1
    assert shot[0].recipient is not None and shot[0].recipient.entity_text == "Nouri"
    assert shot[0].place is not None and shot[0].place.country_code == "AFG"


def test_a_verb_done_to_ground_keeps_its_subject_a_place(run_stages):
    from eventwire.stages.events.people import People

    doc = run_stages(TEXT.replace("shot", "shelled"), "parse").doc
    people = People(frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), frozenset({"shell"}))
    assert doc[0].dep_ == "nsubjpass" and doc[2].lemma_ == "shell"
    assert not people.misread_victim(doc[0], doc[2])
    assert people.misread_victim(doc[0], run_stages(TEXT, "parse").doc[2])
