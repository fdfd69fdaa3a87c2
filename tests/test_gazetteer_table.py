"""The gazetteer's compact tables give back exactly what they were made from, and the cached gazetteer
exactly what a fresh build gives."""

from __future__ import annotations

import math
import pickle

import pytest

from eventwire.knowledge.gazetteer import load_gazetteer
from eventwire.knowledge.gazetteer_table import NameIndex, PackedColumn, PackedStrings, compact_column, narrow_array

COLUMNS = [
    ["city", "city", "city", "admin1", "city", "country"],
    ["FRA", "USA", None, "FRA", "FRA", "FRA"],
    [48.85, 33.66, None, 48, float("nan"), -0.0],
    [2988507, 4717560, None, 0, -(2**63), 3017382],
    [True, False, None, False, True, True],
    [1, 5, 4, 2**40, 3, 1],
]


def _same(a, b):
    """Equal with the same type; NaN is the same as NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return type(a) is type(b) and a == b and str(a) == str(b)


def test_packed_columns_give_back_every_value_with_its_type():
    for values in COLUMNS:
        column = compact_column(values)
        assert isinstance(column, PackedColumn)
        assert len(column) == len(values)
        assert all(_same(column[i], v) for i, v in enumerate(values))
        assert all(_same(a, b) for a, b in zip(column, values, strict=True))
        assert _same(column[-1], values[-1])
        again = pickle.loads(pickle.dumps(column))
        assert all(_same(a, b) for a, b in zip(again, values, strict=True))


def test_distinct_names_are_packed_as_one_string_and_given_back_whole():
    names = ["Paris", "Lyon", "Zürich", "", "Île-de-France"]
    column = compact_column(names)
    assert isinstance(column, PackedStrings)
    assert list(column) == names and [column[i] for i in range(-5, 0)] == names
    assert list(pickle.loads(pickle.dumps(column))) == names
    with pytest.raises(IndexError):
        column[5]


def test_columns_that_cannot_be_packed_stay_as_given():
    holed = ["Paris", "Lyon", None, "Lille"]
    assert compact_column(holed) is holed
    mixed = [True, 1, "a"]
    assert compact_column(mixed) is mixed


def test_numbers_take_the_narrowest_type_that_holds_them():
    assert narrow_array([0, 255]).typecode == "B" and narrow_array([0, 256]).typecode == "H"
    assert narrow_array([-128, 127]).typecode == "b" and narrow_array([-129, 5]).typecode == "h"
    assert narrow_array([-(2**63), 2**63 - 1]).typecode == "q" and narrow_array([2**64 - 1]).typecode == "Q"
    assert narrow_array([-1, 2**31]).tolist() == [-1, 2**31]
    with pytest.raises(OverflowError):
        narrow_array([-1, 2**63])


INDEX = {
    "paris": (1, 2),
    "paris texas": (-2,),
    "par": (-3,),
    "pa": (4,),
    "p": (-5,),
    "kurdistan": (3,),
    "ile-de-france": (-4,),
    "île-de-france": (4,),
    "zürich": (5, -1),
    "é": (-3,),
}


def test_name_index_answers_as_the_dict_it_was_made_from():
    index = NameIndex(INDEX)
    assert len(index) == len(INDEX)
    assert sorted(index.keys()) == sorted(INDEX)
    for key, value in INDEX.items():
        assert key in index
        assert index.get(key) == value  # in the order indexed, not sorted
    for missing in ("", "pari", "parisx", "paris ", "zurich", "kurd", "q", "ée", "île"):
        assert missing not in index
        assert index.get(missing) == ()
    assert index.get("nowhere", None) is None
    assert 3 not in index
    assert pickle.loads(pickle.dumps(index)).get("zürich") == (5, -1)


def test_the_cached_gazetteer_answers_as_a_fresh_build():
    loaded = load_gazetteer()
    fresh = load_gazetteer.__wrapped__(use_cache=False)
    assert len(fresh) == len(loaded) and fresh.stop == loaded.stop
    keys = list(fresh.index.keys())
    assert keys == list(loaded.index.keys())
    for key in keys[::50]:
        assert fresh.index.get(key) == loaded.index.get(key)
    for i in range(0, len(fresh), 97):
        assert repr(fresh.entry(i)) == repr(loaded.entry(i))
    for code in ("IRN", "USA", "PSE", "XKX"):
        assert fresh.country(code) == loaded.country(code)
