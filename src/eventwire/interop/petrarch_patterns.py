"""TABARI/PETRARCH verb dictionaries as eventwire pattern files.

A PETRARCH verb dictionary holds verb blocks::

    --- MEET  [031:031]  ---          block header: verb and default code
    MEET    # comment                 verb forms of the block, each may carry its own code
    +BREAK_DOWN {+BREAKS_DOWN}        multi-word verb: "+" marks the verb, the rest is a particle
    - * TALKS  [031]                  phrase pattern: "*" is the verb
    - + * FROM $  [066]               "$" the source (actor), "+" the target (recipient)

and synsets (``&NAME`` followed by ``+WORD`` lines) that patterns use as
"any of these words". Codes are CAMEO (some WEIS); each is mapped to a PLOVER
type and mode through the CAMEO->PLOVER crosswalk, reducing codes the
crosswalk lacks as :class:`eventwire.knowledge.cameo.CameoMapper` does.

What converts: a verb with a code becomes a verb pattern (actor: subject;
recipient: object, then the first actor in the object phrase, then common
prepositions); a phrase pattern becomes a pattern on the same verb that needs
one of the phrase's content words among the verb's dependents, with ``$``/``+``
after a preposition giving ``prep:X`` roles and ``+`` before the verb making
the subject the recipient. What is dropped, with the reason counted in
:attr:`VerbImport.dropped`: words before the verb (negation, modals, reporting
verbs: eventwire codes these as the event's status), codes ``---`` (PETRARCH's
"do not code"), codes that are no CAMEO code, CAMEO 01/02 (statements and
appeals, which PLOVER does not code), verb stems that are not words, and
patterns that reduce to the same condition as an earlier one.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import InputError
from eventwire.knowledge.cameo import (
    DROPPED,
    CameoMapper,
    cameo_table,
    default_cameo,
    plover_types,
)

log = logging.getLogger(__name__)

Lemmatize = Callable[[str, str], str]
HEADER = re.compile(r"^---\s*(?P<verb>[^\[#]+?)\s*\[(?P<code>[^\]]*)\]")
CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
MARKERS = frozenset({"$", "+", "%", "^"})
PREPOSITIONS = frozenset({
    "with", "to", "against", "on", "at", "for", "from", "in", "into", "of", "over", "about", "by", "upon",
    "between", "toward", "towards", "off", "out", "up", "down", "back", "away",
})
# tense and aspect: the parse finds the verb whatever its auxiliaries, so patterns naming only these keep
AUXILIARIES = frozenset({"have", "has", "had", "is", "are", "was", "were", "be", "been", "being"})
MODALS = frozenset({"will", "would", "shall", "should", "may", "might", "must", "can", "could", "not", "no", "did", "do",
                    "does"})
FUNCTION_WORDS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "new", "more", "very"})
# PETRARCH's target is the verb's object or the first actor of its phrase: the object, prepositions that
# usually carry it, then the first actor anywhere after the verb in its phrase
DEFAULT_RECIPIENT = ("object", "dative", "in_object", "prep:with", "prep:to", "prep:against", "prep:on", "prep:at",
                     "prep:for", "prep:toward", "prep:into", "prep:over", "prep:of", "prep:about", "prep:in", "in_phrase")


@dataclass(slots=True)
class VerbImport:
    """The result of converting one verb dictionary: pattern entries and what was dropped."""

    patterns: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    require_dyad: bool = False

    @property
    def converted(self) -> int:
        """Entries (verb forms and phrase patterns with a code) that became patterns."""
        return len(self.patterns)


def spacy_lemmatizer(model: str) -> Lemmatize:
    """A lemmatizer ``(word, "VERB"|"NOUN") -> lemma`` from an installed spaCy pipeline's rule lemmatizer."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(model, exclude=["parser", "ner", "tagger", "attribute_ruler", "senter", "tok2vec"])
    lemmatizer = nlp.get_pipe("lemmatizer")
    cache: dict[tuple[str, str], str] = {}

    def lemmatize(word: str, pos: str) -> str:
        key = (word, pos)
        if key not in cache:
            doc = Doc(nlp.vocab, words=[word])
            doc[0].pos_ = pos
            cache[key] = (lemmatizer.rule_lemmatize(doc[0]) or [word])[0].lower()
        return cache[key]

    return lemmatize


def _clean(line: str) -> str:
    return line.split("#", 1)[0].strip()


class _Reader:
    """Converts the lines of one verb file; keeps the synsets and the current block."""

    def __init__(self, lemmatize: Lemmatize, mapper: CameoMapper, require_dyad: bool = False) -> None:
        self.lemmatize = lemmatize
        self.mapper = mapper
        self.synsets: dict[str, list[str]] = {}
        self.result = VerbImport()
        self.seen: set[tuple[Any, ...]] = set()
        self.per_lemma: Counter[str] = Counter()  # numbers each lemma's patterns in their ids
        self.types = plover_types()
        self.known = cameo_table()
        self.require_dyad = require_dyad

    # --- codes -----------------------------------------------------------------

    def event_of(self, raw: str) -> tuple[dict[str, Any] | None, str | None]:
        """The type/mode/cameo fields for a dictionary code, or None and why not."""
        code = raw.split(":")[0].strip().rstrip("?")
        if not code or set(code) <= {"-"}:
            return None, "code --- (PETRARCH's 'do not code')"
        if not re.fullmatch(r"\d{2,4}[A-Za-z]?", code):
            return None, "not a CAMEO code"
        mapped = self.mapper(code)
        if mapped is None:
            return None, "CAMEO code with no PLOVER type"
        if mapped == DROPPED:
            return None, "CAMEO 01/02 (statements, appeals): no PLOVER event"
        etype, mode = mapped
        if mode is not None and mode not in self.types[etype].modes:
            mode = None
        digits = re.sub(r"\D", "", code)
        cameo = digits if digits in self.known else default_cameo(etype, mode)
        event: dict[str, Any] = {"type": etype, "mode": mode, "cameo": cameo}
        # "[032:033]": the target's side of the exchange gets the second code
        back = re.sub(r"\D", "", raw.split(":")[1]) if ":" in raw else ""
        if back in self.known and self.mapper(back) not in (None, DROPPED):
            event["reverse_cameo"] = back
        return event, None

    def verb_lemma(self, word: str) -> str | None:
        word = word.strip("_").lower()
        if not word.isalpha():
            return None
        lemma = self.lemmatize(word, "VERB")
        # a TABARI stem ("EXCHANG", "DEFIE") is no word: the lemmatizer leaves it unchanged and it ends oddly
        if lemma == word and re.search(r"(?:[^aeiouy]g|ie)$", word) and not word.endswith(("ing", "ng")):
            return None
        return lemma

    def words(self, token: str) -> list[str]:
        """Content words of a phrase token, synsets expanded (their head: the last word)."""
        if token.startswith("&"):
            out: list[str] = []
            for member in self.synsets.get(token[1:].upper().rstrip("_"), []):
                last = member.split()[-1] if member.split() else ""
                if last.lower() not in PREPOSITIONS:
                    out.extend(self.words(last))
            return out
        w = token.lower().strip("-")
        if not w.isalpha() or w in FUNCTION_WORDS or w in AUXILIARIES or w in MODALS:
            return []
        return sorted({self.lemmatize(w, "NOUN"), self.lemmatize(w, "VERB")})

    # --- lines -----------------------------------------------------------------

    def add(self, lemma: str, event: dict[str, Any], *, with_word: list[str] | None = None,
            actor: tuple[str, ...] = ("subject",), recipient: tuple[str, ...] = DEFAULT_RECIPIENT,
            partners: bool = False) -> None:
        key = (lemma, tuple(sorted(with_word or ())), actor, recipient[:1])
        if key in self.seen:
            self.result.dropped["same condition as an earlier pattern"] += 1
            return
        self.seen.add(key)
        self.per_lemma[lemma] += 1
        entry: dict[str, Any] = {"id": f"petrarch-{lemma}-{self.per_lemma[lemma]}", "lemma": lemma, "pos": "verb", **event}
        if self.require_dyad:
            entry["needs_dyad"] = True
        if entry["mode"] is None:
            del entry["mode"]
        if partners:
            # "% *": a compound subject acting on each other ("Gondor and Osgiliath agree")
            entry["needs_partners"] = True
        if with_word:
            entry["with_word"] = with_word
        entry["actor"] = list(actor)
        entry["recipient"] = list(recipient)
        self.result.patterns.append(entry)

    def verb_line(self, line: str, block_code: str) -> tuple[str | None, str | None]:
        """A verb form of the block: adds its base pattern; returns (lemma, particle)."""
        self.result.total += 1
        m = CODE.search(line)
        code = m.group("code") if m else block_code
        head = line.split("{", 1)[0]
        head = CODE.sub("", head).strip()
        parts = [p for p in re.split(r"[\s_]+", head) if p]
        verb_at = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
        if verb_at > 0:
            self.result.dropped["verb form with words before the verb"] += 1
            return None, None
        lemma = self.verb_lemma(parts[verb_at].lstrip("+")) if parts else None
        if lemma is None:
            self.result.dropped["verb stem that is not a word"] += 1
            return None, None
        particle = [p.lower() for p in parts[verb_at + 1 :]]
        event, why = self.event_of(code)
        if event is None:
            self.result.dropped[f"verb: {why}"] += 1
            return lemma, None
        self.add(lemma, event, with_word=particle or None)
        return lemma, None

    def phrase(self, line: str, lemma: str | None, block_code: str) -> None:
        """A ``- ... * ... [code]`` phrase pattern of the current verb."""
        self.result.total += 1
        if lemma is None:
            self.result.dropped["phrase of a verb that did not convert"] += 1
            return
        m = CODE.search(line)
        code = m.group("code") if m else block_code
        body = CODE.sub("", line[1:]).strip()
        tokens = [t for t in re.split(r"[\s_]+", body.replace("*", " * ")) if t]
        if "*" not in tokens:
            self.result.dropped["phrase without the verb marker *"] += 1
            return
        star = tokens.index("*")
        pre, post = tokens[:star], tokens[star + 1 :]
        if any(t not in MARKERS and t.lower() not in AUXILIARIES for t in pre):
            self.result.dropped["words before the verb (negation, modals, reporting verbs)"] += 1
            return
        event, why = self.event_of(code)
        if event is None:
            self.result.dropped[f"phrase: {why}"] += 1
            return
        actor: tuple[str, ...] = ("subject",)
        recipient: tuple[str, ...] = DEFAULT_RECIPIENT
        partners = "%" in pre
        if "+" in pre:
            recipient = ("subject",)
            actor = ("prep:from", "prep:by", "in_object") if "$" not in pre else ("subject",)
        elif partners:
            recipient = ("partners",)
        content: list[str] = []
        preps: list[str] = []
        for i, t in enumerate(post):
            if t in MARKERS:
                prev = next((p.lower() for p in reversed(post[:i]) if p not in MARKERS), None)
                role = f"prep:{prev}" if prev in PREPOSITIONS else "object"
                if t == "+":
                    recipient = (role,)
                elif t == "$":
                    actor = (role,)
                elif t == "%":
                    recipient = ("partners",) if role == "object" else (role,)
                continue
            low = t.lower()
            if low in PREPOSITIONS:
                preps.append(low)
            else:
                content.extend(self.words(t))
        with_word = sorted(set(content)) or sorted(set(preps))
        if not with_word and recipient == DEFAULT_RECIPIENT and actor == ("subject",):
            self.result.dropped["phrase that only repeats the verb"] += 1
            return
        self.add(lemma, event, with_word=with_word or None, actor=actor, recipient=recipient, partners=partners)


def import_petrarch_verbs(path: str | Path, lemmatize: Lemmatize, mapper: CameoMapper | None = None,
                          require_dyad: bool = False) -> VerbImport:
    """Convert a PETRARCH/TABARI verb dictionary into eventwire pattern entries.

    ``require_dyad`` follows PETRARCH's option of that name: the patterns code an
    event only when both actor and recipient have a country.

    Raises:
        InputError: if the file cannot be read.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"{path}: cannot read verb dictionary: {exc.strerror or exc}") from exc
    reader = _Reader(lemmatize, mapper or CameoMapper(), require_dyad)
    reader.result.require_dyad = require_dyad
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    # synsets first: a block may use one defined further down
    synset: list[str] | None = None
    for raw in text.splitlines():
        line = _clean(raw)
        if line.startswith("&"):
            synset = reader.synsets.setdefault(line[1:].split()[0].upper().rstrip("_"), [])
        elif synset is not None and line.startswith("+"):
            synset.append(line[1:].replace("_", " ").strip())
        else:
            synset = None
    block_code = "---"
    lemma: str | None = None
    in_synset = False
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            in_synset = False
            continue
        header = HEADER.match(line)
        if header:
            block_code, lemma, in_synset = header.group("code"), None, False
            continue
        if line.startswith("&"):
            in_synset = True
            continue
        if in_synset and line.startswith("+"):
            continue
        if line.startswith("-"):
            reader.phrase(line, lemma, block_code)
        else:
            form, _ = reader.verb_line(line, block_code)
            lemma = lemma or form
    log.info("%s: %d of %d entries converted", path, reader.result.converted, reader.result.total)
    return reader.result


def write_patterns(result: VerbImport, out: str | Path, source: str = "") -> Path:
    """Write converted patterns as an eventwire pattern file that replaces the shipped patterns of its verbs."""
    out = Path(out)
    header = (f"# Event patterns converted from the PETRARCH verb dictionary {source}\n"
              f"# {result.converted} patterns from {result.total} entries.\n"
              "# replace_lemmas: these verbs are coded by this file only, as the dictionary's users expect.\n")
    data: dict[str, Any] = {"replace_lemmas": True}
    if result.require_dyad:
        # the option holds for every event the dictionary's users code, not only these verbs'
        header += "# require_dyad: every event needs an actor and a recipient with a country.\n"
        data["require_dyad"] = True
    data["patterns"] = result.patterns
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True,
                          default_flow_style=None, width=120)
    out.write_text(header + body, encoding="utf-8")
    return out
