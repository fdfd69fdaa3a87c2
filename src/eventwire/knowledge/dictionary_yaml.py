"""Read YAML keeping the line of every value, so data-file errors can name it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Located:
    """A YAML value and the 1-based line it starts on (for a mapping value, its key's line).

    Mappings hold ``dict[str, Located]``, sequences ``list[Located]``;
    :meth:`plain` strips the line information back off.
    """

    value: Any
    line: int

    def plain(self) -> Any:
        """The value as ``yaml.safe_load`` would give it."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


# libyaml's parser keeps node marks too and reads people.yaml three times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: Path) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Located] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise DataFileError(
                    f"{path}:{key_node.start_mark.line + 1}: key {key!r} repeated "
                    f"(first on line {out[key].line})"
                )
            # A mapping value is placed on its key's line, where a reader looks for it.
            out[key] = Located(_convert(value_node, loader, path).value, key_node.start_mark.line + 1)
        return Located(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(n, loader, path) for n in node.value], line)
    try:
        return Located(loader.construct_object(node, deep=True), line)
    except ValueError as exc:
        # PyYAML reads 2021-02-30 as a timestamp, then fails to build the date.
        raise DataFileError(f"{path}:{line}: {node.value!r} must be a date YYYY-MM-DD ({exc})") from exc


def load_located(path: Path) -> Located:
    """Parse one YAML document from ``path`` into :class:`Located` values.

    Raises:
        DataFileError: the file cannot be read or is not valid YAML (with its line),
            or a mapping repeats a key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read: {exc}") from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, 1)
        return _convert(node, loader, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        where = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            where = f" ({exc.context} on line {exc.context_mark.line + 1})"
        raise DataFileError(f"{path}:{line}: not valid YAML: {exc.problem or exc}{where}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML: {exc}") from exc
    finally:
        loader.dispose()
