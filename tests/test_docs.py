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


ROOT = Path(__file__).resolve().parent.parent


def test_every_input_kind_is_in_the_readme():
    from eventwire.stages.ingest import SUFFIXES

    for suffix in SUFFIXES:
        assert f"`{suffix}`" in README, f"input kind {suffix} is not in README.md's inputs table"


def test_every_extra_is_in_the_readme_table():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    for name in extras:
        assert f"| `{name}` |" in README, f"extra {name!r} is not in README.md's extras table"


def test_the_two_opening_commands_install_from_locks_that_exist():
    import re

    first, second = re.findall(r"```bash\n(.*?)```", README, re.S)[:2]
    assert "-r requirements.lock" in first and "eventwire code examples/" in first
    assert "-r requirements-full.lock" in second and "pytest" in second
    for lock in re.findall(r"-r (\S+\.lock)", first + second):
        assert (ROOT / lock).is_file(), f"README.md installs from {lock}, which is not in the repository"
