"""The calendar words the dates stage reads, loaded from a YAML data file and checked on load."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import read_yaml
from eventwire.settings import DATA_DIR

LEXICON_PATH = DATA_DIR / "dates" / "lexicon.yaml"

_MAPS = ("months", "weekdays", "numbers", "decades", "anchor_preps")
_LISTS = (
    "not_a_date", "filler", "future_aux", "future_verbs", "reporting_verbs", "happening_verbs",
    "offset_filler", "vague_counts", "this_day_parts", "dateparser_words", "day_words", "parts_of_day",
    "weekday_prefixes", "month_prefixes", "decade_prefixes", "year_preps", "time_preps", "read_preps",
)
_MODIFIERS = ("last", "next", "this")
_UNIT_KINDS = ("day", "month")
_PRECISIONS = ("day", "week", "month", "year", "decade")
_SECTIONS = _MAPS + _LISTS + ("units", "anchor_groups", "modifiers")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Calendar words: month and weekday names, number words, units and clause cues."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    decades: dict[str, int]
    anchor_preps: dict[str, int]  # preposition -> +1 (after the happening) or -1 (before it)
    units: dict[str, tuple[str, int, str]]  # word -> ("day" | "month", count, precision it keeps)
    not_a_date: frozenset[str]
    filler: frozenset[str]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    happening_verbs: frozenset[str]
    offset_filler: frozenset[str]
    vague_counts: frozenset[str]
    this_day_parts: frozenset[str]
    dateparser_words: frozenset[str]
    day_words: frozenset[str]
    parts_of_day: frozenset[str]
    weekday_prefixes: frozenset[str]
    month_prefixes: frozenset[str]
    decade_prefixes: frozenset[str]
    year_preps: frozenset[str]
    time_preps: frozenset[str]
    read_preps: frozenset[str]
    modifiers: dict[str, frozenset[str]]  # "last" | "next" | "this" -> the words that say it
    anchor_group: dict[str, int]  # lemma -> group number

    def modifier(self, words: set[str]) -> str | None:
        """Which way a set of modifier words points: "last", "next", "this", or None."""
        return next((m for m in _MODIFIERS if words & self.modifiers[m]), None)


def _fail(path: Path, node: yaml.Node, why: str) -> DataFileError:
    return DataFileError(f"{path}:{node.start_mark.line + 1}: {why}")


def _scalar(path: Path, node: yaml.Node, kind: type) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(path, node, f"expected a {kind.__name__}, found a {node.id}")
    value = yaml.safe_load(node.value) if kind is int else node.value
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _fail(path, node, f"expected a whole number, found {node.value!r}")
    return value


def _word(path: Path, node: yaml.Node) -> str:
    return str(_scalar(path, node, str)).lower()


def _word_list(path: Path, node: yaml.Node) -> list[str]:
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, "expected a list of words")
    return [_word(path, item) for item in node.value]


def _mapping(path: Path, node: yaml.Node, name: str, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, node, f"section {name!r} must map {what}")
    return node.value


def _units(path: Path, node: yaml.Node) -> dict[str, tuple[str, int, str]]:
    units: dict[str, tuple[str, int, str]] = {}
    for k, v in _mapping(path, node, "units", "words to [day|month, count, precision]"):
        unit = _word_list(path, v)
        if len(unit) != 3 or unit[0] not in _UNIT_KINDS or not unit[1].isdigit() or unit[2] not in _PRECISIONS:
            raise _fail(path, v, f"unit {k.value!r} must be [day|month, N, {'|'.join(_PRECISIONS)}]")
        units[_word(path, k)] = (unit[0], int(unit[1]), unit[2])
    return units


def _modifiers(path: Path, node: yaml.Node) -> dict[str, frozenset[str]]:
    found = {_word(path, k): (k, frozenset(_word_list(path, v)))
             for k, v in _mapping(path, node, "modifiers", f"{', '.join(_MODIFIERS)} to word lists")}
    for key, (k, _) in found.items():
        if key not in _MODIFIERS:
            raise _fail(path, k, f"modifier {key!r} is not one of {', '.join(_MODIFIERS)}")
    missing = [m for m in _MODIFIERS if m not in found]
    if missing:
        raise _fail(path, node, f"modifiers lack {', '.join(missing)}")
    return {key: words for key, (_, words) in found.items()}


def _anchor_groups(path: Path, node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, "section 'anchor_groups' must be a list of word lists")
    return {word: number for number, group in enumerate(node.value) for word in _word_list(path, group)}


@functools.lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read and check a dates lexicon file.

    Raises:
        DataFileError: the file is missing a section or a value has the wrong shape (names file:line).
    """
    _, root = read_yaml(path, "the dates lexicon")
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(f"{path}:1: expected a mapping of sections ({', '.join(_SECTIONS)})")
    sections = {str(k.value): v for k, v in root.value}
    missing = [s for s in _SECTIONS if s not in sections]
    if missing:
        raise DataFileError(f"{path}:1: missing sections {missing}; a dates lexicon has {', '.join(_SECTIONS)}")
    out: dict[str, object] = {
        name: {_word(path, k): int(_scalar(path, v, int))  # type: ignore[call-overload]
               for k, v in _mapping(path, sections[name], name, "words to numbers")}
        for name in _MAPS
    }
    out.update({name: frozenset(_word_list(path, sections[name])) for name in _LISTS})
    out["units"] = _units(path, sections["units"])
    out["modifiers"] = _modifiers(path, sections["modifiers"])
    out["anchor_group"] = _anchor_groups(path, sections["anchor_groups"])
    return Lexicon(**out)  # type: ignore[arg-type]
