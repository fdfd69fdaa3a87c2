"""Which language an article is written in: py3langid's model (shipped in its wheel) over the text's opening.

Every reader gives an article the language its record names, else the one
found here, so an article in a language the coder does not read is stored
with its real ``lang`` and left uncoded, never coded as English. The rules
(how much text to read, when the answer is trusted, which languages count)
are in ``data/ingest/language.yaml``.

The model, restricted to those languages, is kept in the cache as arrays read
memory-mapped (:func:`eventwire.knowledge.cache.cached_arrays`): loading the
wheel's compressed model costs about a second and 90 MB in every process, where
a mapped copy costs only the pages a text reads.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.cache import cached_arrays
from eventwire.knowledge.datafile import node_line, read_yaml, word_list
from eventwire.settings import DATA_DIR

LANGUAGE_FILE = DATA_DIR / "ingest" / "language.yaml"


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """How the language of a text is told (see the data file's comments)."""

    sample_chars: int
    min_letters: int
    min_confidence: float
    languages: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def language_rules() -> LanguageRules:
    """The rules of ``data/ingest/language.yaml``.

    Raises:
        DataFileError: naming the file and line of a missing or bad value.
    """
    data, nodes = read_yaml(LANGUAGE_FILE, "language rules")
    if not isinstance(data, dict):
        raise DataFileError(f"{LANGUAGE_FILE}:1: expected a mapping of language rules")
    try:
        numbers = int(data["sample_chars"]), int(data["min_letters"]), float(data["min_confidence"])
    except (KeyError, TypeError, ValueError):
        raise DataFileError(f"{LANGUAGE_FILE}:1: 'sample_chars', 'min_letters' and 'min_confidence' must be numbers") from None
    languages = word_list(data.get("languages"), f"{LANGUAGE_FILE}:{node_line(nodes, 'languages')}", "languages")
    if "en" not in languages:
        raise DataFileError(f"{LANGUAGE_FILE}:{node_line(nodes, 'languages')}: 'languages' must include en")
    return LanguageRules(*numbers, tuple(languages))


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    sources = (LANGUAGE_FILE, Path(__file__), MODEL_DIR / MODEL_FILE)
    return _mapped_identifier(cached_arrays("language_model", sources, _model_arrays,
                                            salt=f"{version('py3langid')}|{version('numpy')}"))


def _model_arrays() -> dict[str, Any]:
    """py3langid's shipped model restricted to the languages of the rules, as flat arrays."""
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        full.set_languages(language_rules().languages)
    except ValueError as exc:
        raise DataFileError(f"{LANGUAGE_FILE}: 'languages': {exc}") from None
    # The transitions by byte, then by row: a text in one script reads the columns of few bytes, a few hundred
    # kilobytes each, where rows by state would spread its reads over the whole table.
    rows = np.asarray(full.tk_nextmove).reshape(-1, 256)
    return {"ptc": np.ascontiguousarray(full.nb_ptc), "pc": np.asarray(full.nb_pc), "classes": np.array(full.nb_classes),
            "by_byte": np.ascontiguousarray(rows.T), "row_of": np.asarray(full.tk_row, dtype=np.int32),
            "output": np.asarray(full.tk_output, dtype=np.int32)}


def _mapped_identifier(arrays: dict[str, Any]) -> Any:
    """A py3langid identifier reading the model's arrays where they lie (memory-mapped) instead of copies."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    class MappedIdentifier(LanguageIdentifier):
        def __init__(self) -> None:
            classes = arrays["classes"].tolist()
            self.min_confidence, self._norm_probs = None, True
            self.nb_ptc, self.nb_pc, self.nb_classes = arrays["ptc"], np.array(arrays["pc"]), classes
            self._full_model = self.nb_ptc, self.nb_pc, classes
            self._set_alias_pairs()
            # Memoryviews index as fast as the lists py3langid builds, without copying the tables.
            self._walk = (memoryview(arrays["by_byte"].reshape(-1)), arrays["by_byte"].shape[1],
                          memoryview(arrays["row_of"]), memoryview(arrays["output"]))

        def _raw_score(self, text: bytes) -> Any:
            visits = _features(*self._walk, text)
            # A text with no feature scores 0 everywhere: uniform once normalised, so never trusted.
            return self._sparse_score(visits, self.nb_ptc) if visits else np.zeros(len(self.nb_classes), np.float32)

    return MappedIdentifier()


def _features(by_byte: memoryview, n_rows: int, row_of: memoryview, output: memoryview, text: bytes) -> Counter | None:
    """The model's features in ``text`` and how often each occurs: its automaton walked over the bytes."""
    state, found = 0, []
    for byte in text:
        state = by_byte[byte * n_rows + row_of[state]]
        feature = output[state]
        if feature >= 0:
            found.append(feature)
    return Counter(found) if found else None


def language_of(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of the language ``text`` is written in; ``default`` when it is too short to tell or
    the identifier is unsure."""
    rules = language_rules()
    sample = text[: rules.sample_chars]
    if sum(ch.isalpha() for ch in sample) < rules.min_letters:
        return default
    lang, confidence = _identifier().classify(sample)
    return lang if confidence >= rules.min_confidence else default


def given_language(value: str | None) -> str | None:
    """A record's language tag as its primary language code ("en-US" and "EN" are "en"); None if it gives none."""
    if value is None or not value.strip():
        return None
    return value.strip().replace("_", "-").split("-")[0].lower()
