"""What the parse says around a candidate: its modifiers, whether a place acts, where a phrase begins."""

from __future__ import annotations

from eventwire.stages.actors.match import Cand
from eventwire.stages.actors.resolution import Resolution
from eventwire.stages.actors.rules import Rules

# Labels inside a noun phrase's own words (what "Houthi-run" or "the" are not).
OUTSIDE_PHRASE_DEPS = frozenset({"cc", "conj", "punct", "prep", "det", "predet", "nummod", "quantmod"})


def acting(token, rules: Rules, depth: int = 0) -> bool:
    """Whether a place name acts: subject, object, agent or possessor of something."""
    dep = token.dep_
    if dep == "dobj" and token.head.lemma_.lower() in rules.place_verbs:
        return False
    if dep in rules.acting_deps:
        return True
    if dep == "pobj" and token.head.lower_ in rules.acting_preps:
        return True
    if dep == "pobj" and token.head.lower_ in rules.aim_preps:
        # "fired at Seoul", "launched missiles at Kyiv": a target.
        up = token.head.head
        return up.lemma_.lower() in rules.aim_verbs or (up.dep_ == "dobj" and up.head.lemma_.lower() in rules.aim_verbs)
    if dep == "pobj" and token.head.lower_ in rules.party_preps and token.head.head.lemma_.lower() in rules.party_nouns:
        # "support for Seoul", "sanctions on Moscow", "aid to Kyiv": who a relation is with, not where
        return True
    if dep == "conj" and depth < 4:
        return acting(token.head, rules, depth + 1)
    return False


def modifiers(res: Resolution, head, role_sector_located: bool) -> list[Cand]:
    """Candidates that modify a noun: adjectives, compounds, possessors, "of X"."""
    rules = res.t.rules
    found: list[Cand] = []
    stack = [(c, 0) for c in head.children]
    while stack:
        tok, depth = stack.pop()
        dep = tok.dep_
        if dep in rules.modifier_deps:
            c = res.cand_of(tok)
            if c is not None and c.head == tok.i and not c.person:
                found.append(c)
            if depth < 2:
                stack.extend((ch, depth + 1) for ch in tok.children if ch.dep_ in rules.modifier_deps or ch.dep_ == "case")
        elif dep == "prep" and depth == 0 and (
            tok.lower_ in rules.country_preps or (role_sector_located and tok.lower_ in rules.located_preps)
        ):
            found.extend(prepositional(res, tok))
    found.sort(key=lambda c: c.start)
    return found


def prepositional(res: Resolution, prep) -> list[Cand]:
    """The named thing or role an "of"/"for"/"in" phrase gives a noun."""
    found: list[Cand] = []
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        c = res.cand_of(obj)
        if c is not None and c.named is not None and c.head == obj.i:
            found.append(c)
        elif c is not None and c.role is not None and c.head == obj.i:
            # "a spokesman for the Nigerian army": the army and its country
            found.append(c)
            found.extend(m for m in modifiers(res, obj, False) if m is not c)
    return found


def left_start(head, start: int, rules: Rules) -> int:
    """Where a noun phrase's modifiers begin: left over its own words, not across "and" or commas."""
    doc = head.doc
    i = start - 1
    edge = head.left_edge.i
    while i >= edge and _inside_phrase(doc[i], rules):
        i -= 1
    return i + 1


def _inside_phrase(tok, rules: Rules) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.text == "-" or (tok.like_num and nxt is not None and nxt.text == "-"):
        return True  # "Houthi-run", "35-year-old"
    if tok.like_num or tok.lower_ in rules.articles:
        return False
    return tok.dep_ not in OUTSIDE_PHRASE_DEPS


def compounds_only(res: Resolution, start: int, head: int) -> bool:
    """True if every token from ``start`` up to ``head`` is a compound of it ("Israeli [air] strikes")."""
    doc = res.doc
    return head >= start and all(doc[k].dep_ == "compound" and doc[k].head.i == head and k not in res.at
                                 for k in range(start, head))
