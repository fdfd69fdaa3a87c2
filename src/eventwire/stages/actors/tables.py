"""The actor lookup tables: what the text can name, keyed by token for one-pass scans.

:func:`eventwire.stages.actors.lexicon.build_tables` fills them from the data
files and the gazetteer packages; the scans of :mod:`.match` read them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from eventwire.knowledge.codes import split_cameo
from eventwire.knowledge.dictionary import Entry, Role, active_role, role_on
from eventwire.records import Actor, actor_code
from eventwire.stages.actors.rules import Rules

# A TABARI stem shorter than this matches only itself: "US" is no stem of "use".
STEM_KEY = 3

# When two sources give the same surface form, the higher rank wins: a user
# dictionary over the shipped one, an organisation over a country name, a
# country over a capital or city of the same name.
RANK = {"city": 0, "capital": 1, "anaphor": 2, "adjective": 3, "people": 3, "country": 4, "alias": 5, "dictionary": 6}


@dataclass(frozen=True, slots=True)
class Named:
    """One thing the text can name: a country, capital, city, organisation, ...

    ``kind`` is one of country, adjective, people, capital, city, alias,
    dictionary, anaphor. ``target`` is what an anaphor refers back to.
    ``periods`` are the date ranges in which an organisation codes otherwise.
    """

    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    title: str | None = None
    needs_ner: bool = False
    periods: tuple[Role, ...] = ()
    target: str | None = None
    entry: Entry | None = None  # the dictionary Entry, for date-ranged roles

    def coded(self, on: dt.date | None) -> tuple[str | None, str | None]:
        """Country and sector in force on a date."""
        period = role_on(self.periods, on) if on is not None else None
        if period is not None:
            return period.country, period.sector
        return self.country, self.sector

    def is_person(self) -> bool:
        """True for a dictionary name of a person (an entry of no other kind)."""
        kind = self.entry.kind if self.entry is not None else None
        return kind in (None, "person", "PERSON", "people")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A tokenised surface form: its words, how each must be cased, what it names."""

    words: tuple[str, ...]  # lower case
    cases: tuple[str, ...]  # "upper" exact capitals, "title" capitalised, "lower", "any"
    named: Named
    stem: bool = False  # the last word also matches longer words (TABARI stems)


@dataclass(frozen=True, slots=True)
class RoleNoun:
    """A role noun phrase and its sector (None: takes one from a modifier).

    ``needs_country``: an actor only where its phrase names a country or organisation.
    """

    words: tuple[str, ...]
    sector: str | None
    generic: bool
    needs_country: bool = False


@dataclass(slots=True)
class Tables:
    """Every lookup the actor stage uses, built once."""

    phrases: dict[str, list[Phrase]] = field(default_factory=dict)
    roles: dict[str, list[RoleNoun]] = field(default_factory=dict)
    located: frozenset[str] = frozenset()
    weapons: frozenset[str] = frozenset()  # lemmas of weapon nouns that act for a military
    rules: Rules = field(default_factory=Rules)
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> display name
    fold: dict[str, str] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()
    # Built by finalize(): phrases of two or more words by their first two
    # words, one-word phrases by their word, so a scan tries only a handful.
    multi: dict[tuple[str, str], list[Phrase]] = field(default_factory=dict)
    single: dict[str, list[Phrase]] = field(default_factory=dict)
    # Stems: one-word ones by their first STEM_KEY letters, longer ones by
    # their first word (the stem is always the last word).
    stem_single: dict[str, list[Phrase]] = field(default_factory=dict)
    stem_multi: dict[str, list[Phrase]] = field(default_factory=dict)
    # A lower layer of names indexed as texts hold their first words (the
    # Phoenix dictionaries): anything with ``pending`` words and ``reveal``.
    layer: Any = None

    def finalize(self) -> None:
        """Index the phrases for scanning."""
        self.multi, self.single, self.stem_single, self.stem_multi = {}, {}, {}, {}
        for bucket in self.phrases.values():
            for phrase in bucket:
                group, key = self.bucket_of(phrase)
                group.setdefault(key, []).append(phrase)
        for group in (self.multi, self.single, self.stem_multi, self.stem_single):
            for bucket in group.values():
                sort_bucket(bucket)

    def bucket_of(self, phrase: Phrase) -> tuple[dict, Any]:
        """The scan index a phrase belongs in, and its key there."""
        if phrase.stem and len(phrase.words) == 1:
            return self.stem_single, phrase.words[0][:STEM_KEY]
        if phrase.stem:
            return self.stem_multi, phrase.words[0]
        if len(phrase.words) == 1:
            return self.single, phrase.words[0]
        return self.multi, phrase.words[:2]

    def add(self, text: str, named: Named, tokenize, nocase: bool = False, stem: bool = False) -> None:
        """Index one surface form of a named thing.

        ``nocase``: the words match text in any case (imported TABARI names are
        in capitals). ``stem``: the last word also matches longer words, if it
        has at least STEM_KEY letters.
        """
        words = [t for t in tokenize(text) if t]
        if not words:
            return
        cases = ("any",) * len(words) if nocase else tuple(case_of(w) for w in words)
        needs = named.needs_ner or text in self.ambiguous
        if needs != named.needs_ner:
            named = dataclasses.replace(named, needs_ner=needs)
        stem = stem and len(words[-1]) >= STEM_KEY and words[-1].isalpha()
        phrase = Phrase(tuple(w.lower() for w in words), cases, named, stem)
        bucket = self.phrases.setdefault(phrase.words[0], [])
        for i, old in enumerate(bucket):
            if old.words == phrase.words and old.cases == phrase.cases and old.stem == phrase.stem:
                if RANK[named.kind] >= RANK[old.named.kind]:
                    bucket[i] = phrase
                return
        self.add_phrase(phrase)

    def add_phrase(self, phrase: Phrase) -> None:
        """Index a phrase beside any of the same words (the longest phrases first)."""
        bucket = self.phrases.setdefault(phrase.words[0], [])
        bucket.append(phrase)
        bucket.sort(key=lambda p: -len(p.words))

    def add_role(self, role: RoleNoun) -> None:
        """Index a role noun, replacing one of the same words."""
        bucket = self.roles.setdefault(role.words[0], [])
        bucket[:] = [r for r in bucket if r.words != role.words]
        bucket.append(role)
        bucket.sort(key=lambda r: -len(r.words))

    def fold_country(self, code: str | None) -> str | None:
        """The controlling state of a dependency, or the code itself."""
        if code is None:
            return None
        return self.fold.get(code, code)


def sort_bucket(bucket: list[Phrase]) -> None:
    """Order a scan bucket: longest first, then the higher-ranked source, then the longer stem."""
    bucket.sort(key=lambda p: (-len(p.words), -RANK[p.named.kind], -len(p.words[-1])))


def case_of(word: str) -> str:
    """How a word written in a data file must be cased in text: upper, title or any."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    if letters and word[0].isupper():
        return "title"
    return "any"


def dictionary_actor(named: Named, on: dt.date | None) -> tuple[str | None, str | None, str | None, bool]:
    """Country, sector, title of a dictionary entry on a date, and whether it applies then."""
    entry = named.entry
    if entry is None:
        return named.country, named.sector, named.title, True
    if on is not None and not entry.covers(on):
        return None, None, None, False
    role = active_role(entry, on)
    if role is None:
        # Out of every role on that date: still of their country, in no sector.
        return entry.country, None, None, True
    return role.country or entry.country, role.sector, role.title, True


def code_members(code: str | None) -> tuple[Actor, ...]:
    """The actors of a compound dictionary code ("FRO/BIL/SAM"), as TABARI writes several in one."""
    if not code or "/" not in code:
        return ()
    members = []
    for part in code.split("/"):
        country, sector = split_cameo(part)
        if country is not None:
            members.append(Actor(actor_code(country, sector), country, sector))
    return tuple(members) if len(members) > 1 else ()
