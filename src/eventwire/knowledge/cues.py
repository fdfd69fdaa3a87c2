"""The cue words of the reporting frame around an event (``data/events/attribution.yaml``).

The events stage reads them to tell promises, conditions and denials apart; the
attribution stage to set each event's status and speaker. Both share the one
set loaded here.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.cameo import EVENTS_DATA
from eventwire.knowledge.datafile import node_line, read_yaml
from eventwire.records import PLOVER_TYPES

CUES_FILE = EVENTS_DATA / "attribution.yaml"
# lists of PLOVER event types rather than of words
TYPE_LISTS = ("statement_types", "intent_types")


@dataclass(frozen=True, slots=True)
class AttributionCues:
    """Cue word sets, lower case (event types upper case); ``source_preps`` holds phrases joined by spaces."""

    report_verbs: frozenset[str] = frozenset()
    claim_verbs: frozenset[str] = frozenset()
    source_preps: frozenset[str] = frozenset()
    hedge_modals: frozenset[str] = frozenset()
    hedge_adverbs: frozenset[str] = frozenset()
    hedge_adjectives: frozenset[str] = frozenset()
    hedge_passives: frozenset[str] = frozenset()
    future_modals: frozenset[str] = frozenset()
    future_verbs: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    conditional_modals: frozenset[str] = frozenset()
    negation_words: frozenset[str] = frozenset()
    address_nouns: frozenset[str] = frozenset()
    address_verbs: frozenset[str] = frozenset()
    statement_types: frozenset[str] = frozenset()
    intent_types: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    performative_verbs: frozenset[str] = frozenset()
    #: the first word of each source phrase ("according" of "according to")
    source_first: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "source_first", frozenset(p.split()[0] for p in self.source_preps))


@functools.lru_cache(maxsize=4)
def load_attribution_cues(path: Path = CUES_FILE) -> AttributionCues:
    """The cue word sets of ``attribution.yaml``, read once per process.

    Raises:
        DataFileError: an unknown list, a list that is not a list, or an unknown event type,
            naming the file and line.
    """
    data, root = read_yaml(path, "attribution cue file")
    data = data or {}
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: an attribution cue file maps list names to word lists")
    names = [f.name for f in dataclasses.fields(AttributionCues) if f.init]
    values: dict[str, frozenset[str]] = {}
    for key, words in data.items():
        where = f"{path}:{node_line(root, key)}"
        if key not in names:
            raise DataFileError(f"{where}: unknown cue list {key!r}; valid: {', '.join(names)}")
        if not isinstance(words, list):
            raise DataFileError(f"{where}: {key} must be a list")
        if key in TYPE_LISTS:
            values[key] = frozenset(str(t).upper() for t in words)
            unknown = values[key] - set(PLOVER_TYPES)
            if unknown:
                raise DataFileError(f"{where}: {key}: unknown event type(s) {sorted(unknown)}")
        else:
            values[key] = frozenset(" ".join(w) if isinstance(w, list) else str(w).lower() for w in words)
    return AttributionCues(**values)
