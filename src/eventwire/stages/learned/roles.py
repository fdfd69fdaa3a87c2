"""The role ranker: which of a sentence's actor mentions is an event's actor, and which its recipient.

It only ever chooses among the mentions the actors stage found in the sentence,
so it never names a party the text does not. Each candidate is described by a
few parse facts about it and the trigger (:func:`features`), among them whether
the role finder chose it; a logistic model per role, learned from span gold,
scores them (:class:`RoleRanker`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from eventwire.records import Mention

ACTOR, RECIPIENT = "actor", "recipient"
ROLES = (ACTOR, RECIPIENT)
_DISTANCES = (1, 3, 7, 15)


def _relation(head: Token, trigger: Token) -> str:
    """How a mention's head hangs on the trigger: its dependency when a child, the preposition when
    the object of one, the trigger's when the trigger hangs on it, else 'far'."""
    if head.head is trigger and head is not trigger:
        return f"child:{head.dep_}"
    if head.dep_ in ("pobj", "pcomp") and head.head.head is trigger:
        return f"prep:{head.head.lower_}"
    if trigger.head is head:
        return f"parent:{trigger.dep_}"
    if head.head.head is trigger:
        return f"grandchild:{head.head.dep_}"
    if trigger in head.ancestors:
        return "below"
    return "far"


def features(m: Mention, trigger: Token, sent: Span, event_type: str, picked: dict[str, frozenset[int]],
             order: int, count: int) -> dict[str, float]:
    """What a candidate mention is to an event: a sparse set of named features."""
    doc = trigger.doc
    head = doc[m.head]
    before = "before" if m.start < trigger.i else "after"
    distance = abs(m.head - trigger.i)
    bucket = next((str(d) for d in _DISTANCES if distance <= d), "far")
    names = [
        "bias", f"dep={head.dep_}", f"rel={_relation(head, trigger)}", before, f"distance={bucket}",
        f"kind={m.kind}", f"type={event_type}:{before}", f"rel={_relation(head, trigger)}:{before}",
        "first" if order == 0 else "last" if order == count - 1 else "middle",
        "known" if m.actor.country else "unknown",
        f"root_dep={head.dep_}" if head.head is sent.root else "off_root",
    ]
    for role, starts in picked.items():
        if m.start in starts:
            names += [f"finder={role}", f"finder={role}:{event_type}"]
    return dict.fromkeys(names, 1.0)


@dataclass(frozen=True, slots=True)
class RoleRanker:
    """Weights of a logistic model per role over :func:`features`."""

    weights: dict[str, dict[str, float]]

    def score(self, role: str, feats: dict[str, float]) -> float:
        """The probability that a candidate with these features plays ``role``."""
        w = self.weights.get(role, {})
        z = sum(w.get(name, 0.0) * value for name, value in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, trigger: Token, sent: Span, mentions: Sequence[Mention], event_type: str,
               picked: dict[str, frozenset[int]]) -> tuple[Mention | None, Mention | None]:
        """The best actor and the best other recipient among the sentence's mentions (None where there is none)."""
        if not mentions:
            return None, None
        described = [(m, features(m, trigger, sent, event_type, picked, i, len(mentions)))
                     for i, m in enumerate(mentions)]
        actor = max(described, key=lambda d: (self.score(ACTOR, d[1]), -d[0].start))[0]
        others = [d for d in described if not _overlaps(d[0], actor)]
        recipient = max(others, key=lambda d: (self.score(RECIPIENT, d[1]), -d[0].start))[0] if others else None
        return actor, recipient

    def to_json(self) -> dict[str, dict[str, float]]:
        """The weights as JSON-ready values."""
        return {role: dict(sorted(w.items())) for role, w in self.weights.items()}

    @classmethod
    def load(cls, path: Path) -> RoleRanker:
        """Read the weights a model folder holds."""
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({role: {str(k): float(v) for k, v in raw.get(role, {}).items()} for role in ROLES})


def _overlaps(a: Mention, b: Mention | None) -> bool:
    return b is not None and a.start < b.end and b.start < a.end


def sentence_mentions(mentions: Iterable[Mention], sent: Span) -> list[Mention]:
    """The mentions inside a sentence, in text order, each stretch of words once."""
    inside = {(m.start, m.end): m for m in mentions if sent.start <= m.start and m.end <= sent.end}
    return [inside[k] for k in sorted(inside)]
