"""Commands that measure the coder: scoring against gold events."""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from eventwire.cli.group import db_option, main
from eventwire.cli.learning import check_model, half_option, inputs_option, model_options, progress_bar
from eventwire.settings import Settings


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--events", "events_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score these PLOVER JSON Lines instead of coding the gold texts.")
@click.option("--model", default=None, help="spaCy pipeline to code the gold texts with.")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra actor dictionary; repeatable.")
@click.option("--patterns", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra event pattern file; repeatable.")
@click.option("--limit", type=click.IntRange(1, None), default=None, help="Score only the first N gold records.")
@click.option("--details", is_flag=True,
              help="Also list what went wrong: every imperfect item, or for span and location gold "
                   "the misses by kind with counts and examples.")
@click.option("--json", "as_json", is_flag=True, help="The scores as JSON.")
@model_options
@click.option("--cv", "folds", type=click.IntRange(2, 20), default=None,
              help="K-fold cross-validation of train-then-code instead: patterns alone, model alone and "
                   "combined, side by side (needs eventwire[train]).")
@click.option("--sweep", default=None, metavar="T1,T2,...",
              help="With --cv: score the combination at each of these thresholds (comma-separated).")
@half_option
@inputs_option
def evaluate(gold: Path, db: Path | None, events_file: Path | None, model: str | None, dicts: tuple[Path, ...],
             patterns: tuple[Path, ...], limit: int | None, details: bool, as_json: bool,
             model_dir: Path | None, threshold: float | None, folds: int | None, sweep: str | None, half: str,
             inputs: str) -> None:
    """Score events against a gold set.

    GOLD is a gold JSONL file in one of three formats, told apart by its
    records (see tests/data/README.md): country gold (type, mode, actor and
    recipient countries, status) gets per-type precision, recall and F1, a
    type confusion matrix and PETRARCH's correct / uncoded / extra rates;
    span gold (type, actor_text, recipient_text) gets type recall, span-dyad
    recall and type precision; event-location gold (trigger, locations) gets
    location recall and the share of events placed where the gold has no
    place. Span and location figures are given for the tune half, the check
    half (id number divisible by 5) and all. GOLD may also be a PETRARCH
    unit-test XML file, coded with the PETRARCH actor, agent and verb
    dictionaries beside it and scored at the PLOVER level.

    By default the gold texts are coded now, each an article dated by the
    gold date; --events scores a PLOVER JSONL file and --db the events stored
    under the gold ids.

    With --model-dir the texts are coded with that trained model combined
    with the patterns. With --cv K, a model is trained on K-1 folds of GOLD
    and codes the last, K times over; the table sets the patterns alone, the
    model alone and the combination side by side (type recall, precision and
    F1, span-dyad recall), each with and without the role ranker.

    Example: eventwire eval ../shared/dev/plv_dev.jsonl --details
    """
    from eventwire.evaluation.gold import format_of

    if db is not None and events_file is not None:
        raise click.UsageError("Give at most one of --db and --events.")
    if folds is not None:
        _cross_validate(gold, folds, model, dicts, patterns, limit, threshold, as_json, half, _thresholds(sweep), inputs)
        return
    if sweep is not None:
        raise click.UsageError("--sweep scores thresholds of a cross-validation: give --cv too.")
    if inputs != "sentence":
        raise click.UsageError("--inputs says what the models of a cross-validation read: give --cv too.")
    if half != "all":
        raise click.UsageError("--half selects the gold that --cv trains and codes; without --cv every half is "
                               "reported side by side.")
    with tempfile.TemporaryDirectory() as tmp:
        items, skipped, settings = _read_gold(gold, Path(tmp), model, dicts, patterns,
                                              coding=db is None and events_file is None)
        settings = dataclasses.replace(settings, model_dir=model_dir or settings.model_dir,
                                       model_threshold=settings.model_threshold if threshold is None else threshold)
        check_model(settings)
        items = items[:limit] if limit else items
        predicted = _predicted(items, db, events_file, settings)
    click.echo(_output(gold, format_of(items), items, predicted, details, as_json))
    if skipped and not as_json:
        click.echo(f"\n{len(skipped)} gold records left out of scoring:")
        for s in skipped:
            click.echo(f"  {s.id}: {s.reason}")


def _cross_validate(gold: Path, folds: int, model: str | None, dicts: tuple[Path, ...], patterns: tuple[Path, ...],
                    limit: int | None, threshold: float | None, as_json: bool, half: str,
                    sweep: tuple[float, ...], inputs: str = "sentence") -> None:
    """Train-then-code in ``folds`` folds of one half (or all) of the gold and print the variants side by side."""
    from eventwire.training import _need_torch, prepare, read_half
    from eventwire.training.crossval import cross_validate, format_table
    from eventwire.training.finetune import TrainSettings

    _need_torch()
    items = read_half([gold], half)
    items = items[:limit] if limit else items
    settings = Settings.load(model=model, dicts=dicts or None, patterns=patterns or None, model_threshold=threshold)
    examples, words, later = prepare(items, settings, progress_bar)
    results = cross_validate(examples, folds, settings, TrainSettings(inputs=inputs), words, later, progress_bar, sweep)
    if as_json:
        click.echo(json.dumps({"gold": str(gold), "half": half, "folds": folds, "inputs": inputs, **{k: v.to_json() for k, v in results.items()}},
                              indent=2))
        return
    which = "" if half == "all" else f" of the {half} half"
    click.echo(format_table(results, f"{gold}: {len(items)} texts{which}, {folds}-fold cross-validation "
                                     f"(threshold {settings.model_threshold}, inputs: {inputs})"))


def _thresholds(sweep: str | None) -> tuple[float, ...]:
    """The thresholds of ``--sweep``, each checked to lie in [0, 1]."""
    if sweep is None:
        return ()
    try:
        values = tuple(float(v) for v in sweep.split(",") if v.strip())
    except ValueError:
        raise click.BadParameter(f"{sweep!r} is not a comma-separated list of numbers", param_hint="--sweep") from None
    if not values or not all(0.0 <= v <= 1.0 for v in values):
        raise click.BadParameter(f"{sweep!r}: give thresholds between 0 and 1", param_hint="--sweep")
    return values


def _read_gold(gold: Path, tmp: Path, model: str | None, dicts: tuple[Path, ...], patterns: tuple[Path, ...],
               coding: bool) -> tuple[list[Any], list[Any], Settings]:
    """The gold items, the records left out, and the settings to code them with."""
    extra_dicts, extra_patterns = list(dicts), list(patterns)
    # PETRARCH2's suite is scored with its own dictionaries only: its no-event
    # records presume actors those do not know, which the Phoenix layer knows.
    phoenix = None
    if gold.suffix.lower() != ".xml":
        from eventwire.evaluation.formats import load_gold

        items, skipped = load_gold(gold), []
    else:
        from eventwire.evaluation.peer import load_peer_gold, peer_dictionaries, peer_patterns

        items, skipped = load_peer_gold(gold)
        extra_dicts += peer_dictionaries(gold.parent, tmp)
        phoenix = False
        if coding:
            verbs = peer_patterns(gold.parent, tmp, Settings.load(model=model).model)
            # the user's own pattern files still come last and win
            extra_patterns = ([verbs] if verbs else []) + extra_patterns
    settings = Settings.load(model=model, dicts=tuple(extra_dicts) or None, patterns=tuple(extra_patterns) or None,
                             phoenix=phoenix)
    return items, skipped, settings


def _predicted(items: list[Any], db: Path | None, events_file: Path | None, settings: Settings) -> dict[str, Any]:
    """The coded events to score: from --events, from the store, or coded now with a progress bar."""
    from eventwire.evaluation.predicted import load_predicted, predicted_from_events

    if events_file is not None:
        return load_predicted(events_file)
    if db is not None:
        from eventwire.store.duckdb import Store

        with Store(db, read_only=True) as store:
            return predicted_from_events(store.iter_plover())
    from tqdm import tqdm

    from eventwire.evaluation.score import code_gold
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline(settings)
    with tqdm(total=len(items), unit=" texts", desc="coding", file=sys.stderr, disable=None,
              dynamic_ncols=True) as bar:
        return code_gold(items, pipeline, progress=bar.update)


def _output(gold: Path, fmt: str, items: list[Any], predicted: dict[str, Any], details: bool, as_json: bool) -> str:
    """The scores as text or JSON: one report for country gold, the halves side by side for the others."""
    from eventwire.evaluation.gold import COUNTRY
    from eventwire.evaluation.halves import format_halves, halves_json
    from eventwire.evaluation.score import score, score_halves

    if fmt == COUNTRY:
        report = score(items, predicted)
        return json.dumps(report.to_json(), indent=2) if as_json else report.format(details=details)
    reports = score_halves(items, predicted)
    if as_json:
        return json.dumps({"gold": str(gold), "format": fmt, **halves_json(reports, details)}, indent=2)  # type: ignore[arg-type]
    return format_halves(reports, f"{gold}: {fmt} gold, {len(items)} texts", details=details)  # type: ignore[arg-type]
