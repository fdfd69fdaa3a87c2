"""Attribution stage: status, speaker, cue and who reports an event."""

from __future__ import annotations

import pytest

STAGES = ("parse", "actors", "events", "attribution")


def only(events, etype):
    found = [e for e in events if e.event == etype]
    assert found, f"no {etype} event among {[(e.event, e.event_text) for e in events]}"
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, etype, status, cue",
    [
        ("Russia did not attack Ukraine.", "ASSAULT", "negated", "not"),
        ("Egypt never held talks with Israel.", "CONSULT", "negated", "never"),
        ("India will impose sanctions on Pakistan.", "SANCTION", "future", "will"),
        ("China will send aid to Nepal.", "AGREE", "asserted", None),
        ("Turkey plans to attack Syria.", "ASSAULT", "future", "plans"),
        ("If Russia attacks Finland, the alliance will respond.", "ASSAULT", "hypothetical", "If"),
        ("Germany would impose sanctions on Russia.", "SANCTION", "hypothetical", "would"),
        ("Syria might attack Turkey.", "ASSAULT", "hedged", "might"),
        ("Iran allegedly arrested French citizens.", "COERCE", "hedged", "allegedly"),
        ("India attacked Pakistan on Friday.", "ASSAULT", "asserted", None),
    ],
)
def test_status_and_cue(run_stages, text, etype, status, cue):
    event = only(run_stages(text, *STAGES).events, etype)
    assert (event.attribution.status, event.attribution.cue) == (status, cue)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, speaker, reporter",
    [
        ("Ukraine claimed that Russia attacked Poland.", "Ukraine", "UKR"),
        ("Israel alleged that Iran supplied Syria with missiles.", "Israel", "ISR"),
    ],
)
def test_claim_verb_makes_the_complement_claimed(run_stages, text, speaker, reporter):
    events = run_stages(text, *STAGES).events
    inner = [e for e in events if e.event in ("ASSAULT", "AID")][0]
    assert inner.attribution.status == "claimed"
    assert inner.attribution.speaker == speaker
    assert inner.attribution.reported_by.country == reporter


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Foreign minister Annalena Baerbock said that Germany condemned Russia.", "Annalena Baerbock"),
        ('"We condemn Russia," said Emmanuel Macron of France.', "Emmanuel Macron"),
    ],
)
def test_statement_reported_by_said_is_asserted_with_speaker(run_stages, text, speaker):
    event = only(run_stages(text, *STAGES).events, "ACCUSE")
    assert event.attribution.status == "asserted"
    assert event.attribution.speaker == speaker
    assert event.attribution.cue == "said"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, source",
    [
        ("According to Pakistan, India attacked Pakistan's border posts.", "PAK"),
        ("India attacked Pakistan's border posts, according to Pakistan.", "PAK"),
    ],
)
def test_according_to_gives_cue_and_reporter(run_stages, text, source):
    event = only(run_stages(text, *STAGES).events, "ASSAULT")
    assert event.attribution.cue == "according to"
    assert event.attribution.reported_by.country == source
    assert event.attribution.status == "claimed"


@pytest.mark.slow
def test_concern_is_a_statement_and_its_complement_is_hedged(run_stages):
    events = run_stages("Germany is concerned that China may be arming Russia.", *STAGES).events
    accuse = only(events, "ACCUSE")
    aid = only(events, "AID")
    assert accuse.attribution.status == "asserted"
    assert accuse.attribution.reported_by.country == "DEU"
    assert aid.attribution.status == "hedged"
    assert aid.attribution.reported_by.country == "DEU"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, etype",
    [
        ("France announced sanctions on Iran.", "SANCTION"),
        ("Mali announced the withdrawal of its troops from Niger.", "CONCEDE"),  # PLOVER: a declared withdrawal concedes
    ],
)
def test_performative_verb_asserts_what_it_announces(run_stages, text, etype):
    event = only(run_stages(text, *STAGES).events, etype)
    assert event.attribution.status == "asserted"
    assert event.attribution.cue == "announced"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Iran condemned Israel, according to Syria.",
        "According to Turkey, Greece condemned Cyprus.",
    ],
)
def test_statement_known_only_from_a_source_is_claimed(run_stages, text):
    event = only(run_stages(text, *STAGES).events, "ACCUSE")
    assert event.attribution.status == "claimed"
    assert event.attribution.cue == "according to"
