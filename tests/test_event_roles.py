"""Role rules of the events stage on hand-built parses: no model needed."""

from __future__ import annotations

import pytest

from eventwire.stages.events.pattern import ROLES
from eventwire.stages.events.roles import RULES, RoleFinder, RoleWords
from tests.parses import by_token, mention, parse

WORDS = RoleWords(
    light_verbs=frozenset({"hold", "launch"}),
    report_verbs=frozenset({"say"}),
    address_nouns=frozenset({"message"}),
    address_verbs=frozenset({"tell"}),
    attack_preps=frozenset({"in", "during", "by"}),
)


def countries(found):
    return [m.actor.country for m in found]


def finder_for(doc, *mentions):
    return RoleFinder(by_token(*mentions), WORDS)


ACCUSED = """
0  Chile   Chile   PROPN NNP  nsubj     1  B-GPE
1  accused accuse  VERB  VBD  ROOT      1
2  Peru    Peru    PROPN NNP  dobj      1  B-GPE
3  .       .       PUNCT .    punct     1
"""


def test_subject_and_object_of_a_verb():
    doc = parse(ACCUSED)
    finder = finder_for(doc, mention(doc, 0, country="CHL"), mention(doc, 2, country="PER"))
    assert countries(finder.role(doc[1], "subject")) == ["CHL"]
    assert countries(finder.role(doc[1], "object")) == ["PER"]
    assert finder.role(doc[1], "dative") == []
    assert finder.role(doc[1], "no-such-rule") == []


def test_passive_agent_is_the_subject_and_the_passive_subject_the_object():
    doc = parse("""
    0  Kyiv    Kyiv    PROPN NNP  nsubjpass 2  B-GPE
    1  was     be      AUX   VBD  auxpass   2
    2  shelled shell   VERB  VBN  ROOT      2
    3  by      by      ADP   IN   agent     2
    4  Russia  Russia  PROPN NNP  pobj      3  B-GPE
    5  .       .       PUNCT .    punct     2
    """)
    finder = finder_for(doc, mention(doc, 0, country="UKR"), mention(doc, 4, country="RUS"))
    assert countries(finder.subject(doc[2])) == ["RUS"]
    assert countries(finder.object(doc[2])) == ["UKR"]


def test_passive_without_agent_has_no_subject():
    doc = parse("""
    0  Kyiv    Kyiv    PROPN NNP  nsubjpass 2  B-GPE
    1  was     be      AUX   VBD  auxpass   2
    2  shelled shell   VERB  VBN  ROOT      2
    3  .       .       PUNCT .    punct     2
    """)
    finder = finder_for(doc, mention(doc, 0, country="UKR"))
    assert finder.subject(doc[2]) == []
    assert countries(finder.object(doc[2])) == ["UKR"]


HELD_TALKS = """
0  Egypt  Egypt  PROPN NNP  nsubj     1  B-GPE
1  held   hold   VERB  VBD  ROOT      1
2  talks  talk   NOUN  NNS  dobj      1
3  with   with   ADP   IN   prep      2
4  Israel Israel PROPN NNP  pobj      3  B-GPE
5  .      .      PUNCT .    punct     1
"""


def test_nominal_trigger_takes_the_subject_of_its_light_verb_and_its_preposition():
    doc = parse(HELD_TALKS)
    finder = finder_for(doc, mention(doc, 0, country="EGY"), mention(doc, 4, country="ISR"))
    talks = doc[2]
    assert finder.clause_head(talks).i == 1
    assert countries(finder.role(talks, "subject")) == ["EGY"]
    assert countries(finder.role(talks, "prep:with")) == ["ISR"]
    assert finder.role(talks, "prep:against") == []


def test_nominal_trigger_under_a_verb_that_is_no_light_verb_has_no_subject():
    doc = parse(HELD_TALKS.replace("held   hold", "liked  like"))
    finder = finder_for(doc, mention(doc, 0, country="EGY"), mention(doc, 4, country="ISR"))
    assert finder.subject(doc[2]) == []


def test_object_of_the_governing_verb_controls_a_subjectless_clause():
    doc = parse("""
    0  Germany Germany PROPN NNP  nsubj     1  B-GPE
    1  urged   urge    VERB  VBD  ROOT      1
    2  Iran    Iran    PROPN NNP  dobj      1  B-GPE
    3  to      to      PART  TO   aux       4
    4  stop    stop    VERB  VB   xcomp     1
    5  the     the     DET   DT   det       6
    6  raids   raid    NOUN  NNS  dobj      4
    7  .       .       PUNCT .    punct     1
    """)
    finder = finder_for(doc, mention(doc, 0, country="DEU"), mention(doc, 2, country="IRN"))
    assert countries(finder.subject(doc[4])) == ["IRN"]
    assert countries(finder.subject(doc[1])) == ["DEU"]


def test_subject_of_the_governing_verb_controls_when_its_object_is_no_actor():
    doc = parse("""
    0  Japan   Japan   PROPN NNP  nsubj     1  B-GPE
    1  decided decide  VERB  VBD  ROOT      1
    2  to      to      PART  TO   aux       3
    3  send    send    VERB  VB   xcomp     1
    4  aid     aid     NOUN  NN   dobj      3
    5  .       .       PUNCT .    punct     1
    """)
    finder = finder_for(doc, mention(doc, 0, country="JPN"))
    assert countries(finder.subject(doc[3])) == ["JPN"]


def test_coordinated_subjects_are_each_an_actor():
    doc = parse("""
    0  France    France    PROPN NNP  nsubj     3  B-GPE
    1  and       and       CCONJ CC   cc        0
    2  Germany   Germany   PROPN NNP  conj      0  B-GPE
    3  condemned condemn   VERB  VBD  ROOT      3
    4  Russia    Russia    PROPN NNP  dobj      3  B-GPE
    5  .         .         PUNCT .    punct     3
    """)
    finder = finder_for(doc, mention(doc, 0, country="FRA"), mention(doc, 2, country="DEU"),
                        mention(doc, 4, country="RUS"))
    assert countries(finder.subject(doc[3])) == ["FRA", "DEU"]


def test_an_argument_that_names_no_actor_is_looked_through_to_its_possessor():
    doc = parse("""
    0  Russia   Russia   PROPN NNP  nsubj     1  B-GPE
    1  attacked attack   VERB  VBD  ROOT      1
    2  Ukraine  Ukraine  PROPN NNP  poss      5  B-GPE
    3  's       's       PART  POS  case      2
    4  power    power    NOUN  NN   compound  5
    5  plants   plant    NOUN  NNS  dobj      1
    6  .        .        PUNCT .    punct     1
    """)
    finder = finder_for(doc, mention(doc, 0, country="RUS"), mention(doc, 2, country="UKR"))
    assert countries(finder.object(doc[1])) == ["UKR"]


def test_a_role_without_a_country_takes_the_countries_of_its_from_modifier():
    doc = parse("""
    0  Negotiators negotiator  NOUN  NNS  nsubj     5
    1  from        from        ADP   IN   prep      0
    2  Armenia     Armenia     PROPN NNP  pobj      1  B-GPE
    3  and         and         CCONJ CC   cc        2
    4  Azerbaijan  Azerbaijan  PROPN NNP  conj      2  B-GPE
    5  met         meet        VERB  VBD  ROOT      5
    6  .           .           PUNCT .    punct     5
    """)
    negotiators = mention(doc, 0, kind="role", sector="GOV")
    finder = finder_for(doc, negotiators, mention(doc, 2, country="ARM"), mention(doc, 4, country="AZE"))
    assert countries(finder.subject(doc[5])) == ["ARM", "AZE"]


def test_a_role_placed_in_several_countries_is_one_party_per_country():
    doc = parse("""
    0  Nurses  nurse   NOUN  NNS  nsubj     5
    1  in      in      ADP   IN   prep      0
    2  Kenya   Kenya   PROPN NNP  pobj      1  B-GPE
    3  and     and     CCONJ CC   cc        2
    4  Uganda  Uganda  PROPN NNP  conj      2  B-GPE
    5  struck  strike  VERB  VBD  ROOT      5
    6  .       .       PUNCT .    punct     5
    """)
    nurses = mention(doc, 0, kind="role", country="KEN", sector="MED")
    finder = finder_for(doc, nurses, mention(doc, 2, country="KEN"), mention(doc, 4, country="UGA"))
    found = finder.subject(doc[5])
    assert countries(found) == ["KEN", "UGA"]
    assert [m.actor.code for m in found] == ["KENMED", "UGAMED"]


def test_dative_object_and_between_members():
    gave = parse("""
    0  China    China    PROPN NNP  nsubj     1  B-GPE
    1  gave     give     VERB  VBD  ROOT      1
    2  Pakistan Pakistan PROPN NNP  dative    1  B-GPE
    3  jets     jet      NOUN  NNS  dobj      1
    4  .        .        PUNCT .    punct     1
    """)
    finder = finder_for(gave, mention(gave, 0, country="CHN"), mention(gave, 2, country="PAK"))
    assert countries(finder.role(gave[1], "dative")) == ["PAK"]
    talks = parse("""
    0  Talks      talk       NOUN  NNS  nsubj     5
    1  between    between    ADP   IN   prep      0
    2  Armenia    Armenia    PROPN NNP  pobj      1  B-GPE
    3  and        and        CCONJ CC   cc        2
    4  Azerbaijan Azerbaijan PROPN NNP  conj      2  B-GPE
    5  resumed    resume     VERB  VBD  ROOT      5
    6  .          .          PUNCT .    punct     5
    """)
    finder = finder_for(talks, mention(talks, 2, country="ARM"), mention(talks, 4, country="AZE"))
    assert countries(finder.role(talks[0], "between1")) == ["ARM"]
    assert countries(finder.role(talks[0], "between2")) == ["AZE"]


def test_casualty_takes_the_doer_of_the_attack_it_happened_in():
    doc = parse("""
    0  Two      two      NUM   CD   nummod    1
    1  soldiers soldier  NOUN  NNS  nsubjpass 3
    2  were     be       AUX   VBD  auxpass   3
    3  killed   kill     VERB  VBN  ROOT      3
    4  in       in       ADP   IN   prep      3
    5  a        a        DET   DT   det       7
    6  Russian  russian  ADJ   JJ   amod      7  B-NORP
    7  strike   strike   NOUN  NN   pobj      4
    8  .        .        PUNCT .    punct     3
    """)
    finder = finder_for(doc, mention(doc, 1, kind="role", sector="MIL"), mention(doc, 6, kind="demonym", country="RUS"))
    assert countries(finder.role(doc[3], "in_attack")) == ["RUS"]
    assert finder.subject(doc[3]) == []


def test_first_person_subject_in_a_quote_is_the_speaker():
    doc = parse("""
    0  "        "        PUNCT ``   punct     6
    1  We       we       PRON  PRP  nsubj     2
    2  condemn  condemn  VERB  VBP  ccomp     6
    3  Russia   Russia   PROPN NNP  dobj      2  B-GPE
    4  ,        ,        PUNCT ,    punct     6
    5  "        "        PUNCT ''   punct     6
    6  said     say      VERB  VBD  ROOT      6
    7  Emmanuel Emmanuel PROPN NNP  compound  8  B-PERSON
    8  Macron   Macron   PROPN NNP  nsubj     6  I-PERSON
    9  .        .        PUNCT .    punct     6
    """)
    macron = mention(doc, 7, 9, country="FRA", sector="GOV", kind="person")
    finder = finder_for(doc, macron, mention(doc, 3, country="RUS"))
    assert finder.subject(doc[2]) == [macron]


def test_imperative_in_a_quote_is_addressed_to_the_to_phrase_of_a_message():
    doc = parse("""
    0  Our     our     PRON  PRP$ poss      1
    1  message message NOUN  NN   nsubj     4
    2  to      to      ADP   IN   prep      1
    3  Iran    Iran    PROPN NNP  pobj      2  B-GPE
    4  is      be      AUX   VBZ  ccomp     7
    5  clear   clear   ADJ   JJ   acomp     4
    6  :       :       PUNCT :    punct     7
    7  stop    stop    VERB  VB   ROOT      7
    8  the     the     DET   DT   det       9
    9  attacks attack  NOUN  NNS  dobj      7
    10 .       .       PUNCT .    punct     7
    """)
    finder = finder_for(doc, mention(doc, 3, country="IRN"))
    assert countries(finder.subject(doc[7])) == ["IRN"]
    assert countries(finder.role(doc[7], "addressee")) == ["IRN"]


def test_phrase_searches_find_the_first_actor_inside_their_phrase():
    welcomed = parse("""
    0  India      India      PROPN NNP  nsubj     1  B-GPE
    1  welcomed   welcome    VERB  VBD  ROOT      1
    2  the        the        DET   DT   det       3
    3  resumption resumption NOUN  NN   dobj      1
    4  of         of         ADP   IN   prep      3
    5  ties       tie        NOUN  NNS  pobj      4
    6  with       with       ADP   IN   prep      5
    7  Nepal      Nepal      PROPN NNP  pobj      6  B-GPE
    8  .          .          PUNCT .    punct     1
    """)
    finder = finder_for(welcomed, mention(welcomed, 0, country="IND"), mention(welcomed, 7, country="NPL"))
    assert countries(finder.role(welcomed[1], "in_object")) == ["NPL"]
    assert countries(finder.role(welcomed[1], "in_phrase")) == ["NPL"]
    deployed = parse("""
    0  Turkey   Turkey   PROPN NNP  nsubj     1  B-GPE
    1  deployed deploy   VERB  VBD  ROOT      1
    2  troops   troop    NOUN  NNS  dobj      1
    3  to       to       ADP   IN   prep      1
    4  the      the      DET   DT   det       5
    5  border   border   NOUN  NN   pobj      3
    6  with     with     ADP   IN   prep      5
    7  Syria    Syria    PROPN NNP  pobj      6  B-GPE
    8  .        .        PUNCT .    punct     1
    """)
    finder = finder_for(deployed, mention(deployed, 0, country="TUR"), mention(deployed, 7, country="SYR"))
    assert countries(finder.role(deployed[1], "in_preps")) == ["SYR"]
    assert finder.role(deployed[1], "in_object") == []


@pytest.mark.parametrize("rule", ROLES)
def test_every_role_a_pattern_may_name_finds_nothing_where_no_actor_is_named(rule):
    assert rule in RULES
    doc = parse(ACCUSED)
    assert RoleFinder({}, WORDS).role(doc[1], rule) == []


REJECTED_REQUEST = """
0  Egypt    Egypt    PROPN NNP  nsubj     1  B-GPE
1  rejected reject   VERB  VBD  ROOT      1
2  a        a        DET   DT   det       3
3  request  request  NOUN  NN   dobj      1
4  by       by       ADP   IN   prep      3
5  Israel   Israel   PROPN NNP  pobj      4  B-GPE
6  .        .        PUNCT .    punct     1
"""


@pytest.mark.parametrize("preposition", ["by", "from"])
def test_a_noun_that_names_no_party_stands_for_whoever_made_it(preposition):
    doc = parse(REJECTED_REQUEST.replace("by       by", f"{preposition:<8} {preposition}", 1))
    finder = finder_for(doc, mention(doc, 0, country="EGY"), mention(doc, 5, country="ISR"))
    assert countries(finder.object(doc[1])) == ["ISR"]


def test_the_agent_of_a_participle_names_the_party_behind_its_noun():
    doc = parse("""
    0  Egypt    Egypt    PROPN NNP  nsubj     1  B-GPE
    1  rejected reject   VERB  VBD  ROOT      1
    2  every    every    DET   DT   det       3
    3  offer    offer    NOUN  NN   dobj      1
    4  made     make     VERB  VBN  acl       3
    5  by       by       ADP   IN   agent     4
    6  Israel   Israel   PROPN NNP  pobj      5  B-GPE
    7  .        .        PUNCT .    punct     1
    """)
    finder = finder_for(doc, mention(doc, 0, country="EGY"), mention(doc, 6, country="ISR"))
    assert countries(finder.object(doc[1])) == ["ISR"]


def test_who_did_it_comes_before_what_it_was_done_to():
    doc = parse("""
    0  Egypt     Egypt     PROPN NNP  nsubj     1  B-GPE
    1  condemned condemn   VERB  VBD  ROOT      1
    2  the       the       DET   DT   det       3
    3  shelling  shelling  NOUN  NN   dobj      1
    4  of        of        ADP   IN   prep      3
    5  Gaza      Gaza      PROPN NNP  pobj      4  B-GPE
    6  by        by        ADP   IN   prep      3
    7  Israel    Israel    PROPN NNP  pobj      6  B-GPE
    8  .         .         PUNCT .    punct     1
    """)
    finder = finder_for(doc, mention(doc, 0, country="EGY"), mention(doc, 5, country="PSE"), mention(doc, 7, country="ISR"))
    assert countries(finder.object(doc[1])) == ["ISR"]
    without_agent = finder_for(doc, mention(doc, 0, country="EGY"), mention(doc, 5, country="PSE"))
    assert countries(without_agent.object(doc[1])) == ["PSE"]


def test_a_go_between_is_not_the_party_behind_what_it_brokered():
    doc = parse("""
    0  Israel   Israel   PROPN NNP  nsubj     1  B-GPE
    1  agreed   agree    VERB  VBD  ROOT      1
    2  to       to       ADP   IN   prep      1
    3  a        a        DET   DT   det       4
    4  truce    truce    NOUN  NN   pobj      2
    5  brokered broker   VERB  VBN  acl       4
    6  by       by       ADP   IN   agent     5
    7  Egypt    Egypt    PROPN NNP  pobj      6  B-GPE
    8  .        .        PUNCT .    punct     1
    """)
    mentions = (mention(doc, 0, country="ISR"), mention(doc, 7, country="EGY"))
    assert finder_for(doc, *mentions).role(doc[1], "prep:to") == []
    drafted = parse("""
    0  Israel   Israel   PROPN NNP  nsubj     1  B-GPE
    1  agreed   agree    VERB  VBD  ROOT      1
    2  to       to       ADP   IN   prep      1
    3  a        a        DET   DT   det       4
    4  plan     plan     NOUN  NN   pobj      2
    5  drafted  draft    VERB  VBN  acl       4
    6  by       by       ADP   IN   agent     5
    7  Egypt    Egypt    PROPN NNP  pobj      6  B-GPE
    8  .        .        PUNCT .    punct     1
    """)
    assert countries(finder_for(drafted, mention(drafted, 0, country="ISR"), mention(drafted, 7, country="EGY"))
                     .role(drafted[1], "prep:to")) == ["EGY"]


def test_role_lists_name_file_and_line_of_an_unknown_list(tmp_path):
    from eventwire.errors import DataFileError
    from eventwire.stages.events.role_lists import load_role_lists

    path = tmp_path / "roles.yaml"
    path.write_text("go_between_verbs: [broker]\nbrokers: [x]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"roles.yaml:2: unknown list"):
        load_role_lists(path)
    path.write_text("go_between_verbs: broker\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"roles.yaml:1: go_between_verbs must be a list of words"):
        load_role_lists(path)
    assert "broker" in load_role_lists().go_between_verbs


def test_the_agent_of_a_modifier_is_not_the_party_behind_the_argument():
    doc = parse("""
    0  Police    police    NOUN  NNS  nsubj     1
    1  rescued   rescue    VERB  VBD  ROOT      1
    2  a         a         DET   DT   det       3
    3  group     group     NOUN  NN   dobj      1
    4  of        of        ADP   IN   prep      3
    5  engineers engineer  NOUN  NNS  pobj      4
    6  held      hold      VERB  VBN  acl       5
    7  by        by        ADP   IN   agent     6
    8  militants militant  NOUN  NNS  pobj      7
    9  .         .         PUNCT .    punct     1
    """)
    finder = finder_for(doc, mention(doc, 0, kind="role", sector="COP"), mention(doc, 8, kind="role", sector="REB"))
    assert finder.object(doc[1]) == []



@pytest.mark.parametrize("verb, lemma, doer", [("said", "say", ["CHL"]), ("feared", "fear", [])])
def test_a_pronoun_subject_of_what_a_party_says_is_the_speaker(verb, lemma, doer):
    """"Chile said it attacked Peru": Chile; a clause no one reports ("feared it attacked") keeps its pronoun unknown."""
    doc = parse(f"""
    0  Chile    Chile    PROPN NNP  nsubj     1  B-GPE
    1  {verb}   {lemma}  VERB  VBD  ROOT      1
    2  it       it       PRON  PRP  nsubj     3
    3  attacked attack   VERB  VBD  ccomp     1
    4  Peru     Peru     PROPN NNP  dobj      3  B-GPE
    5  .        .        PUNCT .    punct     1
    """)
    finder = finder_for(doc, mention(doc, 0, country="CHL"), mention(doc, 4, country="PER"))
    assert countries(finder.subject(doc[3])) == doer
