"""The attribution cue words: one reader, one shared set."""

from __future__ import annotations

import pytest

from eventwire.errors import DataFileError
from eventwire.knowledge.cues import load_attribution_cues


def test_shipped_cues_are_word_sets_and_type_sets():
    cues = load_attribution_cues()
    assert {"say", "announce"} <= cues.report_verbs
    assert "according to" in cues.source_preps and "citing" in cues.source_preps
    assert cues.source_first == {p.split()[0] for p in cues.source_preps}
    assert "ACCUSE" in cues.statement_types and "THREATEN" in cues.intent_types
    assert "if" in cues.conditional_marks and "would" in cues.conditional_modals


def test_the_stages_share_one_set_read_once(settings):
    from eventwire.stages.attribution import AttributionStage

    assert load_attribution_cues() is load_attribution_cues()
    assert AttributionStage(settings).cues is load_attribution_cues()


@pytest.mark.parametrize(
    "text, message",
    [
        ("report_verbs: [say]\nrumour_verbs: [whisper]\n", "unknown cue list 'rumour_verbs'"),
        ("report_verbs: say\n", "report_verbs must be a list"),
        ("statement_types: [ACCUSE, GOSSIP]\n", "unknown event type(s) ['GOSSIP']"),
    ],
)
def test_bad_cue_file_names_file_line_and_list(tmp_path, text, message):
    bad = tmp_path / "cues.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_attribution_cues(bad)
    assert message in str(err.value)
    assert f"{bad}:" in str(err.value)


def test_lists_a_file_leaves_out_are_empty(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("report_verbs: [Say]\n", encoding="utf-8")
    cues = load_attribution_cues(path)
    assert cues.report_verbs == {"say"}
    assert cues.claim_verbs == frozenset() and cues.source_first == frozenset()
