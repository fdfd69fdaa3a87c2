"""The record-level helpers every part shares: ISO dates read and written one way."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.records import iso_date, iso_text


@pytest.mark.parametrize("value, expected", [
    ("2019-03-14", dt.date(2019, 3, 14)),
    ("  2019-03-14\n", dt.date(2019, 3, 14)),
    (dt.date(2019, 3, 14), dt.date(2019, 3, 14)),
    (None, None),
    ("", None),
    ("   ", None),
])
def test_iso_date_reads_dates_and_blanks(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("value", [
    "2019-02-30",            # no such day
    "20190314",              # basic form: not the YYYY-MM-DD every caller's message names
    "2019-W11-4",            # week form
    "2019-03-14T10:00:00",   # a time is not a date
    "14/03/2019",
    dt.datetime(2019, 3, 14, 10, 0),
    20190314,
    ["2019-03-14"],
])
def test_iso_date_refuses_other_shapes(value):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        iso_date(value)


def test_iso_text_writes_what_iso_date_reads():
    day = dt.date(2021, 12, 1)
    assert iso_text(day) == "2021-12-01"
    assert iso_date(iso_text(day)) == day
    assert iso_text(None) is None
    assert iso_text("2021-12") == "2021-12"
