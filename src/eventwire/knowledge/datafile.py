"""Reading the coding-knowledge files: YAML parsed once, with line numbers for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataFileError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, what: str = "data file") -> tuple[Any, Any]:
    """Parse a YAML file once; return its data and its node tree (for line numbers).

    Raises:
        DataFileError: the file is missing or not valid YAML, naming the file and line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read {what}: {exc.strerror or exc}") from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DataFileError(f"{where}: {what} is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return data, node


def node_line(node: Any, key: str | int) -> int:
    """The 1-based line of a mapping key or sequence item in a node tree (the node's own line otherwise)."""
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key:
                return k.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key].start_mark.line + 1
    return node.start_mark.line + 1 if node is not None else 0


def node_child(node: Any, key: str | int) -> Any:
    """The value node of a mapping key or sequence item, or None."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None
