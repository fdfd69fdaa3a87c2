"""Reading a clause's tense and finding the clause that governs a token, from the dependency parse."""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.stages.dates.lexicon import Lexicon

_VERBAL = frozenset({"VERB", "AUX"})
# Clauses with no tense of their own: they happen when the clause above them does.
_DEPENDENT = frozenset({"xcomp", "advcl", "acl", "pcomp", "conj", "csubj", "prep", "agent", "dep"})


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above ``tok`` (itself if it is one); None if the sentence has none."""
    cur = tok
    for _ in range(40):
        if cur.pos_ in _VERBAL:
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


class Tenses:
    """Tense of the clause around a verb, with the article's answers cached by token index."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self._cache: dict[int, str] = {}

    def of(self, verb: Token) -> str:
        """One of: future, past_perfect, perfect_continuous, present_perfect, past, present, nonfinite."""
        found = self._cache.get(verb.i)
        if found is None:
            found = self._own(verb)
            if found == "nonfinite" and verb.dep_ in _DEPENDENT and verb.head.i != verb.i:
                head = governing_verb(verb.head)
                if head is not None and head.i != verb.i:
                    found = self.future_from(head, verb) or self.of(head)
            self._cache[verb.i] = found
        return found

    def future_from(self, head: Token, verb: Token) -> str | None:
        """ "plans to attack", "is set to meet": an infinitive under a verb of intent lies ahead."""
        if verb.dep_ == "xcomp" and (head.lemma_.lower() in self.lex.future_verbs or head.lower_ == "going"):
            return "future"
        return None

    def _own(self, verb: Token) -> str:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        lowers = {a.lower_ for a in auxes}
        if lowers & self.lex.future_aux or any(a.lemma_.lower() in self.lex.future_aux for a in auxes):
            return "future"
        if any(a.tag_ == "TO" for a in auxes) and verb.head.i != verb.i:
            head = governing_verb(verb.head)
            if head is not None and self.future_from(head, verb):
                return "future"
        has_perfect = any(a.lemma_ == "have" for a in auxes)
        if has_perfect and any(a.lower_ == "had" for a in auxes):
            return "past_perfect"
        if verb.lower_ == "had" and verb.head.i != verb.i and verb.dep_ == "aux":
            return "past_perfect"
        if has_perfect:
            if verb.tag_ == "VBG" or (verb.lemma_ == "be" and "been" == verb.lower_):
                return "perfect_continuous"
            return "present_perfect"
        tags = {verb.tag_} | {a.tag_ for a in auxes}
        if "VBD" in tags:
            return "past"
        if tags & {"VBZ", "VBP"}:
            return "present"
        if "MD" in tags:
            return "present"
        return "nonfinite"


def resolver_tense(tense: str) -> str:
    """The tense a time expression is read in: future clauses look ahead, everything else back."""
    if tense == "future":
        return "future"
    return "present" if tense == "present" else "past"
