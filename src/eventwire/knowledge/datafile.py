"""Reading the coding-knowledge files: YAML parsed once, with line numbers for error messages.

:func:`read_yaml` gives a file's data and its node tree; :func:`node_line`
and :func:`node_child` find the line of a key or item in that tree, so a
reader can name ``file:line`` for a bad value. A repeated mapping key, an
impossible date and a syntax error are refused with their line here, once
for every data file and dictionary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataFileError

# libyaml's parser keeps node marks too and reads people.yaml three times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def read_yaml(path: Path, what: str = "data file") -> tuple[Any, Any]:
    """Parse a YAML file once; return its data and its node tree (for line numbers).

    Raises:
        DataFileError: the file is missing or unreadable, is not valid YAML, repeats a
            mapping key, or holds a date that is no calendar day; naming the file and line.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read {what}: {getattr(exc, 'strerror', None) or exc}") from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _refuse_repeated_keys(node, path)
        return _construct(loader, node, path), node
    except yaml.MarkedYAMLError as exc:
        raise DataFileError(_syntax_message(exc, path, what)) from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: {what} is not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _syntax_message(exc: yaml.MarkedYAMLError, path: Path, what: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    where = ""
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        where = f" ({exc.context} on line {exc.context_mark.line + 1})"
    return f"{path}:{line}: {what} is not valid YAML: {exc.problem or exc}{where}"


def _construct(loader: Any, node: yaml.Node, path: Path) -> Any:
    try:
        return loader.construct_document(node)
    except ValueError as exc:
        # PyYAML reads 2021-02-30 as a timestamp, then fails to build the date.
        bad = next((n for n in _scalars(node) if n.tag == _TIMESTAMP and not _builds(loader, n)), node)
        raise DataFileError(f"{path}:{bad.start_mark.line + 1}: {bad.value!r} must be a date YYYY-MM-DD "
                            f"({exc})") from exc


def _builds(loader: Any, node: yaml.ScalarNode) -> bool:
    try:
        loader.construct_yaml_timestamp(node)
    except ValueError:
        return False
    return True


def _nodes(node: yaml.Node) -> Iterator[yaml.Node]:
    """Every node of a tree once (an alias shares its anchor's node)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    return (n for n in _nodes(node) if isinstance(n, yaml.ScalarNode))


def _refuse_repeated_keys(node: yaml.Node, path: Path) -> None:
    for n in _nodes(node):
        if not isinstance(n, yaml.MappingNode):
            continue
        first: dict[tuple[str, str], int] = {}
        for k, _ in n.value:
            if not isinstance(k, yaml.ScalarNode) or k.tag == _MERGE:
                continue
            line = k.start_mark.line + 1
            seen = first.setdefault((k.tag, k.value), line)
            if seen != line:
                raise DataFileError(f"{path}:{line}: key {k.value!r} repeated (first on line {seen})")


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


def word_list(value: Any, where: str, what: str) -> list[str]:
    """A list of words from a data file (numbers read as words); an absent list is empty.

    Args:
        value: the value read from the file.
        where: ``file:line`` of the value, for the error message.
        what: what the list is, for the error message.
    Raises:
        DataFileError: the value is not a list of words.
    """
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise DataFileError(f"{where}: {what} must be a list of words, got {value!r}")
    return [str(v) for v in value]
