"""The actor rules on hand-parsed sentences: no spaCy model, each case a row of ``data/actor_docs.yaml``.

The stage runs on a ``Doc`` built from words, heads, labels, tags, lemmas and
entities, so each rule (apposition, titles, demonyms, metonyms, reference,
coordination) is checked on the parse it is written for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import spacy
import yaml
from spacy.tokens import Doc, Span

from eventwire.settings import Settings
from eventwire.stages.actors import ActorStage
from eventwire.stages.actors.match import Cand
from eventwire.stages.actors.roles import combine
from eventwire.stages.actors.tables import Named, RoleNoun

CASES = yaml.safe_load((Path(__file__).parent / "data" / "actor_docs.yaml").read_text(encoding="utf-8"))
PUBLISHED = dt.date(2022, 10, 27)


@pytest.fixture(scope="module")
def stage() -> ActorStage:
    return ActorStage(Settings.load())


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def parsed(vocab, case: dict) -> Doc:
    """The Doc a case describes: one "word POS TAG dep head [lemma]" string per token."""
    rows = [t.split(" ") for t in case["tokens"]]
    words = [r[0] for r in rows]
    doc = Doc(vocab, words=words, pos=[r[1] for r in rows], tags=[r[2] for r in rows],
              deps=[r[3] for r in rows], heads=[int(r[4]) for r in rows],
              lemmas=[r[5] if len(r) > 5 else r[0].lower() for r in rows])
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in case.get("ents") or []]
    return doc


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_actor_rule_on_a_hand_parsed_sentence(stage, vocab, case):
    mentions = stage.mentions(parsed(vocab, case), PUBLISHED)
    by_text = {m.text: m for m in mentions}
    for want in case.get("expect") or []:
        assert want["text"] in by_text, f"no mention {want['text']!r}; got {sorted(by_text)}"
        m = by_text[want["text"]]
        assert (m.kind, m.actor.country, m.actor.sector) == (want["kind"], want["country"], want["sector"])
        if "title" in want:
            assert m.actor.title == want["title"]
        if "members" in want:
            assert [a.country for a in m.members] == want["members"]
        if "ref" in want:
            # a pronoun's actor is its antecedent's, named by the antecedent's words; "the country" keeps its own
            ref = next(x for x in mentions if x.text == want["ref"])
            named = ref.actor.name or ref.actor.entity_text if m.kind == "pronoun" else ref.actor.name
            assert m.actor == dataclasses.replace(ref.actor, entity_text=m.text, name=named)
    for text in case.get("absent") or []:
        assert text not in by_text


def test_mentions_are_sorted_and_disjoint_on_every_case(stage, vocab):
    for case in CASES:
        mentions = stage.mentions(parsed(vocab, case), PUBLISHED)
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:])), case["id"]


def _cand(start: int, *, named: Named | None = None, role: RoleNoun | None = None) -> Cand:
    return Cand(start, start + 1, start, named=named, role=role)


def test_role_chain_is_what_its_head_is_and_a_title_what_it_begins_with():
    government = RoleNoun(("government",), "GOV", False)
    forces = RoleNoun(("forces",), "MIL", False)
    iran = _cand(0, named=Named("adjective", "Iran", country="IRN"))
    chain = [_cand(1, role=government), _cand(2, role=forces)]
    assert combine(chain, [iran], PUBLISHED)[:3] == ("IRN", "MIL", "IRNMIL")
    assert combine(chain, [iran], PUBLISHED, title=True)[:3] == ("IRN", "GOV", "IRNGOV")


def test_organisation_modifier_gives_its_code_and_a_generic_role_keeps_the_sector():
    nato = Named("alias", "NATO", country="IGO", code="NATO")
    spokesman = RoleNoun(("spokesman",), "GOV", True)
    coded = combine([_cand(1, role=spokesman)], [_cand(0, named=nato)], PUBLISHED)
    assert (coded.country, coded.code, coded.name) == ("IGO", "NATO", "NATO")


def test_partially_recognised_place_gives_pre_when_nothing_else_does():
    abkhaz = Named("adjective", "Abkhaz", country="GEO", sector="PRE")
    head = RoleNoun(("head",), None, True)
    assert combine([_cand(1, role=head)], [_cand(0, named=abkhaz)], PUBLISHED)[:3] == ("GEO", "PRE", "GEOPRE")
