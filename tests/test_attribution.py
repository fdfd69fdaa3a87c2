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
        ("India will impose sanctions on Pakistan.", "COERCE", "future", "will"),
        ("China will send aid to Nepal.", "AGREE", "asserted", None),
        ("Turkey plans to attack Syria.", "ASSAULT", "future", "plans"),
        ("If Russia attacks Finland, the alliance will respond.", "ASSAULT", "hypothetical", "If"),
        ("Germany would impose sanctions on Russia.", "COERCE", "hypothetical", "would"),
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
        ("France announced sanctions on Iran.", "COERCE"),
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


# --- hand-built parses (no model) ----------------------------------------------

BELIEVED = """
0  Iran     Iran     PROPN NNP  nsubjpass 2  B-GPE
1  is       be       AUX   VBZ  auxpass   2
2  believed believe  VERB  VBN  ROOT      2
3  to       to       PART  TO   aux       5
4  have     have     AUX   VB   aux       5
5  attacked attack   VERB  VBN  xcomp     2
6  Iraq     Iraq     PROPN NNP  dobj      5  B-GPE
7  .        .        PUNCT .    punct     2
"""
ANNOUNCED = """
0  France    France    PROPN NNP  nsubj     1  B-GPE
1  announced announce  VERB  VBD  ROOT      1
2  sanctions sanction  NOUN  NNS  dobj      1
3  on        on        ADP   IN   prep      2
4  Iran      Iran      PROPN NNP  pobj      3  B-GPE
5  .         .         PUNCT .    punct     1
"""
CONDEMNED = """
0  Germany   Germany   PROPN NNP  nsubj     1  B-GPE
1  condemned condemn   VERB  VBD  ROOT      1
2  Russia    Russia    PROPN NNP  dobj      1  B-GPE
3  .         .         PUNCT .    punct     1
"""
CONDEMNED_ACCORDING_TO = """
0  Germany   Germany   PROPN NNP  nsubj     1  B-GPE
1  condemned condemn   VERB  VBD  ROOT      1
2  Russia    Russia    PROPN NNP  dobj      1  B-GPE
3  ,         ,         PUNCT ,    punct     1
4  according accord    VERB  VBG  prep      1
5  to        to        ADP   IN   prep      4
6  Syria     Syria     PROPN NNP  pobj      5  B-GPE
7  .         .         PUNCT .    punct     1
"""
WILL_SEND = """
0  China China PROPN NNP  nsubj     2  B-GPE
1  will  will  AUX   MD   aux       2
2  send  send  VERB  VB   ROOT      2
3  aid   aid   NOUN  NN   dobj      2
4  .     .     PUNCT .    punct     2
"""
DENIED = """
0  Russia  Russia  PROPN NNP  nsubj     1  B-GPE
1  denied  deny    VERB  VBD  ROOT      1
2  that    that    SCONJ IN   mark      4
3  troops  troop   NOUN  NNS  nsubj     4
4  crossed cross   VERB  VBD  ccomp     1
5  .       .       PUNCT .    punct     1
"""


@pytest.fixture(scope="module")
def attribute(settings):
    """The attribution of a hand-made event at ``trigger`` over a hand-built parse, with
    country mentions at ``countries`` ({token: ISO3}) and the event's actor at token ``actor``."""
    from eventwire.records import Article, Coding, Event
    from eventwire.stages.attribution import AttributionStage
    from tests.parses import mention, parse

    stage = AttributionStage(settings)

    def run(table, trigger, etype, countries, actor=None):
        doc = parse(table)
        mentions = tuple(mention(doc, i, country=c) for i, c in sorted(countries.items()))
        coding = Coding(article=Article(id="t", text=doc.text), doc=doc, mentions=mentions)
        doer = next((m for m in mentions if m.start == actor), None)
        event = Event(article_id="t", event=etype, mode=None, actor=doer.actor if doer else None, recipient=None,
                      sentence=0, sentence_start=0, sentence_end=len(doc.text), trigger=trigger,
                      trigger_start=doc[trigger].idx, trigger_end=doc[trigger].idx + len(doc[trigger]),
                      event_text=doc[trigger].text, text=doc.text,
                      actor_span=(doer.start_char, doer.end_char) if doer else None)
        return stage.attribute(coding, event)

    return run


@pytest.mark.parametrize(
    "table, trigger, etype, countries, actor, want",
    [
        # a passive verb of belief on the way up hedges what it governs
        (BELIEVED, 5, "ASSAULT", {0: "IRN", 6: "IRQ"}, 0, ("hedged", "believed", None, None)),
        # a performative verb asserts what it announces, with its subject as speaker
        (ANNOUNCED, 2, "SANCTION", {0: "FRA", 4: "IRN"}, 0, ("asserted", "announced", "France", "FRA")),
        # a statement with no frame is asserted by whoever made it
        (CONDEMNED, 1, "ACCUSE", {0: "DEU", 2: "RUS"}, 0, ("asserted", None, "Germany", "DEU")),
        # a statement known only from a source is claimed by the source
        (CONDEMNED_ACCORDING_TO, 1, "ACCUSE", {0: "DEU", 2: "RUS", 6: "SYR"}, 0,
         ("claimed", "according to", "Syria", "SYR")),
        # "will" makes an act future, but a promise is made now
        (WILL_SEND, 2, "AID", {0: "CHN"}, 0, ("future", "will", None, None)),
        (WILL_SEND, 2, "AGREE", {0: "CHN"}, 0, ("asserted", None, "China", "CHN")),
        # what a denial denies is negated by the denier
        (DENIED, 4, "MOBILIZE", {0: "RUS"}, None, ("negated", "denied", "Russia", "RUS")),
    ],
)
def test_status_cue_and_speaker_on_a_hand_built_parse(attribute, table, trigger, etype, countries, actor, want):
    att = attribute(table, trigger, etype, countries, actor)
    assert (att.status, att.cue, att.speaker, att.reported_by.country if att.reported_by else None) == want
