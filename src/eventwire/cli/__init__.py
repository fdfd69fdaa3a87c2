"""The command line: one command per verb, each group of verbs in its own module.

:mod:`eventwire.cli.group` holds the group the command modules register with;
importing this package imports them all, so ``main`` has every command.
"""

from eventwire.cli import coding, dictionary, evaluation, learning, listing, patterns, serving  # noqa: F401  (importing registers the commands)
from eventwire.cli.group import main, run

__all__ = ["main", "run"]
