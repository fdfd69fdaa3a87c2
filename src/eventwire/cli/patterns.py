"""Commands for event pattern files."""

from __future__ import annotations

from pathlib import Path

import click

from eventwire.cli.group import main


@main.group("patterns")
def patterns() -> None:
    """Event pattern files: import verb dictionaries.

    Example: eventwire patterns import --format petrarch verbs.txt -o verbs.yaml
    """


@patterns.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["petrarch"]), default="petrarch", show_default=True,
              help="Format of SOURCE: petrarch reads TABARI/PETRARCH verb dictionaries.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML pattern file to write [default: SOURCE with .yaml].")
@click.option("--model", default=None, help="spaCy pipeline whose lemmatizer turns verb forms into lemmas.")
@click.option("--require-dyad", is_flag=True, help="Code an event only when actor and recipient both have a country.")
def import_(source: Path, fmt: str, output: Path | None, model: str | None, require_dyad: bool) -> None:
    """Convert a verb dictionary into an eventwire pattern file.

    CAMEO codes become PLOVER types and modes through the CAMEO->PLOVER
    crosswalk; prints how many entries converted and why the rest were
    dropped. The result is used with 'eventwire code --patterns FILE'.

    Example: eventwire patterns import --format petrarch PETR.Validate.verbs.txt -o verbs.yaml
    """
    from eventwire.interop.petrarch_patterns import (
        import_petrarch_verbs,
        spacy_lemmatizer,
        write_patterns,
    )
    from eventwire.settings import Settings

    result = import_petrarch_verbs(source, spacy_lemmatizer(Settings.load(model=model).model), require_dyad=require_dyad)
    output = write_patterns(result, output or source.with_suffix(".yaml"), source.name)
    share = result.converted / result.total if result.total else 0.0
    click.echo(f"{result.converted} of {result.total} entries converted ({share:.0%}) -> {output}")
    for reason, n in result.dropped.most_common():
        click.echo(f"  dropped {n}: {reason}")
