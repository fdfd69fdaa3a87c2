"""Commands for actor dictionaries."""

from __future__ import annotations

from pathlib import Path

import click

from eventwire.cli.group import main
from eventwire.interop import DICTIONARY_IMPORTERS


@main.group("dict")
def dictionary() -> None:
    """Actor dictionaries: import and check.

    Example: eventwire dict import --format petrarch actors.txt -o actors.yaml
    """


@dictionary.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(DICTIONARY_IMPORTERS)), default="petrarch", show_default=True,
              help="Format of SOURCE: petrarch reads TABARI/PETRARCH actor and agent dictionaries.")
@click.option("--kind", type=click.Choice(["auto", "actors", "agents"]), default="auto", show_default=True,
              help="Actors or agents dictionary; auto tells them apart by the ~ agent marker.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML dictionary to write [default: SOURCE with .yaml].")
@click.option("--strict", is_flag=True, help="Stop at the first defective line instead of skipping it.")
def import_(source: Path, fmt: str, kind: str, output: Path | None, strict: bool) -> None:
    """Convert a dictionary into eventwire's YAML format, date ranges included.

    Each defective line (an unbalanced bracket, a bad date, an entry with no
    code) is reported with its file and line and skipped; the rest is
    imported. The counts say how many entries were read, imported and
    skipped, by reason. With --strict the first defect stops the import and
    nothing is written. The result is used with 'eventwire code --dict FILE'.

    Example: eventwire dict import --format petrarch PETR.Validate.actors.txt -o actors.yaml
    """
    from eventwire.interop import import_dictionary
    from eventwire.knowledge.dictionary import write_dictionary

    report = import_dictionary(source, fmt, kind, strict)
    for defect in report.defects:
        click.echo(f"warning: {defect}", err=True)
    output = output or source.with_suffix(".yaml")
    write_dictionary(report.entries, output)
    roles = sum(len(e.roles) for e in report.entries)
    click.echo(f"{report.summary()}")
    click.echo(f"{len(report.entries)} entries ({roles} dated roles) -> {output}")


@dictionary.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Validate YAML or CSV actor dictionaries, naming file and line of each problem.

    Example: eventwire dict check my_actors.yaml
    """
    from eventwire.knowledge.dictionary import load_dictionary

    for path in files:
        entries = load_dictionary(path)
        click.echo(f"{path}: {len(entries)} entries, valid")
