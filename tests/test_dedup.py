import datetime as dt
import json

import pytest

from eventwire.records import Actor, Article, DateRef, Result
from eventwire.store.clusters import cluster_rows, period, rebuild_clusters
from eventwire.store.dedup import Deduplicator
from eventwire.store.duckdb import Store
from eventwire.store.fingerprint import THRESHOLD, fingerprint
from tests.test_store import make_event

STORY = (
    "Russian forces shelled the city of Kharkiv overnight, killing at least four civilians and wounding a dozen "
    "more, regional governor Oleh Synehubov said on Tuesday. The strikes hit a residential district and a power "
    "station, leaving thousands without electricity as temperatures dropped below freezing. Ukraine's foreign "
    "ministry condemned the attack and called on partners to deliver more air defence systems."
)


def test_identical_text_is_an_exact_copy_whatever_the_spacing_and_case():
    a, b = fingerprint(STORY), fingerprint("  " + STORY.upper().replace(" ", "  "))
    assert a.exact == b.exact and a.similarity(b) == 1.0


def test_a_lightly_edited_copy_is_near_and_a_different_story_is_not():
    edited = STORY.replace("at least four", "four").replace("on Tuesday", "on Tuesday, AFP reported")
    other = ("Protesters gathered in central Santiago on Friday to demand pension reform, and police used water "
             "cannon to disperse the crowd after some demonstrators threw stones, officials said.")
    assert fingerprint(STORY).similarity(fingerprint(edited)) >= THRESHOLD
    assert fingerprint(STORY).similarity(fingerprint(other)) < 0.2


def _result(article_id, text=STORY, source=None, events=None, published=dt.date(2022, 10, 12)):
    article = Article(article_id, text, published, source=source)
    return Result(article, (), (), tuple(events or []))


def test_unchanged_articles_are_skipped_unless_forced(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        first = Article("a1", STORY, dt.date(2022, 10, 12))
        dedup = Deduplicator(store)
        assert [a.id for a in dedup.filter([first])] == ["a1"]
        store.write([_result("a1")], dedup.take_fingerprints(["a1"]))
        again = Deduplicator(store)
        assert list(again.filter([first])) == [] and again.counts.unchanged == 1
        changed = Article("a1", STORY + " More follows.", dt.date(2022, 10, 12))
        assert [a.id for a in Deduplicator(store).filter([changed])] == ["a1"]
        assert [a.id for a in Deduplicator(store, force=True).filter([first])] == ["a1"]


def test_copies_are_recorded_as_duplicates_within_a_run_and_across_runs(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        dedup = Deduplicator(store)
        batch = [Article("a1", STORY), Article("a2", STORY, source="AP"), Article("a3", "Something else entirely happened.")]
        assert [a.id for a in dedup.filter(batch)] == ["a1", "a3"]
        store.write([_result("a1"), _result("a3", batch[2].text)], dedup.take_fingerprints(["a1", "a3"]))
        later = Deduplicator(store)
        near = STORY.replace("at least four", "four")
        assert list(later.filter([Article("a4", near)])) == []
        rows = store.con.execute("SELECT id, duplicate_of FROM duplicates ORDER BY id").fetchall()
        assert rows == [("a2", "a1"), ("a4", "a1")]


def test_period_covers_the_precision():
    assert period(dt.date(2022, 2, 1), "month") == (dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    assert period(dt.date(1970, 1, 1), "decade") == (dt.date(1970, 1, 1), dt.date(1979, 12, 31))
    assert period(dt.date(2022, 10, 26), "day") == (dt.date(2022, 10, 26), dt.date(2022, 10, 26))


def _row(event_id, article_id, date, precision="day"):
    return {"event_id": event_id, "article_id": article_id, "date": date, "date_precision": precision}


def test_clusters_split_days_and_a_month_joins_only_when_unambiguous():
    d = dt.date
    one_day = cluster_rows([_row("e1", "a", d(2022, 10, 3)), _row("e2", "b", d(2022, 10, 3)),
                            _row("e3", "c", d(2022, 10, 1), "month")])
    assert [sorted(r["event_id"] for r in c.rows) for c in one_day] == [["e1", "e2", "e3"]]
    two_days = cluster_rows([_row("e1", "a", d(2022, 10, 3)), _row("e2", "b", d(2022, 10, 20)),
                             _row("e3", "c", d(2022, 10, 1), "month"), _row("e4", "d", d(2022, 10, 1), "month")])
    assert sorted(sorted(r["event_id"] for r in c.rows) for c in two_days) == [["e1"], ["e2"], ["e3", "e4"]]
    undated = cluster_rows([_row("e1", "a", None, None), _row("e2", "b", None, None), _row("e3", "a", None, None)])
    assert sorted(sorted(r["event_id"] for r in c.rows) for c in undated) == [["e1", "e3"], ["e2"]]


def test_the_same_event_in_two_articles_and_a_copy_is_one_cluster_with_gdelt_counts(tmp_path):
    day = DateRef(dt.date(2022, 10, 11), "day", "on Tuesday")
    rus, ukr = Actor("RUSMIL", "RUS", "MIL"), Actor("UKR", "UKR", None)
    with Store(tmp_path / "s.duckdb") as store:
        store.write([
            _result("a1", source="Reuters", events=[make_event("a1", "ASSAULT", rus, ukr, date=day, place=None)]),
            _result("b1", "A different text about the same shelling.", source="AFP",
                    events=[make_event("b1", "ASSAULT", rus, ukr, start=40, date=day, place=None),
                            make_event("b1", "ACCUSE", ukr, rus, start=90, date=day, place=None)]),
        ])
        store.write_duplicates([{"id": "a2", "duplicate_of": "a1", "similarity": 1.0, "source": "AP"}])
        assert rebuild_clusters(store) == 2
        rows = store.con.execute(
            "SELECT event, num_mentions, num_articles, num_sources FROM event_clusters ORDER BY event").fetchall()
        assert rows == [("ACCUSE", 1, 1, 1), ("ASSAULT", 3, 3, 3)]
        linked = store.con.execute(
            "SELECT article_id, via_duplicate FROM event_mentions m JOIN event_clusters c USING (cluster_id) "
            "WHERE c.event = 'ASSAULT' ORDER BY article_id").fetchall()
        assert linked == [("a1", None), ("a2", "a1"), ("b1", None)]


@pytest.mark.slow
def test_one_story_in_two_files_and_a_near_copy_codes_once_and_counts_three_articles(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    story = ("Russian forces shelled the Ukrainian city of Kharkiv on Monday, killing four civilians, regional "
             "officials said. The strikes hit a residential district and a power station, leaving thousands of "
             "homes without heating as temperatures fell below freezing. Ukraine's foreign ministry condemned the "
             "attack and urged its allies to send more air defence systems. Police in Kharkiv detained two men "
             "suspected of guiding the strikes, the regional prosecutor's office said in a statement. Moscow did "
             "not comment on the report.")
    # The same wire story republished with a dateline and one edit.
    near = "KHARKIV, Ukraine (AFP) - " + story.replace("killing four civilians", "killing at least four civilians")
    (tmp_path / "reuters.jsonl").write_text(json.dumps({"id": "r1", "text": story, "date": "2023-03-14", "source": "Reuters"}) + "\n")
    (tmp_path / "ap.jsonl").write_text(json.dumps({"id": "ap7", "text": story, "date": "2023-03-14", "source": "AP"}) + "\n")
    (tmp_path / "afp.jsonl").write_text(json.dumps({"id": "afp3", "text": near, "date": "2023-03-14", "source": "AFP"}) + "\n")
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["code", str(tmp_path), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.stdout and "2 duplicates" in result.stdout
    with Store(db, read_only=True) as store:
        coded = {r[0] for r in store.con.execute("SELECT DISTINCT article_id FROM events").fetchall()}
        assert len(coded) == 1
        counts = store.con.execute("SELECT num_mentions, num_articles, num_sources FROM event_clusters").fetchall()
        # Every event counts the three articles and sources; a story mentioning it twice counts 2 x 3 mentions.
        assert counts and all(c[1:] == (3, 3) and c[0] % 3 == 0 for c in counts)
        n_events = store.count("events")
    again = CliRunner().invoke(main, ["code", str(tmp_path), "--db", str(db), "--workers", "1"])
    assert "0 articles" in again.stdout and "3 unchanged" in again.stdout
    with Store(db, read_only=True) as store:
        assert store.count("events") == n_events


def test_a_state_named_two_ways_is_one_side_but_non_state_bodies_stay_apart(tmp_path):
    day = DateRef(dt.date(2022, 10, 11), "day", "on Tuesday")
    rus, moscow = Actor("RUS", "RUS", None, "Russia"), Actor("RUSGOV", "RUS", "GOV", "Moscow")
    nato, un = Actor("NATO", "IGO", None, "NATO"), Actor("UN", "IGO", None, "UN")
    iran = Actor("IRN", "IRN", None)
    with Store(tmp_path / "s.duckdb") as store:
        store.write([_result("a1", events=[
            make_event("a1", "CONSULT", rus, iran, start=1, date=day, place=None),
            make_event("a1", "CONSULT", moscow, iran, start=2, date=day, place=None),
            make_event("a1", "ACCUSE", nato, iran, start=3, date=day, place=None),
            make_event("a1", "ACCUSE", un, iran, start=4, date=day, place=None),
        ])])
        rebuild_clusters(store)
        rows = store.con.execute("SELECT event, num_mentions FROM event_clusters ORDER BY event, num_mentions").fetchall()
    assert rows == [("ACCUSE", 1), ("ACCUSE", 1), ("CONSULT", 2)]
