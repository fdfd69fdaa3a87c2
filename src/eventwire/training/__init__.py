"""Training: a model folder from gold sets, and cross-validation of train-then-code.

::

    from eventwire.training import train
    meta = train(["plv_dev.jsonl"], Path("model"), Settings.load())

:func:`train` reads gold files as ``eventwire eval`` does (the same ``file:line``
errors), codes their texts with the patterns up to the events stage, fine-tunes
the sentence encoder (:mod:`.finetune`, torch on CPU), fits the role ranker
(:mod:`.roles`), and writes the folder the learned stage codes with
(:mod:`.folder`); with ``folds`` it first cross-validates the whole
train-then-code (:mod:`.crossval`) and records the scores in ``meta.json``.
Training needs ``eventwire[train]``; coding with the folder only ``eventwire[learn]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError, InputError
from eventwire.settings import Settings

TRAIN_EXTRA = "eventwire[train]"


def _need_torch() -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        raise ConfigError(f"training needs torch and the base encoder: pip install '{TRAIN_EXTRA}'") from None


def read_gold(paths: Sequence[Path]) -> list[Any]:
    """The gold items of every file, as ``eventwire eval`` reads them.

    A PETRARCH unit-test XML file gives its sentences with the PLOVER types of
    their expected CAMEO codes; the sentences it cannot score are left out.

    Raises:
        InputError: a bad record (``file:line``), a file of location gold, or an id used in two files.
    """
    from eventwire.evaluation.formats import load_gold
    from eventwire.training.examples import check_trainable

    items: list[Any] = []
    seen: dict[str, Path] = {}
    for path in paths:
        mine = _peer_items(path) if Path(path).suffix.lower() == ".xml" else load_gold(path)
        check_trainable(mine, str(path))
        for item in mine:
            if item.id in seen:
                raise InputError(f"{path}: id {item.id!r} is also in {seen[item.id]}; ids must differ across files")
            seen[item.id] = path
        items += mine
    return items


def _peer_items(path: Path) -> list[Any]:
    from eventwire.evaluation.peer import load_peer_gold

    return load_peer_gold(path)[0]


def read_half(paths: Sequence[Path], half: str) -> list[Any]:
    """The gold items of every file (:func:`read_gold`) in one half of the ids, or all of them.

    Raises:
        InputError: bad gold, or a half with no gold event.
    """
    from eventwire.evaluation.gold import ALL, in_half

    items = read_gold(paths)
    if half == ALL:
        return items
    mine = in_half(items, half)
    if not any(i.events for i in mine):
        raise InputError(f"{', '.join(map(str, paths))}: the {half} half holds no gold event to learn from")
    return mine


def train(paths: Sequence[Path], out: Path, settings: Settings, train_settings: Any = None, folds: int = 0,
          bar: Any = None, half: str = "all") -> dict[str, Any]:
    """Train a model folder on gold files; returns its ``meta.json`` contents.

    Args:
        paths: gold JSONL files (country or span gold).
        out: the model folder to write.
        settings: how the patterns code the texts (spaCy model, dictionaries, pattern files).
        train_settings: a :class:`~eventwire.training.finetune.TrainSettings`; None for the defaults.
        folds: cross-validate with this many folds first (0: not at all).
        bar: ``bar(description, total)`` gives a callable told of each step (a progress bar).
        half: train on the ``"tune"`` or the ``"check"`` half of the gold only (id number
            divisible by 5: check), or on ``"all"`` of it.

    Raises:
        InputError: bad gold, as ``eventwire eval`` reports it.
        ConfigError: torch or the base encoder is not installed.
    """
    _need_torch()
    from eventwire.stages.learned.folder import file_hash
    from eventwire.training.finetune import TrainSettings
    from eventwire.training.folder import quiet_bar, write_model

    items = read_half(paths, half)
    train_settings = train_settings or TrainSettings()
    bar = bar or quiet_bar
    examples, words, later = prepare(items, settings, bar)
    meta: dict[str, Any] = {"data": [{"path": str(p), "sha256": file_hash(Path(p))} for p in paths], "half": half}
    if folds > 1:
        from eventwire.training.crossval import cross_validate

        results = cross_validate(examples, folds, settings, train_settings, words, later, bar)
        meta["cross_validation"] = {"folds": folds, **{name: s.to_json() for name, s in results.items()}}
    return write_model(examples, out, train_settings, words, bar, meta)


def prepare(items: Sequence[Any], settings: Settings, bar: Any) -> tuple[list[Any], Any, list[Any]]:
    """The examples of the gold items, the role finder's words, and the stages after the learned one."""
    from eventwire.pipeline import DEFAULT_STAGES, Pipeline, build_stage
    from eventwire.stages.events import role_words
    from eventwire.training.examples import BEFORE_LEARNED, build_examples

    pipeline = Pipeline(settings, stages=BEFORE_LEARNED)
    examples = build_examples(items, pipeline, bar("coding", len(items)))
    events = next(s for s in pipeline.stages if s.name == "events")
    after = DEFAULT_STAGES[DEFAULT_STAGES.index("learned") + 1 :]
    return examples, role_words(events.patterns), [build_stage(name, settings) for name in after]
