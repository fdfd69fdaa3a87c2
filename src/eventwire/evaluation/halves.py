"""The tune, check and all reports of a span or event-location gold set, side by side, as text or JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventwire.evaluation.gold import ALL, HALVES, TUNE
from eventwire.evaluation.locations import LocationReport
from eventwire.evaluation.spans import SpanReport

HalfReports = Mapping[str, SpanReport | LocationReport]


def _columns(rows: list[tuple[str, list[str]]], head: str = "") -> list[str]:
    width = max(len(head), *(len(name) for name, _ in rows)) + 2
    lines = [f"{head:<{width}}" + "".join(f"{h:>9}" for h in HALVES)]
    lines += [f"{name:<{width}}" + "".join(f"{v:>9}" for v in values) for name, values in rows]
    return lines


def _type_table(reports: HalfReports) -> list[str]:
    every = reports[ALL]
    if not isinstance(every, SpanReport):
        return []
    label = max(10, *(len(t) + 1 for t in every.types))
    cell = "{:>5} {:>5} {:>5} {:>5} {:>5}"
    lines = ["", "per type (P over the coded events counted under the type, R over its gold events):",
             " " * label + " | ".join(f"{h:^29}" for h in HALVES),
             f"{'type':<{label}}" + " | ".join(cell.format("gold", "coded", "P", "R", "F1") for _ in HALVES)]
    for t in every.types:
        scores = [reports[which].types.get(t) for which in HALVES]  # type: ignore[union-attr]
        cells = [cell.format(s.gold, s.predicted, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}")
                 if s else cell.format(*"-----") for s in scores]
        lines.append(f"{t:<{label}}" + " | ".join(cells))
    return lines


def _miss_lines(reports: HalfReports, examples: int) -> list[str]:
    counts = {which: reports[which].miss_counts() for which in HALVES}
    kinds = list(counts[TUNE])
    lines = ["", *_columns([(k, [str(counts[w][k]) for w in HALVES]) for k in kinds], "misses by kind")]
    tune = reports[TUNE]
    if isinstance(tune, SpanReport) and tune.confusion:
        top = sorted(tune.confusion.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        lines += ["", "wrong type, tune half, most often coded instead: "
                  + ", ".join(f"{g} as {p} {n}" for (g, p), n in top)]
    if examples:
        lines += ["", f"examples from the tune half (at most {examples} of each kind):"]
        for kind in kinds:
            found = [m for m in tune.misses if m.kind == kind]
            if found:
                lines += ["", f"{kind} ({len(found)}):", *(m.describe() for m in found[:examples])]
    return lines


def format_halves(reports: HalfReports, title: str, details: bool = False, examples: int = 5) -> str:
    """The reports of :data:`~.gold.HALVES` as one text: main figures, per-type scores, and with
    ``details`` the misses by kind with counts and up to ``examples`` examples of each from the tune half."""
    first = reports[TUNE].headline()
    rows = [(name, [dict(reports[w].headline())[name] for w in HALVES]) for name, _ in first]
    lines = [title, "", *_columns(rows, "(check: id number divisible by 5)")]
    lines += _type_table(reports)
    if any(reports[w].unscored_articles for w in HALVES):
        lines += ["", f"{reports[ALL].unscored_articles} article(s) with events are not in the gold set (ignored)"]
    if details:
        lines += _miss_lines(reports, examples)
    return "\n".join(lines)


def halves_json(reports: HalfReports, details: bool = False) -> dict[str, Any]:
    """The reports of :data:`~.gold.HALVES` as JSON-ready values, keyed by half."""
    return {which: reports[which].to_json(details) for which in HALVES}
