"""The dateline that opens a story: found once by the parse stage, never coded as an actor."""

from __future__ import annotations

import pytest

from eventwire.stages.dateline import find_dateline

CASES = [
    ("KABUL (Pajhwok) : Officials opened a new school on Monday.", "KABUL (Pajhwok) :"),
    ("KABUL (Pajhwok): Officials opened a new school on Monday.", "KABUL (Pajhwok):"),
    ("JERUSALEM (AP) -- The cabinet met on Sunday.", "JERUSALEM (AP) --"),
    ("THE HAGUE, Netherlands -- Judges heard the case.", "THE HAGUE, Netherlands --"),
    ("Tehran, March 15, IRNA - The speaker praised the deal.", "Tehran, March 15, IRNA -"),
    ("LIMA, Peru — Miners blocked a road.", "LIMA, Peru —"),
    ("Cebu City--Police arrested three men.", "Cebu City--"),
    ("NAIROBI, Kenya (Reuters) - Teachers went on strike.", "NAIROBI, Kenya (Reuters) -"),
    ("Iran rejected the offer on Tuesday.", None),
    ("EU-Turkey talks resumed in Ankara.", None),
    ("Pro-Russian rebels shelled the town.", None),
    ("Lula - a former union leader - won the vote.", None),
    ("Police said: the road is closed.", None),
]


@pytest.mark.parametrize("text, dateline", CASES, ids=[c[0][:24] for c in CASES])
def test_dateline_is_found_at_the_start_only_in_dateline_form(text, dateline):
    found = find_dateline(text)
    assert (text[found[0]:found[1]] if found else None) == dateline


@pytest.mark.slow
def test_dateline_is_a_span_group_and_no_actor(run_stages):
    coding = run_stages("JERUSALEM (AP) -- Israel's army said it shot two men near Hebron.", "parse", "actors")
    assert [s.text for s in coding.doc.spans["dateline"]] == ["JERUSALEM (AP) --"]
    texts = [m.text for m in coding.mentions]
    assert "JERUSALEM" not in texts and "AP" not in texts
    assert any(m.actor.country == "ISR" for m in coding.mentions)


@pytest.mark.slow
def test_story_without_dateline_has_an_empty_group(run_stages):
    coding = run_stages("Kenya deployed police officers to Haiti.", "parse", "actors")
    assert list(coding.doc.spans["dateline"]) == []
    assert [m.actor.country for m in coding.mentions][:1] == ["KEN"]
