"""K-fold cross-validation of train-then-code: what training buys on a gold set.

The gold texts are coded once up to the events stage; for each fold a model is
trained on the other folds and the fold's codings go through the learned stage
in each variant, then the stages after it. The pooled events of all folds are
scored against the gold:

* ``patterns``: the patterns alone;
* ``model``: the model alone (one event a sentence, of its top label, on the main clause);
* ``combined``: the model combined with the patterns (what ``--model-dir`` codes);
* ``combined, no role ranker`` and ``model, no role ranker``: the same with the role finder's parties.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evaluation.predicted import predicted_from_events
from eventwire.evaluation.score import score
from eventwire.evaluation.spans import score_spans
from eventwire.evaluation.gold import COUNTRY, format_of
from eventwire.records import Coding
from eventwire.settings import Settings
from eventwire.stages.events.roles import RoleWords
from eventwire.stages.learned import LearnedStage, read_meta
from eventwire.stages.learned.classifier import SentenceClassifier
from eventwire.stages.learned.combine import ALONE, BOTH
from eventwire.training.examples import Example
from eventwire.training.finetune import TrainSettings
from eventwire.training.folder import Bar, quiet_bar, write_model

#: (name, combination, role ranker) of each variant scored; None for the patterns alone.
VARIANTS: tuple[tuple[str, str | None, bool], ...] = (
    ("patterns", None, False),
    ("model", ALONE, True),
    ("model, no role ranker", ALONE, False),
    ("combined", BOTH, True),
    ("combined, no role ranker", BOTH, False),
)


@dataclass(frozen=True, slots=True)
class Scores:
    """The figures of one variant over all folds."""

    type_recall: float
    type_precision: float
    type_f1: float
    dyad_recall: float
    events: int

    def to_json(self) -> dict[str, float | int]:
        """The figures as JSON-ready values, rounded."""
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in
                (("type_recall", self.type_recall), ("type_precision", self.type_precision),
                 ("type_f1", self.type_f1), ("dyad_recall", self.dyad_recall), ("events", self.events))}


def folds_of(examples: Sequence[Example], k: int, seed: int = 13) -> list[list[int]]:
    """The example indices of each of ``k`` folds: a seeded shuffle dealt round."""
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def scores_of(items: Sequence[Any], codings: Sequence[Coding]) -> Scores:
    """Type recall, precision and F1, and dyad recall (span words, or countries for country gold)."""
    predicted = predicted_from_events(e for c in codings for e in c.events)
    spans = score_spans(items, predicted)
    dyad = spans.dyad_recall
    if format_of(items) == COUNTRY:
        report = score(items, predicted)
        dyad = report.correct / report.gold_events if report.gold_events else 0.0
    p, r = spans.type_precision, spans.type_recall
    return Scores(r, p, 2 * p * r / (p + r) if p + r else 0.0, dyad, spans.overall.predicted)


def cross_validate(examples: Sequence[Example], k: int, settings: Settings, train: TrainSettings,
                   words: RoleWords, later: Sequence[Any], bar: Bar = quiet_bar,
                   thresholds: Sequence[float] = ()) -> dict[str, Scores]:
    """The scores of every variant (:data:`VARIANTS`), each over the pooled folds.

    ``later`` are the stages after the learned one (attribution, dates, places), built once.
    ``thresholds`` scores the combination at each of them (:func:`code_variants`).
    """
    coded: dict[str, list[Coding]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for number, fold in enumerate(folds_of(examples, k), start=1):
            held = set(fold)
            folder = Path(tmp) / f"fold-{number}"
            write_model([ex for i, ex in enumerate(examples) if i not in held], folder, train, words, bar)
            variants = code_variants([examples[i].coding for i in fold], folder, settings, later, thresholds)
            for name, batch in variants.items():
                coded.setdefault(name, []).extend(batch)
    items = [ex.item for ex in examples]
    return {name: scores_of(items, coded[name]) for name in coded}


def code_variants(codings: Sequence[Coding], folder: Path, settings: Settings, later: Sequence[Any],
                  thresholds: Sequence[float] = ()) -> dict[str, list[Coding]]:
    """Codings up to the events stage taken on by each variant with one model folder, then by ``later``.

    With several ``thresholds`` the combined variants come once per threshold,
    named with it ("combined @ 0.40"); otherwise at ``settings.model_threshold``.
    """
    chosen = tuple(thresholds) or (settings.model_threshold,)
    classifier = SentenceClassifier(folder, read_meta(folder)).remembering()  # each sentence read once
    out: dict[str, list[Coding]] = {}
    for name, combination, roles in VARIANTS:
        for threshold in chosen if combination == BOTH else chosen[:1]:
            label = f"{name} @ {threshold:.2f}" if combination == BOTH and len(chosen) > 1 else name
            batch = list(codings)
            if combination is not None:
                mine = Settings.load(**{**_fields(settings), "model_dir": folder, "model_threshold": threshold})
                batch = LearnedStage(mine, combination, roles, classifier).pipe(batch)
            for stage in later:
                batch = stage.pipe(batch)
            out[label] = batch
    return out


def _fields(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}


def format_table(results: dict[str, Scores], title: str) -> str:
    """The variants side by side as a text table."""
    head = f"{'':<34}{'type recall':>12}{'precision':>11}{'type F1':>9}{'dyad recall':>13}{'events':>8}"
    lines = [title, "", head]
    for name, s in results.items():
        lines.append(f"{name:<34}{s.type_recall:>12.3f}{s.type_precision:>11.3f}{s.type_f1:>9.3f}"
                     f"{s.dyad_recall:>13.3f}{s.events:>8}")
    return "\n".join(lines)
