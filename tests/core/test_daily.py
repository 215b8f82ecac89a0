"""Times, zones and daily fire times, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camag_core.daily import (
    WHOLE_DAY,
    CheckIn,
    DoseAnswer,
    Period,
    Status,
    by_dose,
    day_status,
    days_went,
    expected_doses,
    fire_time,
    local_date,
    next_due,
    parse_time,
    parse_zone,
    period,
    with_logged_doses,
    zone,
)
from camag_core.i18n import texts
from camag_core.parsing import ParseError
from camag_core.schedule import Plan, new_dose


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:30", time(21, 30)),
        ("9pm", time(21, 0)),
        ("9 PM", time(21, 0)),
        ("9.30 am", time(9, 30)),
        ("0930", time(9, 30)),
        ("21h", time(21, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("noon", time(12, 0)),
        ("7", time(7, 0)),
    ],
)
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "soon", "", "9:75", "x" * 100])
def test_bad_times(text):
    with pytest.raises(ParseError):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("São Paulo", "America/Sao_Paulo"),
        ("europe/paris", "Europe/Paris"),
        ("UTC+2", "UTC+02:00"),
        ("gmt -5:30", "UTC-05:30"),
        ("+1", "UTC+01:00"),
        ("utc", "UTC"),
        ("PST", "America/Los_Angeles"),  # a name of a time, not of a zone: with its summer time
        ("EST", "America/New_York"),  # not the zone database's "EST", which keeps no summer time
        ("Eastern Time", "America/New_York"),
        ("MEZ", "Europe/Paris"),
        ("hora del Pacífico", "America/Los_Angeles"),
    ],
)
def test_zones(text, expected):
    assert parse_zone(text) == expected


@pytest.mark.parametrize("text", ["Atlantis", "UTC+15", "", "x" * 100])
def test_bad_zones(text):
    with pytest.raises(ParseError):
        parse_zone(text)


def test_offsets_are_fixed():
    assert datetime(2026, 7, 1, 12, tzinfo=zone("UTC+02:00")).utcoffset() == timedelta(hours=2)


def test_berlin_spring_forward_fires_once_after_the_gap():
    # 29 March 2026: 02:00 -> 03:00 in Berlin; 02:30 does not exist that day
    assert fire_time(date(2026, 3, 29), time(2, 30), "Europe/Berlin") == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert fire_time(date(2026, 3, 29), time(21, 0), "Europe/Berlin") == datetime(2026, 3, 29, 19, 0, tzinfo=UTC)
    assert fire_time(date(2026, 3, 28), time(21, 0), "Europe/Berlin") == datetime(2026, 3, 28, 20, 0, tzinfo=UTC)


def test_new_york_fall_back_fires_once_at_the_first_occurrence():
    # 1 November 2026: 02:00 -> 01:00 in New York; 01:30 happens twice
    first = fire_time(date(2026, 11, 1), time(1, 30), "America/New_York")
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    day, again = next_due(time(1, 30), "America/New_York", date(2026, 11, 1), first)
    assert (day, again) == (date(2026, 11, 2), datetime(2026, 11, 2, 6, 30, tzinfo=UTC))


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC+05:30", "America/Sao_Paulo"]


@given(
    zone_name=st.sampled_from(ZONES),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
)
def test_a_daily_reminder_fires_once_every_local_day(zone_name, at, start):
    """Over 400 days, through every DST change: one fire per local date, no date skipped."""
    moment, last_day = start, None
    for _ in range(400):
        day, moment = next_due(at, zone_name, last_day, moment)
        assert local_date(moment, zone_name) in (day, day + timedelta(days=1))  # a gap time may move past midnight
        if last_day is not None:
            assert day == last_day + timedelta(days=1)
        last_day = day


def test_part_of_the_doses_is_never_all_of_the_day():
    took, part = DoseAnswer(status=Status.ALL), DoseAnswer(status=Status.SOME, taken=("Calcium",), of=2)
    assert day_status({1: took, 2: took}, expected=3) is Status.SOME  # a dose still to come
    assert day_status({1: took, 2: took, 3: took}, expected=3) is Status.ALL
    assert day_status({1: DoseAnswer(status=Status.SKIPPED)}, expected=2) is Status.SKIPPED
    at = datetime(2026, 11, 21, 12, tzinfo=UTC)
    day = CheckIn(day=date(2026, 11, 21), status=Status.SOME, at=at, doses={1: took, 2: part}, expected=3)
    assert day.share == 1.5 / 3
    assert CheckIn(day=date(2026, 11, 21), status=Status.SOME, at=at).share == 0.5  # "part", the day as a whole
    week = period([day], date(2026, 11, 21), 7)
    assert week.adherence == 0.5


@pytest.mark.parametrize(
    ("zone_name", "now", "today"),
    [
        # 07:30 on Tuesday in Tokyo, still Monday in UTC
        ("Asia/Tokyo", datetime(2026, 12, 7, 22, 30, tzinfo=UTC), date(2026, 12, 8)),
        # 19:30 on Monday in Los Angeles, already Tuesday in UTC
        ("America/Los_Angeles", datetime(2026, 12, 8, 3, 30, tzinfo=UTC), date(2026, 12, 7)),
    ],
)
def test_a_dose_counts_as_due_only_once_its_time_has_come_in_the_local_day(zone_name, now, today):
    made = now - timedelta(days=3)  # the plan began three days before
    plan = Plan(doses=(new_dose(1, time(7, 0), zone_name, made), new_dose(2, time(21, 0), zone_name, made)))
    assert plan.due_on(today) == [1, 2]
    assert plan.due_by(today, zone_name, now) == [1]  # 21:00 has not come yet
    assert plan.due_by(today - timedelta(days=1), zone_name, now) == [1, 2]
    answered = CheckIn(
        day=today,
        status=Status.SOME,
        at=now,
        doses={1: DoseAnswer(status=Status.ALL)},
        expected=len(plan.due_on(today)),
    )
    yesterday = CheckIn(day=today - timedelta(days=1), status=Status.ALL, at=now, expected=2)
    week = period([yesterday, answered], today, 7, today - timedelta(days=1), len(plan.due_by(today, zone_name, now)))
    assert week.adherence == 1.0  # both days: every dose due so far taken
    assert period([yesterday, answered], today, 7, today - timedelta(days=1)).adherence == 0.75


def test_a_dose_whose_time_had_passed_when_the_plan_began_is_not_due_that_day():
    now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 09:00 in Madrid
    plan = Plan(doses=(new_dose(1, time(6, 30), "Europe/Madrid", now), new_dose(2, time(8, 30), "Europe/Madrid", now)))
    assert plan.due_by(date(2026, 12, 7), "Europe/Madrid", now) == []
    assert plan.due_by(date(2026, 12, 8), "Europe/Madrid", now + timedelta(days=1)) == [1, 2]
    # nothing due today and nothing answered: today is not a missed day
    yesterday = CheckIn(day=date(2026, 12, 6), status=Status.ALL, at=now)
    assert period([yesterday], date(2026, 12, 7), 7, date(2026, 12, 6), 0).adherence == 1.0


def test_a_day_answered_whole_counts_for_the_doses_due_when_it_was_answered():
    made = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    nine = datetime(2026, 11, 21, 8, 5, tzinfo=UTC)  # 09:05 in Berlin: "took part of them"
    noon = nine + timedelta(hours=3)  # a second reminder added
    plan = Plan(doses=(new_dose(1, time(9, 0), "Europe/Berlin", made), new_dose(2, time(20, 0), "Europe/Berlin", noon)))
    day = date(2026, 11, 21)
    whole = CheckIn(day=day, status=Status.SOME, at=nine)
    due_then = plan.due_by(day, "Europe/Berlin", whole.at)
    assert due_then == [1]  # the 20:00 one, added at noon, was not due at 09:05
    so_far = by_dose(whole, due_then)
    assert so_far == {1: DoseAnswer(status=Status.SOME)}
    evening = {**so_far, 2: DoseAnswer(status=Status.ALL)}
    answered = CheckIn(day=day, status=day_status(evening, 2), at=nine, doses=evening, expected=2)
    assert (answered.status, answered.share) == (Status.SOME, 0.75)
    assert by_dose(answered, [1, 2]) == evening  # answers dose by dose are kept as they are
    assert by_dose(None, [1]) == {}


def test_a_day_answered_whole_before_a_plan_with_none_of_its_doses_due_then_is_kept_whole():
    whole = CheckIn(day=date(2026, 11, 21), status=Status.NONE, at=datetime(2026, 11, 21, 8, 5, tzinfo=UTC))
    assert by_dose(whole, []) == {WHOLE_DAY: DoseAnswer(status=Status.NONE)}


def test_a_dose_reminded_of_and_then_moved_counts_as_due_that_day():
    sent_at_nine = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    plan = Plan(doses=(new_dose(1, time(9, 0), "Europe/Berlin", sent_at_nine - timedelta(days=1)),))
    plan = plan.after_send(plan.due("Europe/Berlin", sent_at_nine - timedelta(minutes=1))[0][1])
    moved = plan.moved(1, time(19, 0), "Europe/Berlin", sent_at_nine + timedelta(hours=3))
    day = date(2026, 11, 21)
    assert moved.doses[0].starts == day + timedelta(days=1)  # at 19:00 from tomorrow on
    assert moved.due_on(day) == [1]  # and reminded of today at 09:00
    assert moved.due_by(day, "Europe/Berlin", sent_at_nine + timedelta(hours=3)) == [1]
    assert moved.due_by(day + timedelta(days=1), "Europe/Berlin", sent_at_nine + timedelta(days=1)) == []


def test_what_was_logged_counts_for_the_doses_due_and_not_answered():
    took = DoseAnswer(status=Status.ALL)
    assert with_logged_doses({1: took}, [1, 2]) == {1: took, 2: DoseAnswer(status=Status.LOGGED)}
    assert with_logged_doses({1: took, 2: took}, [1, 2]) == {1: took, 2: took}  # every dose answered: kept as it is


def test_a_day_counts_the_doses_its_plan_holds_and_those_answered():
    assert expected_doses({1: DoseAnswer(status=Status.ALL)}, [1]) == 1  # the 13:00 one dropped before it came
    assert expected_doses({1: DoseAnswer(status=Status.ALL), 2: DoseAnswer(status=Status.NONE)}, [2]) == 2
    assert expected_doses({WHOLE_DAY: DoseAnswer(status=Status.ALL)}, [2]) == 2


def test_how_the_days_went_names_only_the_kinds_there_were():
    p = Period(days=4, checked_in=4, took_all=2, took_some=1, took_none=0, skipped=1, ratios=(), taken=2.5)
    assert days_went(p) == "2 days all taken, 1 day partly taken and 1 day skipped"
    assert days_went(Period(1, 1, 0, 0, 1, 0, (), 0.0)) == "1 day nothing taken"
    assert "2 дня" in days_went(p, t=texts("ru"))
