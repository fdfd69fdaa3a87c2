"""The ``eventwire`` command group, its error handling, and the options every command shares."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

import click

from eventwire.errors import EventwireError
from eventwire.extras import missing_extra
from eventwire.records import iso_date

log = logging.getLogger("eventwire")


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
