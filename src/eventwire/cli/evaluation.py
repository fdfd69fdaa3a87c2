"""Commands that measure the coder: scoring against gold events."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from eventwire.cli import db_option, main
from eventwire.settings import Settings


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--events", "events_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score these PLOVER JSON Lines instead of coding the gold texts.")
@click.option("--model", default=None, help="spaCy pipeline to code the gold texts with.")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra actor dictionary; repeatable.")
@click.option("--patterns", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra event pattern file; repeatable.")
@click.option("--details", is_flag=True, help="Also list every item that was not coded perfectly.")
@click.option("--json", "as_json", is_flag=True, help="The scores as JSON.")
def evaluate(gold: Path, db: Path | None, events_file: Path | None, model: str | None, dicts: tuple[Path, ...],
             patterns: tuple[Path, ...], details: bool, as_json: bool) -> None:
    """Score events against a gold set: per-type precision, recall and F1, a
    type confusion matrix, and PETRARCH's correct / uncoded / extra rates.

    GOLD is a gold JSONL file (id, text, date, events with type, mode, actor,
    recipient, status), or a PETRARCH unit-test XML file, which is coded with
    the PETRARCH actor, agent and verb dictionaries beside it and scored at
    the PLOVER level. By
    default the gold texts are coded now; --events scores a PLOVER JSONL
    file and --db the events stored under the gold ids.

    Example: eventwire eval tests/data/gold_events.jsonl --details
    """
    from eventwire.evaluation.gold import (
        load_gold,
        load_predicted,
        predicted_from_events,
    )
    from eventwire.evaluation.score import code_and_score, score

    if db is not None and events_file is not None:
        raise click.UsageError("Give at most one of --db and --events.")
    extra_dicts = list(dicts)
    extra_patterns = list(patterns)
    skipped = []
    with tempfile.TemporaryDirectory() as tmp:
        if gold.suffix.lower() == ".xml":
            from eventwire.evaluation.peer import (
                load_peer_gold,
                peer_dictionaries,
                peer_patterns,
            )

            items, skipped = load_peer_gold(gold)
            extra_dicts += peer_dictionaries(gold.parent, tmp)
            if events_file is None and db is None:
                verbs = peer_patterns(gold.parent, tmp, Settings.load(model=model).model)
                # the user's own pattern files still come last and win
                extra_patterns = ([verbs] if verbs else []) + extra_patterns
        else:
            items = load_gold(gold)
        if events_file is not None:
            report = score(items, load_predicted(events_file))
        elif db is not None:
            from eventwire.store.duckdb import Store

            with Store(db, read_only=True) as store:
                report = score(items, predicted_from_events(store.iter_plover()))
        else:
            from eventwire.pipeline import Pipeline

            settings = Settings.load(model=model, dicts=tuple(extra_dicts) or None, patterns=tuple(extra_patterns) or None)
            report = code_and_score(items, Pipeline(settings))
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
        return
    click.echo(report.format(details=details))
    if skipped:
        click.echo(f"\n{len(skipped)} gold records left out of scoring:")
        for s in skipped:
            click.echo(f"  {s.id}: {s.reason}")
