"""The learned stage's parts that need no trained model: combination rules, model folders, role ranking, settings."""

from __future__ import annotations

import json
import sys

import pytest

from eventwire.errors import ConfigError
from eventwire.records import Actor, Event
from eventwire.settings import Settings
from eventwire.stages.learned.combine import ALONE, combine, top_label, type_probability
from eventwire.stages.learned.folder import FILES, META, MODEL_FORMAT, ModelFolderError, read_meta
from eventwire.stages.learned.roles import ACTOR, RECIPIENT, RoleRanker


def _event(event_type: str, confidence: float = 0.8, trigger: int = 1) -> Event:
    return Event(article_id="a", event=event_type, mode=None, actor=Actor("CHL", "CHL"), recipient=Actor("PER", "PER"),
                 sentence=0, sentence_start=0, sentence_end=30, trigger=trigger, trigger_start=6, trigger_end=13,
                 event_text="accused", text="Chile accused Peru of spying.", confidence=confidence)


def _maker(calls: list):
    def code(types, pattern_event, confidence):
        calls.append((types, pattern_event, confidence))
        base = pattern_event or _event(types[0], trigger=9)
        return Event(**{**{f: getattr(base, f) for f in base.__dataclass_fields__},
                        "event": types[0], "confidence": confidence})
    return code


def test_type_probability_sums_the_labels_that_name_a_type():
    probs = {"CONCEDE|RETREAT": 0.3, "RETREAT": 0.2, "ACCUSE": 0.5}
    assert type_probability(probs, "RETREAT") == pytest.approx(0.5)
    assert type_probability(probs, "CONCEDE") == pytest.approx(0.3)
    assert type_probability(probs, "AID") == 0.0
    assert top_label(probs) == ("ACCUSE", 0.5)


def test_a_pattern_event_the_model_agrees_with_is_kept_with_a_combined_confidence():
    calls: list = []
    out = combine([_event("ACCUSE", 0.8)], {"ACCUSE": 0.9, "AID": 0.1}, 0.5, _maker(calls))
    assert [(e.event, e.confidence) for e in out] == [("ACCUSE", 0.85)]
    assert calls == []  # the model's type is already there: nothing new is coded


def test_a_confident_model_retypes_the_pattern_event_it_disagrees_with():
    calls: list = []
    pattern = _event("AID", 0.6)
    out = combine([pattern], {"ACCUSE": 0.9, "AID": 0.1}, 0.5, _maker(calls))
    # the pattern's AID falls to (0.6 + 0.1) / 2 = 0.35 and is dropped; the model's ACCUSE is coded on it
    assert [(e.event, e.confidence) for e in out] == [("ACCUSE", 0.9)]
    assert calls[0][0] == ("ACCUSE",) and calls[0][1].event == "AID"


def test_where_the_patterns_find_nothing_a_confident_model_codes_a_new_event():
    calls: list = []
    out = combine([], {"ACCUSE": 0.7, "AID": 0.3}, 0.5, _maker(calls))
    assert [e.event for e in out] == ["ACCUSE"] and calls[0][1] is None


def test_the_threshold_trades_recall_for_precision():
    probs = {"ACCUSE": 0.6, "AID": 0.4}
    assert [e.event for e in combine([], probs, 0.5, _maker([]))] == ["ACCUSE"]
    assert combine([], probs, 0.7, _maker([])) == []  # not confident enough
    # a pattern event the model doubts survives a low threshold, not a high one
    assert [e.event for e in combine([_event("AID", 0.7)], probs, 0.5, _maker([]))] == ["AID", "ACCUSE"]
    assert [e.event for e in combine([_event("AID", 0.7)], probs, 0.65, _maker([]))] == []


def test_a_type_the_model_never_saw_keeps_the_patterns_confidence():
    out = combine([_event("PROTEST", 0.7)], {"ACCUSE": 0.55, "AID": 0.45}, 0.5, _maker([]))
    assert [(e.event, e.confidence) for e in out] == [("PROTEST", 0.7), ("ACCUSE", 0.55)]


def test_a_no_event_verdict_lowers_the_pattern_events_and_codes_nothing():
    calls: list = []
    out = combine([_event("ACCUSE", 0.6)], {"none": 0.9, "ACCUSE": 0.1}, 0.5, _maker(calls))
    assert out == [] and calls == []


def test_alone_codes_only_the_models_own_event():
    out = combine([_event("AID", 0.9)], {"ACCUSE": 0.4, "AID": 0.35, "none": 0.25}, 0.5, _maker([]), ALONE)
    assert [(e.event, e.confidence) for e in out] == [("ACCUSE", 0.4)]


def _folder(tmp_path, name="model", **meta):
    folder = tmp_path / name
    folder.mkdir()
    for name in FILES:
        (folder / name).write_text("{}", encoding="utf-8")
    raw = {"format": MODEL_FORMAT, "eventwire": "0.1.0", "labels": ["ACCUSE", "AID"],
           "settings": {"inputs": "sentence", "max_tokens": 96}, **meta}
    (folder / META).write_text(json.dumps(raw), encoding="utf-8")
    return folder


def test_a_model_folder_is_read(tmp_path):
    meta = read_meta(_folder(tmp_path))
    assert meta.labels == ("ACCUSE", "AID") and meta.inputs == "sentence" and meta.max_tokens == 96
    assert meta.types_of("CONCEDE|RETREAT") == ("CONCEDE", "RETREAT") and meta.types_of("none") == ()


def test_a_model_folder_of_another_format_is_refused_with_what_to_do(tmp_path):
    folder = _folder(tmp_path, format=MODEL_FORMAT + 1, eventwire="9.0.0")
    with pytest.raises(ModelFolderError, match=r"model format 2, written by eventwire 9\.0\.0.*train it again"):
        read_meta(folder)


def test_a_model_folder_with_a_missing_file_is_refused_naming_it(tmp_path):
    folder = _folder(tmp_path)
    (folder / "roles.json").unlink()
    with pytest.raises(ModelFolderError, match=r"lacks roles\.json"):
        read_meta(folder)
    with pytest.raises(ModelFolderError, match="does not exist; write one with 'eventwire train"):
        read_meta(tmp_path / "nowhere")


def test_a_model_folder_with_a_bad_meta_is_refused(tmp_path):
    folder = _folder(tmp_path)
    (folder / META).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFolderError, match="meta.json: not a readable JSON object"):
        read_meta(folder)
    folder = _folder(tmp_path, "other", settings={"inputs": "pictures", "max_tokens": 9})
    with pytest.raises(ModelFolderError, match="inputs one of sentence"):
        read_meta(folder)


def test_coding_with_a_model_folder_without_the_extra_names_it(tmp_path, monkeypatch):
    from eventwire.stages.learned import LearnedStage

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if eventwire[learn] were not installed
    with pytest.raises(ConfigError, match=r"pip install 'eventwire\[learn\]'"):
        LearnedStage(Settings.load(model_dir=_folder(tmp_path)))


def test_with_no_model_folder_the_stage_passes_events_on():
    from eventwire.records import Article, Coding
    from eventwire.stages.learned import LearnedStage

    batch = [Coding(article=Article(id="a", text="x"), events=(_event("ACCUSE"),))]
    assert LearnedStage(Settings.load(model_dir=None)).pipe(batch) is batch


def test_the_model_folder_setting_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTWIRE_MODEL_DIR", str(tmp_path))
    monkeypatch.setenv("EVENTWIRE_MODEL_THRESHOLD", "0.7")
    settings = Settings.load()
    assert settings.model_dir == tmp_path and settings.model_threshold == 0.7
    monkeypatch.setenv("EVENTWIRE_MODEL_DIR", "")
    assert Settings.load().model_dir is None
    monkeypatch.setenv("EVENTWIRE_MODEL_THRESHOLD", "high")
    with pytest.raises(ConfigError, match="EVENTWIRE_MODEL_THRESHOLD='high' is not a valid float"):
        Settings.load()


def test_the_role_ranker_learns_which_candidate_plays_which_role():
    from eventwire.training.roles import Choice, choice_accuracy, fit_ranker

    subject = {"bias": 1.0, "dep=nsubj": 1.0, "before": 1.0}
    obj = {"bias": 1.0, "dep=dobj": 1.0, "after": 1.0}
    prep = {"bias": 1.0, "dep=pobj": 1.0, "after": 1.0, "rel=prep:to": 1.0}
    choices = [Choice(ACTOR, (obj, subject, prep), (False, True, False)) for _ in range(10)]
    choices += [Choice(RECIPIENT, (subject, obj, prep), (False, False, True)) for _ in range(5)]
    choices += [Choice(RECIPIENT, (subject, obj), (False, True)) for _ in range(5)]
    ranker = fit_ranker(choices)
    assert choice_accuracy(ranker, choices) == {ACTOR: 1.0, RECIPIENT: 1.0}
    assert ranker.score(ACTOR, subject) > ranker.score(ACTOR, obj)
    again = RoleRanker({r: dict(w) for r, w in ranker.to_json().items()})
    assert again.score(RECIPIENT, prep) == pytest.approx(ranker.score(RECIPIENT, prep))
