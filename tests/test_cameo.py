"""CAMEO tables and the PLOVER crosswalk."""

from __future__ import annotations

from eventwire.knowledge import cameo
from eventwire.records import PLOVER_TYPES


def test_cameo_name_goldstein_and_quad_class():
    assert cameo.cameo_name("173") == "Arrest, detain, or charge with legal action"
    assert cameo.goldstein("173") == -5.0
    assert cameo.quad_class("173") == 4
    assert cameo.quad_class("040") == 1
    assert cameo.quad_class("072") == 2
    assert cameo.quad_class("112") == 3


def test_unknown_code_gives_none_not_a_made_up_value():
    assert cameo.goldstein("999") is None
    assert cameo.quad_class(None) is None
    assert cameo.cameo_name("xyz") is None


def test_default_cameo_for_type_and_mode():
    assert cameo.default_cameo("COERCE", "arrest") == "173"
    assert cameo.default_cameo("CONSULT", "visit") == "042"
    assert cameo.default_cameo("AID") == "070"
    assert cameo.default_cameo("ASSAULT", "no-such-mode") == "180"


def test_every_plover_type_has_modes_table_and_a_default_code():
    types = cameo.plover_types()
    assert set(types) == set(PLOVER_TYPES)
    assert types["SANCTION"].requires_recipient and types["AID"].requires_recipient
    assert not types["ASSAULT"].requires_recipient
    assert all(cameo.default_cameo(t) for t in PLOVER_TYPES)


def test_all_312_cameo_codes_are_loaded():
    assert len(cameo.cameo_table()) == 312


def test_recode_brings_the_new_codes_goldstein_and_quad_class():
    from eventwire.records import Event

    event = Event(article_id="a", event="PROTEST", mode="demo", actor=None, recipient=None, sentence=0,
                  sentence_start=0, sentence_end=10, trigger=1, trigger_start=2, trigger_end=9,
                  event_text="protested", text="They protested.", **cameo.cameo_fields("141"))
    assert (event.cameo, event.goldstein, event.quad_code) == ("141", -6.5, 4)
    accused = cameo.recode(event, "114", event="ACCUSE", mode="disapprove")
    assert (accused.event, accused.mode, accused.cameo, accused.goldstein, accused.quad_code) == \
        ("ACCUSE", "disapprove", "114", -2.0, 3)
    assert accused.text == event.text and accused.trigger == event.trigger


def test_recode_to_an_unknown_code_gives_no_score():
    assert cameo.cameo_fields("999") == {"cameo": "999", "goldstein": None, "quad_code": None}
