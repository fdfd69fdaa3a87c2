"""The Phoenix dictionaries (PETRARCH2's production actor and agent dictionaries) as shipped knowledge.

:func:`build` reads the four Phoenix files with the PETRARCH importer (past
their defects), keeps what eventwire's own tables do not already decide, and
writes the compact files of ``data/actors/phoenix/`` that
:mod:`eventwire.knowledge.phoenix` reads (format and filters: the README
there). Each surface form is written as the actor stage's tokenizer splits it,
so loading needs no tokenizer.

What is left out, and why:

* An entry whose every code is a bare country or region (``AFGHANISTAN [AFG]``,
  ``BYELARUS [USRBLR <911225]``): its names are country names, misspellings and
  the country's cities and provinces; the country tables and the gazetteer
  decide those.
* A one-word form that is an ordinary English word (a verb, adjective or
  adverb in the parser's lemma index, or a function word), or of fewer than
  three letters: as a name it would turn common words into actors.
* A form that two entries give with different undated codes: ambiguous.
* A form of only months, weekdays, numbers and function words ("MAY 15"): a
  date before it is a name. A leading "the" is dropped from every form.

A form that several entries share with dated roles ("President Bush", for
the elder and the younger Bush) becomes one entry holding all their dated
roles, the shortest range first, so that an article's date picks the most
specific role in force then.

Rebuild (only when the Phoenix files change): ``python -m eventwire.interop.phoenix FOLDER``.
"""

from __future__ import annotations

import calendar
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.interop.petrarch_dictionary import read_petrarch
from eventwire.knowledge.codes import split_cameo
from eventwire.knowledge.dictionary import Entry, Role
from eventwire.knowledge.phoenix import (
    ACTORS, AGENTS, FORMS, FUNCTION_WORDS, data_dir, write_actor_line, write_agent_line, write_form_line,
)

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
MIN_LETTERS = 3
CALENDAR = frozenset(n.lower() for n in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name) if n)


@dataclass(slots=True)
class _Actor:
    """An actor being gathered: its name, undated code, dated roles and surface forms."""

    name: str
    code: str | None
    roles: list[Role]
    source: str
    forms: dict[tuple[str, ...], bool] = field(default_factory=dict)  # tokens -> stem
    texts: dict[tuple[str, ...], str] = field(default_factory=dict)  # tokens -> the form as Phoenix writes it


def build(folder: Path, out: Path | None = None, tokenize: Callable[[str], list[str]] | None = None,
          ordinary: frozenset[str] | None = None) -> dict[str, int]:
    """Write ``actors.tsv``, ``forms.tsv``, ``agents.tsv`` and ``LICENSE`` of the Phoenix layer from the Phoenix files in ``folder``.

    Args:
        folder: holds the four Phoenix files and their LICENSE.
        out: where to write (the shipped folder by default).
        tokenize: splits a phrase as the actor stage does (spaCy's English tokenizer by default).
        ordinary: lower-case English words no one-word name may be (the parser's lemma index by default).
    Returns:
        Counts: entries and forms written, forms left out.
    Raises:
        DataFileError: a Phoenix file is missing or cannot be read.
    """
    out = out or data_dir()
    tokenize = tokenize or _spacy_tokenizer()
    ordinary = ordinary if ordinary is not None else ordinary_words()
    for name in (*ACTOR_FILES, AGENT_FILE, "LICENSE"):
        if not (folder / name).is_file():
            raise DataFileError(f"{folder / name}: missing; the Phoenix folder needs {', '.join(ACTOR_FILES)}, "
                                f"{AGENT_FILE} and LICENSE")
    counts = {"entries": 0, "forms": 0, "country or place": 0, "ordinary word": 0, "ambiguous": 0, "agents": 0}
    actors: list[_Actor] = []
    for name in ACTOR_FILES:
        for entry in read_petrarch(folder / name, "actors").entries:
            actor = _gather(entry, tokenize, ordinary, counts, name)
            if actor is not None:
                actors.append(actor)
    actors = _merge_shared(actors, counts)
    out.mkdir(parents=True, exist_ok=True)
    actors = [a for a in actors if a.forms]
    _write(out / ACTORS, [write_actor_line(a.name, a.code, a.roles, a.source) for a in actors])
    _write(out / FORMS, [write_form_line(tokens, stem, i) for i, a in enumerate(actors) for tokens, stem in a.forms.items()])
    counts["entries"] = len(actors)
    counts["forms"] = sum(len(a.forms) for a in actors)
    agents = _agents(folder / AGENT_FILE, tokenize)
    counts["agents"] = len(agents)
    _write(out / AGENTS, agents)
    shutil.copyfile(folder / "LICENSE", out / "LICENSE")
    return counts


def _gather(entry: Entry, tokenize, ordinary: frozenset[str], counts: dict[str, int], file: str) -> _Actor | None:
    dated = [r for r in entry.roles if r.start is not None or r.end is not None]
    if all(split_cameo(code, agent=True) == (None, None) for code in (entry.code, *(r.code for r in dated)) if code):
        counts["country or place"] += 1
        return None
    line = entry.source.rsplit(":", 1)[1]
    actor = _Actor(_display(entry.name.split()), entry.code, dated, f"{file}:{line}")
    for text in (entry.name, *entry.aliases):
        tokens = tuple(_cased(t, len(text.split()) == 1) for t in tokenize(text) if t.strip())
        # "THE UNITED NATIONS" is "United Nations": the actor stage reads the article itself.
        while tokens and tokens[0] == "the":
            tokens = tokens[1:]
        if not tokens:
            continue
        if (len(tokens) == 1 and _ordinary(tokens[0], ordinary)) or all(_calendar(t) for t in tokens):
            counts["ordinary word"] += 1
            continue
        # TABARI's stem marks the name only; a one-word stem ("OBAMA" in "Obamacare") is too loose.
        actor.forms.setdefault(tokens, entry.stem and text == entry.name and len(tokens) > 1)
        actor.texts.setdefault(tokens, text)
    return actor


def _ordinary(token: str, ordinary: frozenset[str]) -> bool:
    letters = sum(c.isalpha() for c in token)
    return letters < MIN_LETTERS or token.lower() in ordinary or token.lower() in FUNCTION_WORDS


def _calendar(token: str) -> bool:
    """A month, a weekday, a number or a function word: "May 15" names a date before a group."""
    low = token.lower()
    return low in CALENDAR or low in FUNCTION_WORDS or not any(c.isalpha() for c in low)


def _cased(token: str, alone: bool) -> str:
    """A token as text must show it: function words in lower case (any case), short one-word acronyms in capitals."""
    low = token.lower()
    if low in FUNCTION_WORDS:
        return low
    if alone and token.isalpha() and len(token) <= 5 and token.isupper():
        return token
    return token[:1].upper() + token[1:].lower()


def _display(words: list[str]) -> str:
    """A name as people write it: "U.S. President George W. Bush", "Organization of American States", "NBC"."""
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if low in FUNCTION_WORDS and i > 0:
            out.append(low)
        elif not any(c in "AEIOUY" for c in w.upper()) or not w.isalpha():
            out.append(w)
        else:
            out.append(w[:1] + w[1:].lower())
    return " ".join(out)


def _merge_shared(actors: list[_Actor], counts: dict[str, int]) -> list[_Actor]:
    """Give each form named by several entries one entry of all their dated roles (or none, if ambiguous)."""
    owners: dict[tuple[str, ...], list[int]] = {}
    for i, a in enumerate(actors):
        for tokens in a.forms:
            owners.setdefault(_lower(tokens), []).append(i)
    merged: dict[tuple[int, ...], _Actor] = {}
    for low, idx in owners.items():
        if len(idx) < 2:
            continue
        group = [actors[i] for i in idx]
        taken = [(t, a.forms.pop(t)) for a in group for t in list(a.forms) if _lower(t) == low]
        tokens, stem = taken[0][0], all(s for _, s in taken)
        codes = {a.code for a in group if a.code}
        roles = sorted((r for a in group for r in a.roles), key=_span_days)
        if not roles and len({a.code for a in group}) == 1:
            group[0].forms[tokens] = stem
        elif not roles or len(codes) > 1:
            counts["ambiguous"] += 1
        else:
            key = tuple(idx)
            if key not in merged:
                merged[key] = _Actor(_display(group[0].texts[tokens].split()), next(iter(codes), None), roles,
                                     "+".join(a.source for a in group))
            merged[key].forms[tokens] = stem
    return actors + list(merged.values())


def _lower(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t.lower() for t in tokens)


def _span_days(role: Role) -> int:
    if role.start is None or role.end is None:
        return 10**6
    return (role.end - role.start).days


def _agents(path: Path, tokenize) -> list[str]:
    lines, seen = [], set()
    for entry in read_petrarch(path, "agents").entries:
        if entry.sector is None:
            continue
        forms = []
        for text in (entry.name, *entry.aliases):
            words = tuple(t.lower() for t in tokenize(text) if t.strip())
            if words and words not in seen:
                seen.add(words)
                forms.append(words)
        if forms:
            lines.append(write_agent_line(forms, entry.sector))
    return lines


def _write(path: Path, lines: Iterable[str]) -> None:
    try:
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot write: {exc}") from exc


def _spacy_tokenizer() -> Callable[[str], list[str]]:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    return lambda text: [t.text for t in tokenizer(text)]


def ordinary_words(model: str | None = None) -> frozenset[str]:
    """The verbs, adjectives and adverbs of the English parser's lemma index, in lower case."""
    import spacy

    from eventwire.settings import Settings

    nlp = spacy.load(model or Settings().model, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(w.lower() for pos in ("verb", "adj", "adv") for w in index[pos])


def main(argv: list[str] | None = None) -> int:
    """Rebuild the shipped Phoenix layer from a folder of the Phoenix files."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m eventwire.interop.phoenix PHOENIX_FOLDER", file=sys.stderr)
        return 2
    try:
        counts = build(Path(args[0]))
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
