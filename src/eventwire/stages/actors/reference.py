"""In-document reference: "the country", later surnames, he/she/it/they, "the youngster",
"the two countries", "the latter", each to the most recent actor that fits."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from eventwire.records import Actor
from eventwire.stages.actors.match import scan_surnames
from eventwire.stages.actors.persons import Names
from eventwire.stages.actors.resolution import Found, Resolution
from eventwire.stages.actors.tables import Named

# Pronoun classes (anaphora.yaml) that point to organisations and countries.
GROUP_PRONOUNS = frozenset({"neuter", "plural"})
# Anaphor targets that take the most recent mention with one flag set.
FLAG_OF_TARGET = {"country": "country", "young": "young", "person": "person", "organization": "org"}


@dataclass(frozen=True, slots=True)
class Group:
    """Several actors referred to at once ("the two countries")."""

    members: tuple[Actor, ...]


@dataclass(frozen=True, slots=True)
class Reference:
    """A pronoun or anaphoric phrase to resolve: tokens, kind (pronoun, coref) and target."""

    start: int
    end: int
    kind: str
    target: str


def bind_country_anaphors(res: Resolution) -> None:
    """Make "the country" the country last named, before roles use it ("the country's junta")."""
    for c in res.named:
        if c.named.kind != "anaphor" or c.named.target != "country":
            continue
        limit = res.window_start(c.start, res.t.rules.reference_window)
        prev = [x for x in res.named if limit <= x.start and x.end <= c.start and x.named.kind in ("country", "capital")]
        if prev:
            x = prev[-1].named
            c.named = Named("country", x.name, country=x.country, sector=x.sector if x.kind == "country" else None)
            c.anaphor = True


def resolve_surnames(res: Resolution, names: Names) -> None:
    """Later, shorter mentions of persons named earlier take their actor ("Jean-Pierre")."""
    for c in scan_surnames(res.doc, names, res.taken()):
        res.emit(c.start, c.end, c.ref.actor, "coref", person=True, ref=c.ref)


def references(res: Resolution) -> list[Reference]:
    """The pronouns and unbound anaphors of the Doc, in order."""
    refs: list[Reference] = []
    for tok in res.doc:
        g = res.t.rules.pronouns.get(tok.lower_)
        if not g or tok.pos_ != "PRON":
            continue
        if g in GROUP_PRONOUNS:
            # "It is expected that ...", "it seems": no one.
            if tok.dep_ != "expl" and not (g == "neuter" and tok.head.lemma_.lower() in res.t.rules.empty_it_verbs):
                refs.append(Reference(tok.i, tok.i + 1, "pronoun", g))
        elif not (tok.dep_ == "poss" or tok.tag_ == "PRP$"):
            refs.append(Reference(tok.i, tok.i + 1, "pronoun", g))
    for c in res.named:
        if c.named is not None and c.named.kind == "anaphor" and not c.used:
            refs.append(Reference(c.start, c.end, "coref", c.named.target))
    refs.sort(key=lambda r: (r.start, r.end, r.kind, r.target))
    return refs


def resolve_reference(res: Resolution) -> None:
    """Pronouns and anaphoric noun phrases, to the most recent fitting actor."""
    res.found.sort(key=lambda f: f.mention.start)
    for ref in references(res):
        found = antecedent(res, ref)
        if isinstance(found, Group):
            # "the two countries": both, as members of one mention.
            res.emit(ref.start, ref.end, Actor(None, None), ref.kind, found.members, country=True)
        elif found is not None:
            if ref.kind == "pronoun" and found.gender is None:
                found.gender = ref.target
            # "Slovakia says it will not accept ...": the actor of "it" is named Slovakia
            words = found.mention.actor.entity_text if ref.kind == "pronoun" else None
            res.emit(ref.start, ref.end, found.mention.actor, ref.kind, ref=found.mention, words=words)


def antecedent(res: Resolution, ref: Reference) -> Found | Group | None:
    """What a reference points back to, within the last few sentences, or None."""
    if ref.kind == "pronoun" and ref.target in GROUP_PRONOUNS:
        return group_antecedent(res, ref.start, ref.target)
    limit = res.window_start(ref.start, res.t.rules.reference_window)
    before = [f for f in res.found if f.mention.start < ref.start and f.mention.end <= ref.start
              and f.mention.start >= limit]
    if ref.kind == "pronoun":
        return next((f for f in reversed(before) if f.person and f.gender in (None, ref.target)
                     and f.mention.kind != "pronoun" and not clause_subject(res.doc[ref.start], f.mention.head)), None)
    if ref.target in FLAG_OF_TARGET:
        flag = FLAG_OF_TARGET[ref.target]
        return next((f for f in reversed(before) if getattr(f, flag)), None)
    if ref.target == "countries":
        return _two_countries(before)
    if ref.target in ("latter", "former"):
        return _of_pair(res, before, ref.target)
    return None


def _two_countries(before: list[Found]) -> Group | None:
    pair: dict[str, Actor] = {}
    for f in reversed(before):
        actor = f.mention.actor
        if f.country and actor.country and actor.country not in pair:
            pair[actor.country] = actor
            if len(pair) == 2:
                return Group(tuple(reversed(pair.values())))
    return None


def _of_pair(res: Resolution, before: list[Found], target: str) -> Found | None:
    """"The latter" / "the former": the second / first of the most recent coordinated pair."""
    for f in reversed(before):
        tok = res.doc[f.mention.head]
        if tok.dep_ == "conj":
            other = next((x for x in before if x.mention.start <= tok.head.i < x.mention.end), None)
            if other is not None:
                return f if target == "latter" else other
    if target == "latter" and before:
        return before[-1]
    return None


def group_antecedent(res: Resolution, start: int, target: str) -> Found | Group | None:
    """The one organisation or country (or, for "they", group) "it"/"they" can mean, else None.

    Candidates are the mentions of this sentence before the pronoun and of
    the sentence before; with two different actors among them it is left
    unresolved rather than guessed.
    """
    doc = res.doc
    sent_start = doc[start].sent.start
    limit = doc[sent_start - 1].sent.start if sent_start > 0 else 0
    fits = []
    for f in res.found:
        m = f.mention
        if not (limit <= m.start and m.end <= start) or m.kind == "pronoun" or f.person \
                or clause_subject(doc[start], m.head):
            continue
        plural = doc[m.head].tag_ in ("NNS", "NNPS")
        group = f.org or f.country or m.members
        if target == "neuter" and group and not plural:
            fits.append(f)
        elif target == "plural" and (group or (plural and f.role is not None)):
            fits.append(f)
    codes = {(f.mention.actor.code, f.mention.actor.name, f.mention.members) for f in fits}
    if len(codes) != 1 or (fits[0].mention.actor.country is None and not fits[0].mention.members
                           and fits[0].mention.kind != "organisation"):
        return None  # an unlisted organisation is one party all the same ("Farc said it will ...")
    last = fits[-1]
    return Group(last.mention.members) if last.mention.members else last


#: the dependencies of a pronoun that is acted on within its clause ("pardoned him", "gave them", "against it")
OBJECT_DEPS = ("dobj", "dative", "iobj", "pobj")


def clause_subject(pronoun: Token, head: int) -> bool:
    """True when token ``head`` is the subject of the clause the pronoun is an object in: an object
    pronoun is never its own clause's subject ("Kiir pardoned him": not Kiir; "Kiir agreed to pardon him")."""
    if pronoun.dep_ not in OBJECT_DEPS:
        return False
    verb = pronoun.head.head if pronoun.dep_ == "pobj" and pronoun.head.dep_ in ("prep", "dative") else pronoun.head
    while True:
        if any(c.i == head and c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return True
        if verb.dep_ != "xcomp" or verb.head.i == verb.i:
            return False
        verb = verb.head
