"""Optional libraries: which extra of the package brings each, and a clear error when one is missing.

The extras are read from the installed package's metadata, so ``pyproject.toml``
stays the one list of them.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from importlib import metadata
from types import ModuleType

from eventwire.errors import MissingExtraError

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)[^;]*;\s*extra\s*==\s*['\"]([^'\"]+)['\"]")


@lru_cache(maxsize=1)
def extra_of_library() -> dict[str, str]:
    """Each optional library's import name, mapped to the first extra that lists it directly."""
    try:
        requires = metadata.requires("eventwire") or []
    except metadata.PackageNotFoundError:
        return {}
    found: dict[str, str] = {}
    for line in requires:
        match = _REQUIREMENT.match(line)
        if match and match.group(2) != "test":
            found.setdefault(match.group(1).lower().replace("-", "_"), match.group(2))
    return found


def missing_extra(exc: ModuleNotFoundError, purpose: str | None = None) -> MissingExtraError | None:
    """The clear error for an import that failed because an extra is not installed, or None if it is not that."""
    name = (exc.name or "").split(".")[0].lower()
    extra = extra_of_library().get(name)
    if extra is None:
        return None
    need = f"{purpose} needs" if purpose else "this needs"
    return MissingExtraError(
        f"{need} {exc.name!r}, from the {extra!r} extra: pip install 'eventwire[{extra}]' "
        f"(or, pinned, pip install --require-hashes -r requirements-full.lock)"
    )


def require(module: str, purpose: str) -> ModuleType:
    """Import an optional library.

    Raises:
        MissingExtraError: it is not installed, naming the extra to install.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        error = missing_extra(exc, purpose)
        if error is None:
            raise
        raise error from None
