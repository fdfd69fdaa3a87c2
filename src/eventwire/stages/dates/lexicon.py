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

_MAPS = ("months", "weekdays", "numbers", "decades")
_LISTS = ("not_a_date", "filler", "future_aux", "future_verbs", "reporting_verbs", "happening_verbs")
_SECTIONS = _MAPS + _LISTS + ("units", "anchor_groups")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Calendar words: month and weekday names, number words, units and clause cues."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    decades: dict[str, int]
    units: dict[str, tuple[str, int]]  # word -> ("day" | "month", count)
    not_a_date: frozenset[str]
    filler: frozenset[str]
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    happening_verbs: frozenset[str]
    anchor_group: dict[str, int]  # lemma -> group number


def _fail(path: Path, node: yaml.Node, why: str) -> DataFileError:
    return DataFileError(f"{path}:{node.start_mark.line + 1}: {why}")


def _scalar(path: Path, node: yaml.Node, kind: type) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(path, node, f"expected a {kind.__name__}, found a {node.id}")
    value = yaml.safe_load(node.value) if kind is int else node.value
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise _fail(path, node, f"expected a whole number, found {node.value!r}")
    return value


def _word_list(path: Path, node: yaml.Node) -> list[str]:
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, "expected a list of words")
    return [str(_scalar(path, item, str)).lower() for item in node.value]


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
    out: dict[str, object] = {}
    for name in _MAPS:
        node = sections[name]
        if not isinstance(node, yaml.MappingNode):
            raise _fail(path, node, f"section {name!r} must map words to numbers")
        out[name] = {str(_scalar(path, k, str)).lower(): int(_scalar(path, v, int)) for k, v in node.value}  # type: ignore[call-overload]
    for name in _LISTS:
        out[name] = frozenset(_word_list(path, sections[name]))
    units: dict[str, tuple[str, int]] = {}
    node = sections["units"]
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, node, "section 'units' must map words to [day|month, count]")
    for k, v in node.value:
        pair = _word_list(path, v)
        if len(pair) != 2 or pair[0] not in ("day", "month") or not pair[1].isdigit():
            raise _fail(path, v, f"unit {k.value!r} must be [day, N] or [month, N]")
        units[str(k.value).lower()] = (pair[0], int(pair[1]))
    out["units"] = units
    groups: dict[str, int] = {}
    node = sections["anchor_groups"]
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, "section 'anchor_groups' must be a list of word lists")
    for number, group in enumerate(node.value):
        for word in _word_list(path, group):
            groups[word] = number
    out["anchor_group"] = groups
    return Lexicon(**out)  # type: ignore[arg-type]
