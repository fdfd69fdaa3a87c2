import datetime as dt
import io
import json

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eventwire.errors import StoreError
from eventwire.records import (
    STATUSES,
    Actor,
    Article,
    Attribution,
    DateRef,
    Event,
    Mention,
    Place,
    Result,
    Sentence,
)
from eventwire.store import export
from eventwire.store.duckdb import Store
from eventwire.store.query import EventQuery
from eventwire.store.schema import event_json

IRN = Actor("IRNGOV", "IRN", "GOV", "Tehran")
RUS = Actor("RUSGOV", "RUS", "GOV", "Moscow", None, None)


def make_event(article_id="a1", event="CONSULT", actor=RUS, recipient=IRN, start=10, **kw):
    base = dict(
        article_id=article_id, event=event, mode=None, actor=actor, recipient=recipient, sentence=0,
        sentence_start=0, sentence_end=50, trigger=3, trigger_start=start, trigger_end=start + 8,
        event_text="advising", text="Moscow may be advising Tehran on protests.",
        attribution=Attribution("hedged", None, "may", Actor("USA", "USA", None, "The US")),
        date=DateRef(dt.date(2022, 10, 26), "day", "On Wednesday", "text", 0, 12),
        place=Place("Iran", "Iran", "IRN", None, 32.0, 53.0, 130758, 1, 30, 34),
        cameo="040", goldstein=1.0, quad_code=1, actor_span=(0, 6), recipient_span=(23, 29), confidence=0.8,
        context=("repression",),
    )
    base.update(kw)
    return Event(**base)


def make_result(article_id="a1", events=None):
    text = "Moscow may be advising Tehran on protests."
    article = Article(article_id, text, dt.date(2022, 10, 27), source="VOA")
    return Result(
        article,
        (Sentence(article_id, 0, 0, len(text), text),),
        (Mention(0, 1, 0, 6, 0, "Moscow", RUS, "metonym"),),
        tuple(events if events is not None else [make_event(article_id)]),
    )


def test_recoding_an_article_replaces_its_rows(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write([make_result("a1"), make_result("a2")])
        store.write([make_result("a1", [make_event("a1"), make_event("a1", start=20)])])
        assert store.count("articles") == 2
        assert store.count("events") == 3
        assert store.count("sentences") == 2
        assert store.count("actors") == 2
    with Store(db, read_only=True) as store:  # and it persisted
        assert store.count("events") == 3


def test_writing_the_same_batch_twice_gives_the_same_counts(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        batch = [make_result("a1"), make_result("a2")]
        store.write(batch)
        first = {t: store.count(t) for t in ("articles", "sentences", "actors", "events")}
        store.write(batch)
        assert {t: store.count(t) for t in first} == first


def test_stored_event_exports_exactly_the_plover_record(tmp_path):
    event = make_event()
    with Store(tmp_path / "s.duckdb") as store:
        store.write([make_result(events=[event])])
        [record] = list(store.iter_plover())
    assert record == event_json(event)
    assert json.loads(json.dumps(record)) == record


def test_a_place_s_parent_is_stored_and_exported_as_event_loc_parent(tmp_path):
    place = Place("Al-Bayaa", "Baghdad", "IRQ", "Baghdad", 33.3, 44.4, 98182, 4, 30, 38, parent="Baghdad")
    with Store(tmp_path / "s.duckdb") as store:
        store.write([make_result(events=[make_event(place=place)])])
        [record] = list(store.iter_plover())
    assert record["event_loc"]["parent"] == "Baghdad"
    assert record["event_loc"]["extracted_place"] == "Al-Bayaa"


def test_a_store_made_before_a_column_existed_gains_it_and_keeps_its_rows(tmp_path):
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        store.write([make_result("a1")])
        store.con.execute("ALTER TABLE events DROP COLUMN place_parent")  # as an earlier version made it
    with Store(db, read_only=True) as store:  # read as it is, the missing column reads as empty
        [old] = list(store.iter_plover())
        assert old["event_loc"]["parent"] is None and old["event_loc"]["resolved_place"] == "Iran"
    with Store(db) as store:
        [kept] = list(store.iter_plover())
        assert kept == old
        store.write([make_result("a2", [make_event("a2", place=Place("Kyiv", "Kyiv", "UKR", parent="Kyiv City"))])])
        rows = {r["article_id"]: r["event_loc"] for r in store.iter_plover()}
    assert rows["a1"]["resolved_place"] == "Iran" and rows["a2"]["parent"] == "Kyiv City"


def test_a_store_lacking_a_required_column_is_refused_and_left_as_it_is(tmp_path):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE events (article_id VARCHAR NOT NULL, note VARCHAR)")
    con.execute("INSERT INTO events VALUES ('a1', 'kept')")
    con.close()
    with pytest.raises(StoreError, match=r"events lacks the required column 'id'.*Nothing was changed"):
        Store(db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT * FROM events").fetchall() == [("a1", "kept")]
    con.close()


def test_filters_by_actor_recipient_type_and_date(tmp_path):
    events = [
        make_event(start=1),
        make_event(event="ACCUSE", actor=Actor("USAGOV", "USA", "GOV"), recipient=RUS, start=2),
        make_event(event="PROTEST", actor=Actor("IRN", "IRN", None), recipient=None, start=3,
                   date=DateRef(dt.date(2022, 9, 16), "day", "Sept. 16")),
    ]
    with Store(tmp_path / "s.duckdb") as store:
        store.write([make_result(events=events)])
        assert [r["event"] for r in store.iter_plover(EventQuery(actor="RUS"))] == ["CONSULT"]
        assert [r["event"] for r in store.iter_plover(EventQuery(actor="USAGOV"))] == ["ACCUSE"]
        assert [r["event"] for r in store.iter_plover(EventQuery(recipient="RUS"))] == ["ACCUSE"]
        assert [r["event"] for r in store.iter_plover(EventQuery(event="protest"))] == ["PROTEST"]
        assert [r["event"] for r in store.iter_plover(EventQuery(date_to=dt.date(2022, 10, 1)))] == ["PROTEST"]
        assert len(list(store.iter_plover(EventQuery(date_from=dt.date(2022, 10, 1))))) == 2


def test_filter_values_are_bound_not_spliced(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write([make_result()])
        assert list(store.iter_plover(EventQuery(actor="RUS' OR '1'='1"))) == []
        assert store.count("events") == 1


def test_read_only_store_refuses_writes_and_missing_store_is_explained(tmp_path):
    db = tmp_path / "s.duckdb"
    with pytest.raises(StoreError, match="No store at"):
        Store(db, read_only=True)
    Store(db).close()
    with Store(db, read_only=True) as store, pytest.raises((StoreError, duckdb.Error)):
        store.write([make_result()])


def test_csv_export_has_one_row_per_event_with_header(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write([make_result(events=[make_event(start=1), make_event(start=2)])])
        out = io.StringIO()
        assert export.write(store.iter_plover(), "csv", out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0].split(",")[:3] == ["id", "article_id", "date"]
    assert len(lines) == 3 and ",RUSGOV,RUS,GOV," in lines[1]


actors = st.one_of(st.none(), st.builds(
    Actor, st.sampled_from(["IRNGOV", "USA", "NATO", None]), st.sampled_from(["IRN", "USA", "IGO", None]),
    st.sampled_from(["GOV", "MIL", None]), st.text(max_size=10), st.none() | st.text(max_size=5),
    st.none() | st.text(max_size=5)))
dates = st.one_of(st.none(), st.builds(DateRef, st.none() | st.dates(), st.sampled_from(["day", "month", "publication", None]),
                                       st.none() | st.text(max_size=10), st.sampled_from(["text", "background"])))


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actor=actors, recipient=actors, date=dates, status=st.sampled_from(STATUSES),
       goldstein=st.none() | st.floats(-10, 10), context=st.lists(st.sampled_from(["gender", "economic"]), max_size=2))
def test_any_event_round_trips_through_the_store(tmp_path, actor, recipient, date, status, goldstein, context):
    if actor is not None and all(getattr(actor, f) is None for f in ("code", "country", "sector", "entity_text", "name", "title")):
        actor = None
    if recipient is not None and all(getattr(recipient, f) is None for f in ("code", "country", "sector", "entity_text", "name", "title")):
        recipient = None
    event = make_event(actor=actor, recipient=recipient, date=date, goldstein=goldstein, context=tuple(context),
                       attribution=Attribution(status), place=None)
    with Store(tmp_path / "rt.duckdb") as store:
        store.write([make_result(events=[event])])
        [record] = list(store.iter_plover())
    assert record == event_json(event)


def test_a_batch_table_is_conformed_to_the_store_schema_and_nulls_in_required_columns_are_refused():
    from eventwire.store.duckdb import _conformed

    schema = pa.schema([pa.field("id", pa.string(), nullable=False), pa.field("n", pa.int64())])
    same = pa.table({"n": [1, 2], "id": ["a", "b"], "extra": [0, 0]}).select(["id", "n"]).cast(schema)
    assert _conformed(same, schema).schema.equals(schema)
    widened = _conformed(pa.table({"id": ["a"], "n": pa.array([7], pa.int32())}), schema)
    assert widened.schema.equals(schema) and widened.column("n").to_pylist() == [7]
    holed = pa.Table.from_pylist([{"id": None, "n": 1}], schema=schema)
    with pytest.raises(ValueError, match="'id' with null values"):
        _conformed(holed, schema)
