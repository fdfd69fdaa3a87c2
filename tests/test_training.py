"""Training a model folder on a tiny invented gold set, coding with it, and cross-validating it.

The set (``tests/data/learn_gold.jsonl``) has three event types and real
country names; the encoder is cut to two layers and trained for three epochs,
so the whole module stays within a minute or two of CPU.
"""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from eventwire.records import Article
from eventwire.settings import Settings

pytest.importorskip("torch")
pytestmark = pytest.mark.slow
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is fetched: the base encoder comes from its package

from tests.conftest import DATA  # noqa: E402

GOLD = DATA / "learn_gold.jsonl"
NEW = {
    "Kenya sent blankets to Chad after the storm.": "AID",
    "Forces from Chile shelled ports in Peru overnight.": "ASSAULT",
    "Bolivia blamed Peru for the drought.": "ACCUSE",
}


def _tiny():
    from eventwire.training.finetune import TrainSettings

    return TrainSettings(layers=2, frozen=1, epochs=3, learning_rate=5e-4)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from eventwire.training import train

    out = tmp_path_factory.mktemp("learned") / "model"
    meta = train([GOLD], out, Settings.load(), _tiny())
    return out, meta


def _pipeline(folder, threshold=0.5, **stage):
    from eventwire.pipeline import DEFAULT_STAGES, Pipeline
    from eventwire.stages.learned import LearnedStage

    settings = Settings.load(model_dir=folder, model_threshold=threshold)
    stages = [LearnedStage(settings, **stage) if name == "learned" else name for name in DEFAULT_STAGES]
    return Pipeline(settings, stages=stages)


def test_training_writes_a_model_folder_that_says_what_it_learned_from(trained):
    from eventwire import __version__
    from eventwire.stages.learned.folder import file_hash, read_meta

    folder, meta = trained
    assert read_meta(folder).labels == ("ACCUSE", "AID", "ASSAULT")
    assert meta["eventwire"] == __version__ and meta["examples"] == 36
    assert meta["data"] == [{"path": str(GOLD), "sha256": file_hash(GOLD)}]
    assert meta["settings"]["layers"] == 2 and meta["settings"]["epochs"] == 3
    assert meta["files"] == {name: file_hash(folder / name) for name in meta["files"]}
    assert json.loads((folder / "meta.json").read_text()) == meta


def test_the_trained_classifier_tells_the_types_of_sentences_it_never_saw(trained):
    from eventwire.stages.learned.classifier import SentenceClassifier
    from eventwire.stages.learned.folder import read_meta

    folder, _ = trained
    meta = read_meta(folder)
    rows = SentenceClassifier(folder, meta).probabilities(list(NEW))
    assert [meta.labels[int(r.argmax())] for r in rows] == list(NEW.values())


def test_the_model_alone_codes_its_type_with_parties_the_text_names(trained):
    folder, _ = trained
    text = "Forces from Chile shelled ports in Peru overnight."
    events = list(_pipeline(folder, combination="alone").code([Article(id="a", text=text)]))[0].events
    assert [e.event for e in events] == ["ASSAULT"]
    event = events[0]
    named = [text[s:e] for s, e in (event.actor_span, event.recipient_span)]
    assert event.actor.country == "CHL" and event.recipient.country == "PER" and all(n in text for n in named)


def test_the_same_model_and_input_give_the_same_events(trained):
    folder, _ = trained
    articles = [Article(id=f"a{i}", text=t) for i, t in enumerate(NEW)]
    first = [(e.id, e.event, e.confidence) for r in _pipeline(folder).code(articles) for e in r.events]
    again = [(e.id, e.event, e.confidence) for r in _pipeline(folder).code(articles) for e in r.events]
    assert first and first == again


def test_coding_with_the_model_keeps_what_the_patterns_find_and_it_confirms(trained):
    from eventwire.pipeline import Pipeline

    folder, _ = trained
    articles = [Article(id="a", text="Chile accused Peru of violating the fishing accord.")]
    plain = [e for r in Pipeline(Settings.load()).code(articles) for e in r.events]
    combined = [e for r in _pipeline(folder, threshold=0.3).code(articles) for e in r.events]
    assert [e.event for e in plain] == [e.event for e in combined] == ["ACCUSE"]
    assert combined[0].actor == plain[0].actor and combined[0].recipient == plain[0].recipient
    assert combined[0].confidence != plain[0].confidence  # the confidence is the combination's


def test_cross_validation_sets_patterns_model_and_combination_side_by_side(trained):
    from eventwire.evaluation import code_gold, score
    from eventwire.training import prepare, read_gold
    from eventwire.training.crossval import VARIANTS, cross_validate, format_table
    from eventwire.training.folder import quiet_bar

    items = read_gold([GOLD])
    settings = Settings.load()
    examples, words, later = prepare(items, settings, quiet_bar)
    results = cross_validate(examples, 2, settings, _tiny(), words, later, thresholds=(0.3, 0.9))
    assert list(results) == ["patterns", "model", "model, no role ranker", "combined @ 0.30", "combined @ 0.90",
                             "combined, no role ranker @ 0.30", "combined, no role ranker @ 0.90"]
    assert [name for name, _, _ in VARIANTS if name.startswith("model")] == ["model", "model, no role ranker"]
    # a higher threshold keeps fewer events, never more
    assert results["combined @ 0.90"].events < results["combined @ 0.30"].events
    plain = score(items, code_gold(items))
    assert results["patterns"].type_recall == pytest.approx(plain.type_recall)
    assert results["patterns"].dyad_recall == pytest.approx(plain.dyad_recall)
    assert results["model"].events > 0
    assert "combined, no role ranker @ 0.90" in format_table(results, "t")


def test_bad_gold_gets_the_same_file_line_error_as_eval(tmp_path):
    from eventwire.cli import main

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x1", "text": "Chile accused Peru.", "events": [{"type": "ACCUSE", "actor_text": "Chile"}]}\n'
                   '{"id": "x2", "text": "Peru replied.", "events": [{"type": "SHOUT", "actor_text": "Peru"}]}\n')
    runner = CliRunner()
    trained = runner.invoke(main, ["train", str(bad), "-o", str(tmp_path / "m")])
    evaluated = runner.invoke(main, ["eval", str(bad)])
    assert trained.exit_code == 2 and f"{bad}:2" in trained.output
    first = lambda out: next(line for line in out.splitlines() if line.startswith("Error"))  # noqa: E731
    assert first(trained.output) == first(evaluated.output)
    assert not (tmp_path / "m").exists()


def test_code_with_a_missing_model_folder_stops_before_coding(tmp_path):
    from eventwire.cli import main

    result = CliRunner().invoke(main, ["code", str(GOLD), "--db", str(tmp_path / "x.duckdb"),
                                       "--model-dir", str(tmp_path / "none"), "--workers", "1"])
    assert result.exit_code == 2 and "does not exist; write one with 'eventwire train" in result.output
    assert not (tmp_path / "x.duckdb").exists()


def test_one_half_of_the_gold_is_read_as_eval_splits_it(tmp_path):
    from eventwire.errors import InputError
    from eventwire.evaluation.gold import half
    from eventwire.training import read_gold, read_half

    every = read_gold([GOLD])
    check, tune = read_half([GOLD], "check"), read_half([GOLD], "tune")
    assert [i.id for i in check] == [i.id for i in every if int(i.id.split("-")[1]) % 5 == 0]
    assert {half(i.id) for i in tune} == {"tune"} and len(check) + len(tune) == len(every)
    assert read_half([GOLD], "all") == every
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "g1", "text": "Chile accused Peru.", "events": [{"type": "ACCUSE", "actor_text": "Chile"}]}\n'
                    '{"id": "g5", "text": "It rained.", "events": []}\n')
    with pytest.raises(InputError, match=f"{gold}: the check half holds no gold event"):
        read_half([gold], "check")


def test_train_on_one_half_records_it_and_learns_from_that_half_only(tmp_path):
    from eventwire.cli import main

    out = tmp_path / "m"
    result = CliRunner().invoke(main, ["train", str(GOLD), "--half", "check", "--layers", "1", "--epochs", "1",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text())
    assert meta["half"] == "check" and meta["examples"] == 7


def test_half_without_cv_is_refused_since_eval_reports_every_half():
    from eventwire.cli import main

    result = CliRunner().invoke(main, ["eval", str(GOLD), "--half", "tune"])
    assert result.exit_code == 2 and "without --cv every half is reported" in result.output


def test_a_threshold_sweep_needs_cv_and_numbers_between_0_and_1():
    from eventwire.cli import main

    runner = CliRunner()
    alone = runner.invoke(main, ["eval", str(GOLD), "--sweep", "0.4,0.6"])
    bad = runner.invoke(main, ["eval", str(GOLD), "--cv", "2", "--sweep", "0.4,high"])
    wide = runner.invoke(main, ["eval", str(GOLD), "--cv", "2", "--sweep", "0.4,1.5"])
    assert alone.exit_code == 2 and "give --cv too" in alone.output
    assert bad.exit_code == 2 and "not a comma-separated list of numbers" in bad.output
    assert wide.exit_code == 2 and "between 0 and 1" in wide.output


def test_what_the_encoder_reads_is_chosen_for_a_cross_validation_only():
    from eventwire.cli import main

    result = CliRunner().invoke(main, ["eval", str(GOLD), "--inputs", "sentence+triggers"])
    assert result.exit_code == 2 and "give --cv too" in result.output


def test_batches_hold_every_text_once_and_pad_less_than_a_plain_shuffle():
    import random

    from eventwire.training.finetune import length_batches

    lengths = [(i * 37) % 86 + 5 for i in range(300)]  # 5 to 90 tokens, in no order
    batches = length_batches(lengths, 16, random.Random(3))
    assert sorted(i for b in batches for i in b) == list(range(300))
    assert sorted(len(b) for b in batches) == [12] + [16] * 18  # pools of 128, 128 and 44 texts
    assert batches == length_batches(lengths, 16, random.Random(3))  # seeded: the same model from the same data

    def padded(groups):
        return sum(max(lengths[i] for i in g) * len(g) for g in groups)

    order = list(range(300))
    random.Random(3).shuffle(order)
    assert padded(batches) < 0.8 * padded([order[i : i + 16] for i in range(0, 300, 16)])


def test_training_computes_with_one_thread_and_gives_the_callers_back():
    import numpy as np
    import torch

    from eventwire.training.finetune import TRAIN_THREADS, TrainSettings, fine_tune

    texts, labels = list(NEW), list(NEW.values())
    targets = np.eye(len(texts), dtype=np.float32)
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    seen = []
    try:
        fine_tune(texts, None, targets, TrainSettings(layers=1, epochs=1, batch_size=2),
                  lambda n: seen.append(torch.get_num_threads()))
        assert seen == [TRAIN_THREADS] * 2 and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_petrarch_unit_tests_are_read_as_training_gold_with_plover_types():
    from eventwire.evaluation.peer import load_peer_gold
    from eventwire.records import PLOVER_TYPES
    from eventwire.training import read_gold

    suite = DATA / "peer" / "petrarch2" / "PETR.UnitTest.records.xml"
    items = read_gold([suite, DATA / "gold_events.jsonl"])
    peer, skipped = load_peer_gold(suite)
    assert [i.id for i in items[: len(peer)]] == [i.id for i in peer] and skipped
    assert {e.type for i in items for e in i.events} <= set(PLOVER_TYPES)
    assert any(not i.events for i in peer)  # a sentence that must yield nothing teaches the no-event label


def test_a_sentence_gets_the_same_verdict_alone_as_among_others(trained):
    from eventwire.stages.learned.classifier import SentenceClassifier
    from eventwire.stages.learned.folder import read_meta

    folder, _ = trained
    texts = list(NEW) + ["Kenya and Chad signed a trade accord in Nairobi on Monday after two days of talks."]
    classifier = SentenceClassifier(folder, read_meta(folder))
    together = classifier.probabilities(texts)
    alone = [classifier.probabilities([t])[0] for t in texts]
    assert together.tolist() == [row.tolist() for row in alone]
    remembering = SentenceClassifier(folder, read_meta(folder)).remembering()
    assert remembering.probabilities(texts[:1]).tolist() == together[:1].tolist()
    assert remembering.probabilities(texts[::-1]).tolist() == together[::-1].tolist()


def test_by_default_every_layer_learns_and_frozen_layers_keep_the_base_weights():
    import numpy as np
    import torch

    from eventwire.training.bert import load_base
    from eventwire.training.finetune import TrainSettings, fine_tune

    assert TrainSettings().frozen == 0
    texts, labels = list(NEW), list(NEW.values())
    targets = np.eye(len(texts), dtype=np.float32)[[labels.index(t) for t in labels]]
    base, _ = load_base(len(texts), 2)
    first = "encoder.layer.0.attention.self.query.weight"

    def moved(frozen: int) -> bool:
        model, _ = fine_tune(texts, None, targets, TrainSettings(layers=2, frozen=frozen, epochs=1, learning_rate=1e-3))
        return not torch.equal(model.state_dict()[first], base.state_dict()[first])

    assert moved(0) and not moved(1)
