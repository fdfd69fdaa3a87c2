"""The places stage on hand-built parses: what an article's dateline lends its events, and names the
text describes as people, whatever the model tagged them."""

from __future__ import annotations

import pytest

from eventwire.records import Article, Coding, Event
from tests.parses import parse
from tests.test_places import _placed, place_matches, place_of


@pytest.fixture(scope="module")
def stage(settings):
    from eventwire.stages.places import PlaceStage

    return PlaceStage(settings)


# --- the dateline's place --------------------------------------------------------------

# "BAGHDAD - Police arrested two men", the opening of the articles below
ARRESTED = """
    0  BAGHDAD  BAGHDAD  PROPN NNP ROOT      0 B-GPE
    1  -        -        PUNCT :   punct     0
    2  Police   police   NOUN  NNS nsubj     3
    3  arrested arrest   VERB  VBD ROOT      3
    4  two      two      NUM   CD  nummod    5
    5  men      man      NOUN  NNS dobj      3
"""
FILED_IN_BAGHDAD = ARRESTED + """
    6  .        .        PUNCT .   punct     3
    7  They     they     PRON  PRP nsubjpass 9
    8  were     be       AUX   VBD auxpass   9
    9  held     hold     VERB  VBN ROOT      9
    10 in       in       ADP   IN  prep      9
    11 {where}  {where}  PROPN NNP pobj      10 {ent}
    12 .        .        PUNCT .   punct     9
"""


def _filed(stage, table: str, triggers: tuple[int, ...], dateline_end: int | None = 2):
    """The places the stage gives events at ``triggers`` of a hand-built article whose dateline
    is its first ``dateline_end`` tokens."""
    doc = parse(table)
    doc.spans["dateline"] = [doc[0:dateline_end]] if dateline_end else []
    events = tuple(Event(
        article_id="t", event="ARREST", mode=None, actor=None, recipient=None, sentence=0,
        sentence_start=doc[i].sent.start_char, sentence_end=doc[i].sent.end_char, trigger=i,
        trigger_start=doc[i].idx, trigger_end=doc[i].idx + len(doc[i]), event_text=doc[i].text, text=doc[i].sent.text,
    ) for i in triggers)
    coding = Coding(article=Article(id="t", text=doc.text), doc=doc, events=events)
    return [e.place for e in stage.pipe([coding])[0].events]


def test_an_event_whose_sentence_names_no_place_takes_the_dateline_s_coarser(stage):
    arrested, held = _filed(stage, FILED_IN_BAGHDAD.format(where="Basra", ent="B-GPE"), (3, 9))
    assert (held.resolved_place, held.resolution) == ("Basrah", 4)  # its sentence's own place
    assert (arrested.extracted_place, arrested.resolved_place, arrested.country_code) == ("BAGHDAD", "Baghdad", "IRQ")
    assert arrested.resolution == 3 and arrested.parent is not None


MEN_FROM_KARBALA = ARRESTED + """
    6  from     from     ADP   IN  prep      5
    7  Karbala  Karbala  PROPN NNP pobj      6 B-GPE
    8  .        .        PUNCT .   punct     3
    9  They     they     PRON  PRP nsubjpass 11
    10 were     be       AUX   VBD auxpass   11
    11 held     hold     VERB  VBN ROOT      11
    12 .        .        PUNCT .   punct     11
"""


def test_an_event_whose_sentence_names_a_place_takes_nothing_from_the_dateline(stage):
    # "men from Karbala": a place the event is not linked to, which may still be where it happened
    arrested, held = _filed(stage, MEN_FROM_KARBALA, (3, 11))
    assert arrested is None
    assert (held.resolved_place, held.resolution) == ("Baghdad", 3)


def test_no_dateline_or_a_dateline_over_one_sentence_lends_nothing(stage):
    table = FILED_IN_BAGHDAD.format(where="Sunday", ent="B-DATE")
    assert _filed(stage, table, (3, 9), dateline_end=None) == [None, None]
    one_sentence = "\n".join(table.strip().splitlines()[:7])
    assert _filed(stage, one_sentence, (3,)) == [None]


SHOT_NAMED = """
    0 Gunmen   gunman   NOUN  NNS nsubj 1
    1 shot     shoot    VERB  VBD ROOT  1
    2 Tarinkot Tarinkot PROPN NNP dobj  1 B-GPE
    {rest}
"""


def test_a_name_with_an_age_is_a_person_not_a_place(stage):
    # the small model tags many victims' names as places: an age after the name says it is a person
    aged = SHOT_NAMED.format(rest="""3 ,  ,  PUNCT , punct 2
    4 46 46 NUM   CD nummod 2
    5 ,  ,  PUNCT , punct 2
    6 .  .  PUNCT . punct 1""")
    assert _placed(stage, aged, trigger=1, event_type="ASSAULT") is None
    plain = SHOT_NAMED.format(rest="3 .  .  PUNCT . punct 1")
    assert _placed(stage, plain, trigger=1, event_type="ASSAULT").resolved_place == "Tarinkot"
    # a number that belongs to the name is no age ("Route 66", "Camp 5")
    numbered = SHOT_NAMED.format(rest="""3 46 46 NUM   CD nummod 2
    4 .  .  PUNCT . punct 1""")
    assert _placed(stage, numbered, trigger=1, event_type="ASSAULT") is not None


def test_a_name_with_a_who_clause_is_a_person_not_a_place(stage):
    described = SHOT_NAMED.format(rest="""3 ,      ,      PUNCT , punct 2
    4 who    who    PRON  WP nsubj 5
    5 worked work   VERB  VBD relcl 2
    6 there  there  ADV   RB advmod 5
    7 .      .      PUNCT . punct 1""")
    assert _placed(stage, described, trigger=1, event_type="ASSAULT") is None


CLASHED_WHEN_KILLED = """
    0  Protesters protester NOUN  NNS nsubj     1
    1  clashed    clash     VERB  VBD ROOT      1
    2  with       with      ADP   IN  prep      1
    3  police     police    NOUN  NNS pobj      2
    4  in         in        ADP   IN  prep      1
    5  Gonaives   Gonaives  PROPN NNP pobj      4 B-GPE
    6  {mark}     {mark}    ADV   WRB advmod    10
    7  a          a         DET   DT  det       8
    8  bystander  bystander NOUN  NN  nsubjpass 10
    9  was        be        AUX   VBD auxpass   10
    10 killed     kill      VERB  VBN advcl     1
    11 .          .         PUNCT .   punct     1
"""


def test_an_event_in_a_clause_of_the_same_time_takes_its_host_s_place(stage):
    # "clashed with police in Gonaives when a bystander was killed": the killing happened there too
    clashed, killed = _filed(stage, CLASHED_WHEN_KILLED.format(mark="when"), (1, 10), dateline_end=None)
    assert clashed.resolved_place == killed.resolved_place == "Gonaïves"
    # a clause of cause or time before ("because", "after") says nothing of where
    clashed, killed = _filed(stage, CLASHED_WHEN_KILLED.format(mark="after"), (1, 10), dateline_end=None)
    assert clashed.resolved_place == "Gonaïves" and killed is None


@pytest.mark.parametrize("text, trigger, place", [
    # of two places as fine, the one a settlement noun is "of"
    ("INS agents captured him in the New York borough of Queens.", "captured", "Queens"),
    # the noun in the plural, over coordinated names the gazetteer lacks
    ("Militia killed 18 civilians in the East Darfur cities of Muhajeriya and Labado.", "killed", "Muhajeriya"),
    # "South Sudan's" is South Sudan, a country, coarser than the county named before it
    ("Gunmen ambushed a convoy in Raja county in South Sudan's Western Bahr al Ghazal state.", "ambushed", "Raja"),
])
def test_the_place_a_settlement_noun_names_wins(nlp, stage, text, trigger, place):
    _assert_assault_place(nlp, stage, text, trigger, place)


def _assert_assault_place(nlp, stage, text: str, trigger: str, place: str):
    """The place the stage gives an ASSAULT on ``trigger`` in ``text``, asserted to be ``place``."""
    got = place_of(nlp, stage, {"text": text, "trigger": trigger, "event": "ASSAULT"})
    assert place_matches(got, place), got
    return got


@pytest.mark.slow
@pytest.mark.parametrize("text, trigger, place", [
    # a participle after a clause happened where that clause did
    ("A massive air raid struck the Idlib governorate on Sunday, killing 50 people.", "killing", "Idlib"),
    # a clause of the same time ("as", "when", "while") lends its own place, here its object's
    ("The cleric was shot dead as he entered a Kirkuk mosque.", "shot", "Kirkuk"),
])
def test_an_event_with_no_place_of_its_own_takes_that_of_its_clause_of_the_same_time(nlp, stage, text, trigger, place):
    _assert_assault_place(nlp, stage, text, trigger, place)


@pytest.mark.slow
@pytest.mark.parametrize("text, trigger, place", [
    ("Rebels captured the Kulbar village on Monday.", "captured", "Kulbar"),
    ("Troops shelled the Jabal Zawiya region overnight.", "shelled", "Jabal Zawiya"),
])
def test_a_name_the_gazetteer_lacks_is_a_place_when_it_names_a_settlement_or_area(nlp, stage, text, trigger, place):
    got = _assert_assault_place(nlp, stage, text, trigger, place)
    assert got.resolved_place is None, got


@pytest.mark.slow
def test_a_group_the_actors_stage_reads_is_no_town_of_another_country_that_shares_its_name(run_stages):
    coding = run_stages("Hamas militants shot and wounded an Israeli civilian near the border.",
                        "parse", "actors", "events", "places")
    assert coding.events and all(e.place is None for e in coding.events), [e.place for e in coding.events]
    # the same name where nothing reads it as an actor is still the town
    coding = run_stages("Police arrested two men in Hamm on Monday.", "parse", "actors", "events", "places")
    assert [e.place.resolved_place for e in coding.events] == ["Hamm"]
