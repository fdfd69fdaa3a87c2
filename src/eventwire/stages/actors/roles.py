"""Role nouns with the country and organisation of their modifiers ("Iranian police",
"a spokesman for the Nigerian army", "Russian and Ukrainian officials")."""

from __future__ import annotations

import datetime as dt

from eventwire.records import NON_STATE, Actor, actor_code
from eventwire.stages.actors.match import Cand
from eventwire.stages.actors.resolution import Coded, Resolution, named_actor
from eventwire.stages.actors.syntax import left_start, modifiers

# Modifiers that can be coordinated into one mention per country.
COORDINABLE = frozenset({"adjective", "country"})
ORG_KINDS = ("alias", "dictionary")
# Dependencies by which a role word modifies the next one ("foreign ministry spokesman").
CHAIN_DEPS = ("compound", "amod")


def combine(roles: list[Cand], mods: list[Cand], on: dt.date | None, title: bool = False) -> Coded:
    """Country, sector, code and organisation name from a role chain and its modifiers, on a date."""
    org = next((m for m in mods if m.named is not None and m.named.kind in ORG_KINDS), None)
    place = next((m for m in mods if m.named is not None and m.named.kind not in (*ORG_KINDS, "anaphor")), None)
    mod_roles = [m for m in mods if m.role is not None and m.role.sector]
    country = sector = code = name = None
    if org is not None:
        country, sector, code, name = named_actor(org.named, on)
    elif place is not None:
        country = place.named.country
    specific = [r.role for r in roles if not r.role.generic and r.role.sector]
    # A noun phrase is what its head is ("government forces" MIL); a title
    # string before a name is what it begins with ("Supreme Leader Ayatollah").
    main = (specific[0] if title else specific[-1]) if specific else None
    if main is not None:
        sector = main.sector if not (org is not None and sector and main.generic) else sector
    elif mod_roles:
        sector = mod_roles[0].role.sector
    elif org is None:
        sector = next((r.role.sector for r in roles if r.role.sector), None)
    if place is not None and place.named.sector == "PRE" and sector is None:
        sector = "PRE"
    if org is None or country not in NON_STATE or code is None:
        code = actor_code(country, sector) if country not in NON_STATE else (code or country)
    return Coded(country, sector, code, name)


def resolve_roles(res: Resolution) -> None:
    """Emit a mention for each role noun phrase that codes to a country or sector."""
    doc = res.doc
    seen: dict[tuple[str, ...], set[str]] = {}  # role words -> countries they had earlier
    for r in res.roles:
        h = doc[r.head]
        if h.dep_ in ("compound", "amod", "nmod") and not (r.start <= h.head.i < r.end):
            continue  # a modifier: of another role, of a name (a title), or of a thing ("police custody")
        chain = _chain(res, r)
        located = bool(r.role.sector in res.t.located)
        mods = [m for m in modifiers(res, h, located) if m not in chain]
        mods += [m for c in chain[:-1] for m in modifiers(res, doc[c.head], located) if m not in chain]
        mods.sort(key=lambda c: c.start)
        country, sector, code, name = combine(chain, mods, res.on)
        if (country is None and sector is None) or (country is None and r.role.needs_country):
            continue
        start = left_start(h, chain[0].start, res.t.rules)
        coordinated = _coordinated(res, r, chain, mods)
        if coordinated is not None:
            start = coordinated.start
            country, sector, code, name = combine(chain, _own(mods, coordinated), res.on)
        for c in (*mods, *chain):
            c.used = True
        r.used = True
        one = h.tag_ in ("NN", "NNP") and h.lemma_.lower() in res.t.rules.person_nouns
        gender = res.t.rules.gender.get(h.lemma_.lower()) if one else None
        kind = "role"
        earlier = seen.get(r.role.words, set())
        if country is None and len(earlier) == 1 and any(ch.lower_ == "the" for ch in h.children):
            # "the Shah" after "the Shah of Iran": the same one, when only one was named.
            country = next(iter(earlier))
            code, kind = actor_code(country, sector), "coref"
        elif country is not None:
            seen.setdefault(r.role.words, set()).add(country)
        res.emit(start, r.end, Actor(code, country, sector, name=name), kind, role=r.role, person=one, gender=gender)


def _chain(res: Resolution, r: Cand) -> list[Cand]:
    """The role compounds just before a role's head, and the role: "foreign ministry spokesman"."""
    doc = res.doc
    chain = [r]
    for c in reversed(res.roles):
        if c.end == chain[0].start and doc[c.head].head.i == r.head and doc[c.head].dep_ in CHAIN_DEPS:
            chain.insert(0, c)
    return chain


def _coordinated(res: Resolution, r: Cand, chain: list[Cand], mods: list[Cand]) -> Cand | None:
    """Emit one mention per country or organisation but the last of "Russian and Ukrainian officials" or "UK and EU
    negotiators"; return the last.

    The last conjunct keeps the noun; None when the modifiers are no such list. A list is of countries, or of
    countries and organisations joined by "and" ("UK and EU"), never an organisation beside an uncoordinated country.
    """
    place = next((m for m in mods if m.named is not None and m.named.kind in (*COORDINABLE, *ORG_KINDS)), None)
    if place is None:
        return None
    with_orgs = any(m.named is not None and m.named.kind in ORG_KINDS for m in mods)
    conjs = conjoined(res, place, r.start, with_orgs) or listed(res, place, mods, res.doc[r.head], with_orgs)
    if not conjs:
        return None
    for c in (place, *conjs[:-1]):
        c.used = True
        country, sector, code, name = combine(chain, _own(mods, c), res.on)
        res.emit(c.start, c.end, Actor(code, country, sector, name=name), "role", role=r.role)
    return conjs[-1]


def _own(mods: list[Cand], conjunct: Cand) -> list[Cand]:
    """The modifiers one conjunct of a list shares with the noun: itself and the modifiers that name nothing."""
    return [conjunct, *(m for m in mods if m.named is None)]


def conjoined(res: Resolution, first: Cand, before: int, with_orgs: bool = False) -> list[Cand]:
    """Countries coordinated with a modifier ("Russian and Ukrainian"), in order, ending before ``before``;
    organisations too with ``with_orgs`` ("UK and EU")."""
    kinds = (*COORDINABLE, *ORG_KINDS) if with_orgs else COORDINABLE
    out: list[Cand] = []
    tok = res.doc[first.head]
    while True:
        nxt = next((ch for ch in tok.children if ch.dep_ == "conj"), None)
        c = res.cand_of(nxt) if nxt is not None else None
        if c is None or c.named is None or c.named.kind not in kinds or c.end > before or c.named.country is None:
            return out
        out.append(c)
        tok = nxt


def listed(res: Resolution, first: Cand, mods: list[Cand], head, with_orgs: bool = False) -> list[Cand]:
    """Countries that modify the same noun as ``first`` in a list ("French, German and Italian"); organisations too
    with ``with_orgs`` ("UK and EU")."""
    kinds = (*COORDINABLE, *ORG_KINDS) if with_orgs else COORDINABLE
    doc = res.doc
    out: list[Cand] = []
    prev = first
    for m in mods:
        if m.start <= first.start or m.named is None or m.named.kind not in kinds or m.named.country is None:
            continue
        if doc[m.head].head.i != head.i or not all(doc[k].is_punct or doc[k].dep_ == "cc" for k in range(prev.end, m.start)):
            break
        if m.start == prev.end:
            break  # "South Korean": one name, not a list
        out.append(m)
        out.extend(conjoined(res, m, head.i, with_orgs))
        prev = out[-1]
    return out
