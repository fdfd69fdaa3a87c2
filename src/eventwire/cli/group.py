"""The ``eventwire`` command group, its error handling, and the options every command shares."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from eventwire.errors import EventwireError
from eventwire.extras import missing_extra
from eventwire.records import iso_date

log = logging.getLogger("eventwire")

# Set by a command whose process holds large tables and nothing that needs closing at exit (see run()).
_quick_exit = False


class _Group(click.Group):
    """Turns eventwire's own errors, and a missing optional library, into a clean message and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EventwireError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except ModuleNotFoundError as exc:
            error = missing_extra(exc, f"eventwire {ctx.invoked_subcommand}" if ctx.invoked_subcommand else None)
            if error is None:
                raise
            click.echo(f"Error: {error}", err=True)
            sys.exit(2)
        except Exception as exc:
            # A store file damaged past its header opens, and fails on the first query that reaches the damage.
            duckdb = sys.modules.get("duckdb")
            if duckdb is None or not isinstance(exc, duckdb.Error):
                raise
            click.echo(f"Error: the store could not be read or written, and nothing more was stored: {exc}", err=True)
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


def skip_teardown() -> None:
    """Let the process end, once the command has returned, without tearing the interpreter down.

    Freeing a coding process's tables, model and caches one object at a time
    costs about a second of CPU after the work is done; the system frees them
    at once. Only for a command that has closed its store and started no
    process or server that an exit handler must stop.
    """
    global _quick_exit
    _quick_exit = True


def run() -> None:
    """The ``eventwire`` command line as a program: :func:`main`, then a quick exit if the command asked for one."""
    try:
        main()
    except SystemExit as exc:
        if not _quick_exit or not isinstance(exc.code, (int, type(None))):
            raise
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code or 0)


def db_option(f: Any) -> Any:
    """The --db option, the same on every command that reads or writes the store."""
    return click.option(
        "--db", type=click.Path(path_type=Path), default=None,
        help="DuckDB store file [default: ./eventwire.duckdb or $EVENTWIRE_DB].",
    )(f)


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: a YYYY-MM-DD option value as a date."""
    try:
        return iso_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None
