"""Every CLI command and option and every setting is documented in the README."""

from pathlib import Path

import click
import pytest

from eventwire.cli import main
from eventwire.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "eventwire"):
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, full)
        else:
            yield full, command


COMMANDS = list(_commands(main))


@pytest.mark.parametrize("name,command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_is_in_readme_with_its_options(name, command):
    assert f"`{name}" in README, f"{name} is not documented in README.md"
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(opt in README for opt in param.opts), f"{name} {param.opts} is not documented"


@pytest.mark.parametrize("name,command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_command_help_has_an_example(name, command):
    assert "Example:" in (command.help or ""), f"{name} --help gives no example"


@pytest.mark.parametrize("setting", list(Settings.help()))
def test_setting_is_in_readme(setting):
    assert f"`{setting}`" in README
    assert Settings.help()[setting], f"setting {setting} has no help text"
