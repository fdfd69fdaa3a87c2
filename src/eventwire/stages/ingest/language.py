"""Which language an article is written in: py3langid's model (shipped in its wheel) over the text's opening.

Every reader gives an article the language its record names, else the one
found here, so an article in a language the coder does not read is stored
with its real ``lang`` and left uncoded, never coded as English. The rules
(how much text to read, when the answer is trusted, which languages count)
are in ``data/ingest/language.yaml``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from eventwire.errors import DataFileError
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
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        identifier.set_languages(language_rules().languages)
    except ValueError as exc:
        raise DataFileError(f"{LANGUAGE_FILE}: 'languages': {exc}") from None
    return identifier


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
