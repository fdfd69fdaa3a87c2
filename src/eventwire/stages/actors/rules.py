"""The word lists and settings the actor resolver reads: ``anaphora.yaml`` (reference,
gender, youth, acting places).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import node_child, node_line, read_yaml, word_list
from eventwire.records import PLOVER_SECTORS

# What an anaphor may refer back to (see anaphora.yaml).
ANAPHOR_TARGETS = frozenset({"country", "countries", "young", "person", "organization", "latter", "former"})
# Word lists anaphora.yaml must have, and those it may leave out.
REQUIRED = ("pronouns", "anaphors", "gender", "young", "private", "acting_deps", "acting_preps",
            "country_preps", "located_preps", "place_verbs")
# Lists matched against a token's lower case or lemma, so read in lower case.
LOWERED = ("young", "private", "person_nouns")
AS_WRITTEN = ("acting_deps", "acting_preps", "country_preps", "located_preps", "place_verbs", "aim_preps", "aim_verbs")


@dataclass(frozen=True, slots=True)
class Rules:
    """Reference and acting rules, read from ``anaphora.yaml``."""

    pronouns: dict[str, str] = field(default_factory=dict)  # word -> male, female, neuter, plural
    anaphors: tuple[tuple[str, str], ...] = ()  # (phrase, what it refers back to)
    gender: dict[str, str] = field(default_factory=dict)
    young: frozenset[str] = frozenset()
    young_age: int = 25
    private: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    bare_country_sector: str | None = None
    acting_deps: frozenset[str] = frozenset()
    acting_preps: frozenset[str] = frozenset()
    place_verbs: frozenset[str] = frozenset()
    country_preps: frozenset[str] = frozenset()
    located_preps: frozenset[str] = frozenset()
    aim_preps: frozenset[str] = frozenset()
    aim_verbs: frozenset[str] = frozenset()


def read_rules(path: Path) -> Rules:
    """Read ``anaphora.yaml``.

    Raises:
        DataFileError: naming file and line, for a missing list, a list that is
            not words, an unknown anaphor target or a sector PLOVER does not have.
    """
    data, nodes = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}:1: expected a mapping of rule lists")
    for key in REQUIRED:
        if key not in data:
            raise DataFileError(f"{path}:1: missing {key!r}")

    def words(key: str) -> list[str]:
        return word_list(data.get(key), f"{path}:{node_line(nodes, key)}", key)

    gender = {}
    for name, listed in data["gender"].items():
        for w in word_list(listed, f"{path}:{node_line(nodes, 'gender')}", "gender words"):
            gender[w.lower()] = str(name)
    lists: dict[str, Any] = {key: frozenset(w.lower() for w in words(key)) for key in LOWERED}
    lists.update({key: frozenset(words(key)) for key in AS_WRITTEN})
    return Rules(
        pronouns={str(k).lower(): str(v) for k, v in data["pronouns"].items()},
        anaphors=_anaphors(data["anaphors"], path, nodes),
        gender=gender,
        young_age=int(data.get("young_age", 25)),
        bare_country_sector=_sector(data.get("bare_country_sector"), path, nodes),
        **lists,
    )


def _sector(value: Any, path: Path, nodes: Any) -> str | None:
    if value is not None and value not in PLOVER_SECTORS:
        raise DataFileError(f"{path}:{node_line(nodes, 'bare_country_sector')}: {value!r} is not a PLOVER sector; "
                            f"valid: {', '.join(sorted(PLOVER_SECTORS))}")
    return value


def _anaphors(value: dict, path: Path, nodes: Any) -> tuple[tuple[str, str], ...]:
    for text, target in value.items():
        if target not in ANAPHOR_TARGETS:
            raise DataFileError(f"{path}:{node_line(node_child(nodes, 'anaphors'), text)}: anaphor target {target!r} "
                                f"is not one of {sorted(ANAPHOR_TARGETS)}")
    return tuple((str(text), str(target)) for text, target in value.items())
