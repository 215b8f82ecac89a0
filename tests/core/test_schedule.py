"""The reminder plan: each dose's next reminder, once per local day, through zones and DST; a
reminder kept before plans had doses; typed times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camag_core.daily import local_date
from camag_core.parsing import ParseError
from camag_core.schedule import Dose, Low, Occasion, Plan, Wanted, new_dose, parse_times

TOKYO, LOS_ANGELES, BERLIN = "Asia/Tokyo", "America/Los_Angeles", "Europe/Berlin"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def routine(zone_name: str, now: datetime) -> Plan:
    """Caltrate at 7:00 and 19:00, magnesium at 22:00, alendronate on Mondays at 6:00."""
    plan = Plan(doses=(new_dose(1, time(7, 0), zone_name, now, what=("Caltrate 600+D3 — 1 tablet",)),))
    plan = plan.added(time(19, 0), zone_name, now, what=("Caltrate 600+D3 — 1 tablet",))
    plan = plan.added(time(22, 0), zone_name, now, what=("Magnesium glycinate 200 mg",))
    return plan.added(time(6, 0), zone_name, now, weekday=0, what=("Alendronate 70 mg",))


def run_week(plan: Plan, zone_name: str, start: datetime) -> list[tuple[datetime, Occasion]]:
    """Send every reminder as it falls due for a week, the way a store and the dispatcher do."""
    sent: list[tuple[datetime, Occasion]] = []
    now = start
    while now < start + timedelta(days=7):
        when, occasion = min(plan.due(zone_name, now), key=lambda item: item[0])
        assert plan.still_wanted(occasion)
        plan = plan.after_send(occasion)
        assert not plan.still_wanted(occasion)  # once per dose and local day
        sent.append((when, occasion))
        now = when
    return sent


@pytest.mark.parametrize("zone_name", [TOKYO, LOS_ANGELES])
def test_a_week_of_doses_each_once_a_day_on_the_local_day(zone_name):
    # 23:30 UTC on Sunday 22 Nov: already Monday morning in Tokyo, still Sunday afternoon in LA
    start = utc(2026, 11, 22, 23, 30)
    sent = run_week(routine(zone_name, start), zone_name, start)
    per_dose = {n: [o.day for _, o in sent if o.dose == n] for n in (1, 2, 3, 4)}
    for number in (1, 2, 3):
        days = per_dose[number]
        assert len(days) == len(set(days)) >= 6  # no day twice
        assert all(b - a == timedelta(days=1) for a, b in pairwise(days))
    assert [d.weekday() for d in per_dose[4]] == [0]  # the weekly one on its weekday only
    for when, occasion in sent:
        assert local_date(when, zone_name) == occasion.day  # due on its own local day


def test_tokyo_is_a_day_ahead_of_utc_at_its_morning_dose():
    start = utc(2026, 11, 22, 21, 0)  # Sunday 21:00 UTC = Monday 06:00 in Tokyo
    plan = routine(TOKYO, start - timedelta(minutes=1))
    due = {o.dose: (when, o.day) for when, o in plan.due(TOKYO, start - timedelta(minutes=1))}
    assert due[4] == (start, date(2026, 11, 23))  # alendronate: Monday in Tokyo, Sunday in UTC
    assert due[1] == (utc(2026, 11, 22, 22, 0), date(2026, 11, 23))


def test_daylight_saving_moves_the_utc_time_not_the_local_one():
    # Berlin springs forward on 29 March 2026: a 07:00 dose stays at 07:00 local
    plan = Plan.daily(time(7, 0))
    ((saturday, occasion),) = plan.due(BERLIN, utc(2026, 3, 27, 12))
    assert (saturday, occasion.day) == (utc(2026, 3, 28, 6, 0), date(2026, 3, 28))
    ((sunday, occasion),) = plan.after_send(occasion).due(BERLIN, saturday)
    assert (sunday, occasion.day) == (utc(2026, 3, 29, 5, 0), date(2026, 3, 29))


def test_a_snooze_is_the_doses_own():
    now = utc(2026, 11, 21, 20, 0)
    plan = routine(BERLIN, now - timedelta(days=1)).snoozed(3, date(2026, 11, 21), now + timedelta(hours=1))
    snoozed = [(when, o) for when, o in plan.due(BERLIN, now) if o.snoozed]
    assert snoozed == [(now + timedelta(hours=1), Occasion(3, date(2026, 11, 21), snoozed=True))]
    after = plan.after_send(snoozed[0][1])
    assert not after.still_wanted(snoozed[0][1])
    assert after.dose(1) == plan.dose(1)  # the other doses untouched


def test_a_dropped_dose_is_no_longer_wanted_and_the_last_one_ends_the_plan():
    plan = routine(BERLIN, utc(2026, 11, 21))
    assert not plan.dropped(2).still_wanted(Occasion(2, date(2026, 11, 22)))  # type: ignore[union-attr]
    assert Plan.daily(time(9, 0)).dropped(1) is None


def test_a_reminder_kept_before_plans_had_doses_is_a_plan_of_one_time():
    old = {
        "at": "21:00:00",
        "starts": "2026-11-20",
        "paused": True,
        "last_sent": "2026-11-21",
        "snoozed_until": "2026-11-21T21:00:00Z",
        "snoozed_day": "2026-11-21",
    }
    plan = Plan.model_validate(old)
    assert plan.paused
    assert plan.doses == (
        Dose(
            number=1,
            at=time(21, 0),
            starts=date(2026, 11, 20),
            last_sent=date(2026, 11, 21),
            snoozed_until=utc(2026, 11, 21, 21),
            snoozed_day=date(2026, 11, 21),
        ),
    )
    assert Plan.model_validate(plan.model_dump(mode="json")) == plan  # and stored as it is from then on


def test_a_time_added_again_is_kept_once_and_a_plan_holds_eight():
    now = utc(2026, 11, 21)
    plan = Plan.daily(time(9, 0))
    assert plan.added(time(9, 0), BERLIN, now) == plan
    for hour in range(10, 17):
        plan = plan.added(time(hour, 0), BERLIN, now)
    with pytest.raises(ValueError, match="at most 8"):
        plan.added(time(20, 0), BERLIN, now)


def test_a_time_added_after_it_passed_today_starts_tomorrow():
    now = utc(2026, 11, 21, 12)  # 13:00 in Berlin
    plan = Plan.daily(time(21, 0)).added(time(8, 0), BERLIN, now)
    assert {o.dose: o.day for _, o in plan.due(BERLIN, now)} == {1: date(2026, 11, 21), 2: date(2026, 11, 22)}


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("7:00 and 21:00", [Wanted(time(7, 0)), Wanted(time(21, 0))]),
        ("8am, 2pm", [Wanted(time(8, 0)), Wanted(time(14, 0))]),
        ("at 9pm", [Wanted(time(21, 0))]),
        ("Mondays 7:00", [Wanted(time(7, 0), 0)]),
        ("every thurs at 6am", [Wanted(time(6, 0), 3)]),
        ("21:00 & 21:00", [Wanted(time(21, 0))]),
        ("7pm and 8 in the morning", [Wanted(time(19, 0)), Wanted(time(8, 0))]),  # "What time is “morning”?"
        ("9 in the evening, 7am", [Wanted(time(21, 0)), Wanted(time(7, 0))]),
    ],
)
def test_typed_times(typed, wanted):
    assert parse_times(typed) == wanted


@pytest.mark.parametrize(
    "typed", ["after breakfast", "before bed", "in the morning", "25:00", "", "monthly", "7pm and in the morning"]
)
def test_what_is_not_a_time_is_asked_again(typed):
    with pytest.raises(ParseError):
        parse_times(typed)


@given(
    zone_name=st.sampled_from([TOKYO, LOS_ANGELES, BERLIN, "America/New_York", "Australia/Lord_Howe"]),
    hours=st.lists(st.integers(0, 23), min_size=1, max_size=4, unique=True),
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
)
def test_every_dose_fires_once_every_local_day_through_dst(zone_name, hours, start):
    plan = Plan(doses=tuple(new_dose(i + 1, time(h, 30), zone_name, start) for i, h in enumerate(hours)))
    sent = run_week(plan, zone_name, start)
    for number in range(1, len(hours) + 1):
        days = [o.day for _, o in sent if o.dose == number]
        assert all(b - a == timedelta(days=1) for a, b in pairwise(days))


def test_a_pack_counts_down_says_once_when_low_and_takes_back_a_changed_answer():
    now = utc(2026, 11, 21)
    plan = routine(BERLIN, now).with_pack("Caltrate 600+D3 — 1 tablet", 12)  # two a day: 6 days
    plan, low = plan.counted(["Caltrate 600+D3 — 1 tablet"])
    assert low == []  # 11 left: 5.5 days
    plan, low = plan.counted(["Caltrate 600+D3 — 1 tablet"])
    assert low == [Low("Caltrate 600+D3 — 1 tablet", 10, 5.0)]
    plan, low = plan.counted(["Caltrate 600+D3 — 1 tablet"])
    assert low == []  # said once per pack
    plan, _ = plan.counted([], untaken=["Caltrate 600+D3 — 1 tablet"])  # "took it" changed to "didn't"
    assert plan.packs[0].left == 10
    assert plan.daily_use("Alendronate 70 mg") == 1 / 7
    assert plan.with_pack("Caltrate 600+D3 — 1 tablet", 60).packs[0].warned is False  # a refill
