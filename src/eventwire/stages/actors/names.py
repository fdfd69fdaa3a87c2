"""Named things that are mentions of their own: organisations, countries, capitals and
cities that act, demonyms ("Iranians", "Hundreds of Sudanese", "Chinese hackers")."""

from __future__ import annotations

from eventwire.knowledge.places import load_places
from eventwire.records import Actor, actor_code
from eventwire.stages.actors.match import Cand
from eventwire.stages.actors.resolution import Resolution
from eventwire.stages.actors.syntax import acting, compounds_only, prepositional
from eventwire.stages.actors.tables import code_members

# Dependencies by which a demonym or adjective modifies a noun rather than standing alone.
MODIFYING_DEPS = ("amod", "compound", "nmod")


def resolve_names(res: Resolution) -> None:
    """Emit a mention for each named thing not yet part of another mention."""
    for c in res.named:
        if c.used or c.named is None:
            continue
        if c.named.kind == "anaphor" or (c.named.kind == "dictionary" and c.named.is_person()):
            continue
        _resolve_name(res, c)


def _resolve_name(res: Resolution, c: Cand) -> None:
    named = c.named
    kind = named.kind
    doc = res.doc
    tok = doc[c.head]
    rules = res.t.rules
    start = c.start
    if kind == "alias" and start > 0 and doc[start - 1].lower_ == "the" and not doc[start].is_upper:
        start -= 1
    country, sector, code, name = res.named_actor(named)
    if kind in ("alias", "dictionary"):
        res.emit(start, c.end, Actor(code, country, sector, name=name), kind,
                 code_members(named.code) if country is None else (), org=True)
    elif kind == "country":
        sector = named.sector or rules.bare_country_sector
        res.emit(start, c.end, Actor(actor_code(country, sector), country, sector),
                 "coref" if c.anaphor else "country", country=True)
    elif kind == "capital" and acting(tok, rules):
        res.emit(start, c.end, Actor(actor_code(country, "GOV"), country, "GOV"), "metonym", country=True)
    elif kind == "city" and acting(tok, rules):
        res.emit(start, c.end, Actor(actor_code(country, None), country, None), "metonym", country=True)
    elif kind == "people" and tok.dep_ not in MODIFYING_DEPS:
        if any(ch.dep_ == "amod" and ch.lower_ in rules.ethnic_words for ch in tok.children):
            country = _placed_in(res, tok)  # "ethnic Albanians in south Serbia": the people of Serbia
        res.emit(start, c.end, Actor(actor_code(country, "CVL"), country, "CVL"), "demonym")
    elif kind == "adjective" and tok.dep_ not in MODIFYING_DEPS and tok.pos_ in ("NOUN", "PROPN"):
        # "Hundreds of Sudanese": the adjective stands for the people.
        res.emit(start, c.end, Actor(actor_code(country, "CVL"), country, "CVL"), "demonym")
    elif kind == "adjective" and tok.dep_ in ("amod", "compound") and acting(tok.head, rules) \
            and tok.head.pos_ in ("NOUN", "PROPN") and compounds_only(res, c.end, tok.head.i):
        # "Chinese hackers targeted ...": of that country, in no sector the text names;
        # "Russian missiles struck ...": the weapon acts for the military.
        sector = named.sector
        if tok.head.lemma_.lower() in res.t.weapons and tok.head.dep_ in rules.weapon_deps:
            sector = "MIL"
        res.emit(start, tok.head.i + 1, Actor(actor_code(country, sector), country, sector), "demonym")


def _placed_in(res: Resolution, tok) -> str | None:
    """The country of the place an "in" phrase on ``tok`` names ("in south Serbia"), or None."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            return next((c.named.country for c in prepositional(res, prep) if c.named is not None and c.named.country),
                        None)
    return None


def resolve_organisations(res: Resolution, organisations: list[Cand]) -> None:
    """Emit a mention for each organisation the recogniser found that no table knows and no other
    mention covers ("Siemens", "the ACLU" when unlisted): a party of no known country or sector.
    One that only modifies a noun ("Amazon warehouses") names no party, and a place the recogniser
    took for an organisation ("troops to Crimea") is left to the places."""
    taken = res.taken()
    doc = res.doc
    for c in organisations:
        if any(taken[k] for k in range(c.start, c.end)) or doc[c.head].dep_ in MODIFYING_DEPS:
            continue
        text = res.text(c.start, c.end)
        if load_places().country_of(text) is None:
            res.emit(c.start, c.end, Actor(None, None, name=text), "organisation", org=True)
