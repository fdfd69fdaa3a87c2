"""Finding candidate actor spans in a parsed Doc: names from the lexicon,
role nouns, persons and the parser's own entities.

Every scan is one left-to-right pass over the tokens with dict lookups keyed
on a token's lower case (or lemma for role nouns); the longest phrase wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.records import Mention
from eventwire.stages.actors.rules import Rules
from eventwire.stages.actors.tables import RANK, STEM_KEY, Named, Phrase, RoleNoun, Tables
from eventwire.stages.docs import entities

# Kinds a person's name blocks ("Jordan Peterson" is no country).
PLACE_KINDS = frozenset({"country", "capital", "city", "adjective", "people"})
NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "X"})


@dataclass(slots=True)
class Cand:
    """A span that may name an actor, before it is resolved."""

    start: int
    end: int
    head: int
    named: Named | None = None
    role: RoleNoun | None = None
    person: bool = False
    used: bool = False  # absorbed into another mention (a modifier or title)
    anaphor: bool = False  # "the country", bound to the country named before it
    ref: Mention | None = None  # a later, shorter name: the mention of the full one


def span_head(doc, start: int, end: int) -> int:
    """The token of a span whose syntactic head lies outside it (its root)."""
    for i in range(end - 1, start - 1, -1):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return i
    return end - 1


def _cased(text: str, case: str) -> bool:
    if case == "upper":
        return text.isupper() or text.lower() == text.upper()
    if case == "title":
        return text[:1].isupper() or not text[:1].isalpha()
    if case == "lower":
        return not text[:1].isupper()
    return True


def _fits(lowers: list[str], texts: list[str], i: int, phrase: Phrase) -> bool:
    """True when the phrase's words, in their cases, start at token ``i`` (``lowers`` and ``texts`` are the
    Doc's words, lower-cased and as written)."""
    n = len(phrase.words)
    if i + n > len(texts):
        return False
    last = n - 1 if phrase.stem else n
    words, cases = phrase.words, phrase.cases
    for k in range(last):
        if lowers[i + k] != words[k] or not _cased(texts[i + k], cases[k]):
            return False
    if phrase.stem:
        text = texts[i + last]
        return lowers[i + last].startswith(words[last]) and text.isalpha() and _cased(text, cases[last])
    return True


def scan_named(doc, tables: Tables) -> list[Cand]:
    """Longest lexicon matches, left to right, checked for case and entity labels."""
    out: list[Cand] = []
    n = len(doc)
    texts = [t.text for t in doc]
    lowers = [t.lower() for t in texts] + [""]
    multi, single = tables.multi, tables.single
    stem_multi, stem_single = tables.stem_multi, tables.stem_single
    layer = tables.layer
    if layer is not None:
        pending = layer.pending
        for low in [w for w in set(lowers) if w in pending]:
            layer.reveal(tables, low)
    i = 0
    while i < n:
        hit = None
        low = lowers[i]
        # The first fitting phrase of each bucket (each is sorted longest
        # first); of those the longest wins, then the higher-ranked source, so
        # a user dictionary's stem "KUWAIT" beats the shipped "Kuwait".
        for bucket in (multi.get((low, lowers[i + 1])), stem_multi.get(low), single.get(low),
                       stem_single.get(low[:STEM_KEY])):
            if bucket:
                for phrase in bucket:
                    if (hit is None or len(phrase.words) > len(hit.words)
                            or (len(phrase.words) == len(hit.words) and RANK[phrase.named.kind] > RANK[hit.named.kind])):
                        if _fits(lowers, texts, i, phrase) and _confirmed(doc, i, phrase, tables.rules.confirming_entities):
                            hit = phrase
                            break
                    elif len(phrase.words) < len(hit.words):
                        break
        if hit is None:
            i += 1
            continue
        end = i + len(hit.words)
        out.append(Cand(i, end, span_head(doc, i, end), named=hit.named))
        i = end
    return out


def _confirmed(doc, i: int, phrase: Phrase, confirming: frozenset[str]) -> bool:
    named = phrase.named
    first = doc[i]
    n = len(phrase.words)
    if named.kind != "anaphor" and first.ent_type_ == "PERSON":
        # Inside a longer name it names something else ("Jordan Peterson" is
        # no country, "Greg Abbott" no Tony Abbott); a "person" that is exactly
        # a country's name ("Mali ended ...") is the recogniser's slip.
        after = doc[i + n] if i + n < len(doc) else None
        if first.ent_iob_ == "I" or (after is not None and after.ent_type_ == "PERSON" and after.ent_iob_ == "I"):
            return False
        if named.kind in PLACE_KINDS:
            return named.kind != "city" and not named.needs_ner
    if named.kind == "anaphor":
        last = doc[i + len(phrase.words) - 1]
        # "the former president": "former" modifies a noun, it refers to nothing.
        return last.dep_ != "amod" and last.pos_ in NOUNISH | {"ADJ"}
    if not named.needs_ner:
        return True
    return any(doc[k].ent_type_ in confirming for k in range(i, i + n))


def _role_word(token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def scan_roles(doc, tables: Tables, taken: list[bool]) -> list[Cand]:
    """Role noun phrases on tokens no name covers; their last word must be a noun."""
    out: list[Cand] = []
    i, n = 0, len(doc)
    roles = tables.roles
    while i < n:
        if taken[i]:
            i += 1
            continue
        tok = doc[i]
        bucket = roles.get(tok.lower_) or roles.get(tok.lemma_.lower())
        hit = None
        if bucket:
            for role in bucket:
                m = len(role.words)
                if i + m > n or any(taken[i + k] for k in range(m)):
                    continue
                if all(_role_word(doc[i + k], role.words[k]) for k in range(m)) and doc[i + m - 1].pos_ in NOUNISH:
                    hit = role
                    break
        if hit is None:
            i += 1
            continue
        end = i + len(hit.words)
        out.append(Cand(i, end, span_head(doc, i, end), role=hit))
        i = end
    return out


def scan_persons(doc, taken: list[bool], roles_at: dict[int, Cand], rules: Rules) -> list[Cand]:
    """Persons the entity recogniser finds, trimmed of titles and possessive 's."""
    return [Cand(start, end, span_head(doc, start, end), person=True)
            for start, end in _entities(doc, "PERSON", taken, roles_at, rules)]


def scan_organisations(doc, taken: list[bool], roles_at: dict[int, Cand], rules: Rules) -> list[Cand]:
    """Organisations the entity recogniser finds that no table names ("Siemens", "Amnesty"),
    trimmed of articles, role words and possessive 's."""
    return [Cand(start, end, span_head(doc, start, end)) for start, end in _entities(doc, "ORG", taken, roles_at, rules)]


def _entities(doc, label: str, taken: list[bool], roles_at: dict[int, Cand], rules: Rules) -> list[tuple[int, int]]:
    """The spans of the recogniser's entities of one label, trimmed, that no earlier scan took."""
    out: list[tuple[int, int]] = []
    for ent in entities(doc):
        if ent.label_ != label:
            continue
        start, end = ent.start, ent.end
        while start < end and (doc[start].lower_ in rules.articles or start in roles_at):
            start += 1
        while end > start and (doc[end - 1].text in rules.possessives or doc[end - 1].is_punct):
            end -= 1
        if start >= end or any(taken[k] for k in range(start, end)):
            continue
        if not any(doc[k].text[:1].isupper() for k in range(start, end)):
            continue
        out.append((start, end))
    return out


def scan_surnames(doc, names: dict[str, list[tuple[tuple[str, ...], int, Mention]]], taken: list[bool]) -> list[Cand]:
    """Later, shorter mentions of persons named earlier ("Jean-Pierre" after "Karine Jean-Pierre")."""
    out: list[Cand] = []
    i, n = 0, len(doc)
    while i < n:
        cands = names.get(doc[i].lower_) if not taken[i] and doc[i].text[:1].isupper() else None
        hit = None
        if cands:
            for words, after, ref in cands:
                m = len(words)
                if i > after and i + m <= n and all(doc[i + k].lower_ == words[k] and not taken[i + k] for k in range(m)):
                    hit = (m, ref)
                    break
        if hit is None:
            i += 1
            continue
        m, ref = hit
        out.append(Cand(i, i + m, span_head(doc, i, i + m), person=True, ref=ref))
        i += m
    return out


def scan_titled(doc, roles: list[Cand], taken: list[bool], persons: list[Cand]) -> list[Cand]:
    """Names the recogniser missed right after a title ("opposition lawmaker Job Sikhala")."""
    covered = {k for p in persons for k in range(p.start, p.end)}
    out: list[Cand] = []
    for r in roles:
        tok = doc[r.head]
        target = tok.head
        if tok.dep_ != "compound" or target.i < r.end or target.pos_ != "PROPN":
            continue
        span = range(r.end, target.i + 1)
        if any(taken[k] or k in covered for k in span):
            continue
        if not all(doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() for k in span):
            continue
        if any(doc[k].ent_type_ in ("ORG", "NORP") for k in span):
            continue
        out.append(Cand(r.end, target.i + 1, target.i, person=True))
    return out
