"""Role rules over clauses and possessives, on hand-built parses: small clauses, complements the tagger
read as nouns, coordinated possessors and the doer's own things. No model needed."""

from __future__ import annotations

from eventwire.stages.events.roles import RoleFinder, RoleWords
from tests.parses import by_token, mention, parse

WORDS = RoleWords(light_verbs=frozenset({"hold"}), report_verbs=frozenset({"say"}))


def countries(found):
    return [m.actor.country for m in found]


def finder_for(*mentions):
    return RoleFinder(by_token(*mentions), WORDS)


FOUND_GUILTY = """
0  A       a       DET   DT   det       1
1  court   court   NOUN  NN   nsubj     2
2  found   find    VERB  VBD  ROOT      2
3  Smith   Smith   PROPN NNP  nsubj     4  B-PERSON
4  guilty  guilty  ADJ   JJ   ccomp     2
5  .       .       PUNCT .    punct     2
"""

CONVICTED_TO_PAY = """
0  The       the       DET   DT   det       1
1  court     court     NOUN  NN   nsubj     2
2  convicted convict   VERB  VBD  ROOT      2
3  Mordor    Mordor    PROPN NNP  poss      5  B-GPE
4  's        's        PART  POS  case      3
5  bank      bank      NOUN  NN   nsubj     7
6  to        to        PART  TO   aux       7
7  pay       pay       VERB  VB   ccomp     2
8  damages   damage    NOUN  NNS  dobj      7
9  .         .         PUNCT .    punct     2
"""


def test_the_subject_of_a_small_clause_is_the_object_of_its_verb():
    doc = parse(FOUND_GUILTY)
    finder = finder_for(mention(doc, 1, sector="JUD", kind="role"), mention(doc, 3, kind="person"))
    assert [m.text for m in finder.object(doc[2])] == ["Smith"]
    doc = parse(CONVICTED_TO_PAY)
    finder = finder_for(mention(doc, 1, sector="JUD", kind="role"), mention(doc, 3, 6, country="MDR", kind="role"))
    assert countries(finder.object(doc[2])) == ["MDR"]


def test_a_finite_clause_gives_its_verb_no_object():
    doc = parse("""
    0  Chile   Chile   PROPN NNP  nsubj     1  B-GPE
    1  warned  warn    VERB  VBD  ROOT      1
    2  Peru    Peru    PROPN NNP  nsubj     4  B-GPE
    3  would   would   AUX   MD   aux       4
    4  pay     pay     VERB  VB   ccomp     1
    5  .       .       PUNCT .    punct     1
    """)
    finder = finder_for(mention(doc, 0, country="CHL"), mention(doc, 2, country="PER"))
    assert finder.object(doc[1]) == []
    assert countries(finder.complement(doc[1])) == ["PER"]


def test_a_that_clause_read_as_a_noun_names_its_subject_in_its_modifiers():
    # "demanded that Rohan's government resign", with "resign" tagged as a noun
    doc = parse("""
    0  Gondor     Gondor     PROPN NNP  nsubj     1  B-GPE
    1  demanded   demand     VERB  VBD  ROOT      1
    2  that       that       SCONJ IN   mark      6
    3  Rohan      Rohan      PROPN NNP  poss      5  B-GPE
    4  's         's         PART  POS  case      3
    5  government government NOUN  NN   compound  6
    6  resign     resign     NOUN  NN   ccomp     1
    7  .          .          PUNCT .    punct     1
    """)
    finder = finder_for(mention(doc, 0, country="GON"), mention(doc, 3, country="ROH"))
    assert countries(finder.complement(doc[1])) == ["ROH"]


def test_coordinated_possessors_name_one_party_each():
    # "Mordor and Rohan's foreign ministers met"
    doc = parse("""
    0  Mordor    Mordor    PROPN NNP  poss      5  B-GPE
    1  and       and       CCONJ CC   cc        0
    2  Rohan     Rohan     PROPN NNP  conj      0  B-GPE
    3  's        's        PART  POS  case      2
    4  foreign   foreign   ADJ   JJ   amod      5
    5  ministers minister  NOUN  NNS  nsubj     6
    6  met       meet      VERB  VBD  ROOT      6
    7  .         .         PUNCT .    punct     6
    """)
    finder = finder_for(mention(doc, 0, country="MDR"), mention(doc, 2, 6, country="ROH", sector="GOV", kind="role"))
    assert sorted(countries(finder.subject(doc[6]))) == ["MDR", "ROH"]


LIFTED_ITS_BLOCKADE = """
0  Gondor   Gondor   PROPN NNP  nsubj     1  B-GPE
1  lifted   lift     VERB  VBD  ROOT      1
2  its      its      PRON  PRP$ poss      3
3  blockade blockade NOUN  NN   dobj      1
4  of       of       ADP   IN   prep      3
5  Rohan    Rohan    PROPN NNP  pobj      4  B-GPE
6  .        .        PUNCT .    punct     1
"""


def test_a_pronoun_possessor_yields_to_the_object_of_the_noun():
    doc = parse(LIFTED_ITS_BLOCKADE)
    finder = finder_for(mention(doc, 0, country="GON"), mention(doc, 2, country="GON", kind="pronoun"),
                        mention(doc, 5, country="ROH"))
    assert countries(finder.object(doc[1])) == ["ROH"]
    assert countries(finder.role(doc[1], "in_object")) == ["ROH"]


def test_a_pronoun_possessor_alone_still_names_the_party():
    doc = parse(LIFTED_ITS_BLOCKADE.replace("Rohan    Rohan    PROPN NNP  pobj      4  B-GPE",
                                            "Rohan    rohan    NOUN  NN   pobj      4"))
    finder = finder_for(mention(doc, 0, country="GON"), mention(doc, 2, country="GON", kind="pronoun"))
    assert countries(finder.object(doc[1])) == ["GON"]
    assert countries(finder.role(doc[1], "in_object")) == ["GON"]


WITHDREW_ITS_TROOPS = """
0  Gondor   Gondor   PROPN NNP  nsubj     1  B-GPE
1  withdrew withdraw VERB  VBD  ROOT      1
2  its      its      PRON  PRP$ poss      3
3  troops   troop    NOUN  NNS  dobj      1
4  from     from     ADP   IN   prep      1
5  Rohan    Rohan    PROPN NNP  pobj      4  B-GPE
6  .        .        PUNCT .    punct     1
"""


def test_the_doers_own_forces_yield_to_the_place_they_move_from():
    doc = parse(WITHDREW_ITS_TROOPS)
    own = mention(doc, 2, 4, country="GON", sector="MIL", kind="role")
    finder = finder_for(mention(doc, 0, country="GON"), own, mention(doc, 5, country="ROH"))
    assert countries(finder.object(doc[1])) == ["ROH"]


def test_the_doers_own_people_acted_on_are_the_object():
    doc = parse(WITHDREW_ITS_TROOPS.replace("withdrew withdraw", "killed   kill    ")
                .replace("troops   troop    NOUN  NNS", "people   people   NOUN  NNS")
                .replace("from     from     ADP   IN   prep      1", "in       in       ADP   IN   prep      1")
                .replace("Rohan    Rohan    PROPN NNP  pobj      4  B-GPE", "town     town     NOUN  NN   pobj      4"))
    own = mention(doc, 2, 4, country="GON", sector="CVL", kind="role")
    finder = finder_for(mention(doc, 0, country="GON"), own)
    assert [m.text for m in finder.object(doc[1])] == ["its people"]


def test_a_counterpart_named_with_its_own_country_is_no_own_force():
    # "Gondor met his Rohirric counterpart in Mordor"
    doc = parse("""
    0  Gondor      Gondor      PROPN NNP  nsubj  1  B-GPE
    1  met         meet        VERB  VBD  ROOT   1
    2  his         his         PRON  PRP$ poss   4
    3  Rohirric    rohirric    ADJ   JJ   amod   4  B-NORP
    4  counterpart counterpart NOUN  NN   dobj   1
    5  in          in          ADP   IN   prep   1
    6  Mordor      Mordor      PROPN NNP  pobj   5  B-GPE
    7  .           .           PUNCT .    punct  1
    """)
    finder = finder_for(mention(doc, 0, country="GON"), mention(doc, 2, country="GON", kind="pronoun"),
                        mention(doc, 3, 5, country="ROH", sector="GOV", kind="role"), mention(doc, 6, country="MDR"))
    assert countries(finder.object(doc[1])) == ["ROH"]


WELCOMED_ENVOY = """
0  Gondor   Gondor   PROPN NNP  nsubj     1  B-GPE
1  welcomed welcome  VERB  VBD  ROOT      1
2  Rohan    Rohan    PROPN NNP  dobj      1  B-GPE
3  and      and      CCONJ CC   cc        2
4  its      its      PRON  PRP$ poss      5
5  envoy    envoy    NOUN  NN   conj      2
6  from     from     ADP   IN   prep      5
7  Mordor   Mordor   PROPN NNP  pobj      6  B-GPE
8  .        .        PUNCT .    punct     1
"""


def test_the_object_itself_is_not_an_actor_inside_the_object_phrase():
    """in_object looks inside the object phrase: the object's own head is the object rule's, not its."""
    doc = parse(WELCOMED_ENVOY)
    finder = finder_for(mention(doc, 0, country="GON"), mention(doc, 2, country="ROH"),
                        mention(doc, 7, country="MOR"))
    assert countries(finder.role(doc[1], "in_object")) == ["MOR"]
