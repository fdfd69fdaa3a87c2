"""Events: the word lists of the role finder, read from ``data/events/roles.yaml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.cameo import EVENTS_DATA
from eventwire.knowledge.datafile import node_line, read_yaml, word_list

ROLES_FILE = EVENTS_DATA / "roles.yaml"


@dataclass(frozen=True, slots=True)
class RoleLists:
    """What ``roles.yaml`` holds; the comments there say what each list is for."""

    go_between_verbs: frozenset[str] = frozenset()
    series_nouns: frozenset[str] = frozenset()
    joining_verbs: frozenset[str] = frozenset()
    errand_nouns: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    issuing_verbs: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=4)
def load_role_lists(path: Path = ROLES_FILE) -> RoleLists:
    """The role finder's word lists, read once per process.

    Raises:
        DataFileError: the file is not a mapping of the known lists to lists of words, naming file and line.
    """
    data, root = read_yaml(path, "role words file")
    known = RoleLists.__dataclass_fields__
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: a role words file maps list names to words; expected: {', '.join(known)}")
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise DataFileError(f"{path}:{node_line(root, unknown[0])}: unknown list(s) {unknown}; valid: {', '.join(known)}")
    return RoleLists(**{
        key: frozenset(w.lower() for w in word_list(data.get(key), f"{path}:{node_line(root, key)}", key))
        for key in known
    })
