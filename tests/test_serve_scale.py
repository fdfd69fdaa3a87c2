"""The API's aggregate answers against the same figures counted in Python from the stored rows."""

import datetime as dt
from collections import Counter, defaultdict

import pytest

from eventwire.serve import relations
from eventwire.store.duckdb import Store

ROWS_SQL = """
INSERT INTO events (id, article_id, date, date_precision, event, actor_code, actor_country, recipient_code,
                    recipient_country, status, goldstein, quad_code)
SELECT 'e' || i, 'a' || (i // 5),
       CASE WHEN i % 17 = 0 THEN NULL ELSE DATE '2022-01-01' + (hash(i, 1) % 400)::INTEGER END, 'day',
       ['CONSULT', 'ACCUSE', 'ASSAULT', 'AID'][1 + (hash(i, 2) % 4)::INTEGER],
       ['RUS', 'IRN', 'USA'][1 + (hash(i, 3) % 3)::INTEGER] || ['GOV', 'MIL', ''][1 + (hash(i, 4) % 3)::INTEGER],
       ['RUS', 'IRN', 'USA'][1 + (hash(i, 3) % 3)::INTEGER],
       ['RUS', 'IRN', 'USA'][1 + (hash(i, 5) % 3)::INTEGER] || 'GOV', ['RUS', 'IRN', 'USA'][1 + (hash(i, 5) % 3)::INTEGER],
       CASE WHEN i % 11 = 0 THEN 'negated' ELSE 'asserted' END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE ((hash(i, 6) % 201)::INTEGER - 100) / 10.0 END,
       CASE WHEN i % 19 = 0 THEN NULL ELSE 1 + (hash(i, 7) % 4)::INTEGER END
FROM range(3000) r(i)
"""


def _side(row, prefix, code):
    return code in (row[f"{prefix}_code"], row[f"{prefix}_country"])


def _pair(r, actor, recipient, directed):
    if recipient is None:
        return _side(r, "actor", actor) or _side(r, "recipient", actor)
    one_way = _side(r, "actor", actor) and _side(r, "recipient", recipient)
    return one_way or (not directed and _side(r, "actor", recipient) and _side(r, "recipient", actor))


def _stored_rows(cur):
    names = [d[0] for d in cur.execute("SELECT *, rowid AS _rowid FROM events").description]
    return [dict(zip(names, r)) for r in cur.execute("SELECT *, rowid AS _rowid FROM events").fetchall()]


def _expected(rows, actor, recipient, interval, directed, include_negated):
    chosen = [r for r in rows if _pair(r, actor, recipient, directed) and (include_negated or r["status"] != "negated")]
    by_period = defaultdict(list)
    for r in chosen:
        if r["date"] is not None:
            d = r["date"]
            start = d - dt.timedelta(days=d.weekday()) if interval == "week" else d.replace(day=1)
            by_period[start.isoformat()].append(r)
    return (Counter(r["event"] for r in chosen), Counter(str(r["quad_code"]) for r in chosen if r["quad_code"]),
            sum(r["date"] is None for r in chosen), by_period)


@pytest.mark.parametrize("actor,recipient,interval,directed,include_negated", [
    ("RUS", None, "month", False, False), ("RUS", "IRN", "week", False, False), ("IRNGOV", "USA", "month", True, True),
    ("USA", "USA", "week", False, True), ("IRN", "RUSGOV", "month", True, False),
])
def test_dyad_counts_and_series_are_those_of_the_stored_rows(tmp_path, actor, recipient, interval, directed,
                                                           include_negated):
    with Store(tmp_path / "s.duckdb") as store:
        store.con.execute(ROWS_SQL)
        cur = store.con.cursor()
        rows = _stored_rows(cur)
        got = relations.dyad(cur, actor, recipient, interval, directed, include_negated)
    by_type, by_quad, undated, by_period = _expected(rows, actor, recipient, interval, directed, include_negated)
    assert got["by_type"] == dict(by_type) and list(got["by_type"].values()) == sorted(by_type.values(), reverse=True)
    assert got["by_quad"] == dict(sorted(by_quad.items())) and got["undated"] == undated
    assert got["events"] == sum(by_type.values()) > 0
    negated = sum(_pair(r, actor, recipient, directed) and r["status"] == "negated" for r in rows)
    assert got["negated"] == (0 if include_negated else negated) and (include_negated or negated > 0)
    assert (got["series"][0]["period"], got["series"][-1]["period"]) == (min(by_period), max(by_period))
    points = {p["period"]: p for p in got["series"] if p["events"]}
    assert set(points) == set(by_period)
    for period, members in by_period.items():
        point, scores = points[period], [r["goldstein"] for r in members if r["goldstein"] is not None]
        assert point["events"] == len(members)
        assert point["goldstein_sum"] == (pytest.approx(sum(scores)) if scores else None)
        assert point["goldstein_mean"] == (pytest.approx(sum(scores) / len(scores)) if scores else None)
        assert point["quad"] == {str(q): sum(r["quad_code"] == q for r in members) for q in range(1, 5)}


def _newest_first(rows):
    return [r["id"] for r in sorted(rows, key=lambda r: (r["date"] is None, -(r["date"] or dt.date.min).toordinal(),
                                                          r["_rowid"]))]


@pytest.mark.parametrize("a,b,limit", [("RUS", "IRN", 100), ("IRNGOV", "USA", 7), ("USA", "USA", 500)])
def test_brief_lists_are_those_of_the_stored_rows(tmp_path, a, b, limit):
    with Store(tmp_path / "s.duckdb") as store:
        store.con.execute(ROWS_SQL)
        cur = store.con.cursor()
        rows = _stored_rows(cur)
        got = relations.brief(cur, a, b, limit)
    between = [r for r in rows if _pair(r, a, b, directed=False)]
    articles = {r["article_id"] for r in between}
    about = [r for r in rows if r["article_id"] in articles and (_side(r, "recipient", a) or _side(r, "recipient", b))
             and not (_side(r, "actor", a) or _side(r, "actor", b))]
    assert [e["id"] for e in got["between"]] == _newest_first(between)[:limit]
    assert [e["id"] for e in got["about"]] == _newest_first(about)[:limit]
    assert got["between"] and (got["about"] or a == b)
