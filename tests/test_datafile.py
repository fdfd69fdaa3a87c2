"""The one YAML reader of the coding-knowledge files: data, node tree, and errors that name file and line."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import node_child, node_line, read_yaml, word_list


def _write(tmp_path, text: str):
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_yaml_gives_data_and_lines_of_keys_and_items(tmp_path):
    path = _write(tmp_path, "# comment\nwords: [a, b]\nitems:\n  - {x: 1}\n  - {x: 2}\n")
    data, node = read_yaml(path)
    assert data == {"words": ["a", "b"], "items": [{"x": 1}, {"x": 2}]}
    assert node_line(node, "words") == 2
    assert node_line(node_child(node, "items"), 1) == 5
    assert node_child(node, "missing") is None
    assert node_line(node, "missing") == 2  # the mapping's own line


def test_empty_file_is_no_data(tmp_path):
    assert read_yaml(_write(tmp_path, "# nothing\n")) == (None, None)


def test_repeated_key_names_its_line_and_the_first(tmp_path):
    path = _write(tmp_path, "a:\n  x: 1\n  y: 2\n  x: 3\n")
    with pytest.raises(DataFileError, match=r"data\.yaml:4: key 'x' repeated \(first on line 2\)"):
        read_yaml(path)


def test_merge_keys_are_not_repeats(tmp_path):
    path = _write(tmp_path, "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n")
    assert read_yaml(path)[0]["more"] == {"x": 1, "y": 2}


def test_impossible_date_names_its_line(tmp_path):
    path = _write(tmp_path, "a: 2021-01-01\nb:\n  - 2021-02-30\n")
    with pytest.raises(DataFileError, match=r"data\.yaml:3: '2021-02-30' must be a date YYYY-MM-DD"):
        read_yaml(path)


def test_syntax_error_names_the_line_and_what_was_open(tmp_path):
    path = _write(tmp_path, "a:\n  - [x\n  - y\n")
    with pytest.raises(DataFileError, match=r"data\.yaml:\d+: pattern file is not valid YAML: .*flow sequence on line 2"):
        read_yaml(path, "pattern file")


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(DataFileError, match=r"nope\.yaml: cannot read the lexicon"):
        read_yaml(tmp_path / "nope.yaml", "the lexicon")


def test_word_list_reads_words_and_refuses_anything_else():
    assert word_list(None, "f:1", "young") == []
    assert word_list(["teen", 25], "f:1", "young") == ["teen", "25"]
    with pytest.raises(DataFileError, match=r"f:7: young must be a list of words"):
        word_list("teen", "f:7", "young")


_keys = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
_scalars = st.one_of(st.integers(), st.booleans(), st.text(alphabet="xyz ", max_size=8), st.none())


@given(st.dictionaries(_keys, st.one_of(_scalars, st.lists(_scalars, max_size=4)), max_size=8))
def test_read_yaml_reads_what_safe_dump_wrote(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("y") / "d.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    got, node = read_yaml(path)
    assert got == (data or {})
    for i, key in enumerate(sorted(data)):
        assert node_line(node, key) >= i + 1
