"""The word lists and settings the actor resolver reads: ``anaphora.yaml`` (reference,
gender, youth, acting places) and ``syntax.yaml`` (the words and labels around a name).
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
            "country_preps", "located_preps", "place_verbs", "empty_it_verbs", "reference_window")
SYNTAX_LISTS = ("modifier_deps", "title_glue", "possessives", "articles", "age_suffixes", "confirming_entities",
                "weapon_deps", "age_deps")
# Lists matched against a token's lower case or lemma, so read in lower case.
LOWERED = ("young", "private", "person_nouns", "empty_it_verbs")
AS_WRITTEN = ("acting_deps", "acting_preps", "country_preps", "located_preps", "place_verbs", "aim_preps", "aim_verbs",
              "party_preps", "party_nouns", "ethnic_words")


@dataclass(frozen=True, slots=True)
class Rules:
    """Reference and acting rules (``anaphora.yaml``) and the words around a name (``syntax.yaml``)."""

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
    party_preps: frozenset[str] = frozenset()
    party_nouns: frozenset[str] = frozenset()
    ethnic_words: frozenset[str] = frozenset()
    empty_it_verbs: frozenset[str] = frozenset()
    reference_window: int = 0  # sentences a reference looks back beyond its own
    modifier_deps: frozenset[str] = frozenset()
    title_glue: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    age_suffixes: tuple[str, ...] = ()
    confirming_entities: frozenset[str] = frozenset()
    weapon_deps: frozenset[str] = frozenset()
    age_deps: frozenset[str] = frozenset()


def read_rules(path: Path, syntax_path: Path) -> Rules:
    """Read ``anaphora.yaml`` and ``syntax.yaml``.

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
        reference_window=int(data["reference_window"]),
        bare_country_sector=_sector(data.get("bare_country_sector"), path, nodes),
        **lists,
        **_syntax(syntax_path),
    )


def _syntax(path: Path) -> dict[str, Any]:
    data, nodes = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}:1: expected a mapping of word and label lists")
    lists: dict[str, Any] = {}
    for key in SYNTAX_LISTS:
        if key not in data:
            raise DataFileError(f"{path}:1: missing {key!r}")
        lists[key] = frozenset(word_list(data[key], f"{path}:{node_line(nodes, key)}", key))
    lists["age_suffixes"] = tuple(sorted(lists["age_suffixes"]))
    return lists


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
