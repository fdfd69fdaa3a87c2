"""The Phoenix layer in the actor tables: PETRARCH2's dictionaries, below every other source.

A Phoenix form is indexed only where no other source names the same words
(eventwire's tables, the shipped people, a user dictionary, a role noun), so
that they keep their meaning and Phoenix fills the gaps: historical leaders and
officials, with the dates of their roles, and organisations and armed groups
eventwire's tables do not list. Names match only where the text writes them
capitalised (Phoenix lists them in capitals, to match in any case), and a
one-word name only where the entity recogniser confirms it, so that ordinary
words at the head of a sentence stay words. The Phoenix agents ("police",
"smuggler") are role nouns only when asked for (``Settings.phoenix_agents``:
on real news they find fewer events than eventwire's own role nouns alone),
and then give their sector only to a phrase that names a country or an
organisation ("Iraqi police"), as PETRARCH uses agents: alone, "the prison" or
"a publication" is no actor.

The forms of a first word are indexed when a text first holds that word
(:meth:`PhoenixLayer.reveal`), so building the stage reads the files and no
more; each bucket they join is replaced by a new one, sorted as
:meth:`Tables.finalize` sorts it.
"""

from __future__ import annotations

import threading

from eventwire.knowledge.phoenix import FUNCTION_WORDS, PhoenixTable, phoenix_agents, phoenix_table
from eventwire.stages.actors.tables import Named, Phrase, RoleNoun, Tables, case_of, sort_bucket


# Kinds of source whose names a Phoenix form may not swallow: organisations, people, user dictionaries.
OWN_NAMES = frozenset({"alias", "dictionary"})


class PhoenixLayer:
    """The Phoenix forms not yet indexed, by lower-case first word."""

    def __init__(self, table: PhoenixTable) -> None:
        self.table = table
        self.pending = set(table.by_word)
        self._named: dict[tuple[int, bool], Named] = {}
        self._lock = threading.Lock()

    def reveal(self, tables: Tables, word: str) -> None:
        """Index the Phoenix forms of ``word`` that no other source names, into the scan buckets."""
        with self._lock:
            if word not in self.pending:
                return
            grown: dict[tuple[int, object], tuple[dict, list[Phrase]]] = {}
            for tokens, stem, number in self.table.forms(word):
                words = tuple(t.lower() for t in tokens)
                if _known(tables, words) or _composed(tables, words):
                    continue
                phrase = Phrase(words, tuple(case_of(t) for t in tokens), self._named_for(number, len(words) == 1), stem)
                group, key = tables.bucket_of(phrase)
                grown.setdefault((id(group), key), (group, list(group.get(key, ()))))[1].append(phrase)
            # New sorted lists replace the old ones whole: a scan in another thread reads either.
            for (_, key), (group, bucket) in grown.items():
                sort_bucket(bucket)
                group[key] = bucket
            self.pending.discard(word)

    def _named_for(self, number: int, alone: bool) -> Named:
        key = (number, alone)
        if key not in self._named:
            entry = self.table.entry(number)
            self._named[key] = Named("dictionary", entry.name, country=entry.country, sector=entry.sector,
                                     code=entry.code, entry=entry, needs_ner=alone)
        return self._named[key]


def _known(tables: Tables, words: tuple[str, ...]) -> bool:
    """True if another source names these words: a phrase of any case, or a role noun."""
    return (any(p.words == words for p in tables.phrases.get(words[0], ()))
            or any(r.words == words for r in tables.roles.get(words[0], ())))


def _composed(tables: Tables, words: tuple[str, ...]) -> bool:
    """True if eventwire's tables read these words themselves.

    That is a name and role nouns ("United Nations peacekeeping force"), or a
    phrase holding a person or organisation they know ("Russian President
    Vladimir Putin"): the actor stage composes it in its own codes, with the
    title the text gives; the Phoenix form would only replace that with its own.
    """
    for k in range(len(words) - 1, 0, -1):
        if _known(tables, words[:k]) and all(w in FUNCTION_WORDS or w in tables.roles for w in words[k:]):
            return True
    n = len(words)
    return any(p.named.kind in OWN_NAMES and p.words == words[i:j]
               for i in range(n) for j in range(i + 1, n + 1) for p in tables.phrases.get(words[i], ()))


def add_phoenix(tables: Tables, agents: bool = False) -> None:
    """Put the Phoenix layer under the tables: its actors as texts name them, and with ``agents`` its role nouns."""
    for forms, sector in phoenix_agents() if agents else ():
        # "militants" is no new noun where eventwire's tables know "militant".
        if not any(_known(tables, words) for words in forms):
            for words in forms:
                tables.roles.setdefault(words[0], []).append(RoleNoun(words, sector, False, needs_country=True))
    for bucket in tables.roles.values():
        bucket.sort(key=lambda r: -len(r.words))
    tables.layer = PhoenixLayer(phoenix_table())


__all__ = ["PhoenixLayer", "add_phoenix"]
