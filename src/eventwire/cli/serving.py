"""Commands that show the store: the HTTP server with its dashboard, and plots for reports."""

from __future__ import annotations

import ipaddress
import logging
import sys
from pathlib import Path

import click

from eventwire.cli.group import db_option, main
from eventwire.settings import Settings

log = logging.getLogger(__name__)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback keeps it private).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-ingest", is_flag=True, help="Enable POST /ingest, which codes articles into the store (needs --token).")
@click.option("--token", envvar="EVENTWIRE_TOKEN", default=None,
              help="Token that POST /ingest must send as 'Authorization: Bearer TOKEN' [env EVENTWIRE_TOKEN].")
def serve(db: Path | None, host: str, port: int, allow_ingest: bool, token: str | None) -> None:
    """Serve the store over HTTP: the dashboard at /, the API with its docs at /docs.

    The store is opened read-only unless --allow-ingest is given.

    Example: eventwire serve --db news.duckdb --port 8000, then open http://127.0.0.1:8000/
    """
    import functools

    import uvicorn

    from eventwire.serve.api import create_app

    settings = Settings.load(db=db)
    ingest = None
    if allow_ingest:
        from eventwire.corpus import ingest_jsonl

        ingest = functools.partial(ingest_jsonl, settings=settings)
    app = create_app(settings.db, token=token, ingest=ingest)
    try:
        public = not ipaddress.ip_address(host).is_loopback
    except ValueError:
        public = host != "localhost"
    if public:
        log.warning("listening on %s: anyone who can reach this address can read the store", host)
    click.echo(f"eventwire: serving {settings.db} at http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command()
@db_option
def optimize(db: Path | None) -> None:
    """Lay the store out for serving: its events newest first, as the API and the dashboard list them.

    A newest-first page then reads the few blocks of rows that hold it, not
    every row: on a large store, listings, briefs and timelines answer several
    times faster. Every answer stays the same. Events stored by later runs go
    after the others until the store is optimized again. Takes about a minute
    per ten million events, and as much disk again while it runs.

    Example: eventwire optimize --db news.duckdb
    """
    import time

    from eventwire.store.duckdb import Store

    settings = Settings.load(db=db)
    started = time.perf_counter()
    with Store(settings.db) as store:
        n = store.sort_events()
    click.echo(f"{n} events laid out newest first, {time.perf_counter() - started:.1f} s -> {settings.db}")


@main.group()
def plot() -> None:
    """Draw the dashboard's charts as image files.

    Example: eventwire plot dyad RUS IRN -o rus-irn.png
    """


@plot.command("dyad")
@click.argument("actor")
@click.argument("recipient", required=False)
@db_option
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Image file to write (.png, .svg, .pdf).")
@click.option("--interval", type=click.Choice(["week", "month"]), default="month", show_default=True, help="Time step of the series.")
@click.option("--directed", is_flag=True, help="Only events from ACTOR to RECIPIENT, not both ways.")
@click.option("--include-negated", is_flag=True, help="Count negated events too.")
def plot_dyad(actor: str, recipient: str | None, db: Path | None, output: Path, interval: str, directed: bool,
              include_negated: bool) -> None:
    """Draw the timeline of a pair (Goldstein and event counts by QuadClass); RECIPIENT may be left out.

    Example: eventwire plot dyad RUS IRN -o rus-irn.png --interval week
    """
    from eventwire.serve import relations
    from eventwire.serve.plot import draw_dyad, image_formats
    from eventwire.store.duckdb import Store

    formats = image_formats()
    if output.suffix.lower().lstrip(".") not in formats:
        raise click.BadParameter(f"{output}: cannot draw a {output.suffix or 'suffix-less'} file; "
                                 f"image formats: {', '.join('.' + f for f in formats)}", param_hint="-o/--output")
    settings = Settings.load(db=db)
    with Store(settings.db, read_only=True) as store:
        data = relations.dyad(store.con, actor.upper(), recipient.upper() if recipient else None, interval,
                            directed, include_negated)
    if not data["events"]:
        pair = actor.upper() + (f" and {recipient.upper()}" if recipient else "")
        left_out = "" if include_negated else " (negated ones left out)"
        click.echo(f"Error: no events of {pair} in {settings.db}{left_out}; nothing was drawn and {output} "
                   "was not written.", err=True)
        sys.exit(1)
    draw_dyad(data, output)
    click.echo(f"{data['events']} events ({data['undated']} undated) -> {output}", err=True)
