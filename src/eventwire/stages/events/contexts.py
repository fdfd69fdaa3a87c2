"""Events: the PLOVER contexts of a sentence, from the keyword lexicons of ``data/events/contexts.yaml``."""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Span

from eventwire.errors import DataFileError
from eventwire.knowledge.cameo import EVENTS_DATA
from eventwire.knowledge.datafile import read_yaml


def load_contexts(path: Path = EVENTS_DATA / "contexts.yaml") -> dict[tuple[str, ...], tuple[str, ...]]:
    """Context keywords: lemma sequence -> the contexts it signals.

    Raises:
        DataFileError: the file is not a mapping of context names to word lists.
    """
    data = read_yaml(path, "context keyword file")[0] or {}
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping of context -> keywords")
    table: dict[tuple[str, ...], list[str]] = {}
    for context, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DataFileError(f"{path}: context {context!r} needs a list of keywords")
        for w in words:
            table.setdefault(tuple(w.lower().split()), []).append(context)
    return {k: tuple(v) for k, v in table.items()}


class ContextFinder:
    """The contexts whose keywords a sentence or its article's title contains."""

    def __init__(self, contexts: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.contexts = contexts
        self.max_words = max((len(k) for k in contexts), default=1)
        # A keyword is looked for only where its first word is: most words start none.
        self.longest: dict[str, int] = {}
        for key in contexts:
            if key:
                self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def __call__(self, sent: Span, title: str | None) -> tuple[str, ...]:
        """The sorted contexts of the sentence's lemmas and words, and of the title's words."""
        lemmas = [t.lemma_.lower() for t in sent]
        words = [t.lower_ for t in sent]
        if title:
            words += ["."] + title.lower().split()
            lemmas += ["."] + title.lower().split()
        found: set[str] = set()
        for seq in (lemmas, words):
            for i, word in enumerate(seq):
                for k in range(1, self.longest.get(word, 0) + 1):
                    found.update(self.contexts.get(tuple(seq[i : i + k]), ()))
        return tuple(sorted(found))
