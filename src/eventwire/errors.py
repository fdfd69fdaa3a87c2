"""One exception family for everything eventwire raises on purpose."""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises; the CLI turns it into a clean message."""


class InputError(EventwireError):
    """An input file or record cannot be read: says which file, line and why."""


class NothingToCode(InputError):
    """The inputs hold no article to code (a path that does not exist, no records, every record skipped).

    Raised before the store is opened, so nothing was changed; the CLI exits 1 with it.
    """


class ConfigError(EventwireError):
    """A setting, model name or pipeline order is wrong: says what the valid choices are."""


class DataFileError(EventwireError):
    """A coding-knowledge file (patterns, aliases, dictionaries) is malformed: names file and line."""


class StoreError(EventwireError):
    """The DuckDB store cannot be opened, read or written."""


class WorkerError(EventwireError):
    """A worker process died while coding (killed, or out of memory): says which, and that stored batches stay."""


class MissingExtraError(EventwireError):
    """An optional library is not installed: names the extra that brings it."""
