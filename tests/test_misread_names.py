"""Names no table knows, on the real model. A surname the small model calls a place: the subject of a
passive done to people ("X was shot") is the victim, not the place, unless the gazetteer knows the
name or the verb is one done to ground ("X was shelled"). A name an act on the actor's own society
is aimed at ("an investigation into X") is its recipient, not the actor's country."""

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
    from eventwire.knowledge.places import load_places

    places = load_places()
    doc = run_stages(TEXT.replace("shot", "shelled"), "parse").doc
    assert doc[0].dep_ == "nsubjpass" and doc[2].lemma_ == "shell"
    assert not places.misread_surname(doc[0])
    assert places.misread_surname(run_stages(TEXT, "parse").doc[0])


def test_a_name_an_investigation_is_into_is_its_recipient_not_the_actor_s_country(run_stages):
    text = "Prosecutors in Izmir opened an investigation into Ozturk on Monday."
    coding = run_stages(text, "parse", "actors", "events", published="2015-06-02")
    inquiry = [e for e in coding.events if e.event == "ACCUSE"]
    assert len(inquiry) == 1 and inquiry[0].recipient is not None
    assert inquiry[0].recipient.entity_text == "Ozturk" and inquiry[0].recipient_span is not None
