"""The places stage: the sentence's place for an event the parse links to none, on hand-built parses."""

from __future__ import annotations

import pytest

from eventwire.records import Article, Coding, Event
from tests.parses import parse


@pytest.fixture(scope="module")
def stage(settings):
    from eventwire.stages.places import PlaceStage

    return PlaceStage(settings)


def _places(stage, table: str, triggers: tuple[int, ...], event_type: str = "ASSAULT"):
    """The places the stage gives events at the token indices ``triggers`` of one hand-built parse."""
    doc = parse(table)
    events = []
    for i in triggers:
        tok = doc[i]
        sent = tok.sent
        events.append(Event(
            article_id="t", event=event_type, mode=None, actor=None, recipient=None,
            sentence=0, sentence_start=sent.start_char, sentence_end=sent.end_char, trigger=tok.i,
            trigger_start=tok.idx, trigger_end=tok.idx + len(tok), event_text=tok.text, text=sent.text,
        ))
    coding = Coding(article=Article(id="t", text=doc.text), doc=doc, events=tuple(events))
    return [e.place for e in stage.pipe([coding])[0].events]


SHOT_AND_KILLED = """
    0 A       a       DET   DT  det       1
    1 man     man     NOUN  NN  nsubjpass 3
    2 was     be      AUX   VBD auxpass   3
    3 shot    shoot   VERB  VBN ROOT      3
    4 and     and     CCONJ CC  cc        3
    5 killed  kill    VERB  VBN conj      3
    6 in      in      ADP   IN  prep      5
    7 Tripoli Tripoli PROPN NNP pobj      6 B-GPE
    8 .       .       PUNCT .   punct     3
"""


def test_verbs_joined_by_and_share_their_place(stage):
    shot, killed = _places(stage, SHOT_AND_KILLED, triggers=(3, 5))
    assert (shot.resolved_place, killed.resolved_place) == ("Tripoli", "Tripoli")


FRONTED = """
    0  In         in        ADP   IN  prep   3
    1  Tripoli    Tripoli   PROPN NNP pobj   0 B-GPE
    2  ,          ,         PUNCT ,   punct  3
    3  police     police    NOUN  NNS nsubj  4
    4  said       say       VERB  VBD ROOT   4
    5  gunmen     gunman    NOUN  NNS nsubj  6
    6  attacked   attack    VERB  VBD ccomp  4
    7  a          a         DET   DT  det    8
    8  checkpoint checkpoint NOUN NN  dobj   6
    9  .          .         PUNCT .   punct  4
"""


def test_a_fronted_place_covers_the_clause_below_it(stage):
    assert _places(stage, FRONTED, triggers=(6,))[0].resolved_place == "Tripoli"


def test_a_place_of_another_event_is_not_taken(stage):
    # "said" is an event of its own here: the fronted place is where the saying was
    assert _places(stage, FRONTED, triggers=(6, 4))[0] is None


def test_a_place_after_its_verb_does_not_cover_the_clause_below(stage):
    table = """
        0  Police     police    NOUN  NNS nsubj  1
        1  said       say       VERB  VBD ROOT   1
        2  in         in        ADP   IN  prep   1
        3  Tripoli    Tripoli   PROPN NNP pobj   2 B-GPE
        4  that       that      SCONJ IN  mark   6
        5  gunmen     gunman    NOUN  NNS nsubj  6
        6  attacked   attack    VERB  VBD ccomp  1
        7  a          a         DET   DT  det    8
        8  checkpoint checkpoint NOUN NN  dobj   6
        9  .          .         PUNCT .   punct  1
    """
    assert _places(stage, table, triggers=(6,))[0] is None


def test_a_place_no_location_phrase_leads_to_is_a_party(stage):
    table = """
        0 Rebels  rebel   NOUN  NNS nsubj  1
        1 accused accuse  VERB  VBD ROOT   1
        2 Tripoli Tripoli PROPN NNP dobj   1 B-GPE
        3 of      of      ADP   IN  prep   1
        4 lying   lie     VERB  VBG pcomp  3
        5 .       .       PUNCT .   punct  1
    """
    assert _places(stage, table, triggers=(1,), event_type="ACCUSE")[0] is None


# --- the finest place the sentence gives, with its parent ---------------------------------

CITY_OF = """
    0  Gunmen     gunman     NOUN  NNS nsubj    1
    1  attacked   attack     VERB  VBD ROOT     1
    2  a          a          DET   DT  det      3
    3  checkpoint checkpoint NOUN  NN  dobj     1
    4  in         in         ADP   IN  prep     1
    5  the        the        DET   DT  det      8
    6  West       West       PROPN NNP compound 7 B-GPE
    7  Bank       Bank       PROPN NNP compound 8 I-GPE
    8  city       city       NOUN  NN  pobj     4
    9  of         of         ADP   IN  prep     8
    10 Jenin      Jenin      PROPN NNP pobj     9 B-GPE
    11 .          .          PUNCT .   punct    1
"""


def test_the_city_a_region_qualifies_wins_over_the_region(stage):
    place = _places(stage, CITY_OF, triggers=(1,))[0]
    assert (place.extracted_place, place.country_code, place.resolution) == ("Jenin", "PSE", 4)


def test_a_district_the_gazetteer_lacks_is_kept_with_its_city_resolved(stage):
    from eventwire.knowledge.places import load_places

    assert "Hodan" not in load_places()
    place = _places(stage, """
        0 Gunmen    gunman    NOUN  NNS nsubj    1
        1 attacked  attack    VERB  VBD ROOT     1
        2 a         a         DET   DT  det      3
        3 market    market    NOUN  NN  dobj     1
        4 in        in        ADP   IN  prep     1
        5 Mogadishu Mogadishu PROPN NNP poss     8 B-GPE
        6 's        's        PART  POS case     5
        7 Hodan     Hodan     PROPN NNP compound 8 B-GPE
        8 district  district  NOUN  NN  pobj     4
        9 .         .         PUNCT .   punct    1
    """, triggers=(1,))[0]
    assert (place.extracted_place, place.resolved_place, place.country_code, place.resolution) == (
        "Hodan", "Mogadishu", "SOM", 4)
    assert place.lat is not None


WHEN_FIRED = """
    0  Two      two      NUM   CD  nummod    1
    1  soldiers soldier  NOUN  NNS nsubjpass 3
    2  were     be       AUX   VBD auxpass   3
    3  killed   kill     VERB  VBN ROOT      3
    4  when     when     SCONJ WRB advmod    6
    5  gunmen   gunman   NOUN  NNS nsubj     6
    6  fired    fire     VERB  VBD advcl     3
    7  near     near     ADP   IN  prep      6
    8  {place}  {place}  PROPN NNP pobj      7 B-GPE
    9  .        .        PUNCT .   punct     3
"""


def test_a_town_of_the_clause_that_says_when_is_the_event_s(stage):
    assert _places(stage, WHEN_FIRED.format(place="Tripoli"), triggers=(3,))[0].resolved_place == "Tripoli"
    # and when that clause is an event of its own, both happened there
    assert [p.resolved_place for p in _places(stage, WHEN_FIRED.format(place="Tripoli"), triggers=(3, 6))] == [
        "Tripoli", "Tripoli"]


def test_a_country_of_the_clause_that_says_when_is_the_event_s_when_it_has_none_finer(stage):
    assert _places(stage, WHEN_FIRED.format(place="Libya"), triggers=(3,))[0].country_code == "LBY"


CAPTURED_SHARE = """
    0  Troops     troop     NOUN  NNS nsubj  1
    1  {verb}     {lemma}   VERB  VBD ROOT   1
    2  half       half      NOUN  NN  dobj   1
    3  of         of        ADP   IN  prep   2
    4  Kuwait     Kuwait    PROPN NNP pobj   3 B-GPE
    5  .          .         PUNCT .   punct  1
"""


def test_a_country_is_the_place_of_the_ground_taken_in_it_not_of_a_strike_on_it(stage):
    taken = _places(stage, CAPTURED_SHARE.format(verb="captured", lemma="capture"), triggers=(1,))[0]
    assert (taken.extracted_place, taken.country_code, taken.resolution) == ("Kuwait", "KWT", 1)
    # bombing a country names who was bombed, not where: the country is the recipient
    assert _places(stage, CAPTURED_SHARE.format(verb="bombed", lemma="bomb"), triggers=(1,))[0] is None


HIT_KILLING = """
    0  Shelling   shelling  NOUN  NN  nsubj  1
    1  hit        hit       VERB  VBD ROOT   1
    2  a          a         DET   DT  det    3
    3  bus        bus       NOUN  NN  dobj   1
    4  in         in        ADP   IN  prep   1
    5  Tripoli    Tripoli   PROPN NNP pobj   4 B-GPE
    6  ,          ,         PUNCT ,   punct  1
    7  killing    kill      VERB  VBG advcl  1
    8  eight      eight     NUM   CD  dobj   7
    9  .          .         PUNCT .   punct  1
"""


def test_a_participle_after_a_clause_happened_where_that_clause_did(stage):
    assert [p.resolved_place for p in _places(stage, HIT_KILLING, triggers=(1, 7))] == ["Tripoli"] * 2
    # a participle with a subject of its own is a clause of its own
    assert _places(stage, HIT_KILLING.replace("8  eight      eight     NUM   CD  dobj   7",
                                              "8  it         it        PRON  PRP nsubj  7"), triggers=(7,))[0] is None


WHEN_EXPLODED = """
    0  Two      two      NUM   CD  nummod    1
    1  people   people   NOUN  NNS nsubjpass 3
    2  were     be       AUX   VBD auxpass   3
    3  killed   kill     VERB  VBN ROOT      3
    4  when     when     SCONJ WRB mark      7
    5  a        a        DET   DT  det       6
    6  bomb     bomb     NOUN  NN  nsubj     7
    7  exploded explode  VERB  VBD advcl     3
    8  in       in       ADP   IN  prep      7
    9  {place}  {place}  PROPN NNP pobj      8 B-GPE
    10 .        .        PUNCT .   punct     3
"""


def test_a_clause_that_says_when_an_event_happened_lends_its_place_even_as_an_event_of_its_own(stage):
    killed, exploded = _places(stage, WHEN_EXPLODED.format(place="Tripoli"), triggers=(3, 7))
    assert (killed.resolved_place, exploded.resolved_place) == ("Tripoli", "Tripoli")
    # a name the gazetteer lacks still names the place
    assert _places(stage, WHEN_EXPLODED.format(place="Qaryatain"), triggers=(3, 7))[0].extracted_place == "Qaryatain"


VILLAGE_OF = """
    0  Gunmen   gunman   NOUN  NNS nsubj   1
    1  attacked attack   VERB  VBD ROOT    1
    2  the      the      DET   DT  det     3
    3  village  village  NOUN  NN  dobj    1
    4  of       of       ADP   IN  prep    3
    5  Mainok   Mainok   PROPN NNP pobj    4 B-PERSON
    6  near     near     ADP   IN  prep    1
    7  the      the      DET   DT  det     9
    8  Gamboru  Gamboru  PROPN NNP compound 9 B-ORG
    9  Airport  Airport  PROPN NNP pobj    6 I-ORG
    10 .        .        PUNCT .   punct   1
"""


def test_a_name_the_text_calls_a_place_is_one_whatever_the_model_labelled_it(stage):
    from tests.parses import parse

    names = [m.text for m in stage.mentions(parse(VILLAGE_OF))]
    assert names == ["Mainok", "Gamboru Airport"]
    # the location phrase of the trigger is stronger than the object it is aimed at
    assert _places(stage, VILLAGE_OF, triggers=(1,))[0].extracted_place == "Gamboru Airport"
    # with none, the named place the gazetteer lacks that the assault is aimed at is the place
    aimed = VILLAGE_OF.split("    6  near")[0] + "    6  .        .        PUNCT .   punct   1\n"
    (place,) = _places(stage, aimed, triggers=(1,))
    assert (place.extracted_place, place.resolved_place) == ("Mainok", None)


CAPTURED_ONE_OF = """
    0  Troops     troop     NOUN  NNS nsubj  1
    1  captured   capture   VERB  VBD ROOT   1
    2  {noun}     {lemma}   NOUN  NNS dobj   1
    3  of         of        ADP   IN  prep   2
    4  Kuwait     Kuwait    PROPN NNP pobj   3 B-GPE
    5  .          .         PUNCT .   punct  1
"""


@pytest.mark.parametrize("noun, lemma, country", [("borders", "border", "KWT"), ("generals", "general", None)])
def test_a_country_is_the_ground_taken_only_through_nouns_of_ground(stage, noun, lemma, country):
    # "captured the borders of Kuwait" takes ground in it; "captured generals of Kuwait" takes people it owns
    place = _places(stage, CAPTURED_ONE_OF.format(noun=noun, lemma=lemma), triggers=(1,))[0]
    assert (place and place.country_code) == country


def test_a_participle_of_aiming_does_not_take_its_clause_s_place(stage):
    aimed = HIT_KILLING.replace("killing    kill      VERB  VBG advcl", "targeting  target    VERB  VBG advcl")
    assert _places(stage, aimed, triggers=(7,))[0] is None
    assert _places(stage, HIT_KILLING, triggers=(7,))[0].resolved_place == "Tripoli"


KILLED_PREP = """
    0  Hundreds   hundred   NOUN  NNS nsubjpass 2
    1  were       be        AUX   VBD auxpass   2
    2  killed     kill      VERB  VBN ROOT      2
    3  {prep}     {prep}    ADP   IN  prep      2
    4  the        the       DET   DT  det       5
    5  fighting   fighting  NOUN  NN  pobj      3
    6  in         in        ADP   IN  prep      5
    7  Tripoli    Tripoli   PROPN NNP pobj      6 B-GPE
    8  .          .         PUNCT .   punct     2
"""


def test_a_place_under_a_preposition_of_earlier_time_is_not_the_event_s(stage):
    assert _places(stage, KILLED_PREP.format(prep="during"), triggers=(2,))[0].resolved_place == "Tripoli"
    assert _places(stage, KILLED_PREP.format(prep="since"), triggers=(2,))[0] is None


CLASHES_WITH = """
    0  Two      two      NUM   CD  nummod    1
    1  men      man      NOUN  NNS nsubjpass 3
    2  were     be       AUX   VBD auxpass   3
    3  killed   kill     VERB  VBN ROOT      3
    4  in       in       ADP   IN  prep      3
    5  clashes  clash    NOUN  NNS pobj      4
    6  with     with     ADP   IN  prep      5
    7  rebels   rebel    NOUN  NNS pobj      6
    8  in       in       ADP   IN  prep      7
    9  {rest}
"""
QUALIFIER = """Libya    Libya    PROPN NNP compound  10 B-GPE
    10 police   police   NOUN  NNS pobj      8
    11 .        .        PUNCT .   punct     3"""
CAPITAL = """Libya    Libya    PROPN NNP poss      11 B-GPE
    10 's       's       PART  POS case      9
    11 capital  capital  NOUN  NN  pobj      8
    12 .        .        PUNCT .   punct     3"""
CITY = """Syria    Syria    PROPN NNP poss      12 B-GPE
    10 's       's       PART  POS case      9
    11 Aleppo   Aleppo   PROPN NNP compound  12 B-GPE
    12 city     city     NOUN  NN  pobj      8
    13 .        .        PUNCT .   punct     3"""


def test_a_country_that_only_says_whose_a_thing_is_is_no_place(stage):
    assert _places(stage, CLASHES_WITH.format(rest=QUALIFIER), triggers=(3,))[0] is None
    # a country's ground is still the country
    assert _places(stage, CLASHES_WITH.format(rest=CAPITAL), triggers=(3,))[0].country_code == "LBY"


def test_the_finest_of_the_sentence_s_places_of_one_rank_wins(stage):
    place = _places(stage, CLASHES_WITH.format(rest=CITY), triggers=(3,))[0]
    assert (place.resolved_place, place.country_code, place.resolution) == ("Aleppo", "SYR", 4)


SHOT_DOWN_OVER = """
    0  A        a        DET   DT  det       1
    1  plane    plane    NOUN  NN  nsubjpass 3
    2  was      be       AUX   VBD auxpass   3
    3  shot     shoot    VERB  VBN ROOT      3
    4  down     down     ADP   RP  prt       3
    5  over     over     ADP   IN  prep      3
    6  {rest}
"""


def test_over_leads_to_a_place_or_its_ground_but_not_to_a_thing_of_it(stage):
    named = "Tripoli  Tripoli  PROPN NNP pobj      5 B-GPE\n    7  .        .        PUNCT .   punct     3"
    assert _places(stage, SHOT_DOWN_OVER.format(rest=named), triggers=(3,))[0].resolved_place == "Tripoli"
    of = ("Tripoli  Tripoli  PROPN NNP poss      8 B-GPE\n    7  's       's       PART  POS case      6\n"
          "    8  {noun}  {noun}  NOUN  NNS pobj      5\n    9  .        .        PUNCT .   punct     3")
    skies = _places(stage, SHOT_DOWN_OVER.format(rest=of.format(noun="sky")), triggers=(3,))[0]
    assert skies.resolved_place == "Tripoli"
    # "over Tripoli's garrison": what it was over is a thing, not the ground
    assert _places(stage, SHOT_DOWN_OVER.format(rest=of.format(noun="garrison")), triggers=(3,))[0] is None


def test_a_name_the_text_calls_a_division_resolves_to_the_division(stage):
    from tests.parses import parse

    doc = parse("""
        0 Rebels   rebel    NOUN  NNS nsubj 1
        1 shelled  shell    VERB  VBD ROOT  1
        2 the      the      DET   DT  det   3
        3 province province NOUN  NN  dobj  1
        4 of       of       ADP   IN  prep  3
        5 Latakia  Latakia  PROPN NNP pobj  4 B-GPE
        6 and      and      CCONJ CC  cc    1
        7 Latakia  Latakia  PROPN NNP nsubj 8 B-GPE
        8 burned   burn     VERB  VBD conj  1
        9 .        .        PUNCT .   punct 1
    """)
    division, town = stage.mentions(doc)
    assert (division.entry.kind, division.entry.country) == ("admin1", "SYR")
    assert (town.entry.kind, town.entry.country) == ("city", "SYR")


def test_a_name_may_open_with_a_lower_case_particle(stage):
    from tests.parses import parse

    doc = parse("""
        0 Troops  troop   NOUN  NNS nsubj    1
        1 entered enter   VERB  VBD ROOT     1
        2 al      al      PROPN NNP compound 4 B-LOC
        3 -       -       PUNCT HYPH punct   4 I-LOC
        4 Rai     Rai     PROPN NNP dobj     1 I-LOC
        5 .       .       PUNCT .   punct    1
    """)
    assert [m.text for m in stage.mentions(doc)] == ["al - Rai"]
    # a lower-case word before a name is no part of it otherwise
    assert stage.mentions(parse("""
        0 Troops  troop   NOUN  NNS nsubj    1
        1 entered enter   VERB  VBD ROOT     1
        2 the     the     DET   DT  det      4
        3 east    east    ADJ   JJ  amod     4 B-LOC
        4 coast   coast   NOUN  NN  dobj     1 I-LOC
        5 .       .       PUNCT .   punct    1
    """)) == []


RIFT_OVER = """
    0  Spain     Spain     PROPN NNP nsubj  1 B-GPE
    1  restored  restore   VERB  VBD ROOT   1
    2  ties      tie       NOUN  NNS dobj   1
    3  after     after     ADP   IN  prep   1
    4  a         a         DET   DT  det    5
    5  {noun}    {noun}    NOUN  NN  pobj   3
    6  over      over      ADP   IN  prep   5
    7  Tripoli   Tripoli   PROPN NNP pobj   6 B-GPE
    8  .         .         PUNCT .   punct  1
"""


def test_a_noun_s_over_is_its_topic_unless_the_noun_is_ground(stage):
    assert _places(stage, RIFT_OVER.format(noun="rift"), triggers=(1,), event_type="COOPERATE")[0] is None
    zone = _places(stage, RIFT_OVER.format(noun="zone"), triggers=(1,), event_type="COOPERATE")[0]
    assert zone.resolved_place == "Tripoli"


@pytest.mark.parametrize("noun", ["settlement", "commune", "township"])
def test_the_nouns_of_small_settlements_call_a_name_a_place(stage, noun):
    from tests.parses import parse

    doc = parse(f"""
        0 Militants militant NOUN  NNS nsubj 1
        1 shelled   shell    VERB  VBD ROOT  1
        2 the       the      DET   DT  det   3
        3 {noun}    {noun}   NOUN  NN  dobj  1
        4 of        of       ADP   IN  prep  3
        5 Mainok    Mainok   PROPN NNP pobj  4 B-PERSON
        6 .         .        PUNCT .   punct 1
    """)
    assert [(m.text, m.label) for m in stage.mentions(doc)] == [("Mainok", "NAMED")]


def test_of_the_places_one_location_phrase_names_the_finest_wins(stage):
    from tests.test_places import _placed

    place = _placed(stage, """
        0  Gunmen    gunman    NOUN  NNS nsubj    1
        1  shot      shoot     VERB  VBD ROOT     1
        2  and       and       CCONJ CC  cc       1
        3  killed    kill      VERB  VBD conj     1
        4  a         a         DET   DT  det      5
        5  man       man       NOUN  NN  dobj     3
        6  in        in        ADP   IN  prep     3
        7  Mogadishu Mogadishu PROPN NNP poss     10 B-GPE
        8  's        's        PART  POS case     7
        9  Wadajir   Wadajir   PROPN NNP compound 10 B-LOC
        10 district  district  NOUN  NN  pobj     6
        11 .         .         PUNCT .   punct    1
    """, trigger=1, event_type="ASSAULT")
    assert (place.extracted_place, place.resolved_place, place.parent) == ("Wadajir", "Mogadishu", "Mogadishu")


@pytest.mark.parametrize("word", ["inside", "outside"])
def test_a_location_word_the_parser_took_for_an_adverb_leads_to_its_place(stage, word):
    from tests.test_places import _placed

    clashed = _placed(stage, f"""
        0 Police     police    NOUN  NNS nsubj  1
        1 clashed    clash     VERB  VBD ROOT   1
        2 {word}     {word}    ADV   RB  advmod 1
        3 of         of        ADP   IN  prep   2
        4 Tehran     Tehran    PROPN NNP pobj   3 B-GPE
        5 .          .         PUNCT .   punct  1
    """, trigger=1)
    assert clashed.resolved_place == "Tehran"
    shelled = _placed(stage, f"""
        0 Rebels     rebel     NOUN  NNS nsubj  1
        1 shelled    shell     VERB  VBD ROOT   1
        2 positions  position  NOUN  NNS dobj   1
        3 {word}     {word}    ADV   RB  advmod 2
        4 of         of        ADP   IN  prep   3
        5 Aleppo     Aleppo    PROPN NNP pobj   4 B-GPE
        6 .          .         PUNCT .   punct  1
    """, trigger=1, event_type="ASSAULT")
    assert shelled.resolved_place == "Aleppo"
    assert _placed(stage, """
        0 Police     police    NOUN  NNS nsubj  1
        1 clashed    clash     VERB  VBD ROOT   1
        2 most       most      ADV   RBS advmod 1
        3 of         of        ADP   IN  prep   2
        4 Tehran     Tehran    PROPN NNP pobj   3 B-GPE
        5 .          .         PUNCT .   punct  1
    """, trigger=1) is None


def test_of_an_event_s_own_location_phrases_a_place_inside_the_first_wins(stage):
    from tests.test_places import _placed

    place = _placed(stage, """
        0 In           in           ADP   IN  prep   5
        1 southern     southern     ADJ   JJ  amod   2
        2 Iraq         Iraq         PROPN NNP pobj   0 B-GPE
        3 ,            ,            PUNCT ,   punct  5
        4 thousands    thousand     NOUN  NNS nsubj  5
        5 demonstrated demonstrate  VERB  VBD ROOT   5
        6 in           in           ADP   IN  prep   5
        7 Basra        Basra        PROPN NNP pobj   6 B-GPE
        8 .            .            PUNCT .   punct  5
    """, trigger=5)
    assert (place.resolved_place, place.country_code, place.resolution) == ("Basrah", "IRQ", 4)
