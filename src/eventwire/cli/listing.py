"""Commands that read the store: listing and exporting events."""

from __future__ import annotations

import datetime as dt
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import click

from eventwire.cli.group import db_option, main, parse_date
from eventwire.records import STATUSES
from eventwire.settings import Settings


@main.command()
@db_option
@click.option("--actor", help="Actor code or country (IRN, USAGOV, NATO).")
@click.option("--recipient", help="Recipient code or country.")
@click.option("--type", "event_type", help="PLOVER event type, any case (PROTEST, ACCUSE, ...).")
@click.option("--country", help="Where it happened: ISO 3166 alpha-3 country code.")
@click.option("--status", type=click.Choice(STATUSES), help="Attribution status.")
@click.option("--from", "date_from", callback=parse_date, help="Earliest event date, YYYY-MM-DD.")
@click.option("--to", "date_to", callback=parse_date, help="Latest event date, YYYY-MM-DD.")
@click.option("--article", "article_id", help="Only events of this article id.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many events.")
@click.option("--json", "as_json", is_flag=True, help="PLOVER JSON Lines instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Flat CSV instead of a table.")
def events(db: Path | None, actor: str | None, recipient: str | None, event_type: str | None, country: str | None,
           status: str | None, date_from: dt.date | None, date_to: dt.date | None, article_id: str | None,
           limit: int | None, as_json: bool, as_csv: bool) -> None:
    """List stored events, as a table by default.

    Example: eventwire events --actor RUS --recipient IRN --from 2022-01-01
    """
    from eventwire.store import export
    from eventwire.store.duckdb import Store
    from eventwire.store.query import EventQuery

    if as_json and as_csv:
        raise click.UsageError("Choose one of --json and --csv.")
    settings = Settings.load(db=db)
    where = EventQuery(actor=actor, recipient=recipient, event=event_type, country=country, status=status,
                       date_from=date_from, date_to=date_to, article_id=article_id)
    with Store(settings.db, read_only=True) as store:
        records = store.iter_plover(where)
        if limit:
            records = islice(records, limit)
        stdout = sys.stdout
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
@db_option
@click.option("--format", "fmt", type=click.Choice(["plover", "csv", "polecat", "gdelt-events", "gdelt-mentions", "parquet"]),
              default="plover", show_default=True,
              help="plover: PLOVER JSON Lines; csv: flat CSV; polecat: POLECAT-style TSV; gdelt-events / "
                   "gdelt-mentions: GDELT 2.0 TSV (one event per deduplicated cluster); parquet: the events "
                   "table partitioned by year and month (-o names a folder).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (folder for parquet) to write [default: standard output].")
def export(db: Path | None, fmt: str, output: Path | None) -> None:
    """Export every stored event.

    Example: eventwire export --format gdelt-events -o events.tsv
    """
    from eventwire.store import export as exporter
    from eventwire.store import gdelt
    from eventwire.errors import StoreError
    from eventwire.store.clusters import clusters_current
    from eventwire.store.duckdb import Store

    settings = Settings.load(db=db)
    with Store(settings.db, read_only=True) as store:
        if fmt.startswith("gdelt") and not clusters_current(store.con):
            raise StoreError(f"The event clusters of {settings.db} are not current (the store was written by an older "
                             f"eventwire or by hand); run 'eventwire clusters --db {settings.db}' first. Nothing was written.")
        if fmt == "parquet":
            if output is None:
                raise click.UsageError("--format parquet needs -o FOLDER")
            n = exporter.write_parquet(store.con, output)
        else:
            writers = {
                "gdelt-events": lambda out: gdelt.write_events(store.con, out),
                "gdelt-mentions": lambda out: gdelt.write_mentions(store.con, out),
            }
            write = writers.get(fmt) or (lambda out: exporter.write(store.iter_plover(), fmt, out))
            if output:
                with output.open("w", encoding="utf-8", newline="") as fh:
                    n = write(fh)
            else:
                n = write(sys.stdout)
    if output:
        click.echo(f"{n} rows -> {output}", err=True)
