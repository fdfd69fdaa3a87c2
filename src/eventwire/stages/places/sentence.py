"""Places: the sentence's place for an event that has no place of its own.

A place in the sentence belongs to the first verb (or event noun) above it in
the parse: its *anchor*. An event takes a place anchored on its own clause
verb or on a verb joined to it ("was shot and killed in X"); then one anchored
on a verb its clause hangs from, when the place is fronted ("In X, police said
they arrested ..."), or when the event is a participle with no subject after that
verb's clause ("hit a bus in X, killing eight"); then a town, a region or a named
place the gazetteer lacks of a clause under its own that says when or what for
("were killed when gunmen fired near X"). A place anchored on another event's
trigger is that event's, never this one's, unless a word such as "when" opens
that event's clause under this one, or this one's under that one ("clashed in X
when a bystander was killed"; ``same_place_marks``); only a
place a location preposition leads to counts, since a subject or an object is
a party, not a place. An "-ing" phrase under a location, target or scene
preposition sets the scene of the clause above it, so its places are that
clause's ("fired on people crowding around a convoy in X"); under any other
preposition it tells a deed of its own ("arrested for robbing a shop in X").
"""

from __future__ import annotations

from collections.abc import Collection

from eventwire.knowledge.places import Linking
from eventwire.stages.places.mentions import PlaceMention, fineness, inside, says_whose

# A verb that describes a noun ("the town controlled by rebels") is no clause of its own.
_MODIFIER_DEPS = ("amod", "acl", "compound")
MAX_CLIMB = 12
_BELOW_DEPS = ("advcl", "xcomp")
_PARTICIPLE_DEPS = ("advcl", "xcomp", "conj")


def sentence_place(trigger, by_token: dict[int, PlaceMention], triggers: Collection[int],
                   clause, lk: Linking) -> PlaceMention | None:
    """The place of the trigger's sentence that the event may take, or None (see the module doc)."""
    joined = joined_verbs(clause) | joined_verbs(trigger) | {trigger.i}
    triggers = {*triggers, trigger.i}
    above = _above(clause, joined)
    # "clashed with police in X when a bystander was killed": a clause of the same time and place shares its host's place
    hosts = {i for v in joined if same_place_advcl(trigger.doc[v], lk.same_place_marks)
             for i in joined_verbs(trigger.doc[v].head)}
    sent = trigger.sent
    seen: dict[int, PlaceMention] = {}
    for i, m in by_token.items():
        if sent.start <= i < sent.end and m.place is not None:
            seen[id(m)] = m
    ranked: list[tuple[int, int, PlaceMention]] = []
    for m in seen.values():
        if _qualifies(m, trigger.doc, lk.ground_nouns):
            continue
        anchor, prep = _anchor(trigger.doc[m.head], triggers, lk)
        if anchor is None or prep is None:
            continue
        if anchor.i in joined:
            rank = 0
        elif anchor.i in above and anchor.i not in triggers and prep.i < anchor.i:  # fronted: "In X, ..."
            rank = 1
        elif anchor.i == clause.head.i and participle(clause, lk.aiming_verbs):  # "hit a bus in X, killing eight"
            rank = 1
        elif _below(anchor, joined) and _not_country(m, trigger.doc, lk.settlement_nouns) and (
                anchor.i not in triggers or same_place_clause(anchor, lk.same_place_marks)):
            rank = 2
        elif anchor.i in hosts and _not_country(m, trigger.doc, lk.settlement_nouns):
            rank = 2
        else:
            continue
        ranked.append((rank, abs(m.head - trigger.i), m, prep.i))
    return _finest_of_best(ranked)


def _finest_of_best(ranked: list[tuple[int, int, PlaceMention, int]]) -> PlaceMention | None:
    """The nearest place of the best rank, or a finer place of that rank inside it or named by the
    same location phrase ("in Syria's Hasakah city" is Hasakah, not Syria; "in Mogadishu's Wadajir
    district" is Wadajir)."""
    if not ranked:
        return None
    rank, _, best, phrase = min(ranked, key=lambda r: r[:2])
    finer = [m for r, _, m, p in ranked
             if r == rank and (inside(m, best) or (p == phrase and fineness(m) > fineness(best)))]
    return max(finer, key=fineness) if finer else best


def _anchor(tok, triggers: Collection[int], lk: Linking):
    """The first verb or event trigger above a place's head, and the location preposition on the way.

    Only a place some location preposition leads to counts: a subject, an object or a
    name's qualifier ("US-led forces") is a party, not where the event happened. A place
    under a preposition of earlier time ("since the start of the war in X") is where what
    came before happened, and counts for nothing; "over" or "above" leads to a place right
    before it or through a noun of ground ("shot down over X", "flew over the skies of X"), and only
    from a verb, an event or ground (:func:`_spatial`).
    """
    prep, place = None, tok
    for _ in range(MAX_CLIMB):
        if tok.head.i == tok.i:
            return None, None
        below, tok = tok, tok.head
        if tok.dep_ == "prep" and tok.lower_ in lk.earlier_preps:
            return None, None
        if tok.dep_ == "prep" and (tok.lower_ in lk.location_preps or of_a_location_word(tok, lk) or (
                tok.lower_ in lk.surface_preps and _spatial(tok.head, triggers, lk.ground_nouns)
                and (below.i == place.i or below.lemma_.lower() in lk.ground_nouns))):
            prep = tok
        if tok.i in triggers or (tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _MODIFIER_DEPS
                                 and not _scene(tok, lk)):
            return tok, prep
    return None, None


def _scene(verb, lk: Linking) -> bool:
    """Whether a verb is the "-ing" of a phrase that sets the scene of the clause above it ("killed during
    shelling in X", "fired on people crowding around a convoy in X"), not a deed of its own
    ("arrested for robbing a shop in X")."""
    prep = verb.head.lower_
    return verb.dep_ == "pcomp" and (prep in lk.scene_preps or prep in lk.location_preps or prep in lk.target_preps)


def of_a_location_word(tok, lk: Linking) -> bool:
    """Whether a preposition is the "of" of a location word the parser took for an adverb ("inside of X")."""
    return tok.lower_ == "of" and tok.head.dep_ == "advmod" and tok.head.lower_ in lk.adverb_location_words


def _spatial(head, triggers: Collection[int], ground_nouns: Collection[str]) -> bool:
    """Whether an "over" under ``head`` says where: under a verb, an event noun or a noun of ground
    ("a no-fly zone over X"); under another noun it is most often a topic ("a rift over X")."""
    return head.pos_ in ("VERB", "AUX") or head.i in triggers or head.lemma_.lower() in ground_nouns


def joined_verbs(verb) -> set[int]:
    """The verb and the verbs joined to it by "and" ("shot and killed"), both ways."""
    out = {verb.i}
    tok = verb
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
        out.add(tok.i)
    stack = [tok]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    return out


def _not_country(m: PlaceMention, doc, settlement_nouns: Collection[str]) -> bool:
    """A town, a region or a named place the gazetteer lacks, not a country (too coarse to lend)
    nor a lacking name that only says whose a noun is (:func:`.mentions.says_whose`)."""
    if m.entry is None:
        return not says_whose(m, doc, settlement_nouns)
    return m.entry.kind != "country"


def _qualifies(m: PlaceMention, doc, ground_nouns: Collection[str]) -> bool:
    """Whether a country only says whose a thing is ("the U.S. police", "Mexico's football team"):
    a country that qualifies a noun other than one of ground ("Nepal's capital") is no place."""
    if m.entry is None or m.entry.kind != "country":
        return False
    head = doc[m.head]
    return head.dep_ in ("poss", "compound", "amod", "nmod") and head.head.lemma_.lower() not in ground_nouns


def participle(verb, aiming: Collection[str]) -> bool:
    """Whether a verb is a participle with no subject of its own hanging off another clause
    ("..., killing eight"): what it tells happened where that clause did. A participle of aiming
    ("..., targeting Y") tells what was aimed at, which may lie elsewhere."""
    return (verb.dep_ in _PARTICIPLE_DEPS and verb.tag_ in ("VBG", "VBN") and verb.lemma_.lower() not in aiming
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))


def same_place_clause(verb, marks: Collection[str], deps: Collection[str] = ("mark",)) -> bool:
    """Whether a clause says what happened at the same time and place as the one it hangs on ("were killed
    when a bomb exploded in X"), so its place is that clause's event's even when it is an event too. ``deps``
    says how the word may open it: as a conjunction, or also as the adverb "when" the parser often makes of it."""
    return any(c.dep_ in deps and c.lower_ in marks for c in verb.children)


def same_place_advcl(verb, marks: Collection[str]) -> bool:
    """Whether a verb is an adverbial clause of the same time and place as the one it hangs on, opened by
    "when", "as" or "while" as a conjunction or as the adverb the parser often makes of it."""
    return verb.dep_ == "advcl" and same_place_clause(verb, marks, ("mark", "advmod"))


def _below(verb, joined: set[int]) -> bool:
    """Whether a verb heads a clause of time or purpose under the event's own clause."""
    return verb.dep_ in _BELOW_DEPS and verb.head.i in joined


def _above(clause, joined: set[int]) -> set[int]:
    """The verbs the clause hangs from, up to the root of the sentence, and the verbs joined to them."""
    out: set[int] = set()
    tok = clause
    for _ in range(MAX_CLIMB):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.i not in joined:
            out |= joined_verbs(tok)
    return out
