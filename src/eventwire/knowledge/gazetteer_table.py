"""The gazetteer's tables in compact form: fields in machine numbers, names in one sorted byte string.

Some 175,000 entries known by several hundred thousand names cost well over
100 MB as Python lists, dicts and tuples in every process that codes; packed
they cost a fraction of that and load from the cache in milliseconds. Both give
back exactly what they were made from: :func:`compact_column` a sequence of the
same values (same types, None kept), :class:`NameIndex` a read-only mapping of
folded name to the same tuple of entry numbers, in the same order. Numbers are
kept in the narrowest machine type that holds them.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any

_HEAD = 3  # bytes of a name that pick its stretch of the sorted names
_SIGNED = ("b", "h", "i", "q")
_UNSIGNED = ("B", "H", "I", "Q")


def narrow_array(numbers: list[int]) -> array:
    """The integers in an array of the smallest machine type that holds them all."""
    low, high = (min(numbers), max(numbers)) if numbers else (0, 0)
    for code in _UNSIGNED if low >= 0 else _SIGNED:
        bits = array(code).itemsize * 8
        if (0 if low >= 0 else -(2 ** (bits - 1))) <= low and high < 2 ** (bits - (low < 0)):
            return array(code, numbers)
    raise OverflowError(f"integers out of the 64-bit range: {low}..{high}")


class PackedColumn(Sequence):
    """One field of every entry as machine numbers: strings by their number in a table of the distinct
    values, floats and ints as such; a value the numbers cannot give back exactly (None in a number
    column, NaN, a float written as an int) is kept apart by row."""

    __slots__ = ("_kind", "_values", "_table", "_odd")

    def __init__(self, values: Sequence[Any]) -> None:
        types = {type(v) for v in values if v is not None}
        self._odd: dict[int, Any] = {}
        self._table: list[Any] = []
        if types <= {str}:
            self._kind = "str"
            number: dict[Any, int] = {}
            for v in values:
                if v not in number:
                    number[v] = len(self._table)
                    self._table.append(v)
            self._values = narrow_array([number[v] for v in values])
            return
        self._kind = "float" if float in types else "bool" if types == {bool} else "int"
        want = {"float": float, "bool": bool, "int": int}[self._kind]
        kept: list[Any] = []
        for i, v in enumerate(values):
            exact = type(v) is want and not (want is float and math.isnan(v))
            # The number kept for an odd row is never read: the row's value is looked up apart.
            kept.append(v if exact else 0)
            if not exact:
                self._odd[i] = v
        self._values = array("d", kept) if self._kind == "float" else narrow_array([int(v) for v in kept])

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, i: int) -> Any:  # type: ignore[override]
        v = self._values[i]
        if self._kind == "str":
            return self._table[v]
        if i < 0:
            i += len(self._values)
        if i in self._odd:
            return self._odd[i]
        return bool(v) if self._kind == "bool" else v

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self))) if self._odd or self._kind != "str" else \
            (self._table[v] for v in self._values)

    def __getstate__(self) -> tuple:
        return self._kind, self._values, self._table, self._odd

    def __setstate__(self, state: tuple) -> None:
        self._kind, self._values, self._table, self._odd = state


class PackedStrings(Sequence):
    """Strings, nearly all distinct (names), as one UTF-8 byte string and the offset where each ends."""

    __slots__ = ("_blob", "_ends")

    def __init__(self, values: Sequence[str]) -> None:
        blob, ends = bytearray(), array("Q")
        for v in values:
            blob += v.encode("utf-8")
            ends.append(len(blob))
        self._blob, self._ends = bytes(blob), narrow_array(ends.tolist())

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        end = self._ends[i]  # IndexError as a list gives it
        if i < 0:
            i += len(self._ends)
        return self._blob[self._ends[i - 1] if i else 0: end].decode("utf-8")

    def __getstate__(self) -> tuple:
        return self._blob, self._ends

    def __setstate__(self, state: tuple) -> None:
        self._blob, self._ends = state


def compact_column(values: list[Any]) -> Sequence[Any]:
    """The values packed when they are all strings, all floats, all ints or all bools (None allowed), else as given.

    Strings that are nearly all distinct (names) are packed as one byte string rather than by a table.
    """
    types = {type(v) for v in values if v is not None}
    if types <= {str} and len(set(values)) > len(values) // 2:
        if None in values:
            return values
        try:
            return PackedStrings(values)
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form
            return values
    if types <= {str} or types == {bool} or types <= {float, int} and bool not in types:
        return PackedColumn(values)
    return values


class NameIndex:
    """Folded names to tuples of entry numbers, as one sorted UTF-8 string searched by halving."""

    def __init__(self, index: dict[str, tuple[int, ...]]) -> None:
        keys = sorted(index, key=lambda k: k.encode("utf-8"))
        blob, ends, first, numbers = bytearray(), array("I"), array("I"), []
        for key in keys:
            blob += key.encode("utf-8")
            ends.append(len(blob))
            first.append(len(numbers))
            numbers.extend(index[key])
        first.append(len(numbers))
        self._blob, self._ends, self._first, self._numbers = bytes(blob), ends, first, narrow_array(numbers)
        # The names that share their first bytes lie together: a lookup halves only their stretch.
        self._groups: dict[bytes, int] = {}
        self._group_starts = array("I")
        for k in range(len(keys)):
            head = self._key(k)[:_HEAD]
            if head not in self._groups:
                self._groups[head] = len(self._group_starts)
                self._group_starts.append(k)
        self._group_starts.append(len(keys))

    def __len__(self) -> int:
        return len(self._ends)

    def _key(self, k: int) -> bytes:
        return self._blob[self._ends[k - 1] if k else 0: self._ends[k]]

    def _find(self, key: str) -> int:
        """The position of ``key`` among the names, or -1."""
        raw = key.encode("utf-8")
        group = self._groups.get(raw[:_HEAD])
        if group is None:
            return -1
        lo, hi = self._group_starts[group], self._group_starts[group + 1]
        k = bisect_left(_Keys(self), raw, lo, hi)
        return k if k < hi and self._key(k) == raw else -1

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def get(self, key: str, default: Any = ()) -> Any:
        """The entry numbers of a folded name, in the order they were indexed, or ``default``."""
        k = self._find(key)
        return default if k < 0 else tuple(self._numbers[self._first[k]: self._first[k + 1]])

    def keys(self) -> Iterator[str]:
        """Every folded name, in byte order."""
        return (self._key(k).decode("utf-8") for k in range(len(self)))


class _Keys(Sequence):
    """The index's names as a sequence of bytes, for :func:`bisect.bisect_left`."""

    __slots__ = ("_index",)

    def __init__(self, index: NameIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    def __getitem__(self, k: int) -> bytes:  # type: ignore[override]
        return self._index._key(k)
