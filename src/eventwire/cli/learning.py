"""Commands that learn from annotations: ``train``, and the model options ``code`` and ``eval`` share."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from eventwire.cli.group import main
from eventwire.settings import Settings


def model_options(f: Any) -> Any:
    """``--model-dir`` and ``--threshold``: code with a trained model folder combined with the patterns."""
    f = click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
                     help="Lowest confidence of an event coded with --model-dir: higher trades recall for "
                          "precision [default: 0.38 or $EVENTWIRE_MODEL_THRESHOLD].")(f)
    return click.option("--model-dir", type=click.Path(path_type=Path), default=None,
                        help="Model folder from 'eventwire train', combined with the patterns "
                             "[default: $EVENTWIRE_MODEL_DIR; none]. Needs eventwire[learn].")(f)


def check_model(settings: Settings) -> None:
    """Fail now, with the reason, when the settings name a model folder that cannot be coded with."""
    if settings.model_dir is not None:
        from eventwire.stages.learned import LearnedStage

        LearnedStage(settings)


def half_option(f: Any) -> Any:
    """``--half``: learn from one half of the gold ids only, as ``eventwire eval`` splits them."""
    return click.option("--half", type=click.Choice(["tune", "check", "all"]), default="all", show_default=True,
                        help="Train on the tune or the check half of GOLD only (check: id number divisible "
                             "by 5, as 'eventwire eval' splits it), or on all of it.")(f)


def inputs_option(f: Any) -> Any:
    """``--inputs``: what the encoder reads of each text."""
    return click.option("--inputs", type=click.Choice(["sentence", "sentence+triggers"]), default="sentence",
                        show_default=True,
                        help="What the encoder reads: the sentence, or also the pattern events' triggers and "
                             "types.")(f)


def progress_bar(desc: str, total: int) -> Callable[[int], None]:
    """A progress bar on standard error for one phase of training; returns its update function."""
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=" steps" if desc == "fine-tuning" else " texts", file=sys.stderr,
               disable=None, dynamic_ncols=True)

    def update(n: int) -> None:
        bar.update(n)
        if bar.n >= bar.total:
            bar.close()

    return update


@main.command("train")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Model folder to write (created; files in it are replaced).")
@click.option("--epochs", type=click.IntRange(1, 100), default=4, show_default=True, help="Passes over the gold texts.")
@click.option("--layers", type=click.IntRange(1, 6), default=6, show_default=True,
              help="Encoder layers kept: fewer code faster and learn less.")
@click.option("--frozen", type=click.IntRange(0, 5), default=0, show_default=True,
              help="Lower layers kept as the base encoder has them: computed once, about half the training "
                   "time with 3, and less learned.")
@click.option("--learning-rate", type=click.FloatRange(1e-7, 1.0), default=5e-5, show_default=True)
@inputs_option
@click.option("--cv", "folds", type=click.IntRange(0, 20), default=0, show_default=True,
              help="Cross-validate train-then-code with this many folds first, and record the scores.")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the shuffles and the new head.")
@half_option
@click.option("--model", default=None, help="spaCy pipeline the patterns code the gold texts with.")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra actor dictionary; repeatable.")
@click.option("--patterns", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra event pattern file; repeatable.")
def train_command(gold: tuple[Path, ...], out: Path, epochs: int, layers: int, frozen: int,
                  learning_rate: float, inputs: str,
                  folds: int, seed: int, half: str, model: str | None, dicts: tuple[Path, ...], patterns: tuple[Path, ...]) -> None:
    """Train a model on gold sets, to code combined with the patterns.

    GOLD are gold JSONL files in the formats 'eventwire eval' reads (country
    or span gold; see tests/data/README.md). Their texts are coded with the
    patterns; a small sentence encoder (all-MiniLM-L6-v2) is fine-tuned on
    CPU to their event types, and a role ranker learns from span gold which
    mention is the actor and which the recipient. The folder holds the
    encoder as int8 ONNX, its tokenizer, the ranker and meta.json (data files
    and hashes, labels, settings, eventwire version, --cv scores).

    Training needs eventwire[train] (torch); coding with the folder
    (eventwire code --model-dir) only eventwire[learn].

    Example: eventwire train my_gold.jsonl -o my_model && eventwire code news/ --model-dir my_model
    """
    import time

    from eventwire.training import train
    from eventwire.training.finetune import TrainSettings

    settings = Settings.load(model=model, dicts=dicts or None, patterns=patterns or None)
    if frozen >= layers:
        raise click.BadParameter(f"--frozen {frozen} leaves none of the {layers} layers to learn", param_hint="--frozen")
    train_settings = TrainSettings(layers=layers, frozen=frozen, epochs=epochs, learning_rate=learning_rate,
                                   inputs=inputs, seed=seed)
    started = time.perf_counter()
    meta = train(list(gold), out, settings, train_settings, folds, progress_bar, half)
    click.echo(f"trained on {meta['examples']} texts, {len(meta['labels'])} labels, "
               f"in {time.perf_counter() - started:.0f} s -> {out}")
    if "cross_validation" in meta:
        from eventwire.training.crossval import Scores, format_table

        cv = {k: Scores(**v) for k, v in meta["cross_validation"].items() if k != "folds"}
        click.echo(format_table(cv, f"\n{folds}-fold cross-validation:"))
