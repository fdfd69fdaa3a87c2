"""What every report shares: per-type scores, shares, type labels and plain-text tables."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, ClassVar

from eventwire.evaluation.gold import ALTERNATIVE
from eventwire.records import PLOVER_TYPES

NONE = "none"


def share(part: int, whole: int) -> float:
    """``part / whole``, 0.0 when ``whole`` is 0."""
    return part / whole if whole else 0.0


def harmonic(p: float, r: float) -> float:
    """F1 of a precision and a recall."""
    return 2 * p * r / (p + r) if p + r else 0.0


class Share:
    """A rate of a report: one of its counts over another, 0.0 when that one is 0.

    The counts are named by attribute, dotted for a count of a part
    (``"with_place.coded"``).
    """

    def __init__(self, part: str, whole: str, doc: str) -> None:
        self.part, self.whole, self.__doc__ = attrgetter(part), attrgetter(whole), doc

    def __get__(self, report: Any, owner: type | None = None) -> Any:
        if report is None:
            return self
        return share(self.part(report), self.whole(report))


@dataclass(frozen=True, slots=True)
class TypeScore:
    """How one event type fared.

    ``found`` gold events of the type were found, ``right`` of the events
    coded with it were right. A one-to-one scorer finds and rights the same
    pairs (its true positives); a scorer that lets one coded event answer
    several gold events, or several coded events one, counts them apart.
    """

    gold: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0

    precision = Share("right", "predicted", "right / predicted; 0.0 when nothing was predicted.")
    recall = Share("found", "gold", "found / gold; 0.0 when gold has none.")

    @classmethod
    def pairs(cls, tp: int, fp: int, fn: int) -> TypeScore:
        """The score of a one-to-one matching: true and false positives, false negatives."""
        return cls(gold=tp + fn, predicted=tp + fp, found=tp, right=tp)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return harmonic(self.precision, self.recall)

    def to_json(self) -> dict[str, float | int]:
        """The counts of a one-to-one matching (tp, fp, fn) and the rates as JSON-ready values."""
        return {"gold": self.gold, "predicted": self.predicted, "tp": self.found, "fp": self.predicted - self.right,
                "fn": self.gold - self.found, "precision": self.precision, "recall": self.recall, "f1": self.f1}


def unscored(gold_ids: Collection[str], predicted: Mapping[str, Sequence[object]]) -> int:
    """How many articles have coded events but are not in the gold set (scoring ignores them)."""
    return sum(1 for article_id, events in predicted.items() if events and article_id not in gold_ids)


def type_order(label: str) -> tuple[int, str]:
    """Sort key of a type label: PLOVER's order of its first type, then unknown labels, ``none`` last."""
    first = label.split(ALTERNATIVE)[0]
    if first in PLOVER_TYPES:
        return PLOVER_TYPES.index(first), label
    return len(PLOVER_TYPES) + (label == NONE), label


def label_for(etype: str, labels: Collection[str]) -> str:
    """The gold label a coded type counts under: the type itself, or the alternatives label that holds it."""
    if etype in labels:
        return etype
    return next((lab for lab in sorted(labels, key=type_order) if etype in lab.split(ALTERNATIVE)), etype)


def table(rows: Sequence[str], cols: Sequence[str], cells: Mapping[tuple[str, str], int],
          short: Mapping[str, str]) -> list[str]:
    """A count table: ``rows`` by ``cols``, headed by ``short`` names, '.' for 0."""
    if not rows:
        return ["  (empty)"]
    width = max(6, *(len(short.get(c, c)) + 1 for c in cols))
    label = max(10, *(len(r) + 1 for r in rows))
    head = " " * label + "".join(f"{short.get(c, c):>{width}}" for c in cols)
    body = [
        f"{r:<{label}}" + "".join(f"{cells.get((r, c), 0) or '.':>{width}}" for c in cols)
        for r in rows
    ]
    return [head, *body]


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold event the coder did not get right: what the gold says and what the sentence's coded events say."""

    kind: str
    item_id: str
    text: str
    gold: Mapping[str, Any]
    coded: tuple[Mapping[str, Any], ...] = ()

    def describe(self) -> str:
        """The miss in a few readable lines."""
        lines = [f"- {self.item_id}: {' '.join(self.text.split())[:160]}", f"    gold   {_fields(self.gold)}"]
        lines += [f"    coded  {_fields(c)}" for c in self.coded]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The miss as JSON-ready values."""
        return {"kind": self.kind, "id": self.item_id, "gold": dict(self.gold), "coded": [dict(c) for c in self.coded]}


def _fields(values: Mapping[str, Any]) -> str:
    def shown(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return " / ".join(map(str, value)) or "-"
        return "-" if value is None else str(value)

    return "  ".join(f"{key} {shown(value)}" for key, value in values.items())


@dataclass(frozen=True, slots=True)
class MissReport:
    """What the span and the location reports share: misses by kind, main figures, JSON.

    A report names its miss kinds in ``kinds``, its rates in ``rates`` and
    the rows of its main figures in ``shown`` (row name, attribute path).
    Every count field, and every field that is a dataclass of counts, goes
    into the JSON as it is.
    """

    misses: tuple[Miss, ...]
    unscored_articles: int

    kinds: ClassVar[tuple[str, ...]] = ()
    rates: ClassVar[tuple[str, ...]] = ()
    shown: ClassVar[tuple[tuple[str, str], ...]] = ()

    def miss_counts(self) -> dict[str, int]:
        """How many gold events missed in each way, in ``kinds`` order."""
        counts = Counter(m.kind for m in self.misses)
        return {kind: counts[kind] for kind in self.kinds}

    def headline(self) -> list[tuple[str, str]]:
        """The main figures as (name, formatted value) rows: counts as they are, rates to 3 places."""
        values = ((name, attrgetter(path)(self)) for name, path in self.shown)
        return [(name, f"{v:.3f}" if isinstance(v, float) else f"{v}") for name, v in values]

    def to_json(self, details: bool = False) -> dict[str, Any]:
        """The counts, rates and miss counts as JSON-ready values; ``details`` adds every miss."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int):
                out[f.name] = value
            elif dataclasses.is_dataclass(value):
                out[f.name] = dataclasses.asdict(value)
        out |= {name: getattr(self, name) for name in self.rates}
        out["misses"] = self.miss_counts()
        if details:
            out["miss_list"] = [m.to_json() for m in self.misses]
        return out
