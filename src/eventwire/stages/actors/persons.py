"""Persons with the title, country and standing the article gives them: "White House press
secretary Karine Jean-Pierre", "Mahsa Amini, 22", "Venezuela's Maduro"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.records import NON_STATE, Actor, Mention, actor_code
from eventwire.stages.actors.match import Cand
from eventwire.stages.actors.resolution import Found, Resolution
from eventwire.stages.actors.roles import combine
from eventwire.stages.actors.rules import Rules
from eventwire.stages.actors.syntax import modifiers
from eventwire.stages.actors.tables import dictionary_actor

AGE = re.compile(r"^\d{1,2}$")
AGE_WORD = re.compile(r"^\d{1,2}-year-old$")
# Kinds of named modifier a person's title leaves free to be a mention of its own.
OWN_MENTION_KINDS = ("alias", "country", "dictionary")
PLACE_OF_SENTENCE = ("country", "adjective", "people", "capital", "city")

#: Later, shorter names of a person: first word -> (words, where the full name ends, its mention).
Names = dict[str, list[tuple[tuple[str, ...], int, Mention]]]


@dataclass(slots=True)
class Description:
    """What the text says about a person where they are named."""

    roles: list[Cand]  # a title before the name
    names: list[Cand]  # a country or organisation in or before that title
    appos_roles: list[Cand]  # a role set beside the name
    appos_names: list[Cand]
    near: tuple[str, ...]  # the title's words and the word before the name, in text order
    age: int | None

    @property
    def all_roles(self) -> list[Cand]:
        return self.roles + self.appos_roles


def resolve_persons(res: Resolution) -> Names:
    """Emit a mention for each person; return their later, shorter names for :func:`scan_surnames`."""
    known: dict[str, Found] = {}
    names: Names = {}
    persons = list(res.persons) + [c for c in res.named if c.named.kind == "dictionary" and c.named.is_person()]
    persons.sort(key=lambda c: c.start)
    for p in persons:
        desc = describe(res, p)
        key = res.text(p.start, p.end).lower()
        actor, gender = _code_person(res, p, desc, known.get(key) or _by_surname(known, key))
        for c in (*desc.roles, *desc.names, *desc.appos_roles, *desc.appos_names):
            if c.named is None or c.named.kind not in OWN_MENTION_KINDS:
                c.used = True
        rules = res.t.rules
        young = (desc.age is not None and desc.age < rules.young_age) or not rules.young.isdisjoint(desc.near)
        found = res.emit(p.start, p.end, actor, "dictionary" if p.named is not None else "person",
                         person=True, gender=gender, young=young and actor.sector == "CVL")
        p.used = True
        known.setdefault(key, found)
        _index_names(res, p, found, names, known)
    return names


def describe(res: Resolution, p: Cand) -> Description:
    """The title, apposition, nearby words and age of a person candidate."""
    roles, names = title_chain(res, p)
    appos_roles, appos_names = appositive(res, p)
    near = [res.doc[k].lower_ for r in roles + appos_roles for k in range(r.start, r.end)]
    if p.start > 0:
        near.append(res.doc[p.start - 1].lower_.rstrip("."))
    return Description(roles, names, appos_roles, appos_names, tuple(dict.fromkeys(near)),
                       age(res.doc, p, res.t.rules))


def _code_person(res: Resolution, p: Cand, desc: Description, prior: Found | None) -> tuple[Actor, str | None]:
    """The actor and gender of a person: what the text says here, then before, then the dictionary."""
    rules = res.t.rules
    gender = next((rules.gender[w] for w in desc.near if w in rules.gender), None)
    country = sector = title = code = None
    name = res.text(p.start, p.end)
    if desc.all_roles or desc.names:
        mods = sorted(desc.names + desc.appos_names, key=lambda c: c.start) + _chain_mods(res, desc.all_roles)
        country, sector, code, _org = combine(desc.all_roles, mods, res.on, title=True)
        title = " ".join(res.doc[k].lower_ for r in (desc.roles or desc.appos_roles) for k in range(r.start, r.end)) or None
    private = desc.age is not None or not rules.private.isdisjoint(desc.near)
    if prior is not None and country in (None, prior.mention.actor.country) and sector in (None, prior.mention.actor.sector):
        before = prior.mention.actor
        country, sector = before.country, before.sector
        title, name = title or before.title, before.name
        gender = gender or prior.gender
    elif p.named is not None:
        d_country, d_sector, _code, _name = res.named_actor(p.named)
        if country in (None, d_country) and sector in (None, d_sector):
            country, sector = d_country, d_sector
            title = title or dictionary_actor(p.named, res.on)[2]
        name = p.named.name
    if private and sector in (None, "CVL"):
        sector = "CVL"
        if country is None:
            country = sentence_country(res, p.head)
    code = actor_code(country, sector) if country not in NON_STATE else (code or country)
    return Actor(code, country, sector, name=name, title=title), gender


def _index_names(res: Resolution, p: Cand, found: Found, names: Names, known: dict[str, Found]) -> None:
    """Record the surname and the name without its first word, for later mentions of the person."""
    words = [res.doc[k].lower_ for k in range(p.start, p.end)]
    # The name without its first word, then the surname alone: a fixed order, so
    # that of two earlier persons with one surname the same one is found.
    for tail in dict.fromkeys((tuple(words[1:]), tuple(words[-1:]))) if len(words) > 1 else ():
        if tail and tail[0].isalpha() or (tail and tail[0][0].isalpha()):
            names.setdefault(tail[0], []).append((tail, p.end, found.mention))
            known.setdefault(" ".join(tail), found)


def _by_surname(known: dict[str, Found], key: str) -> Found | None:
    return known.get(key.split()[-1]) if key else None


def _chain_mods(res: Resolution, roles: list[Cand]) -> list[Cand]:
    mods = []
    for r in roles:
        mods += [m for m in modifiers(res, res.doc[r.head], True) if m.role is None]
    return mods


def title_chain(res: Resolution, p: Cand) -> tuple[list[Cand], list[Cand]]:
    """Roles and names strung before a person's name."""
    doc = res.doc
    roles: list[Cand] = []
    names: list[Cand] = []
    i = p.start - 1
    while i >= 0:
        c = res.cand_of(doc[i])
        if c is not None and not c.person and not (c.named is not None and c.named.kind == "dictionary"
                                                      and c.named.is_person()):
            (roles if c.role is not None else names).insert(0, c)
            i = c.start - 1
            continue
        if doc[i].lower_ in res.t.rules.title_glue or doc[i].text in res.t.rules.possessives:
            i -= 1
            continue
        break
    if not roles:
        # With no title, only a country or organisation right before the
        # name says whose it is ("Venezuela's Maduro", "Iranian Mahsa Amini").
        names = names[-1:] if names and names[-1].end >= p.start - 1 else []
    return roles, names


def appositive(res: Resolution, p: Cand) -> tuple[list[Cand], list[Cand]]:
    """A role set beside the name: "Karine Jean-Pierre, the press secretary"."""
    doc = res.doc
    head = doc[p.head]
    tokens = [ch for ch in head.children if ch.dep_ == "appos"]
    if head.dep_ == "appos":
        tokens.append(head.head)
    for tok in tokens:
        c = res.cand_of(tok)
        if c is not None and c.role is not None and c.head == tok.i:
            chain = [c] + [x for x in res.roles if x is not c and doc[x.head].head.i == c.head
                           and doc[x.head].dep_ in ("compound", "amod")]
            mods = [m for m in modifiers(res, tok, True) if m not in chain]
            return chain, mods
    return [], []


def age(doc, p: Cand, rules: Rules) -> int | None:
    """The age the text gives a person: "Mahsa Amini, 22", "the 22-year-old Mahsa Amini"."""
    head = doc[p.head]
    for ch in head.children:
        if ch.dep_ in rules.age_deps and AGE.match(ch.text):
            return int(ch.text)
    for i in range(max(0, p.start - 7), p.start):
        tok = doc[i]
        if AGE.match(tok.text) and i + 1 < len(doc):
            rest = "".join(t.text for t in doc[i + 1 : min(p.start, i + 5)]).lower()
            if rest.startswith(rules.age_suffixes):
                return int(tok.text)
        if AGE_WORD.match(tok.text):
            return int(tok.text.split("-")[0])
    return None


def sentence_country(res: Resolution, token_index: int) -> str | None:
    """The one country the sentence of a token names, or None if it names none or several."""
    sent = res.doc[token_index].sent
    found = {c.named.country for c in res.named
             if sent.start <= c.start < sent.end and c.named.kind in PLACE_OF_SENTENCE and c.named.country}
    return found.pop() if len(found) == 1 else None
