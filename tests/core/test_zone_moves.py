"""A person who moves across the date line keeps the days they answered, and gets the next check-in
that is not for a day already answered, at its time in the new zone (walk of 7 Dec: Auckland,
answered Tue 8 Dec, then Honolulu, where it is Mon 7 Dec)."""

from datetime import UTC, date, datetime, time, timedelta

from camag_core.daily import CheckIn, DoseAnswer, Status, fire_time, period, streak
from camag_core.schedule import Occasion, Plan, new_dose

AUCKLAND, HONOLULU, BERLIN, NEW_YORK = "Pacific/Auckland", "Pacific/Honolulu", "Europe/Berlin", "America/New_York"
AUCKLAND_DAY, HONOLULU_TODAY = date(2026, 12, 8), date(2026, 12, 7)
# Tue 8 Dec 07:00 in Auckland = Mon 7 Dec 18:00 UTC = Mon 7 Dec 08:00 in Honolulu
AUCKLAND_MORNING = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)


def answered(day: date, status: Status = Status.ALL, **fields: object) -> CheckIn:
    return CheckIn(day=day, status=status, at=AUCKLAND_MORNING, **fields)  # type: ignore[arg-type]


def sent_in_auckland() -> Plan:
    """A daily 07:00 reminder set in Auckland on Tue 8 Dec, sent that morning."""
    plan = Plan(doses=(new_dose(1, time(7, 0), AUCKLAND, AUCKLAND_MORNING - timedelta(hours=1)),))
    when, occasion = plan.due(AUCKLAND, AUCKLAND_MORNING - timedelta(hours=1))[0]
    assert (when, occasion.day) == (AUCKLAND_MORNING, AUCKLAND_DAY)
    return plan.after_send(occasion)


def walk(plan: Plan, zone: str, now: datetime, days: int) -> list[date]:
    """The days whose check-in is sent over ``days`` days from ``now``, tick by tick."""
    sent = []
    end = now + timedelta(days=days)
    while True:
        when, occasion = min(plan.due(zone, now), key=lambda found: found[0])
        if when > end:
            return sent
        assert plan.still_wanted(occasion)
        sent.append(occasion.day)
        plan, now = plan.after_send(occasion), when


def test_a_first_day_after_today_gives_no_negative_period():
    p = period([], HONOLULU_TODAY, 30, first=AUCKLAND_DAY, due_today=0)
    assert p.days >= 0
    assert p.due_days is None or p.due_days >= 0


def test_moving_west_the_day_answered_stays_and_todays_check_in_comes_at_its_new_time():
    plan = sent_in_auckland()
    now = AUCKLAND_MORNING + timedelta(minutes=30)  # Mon 7 Dec 08:30 in Honolulu
    moved = plan.in_zone(HONOLULU, now, [answered(AUCKLAND_DAY)])
    moved = moved.moved(1, time(9, 3), HONOLULU, now)  # later today in Honolulu
    when, occasion = moved.due(HONOLULU, now)[0]
    assert (occasion.day, when) == (HONOLULU_TODAY, fire_time(HONOLULU_TODAY, time(9, 3), HONOLULU))
    # Mon 7 is asked; Tue 8, answered in Auckland, is not asked again; Wed 9 is
    assert walk(moved, HONOLULU, now, 4) == [date(2026, 12, 7), date(2026, 12, 9), date(2026, 12, 10)]


def test_moving_west_a_day_sent_but_not_answered_is_asked_again_at_its_time_there():
    plan = sent_in_auckland()
    now = AUCKLAND_MORNING + timedelta(hours=2)  # Mon 7 Dec 10:00 in Honolulu, after 07:00
    moved = plan.in_zone(HONOLULU, now, [])
    assert walk(moved, HONOLULU, now, 2) == [date(2026, 12, 8), date(2026, 12, 9)]


def test_moving_west_a_dose_answered_is_not_asked_again_but_its_sister_dose_is():
    plan = sent_in_auckland().added(time(7, 0), AUCKLAND, AUCKLAND_MORNING - timedelta(days=1), weekday=None)
    plan = plan.added(time(12, 0), AUCKLAND, AUCKLAND_MORNING - timedelta(days=1))
    two = answered(AUCKLAND_DAY, Status.SOME, doses={1: DoseAnswer(status=Status.ALL)}, expected=2)
    now = AUCKLAND_MORNING + timedelta(hours=2)
    moved = plan.in_zone(HONOLULU, now, [two])
    first = min((w, o) for w, o in moved.due(HONOLULU, now) if o.dose == 1)[1]
    second = min((w, o) for w, o in moved.due(HONOLULU, now) if o.dose == 2)[1]
    assert (first.day, second.day) == (date(2026, 12, 9), HONOLULU_TODAY)
    assert not moved.still_wanted(Occasion(1, AUCKLAND_DAY))
    assert moved.still_wanted(Occasion(2, AUCKLAND_DAY))


def test_moving_east_no_day_is_asked_twice_and_the_next_one_comes():
    plan = Plan(doses=(new_dose(1, time(7, 0), HONOLULU, datetime(2026, 12, 6, 0, 0, tzinfo=UTC)),))
    at_seven = fire_time(HONOLULU_TODAY, time(7, 0), HONOLULU)
    # Mon 7 sent in Honolulu, then answered
    plan = plan.after_send(plan.due(HONOLULU, at_seven - timedelta(minutes=1))[0][1])
    now = at_seven + timedelta(minutes=30)  # Tue 8 06:30 in Auckland
    moved = plan.in_zone(AUCKLAND, now, [])
    assert walk(moved, AUCKLAND, now, 2) == [date(2026, 12, 8), date(2026, 12, 9)]


def test_a_move_on_the_same_date_does_not_send_todays_check_in_twice():
    """Berlin to New York the morning after Berlin's 07:00 check-in: it is still Mon there, not asked again."""
    morning = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # 07:00 in Berlin, 01:00 in New York
    plan = Plan(doses=(new_dose(1, time(7, 0), BERLIN, morning - timedelta(days=1)),))
    plan = plan.after_send(plan.due(BERLIN, morning - timedelta(minutes=1))[0][1])
    moved = plan.in_zone(NEW_YORK, morning + timedelta(hours=1), [])
    assert walk(moved, NEW_YORK, morning + timedelta(hours=1), 2) == [date(2026, 12, 8)]


def test_across_a_dst_change_a_move_west_keeps_the_answered_day():
    """Sun 5 Apr 2026: Auckland leaves summer time (03:00 → 02:00), the day answered there stays."""
    sunday = date(2026, 4, 5)
    seven = fire_time(sunday, time(7, 0), AUCKLAND)  # Sat 4 Apr 19:00 UTC, 09:00 in Honolulu
    plan = Plan(doses=(new_dose(1, time(7, 0), AUCKLAND, seven - timedelta(days=1)),))
    plan = plan.after_send(plan.due(AUCKLAND, seven - timedelta(minutes=1))[0][1])
    now = seven + timedelta(minutes=5)
    moved = plan.in_zone(HONOLULU, now, [answered(sunday)])
    assert walk(moved, HONOLULU, now, 2) == [date(2026, 4, 6)]  # Sat 4 already past 07:00, Sun 5 answered


def test_history_after_a_move_west_counts_the_day_answered():
    checkins = [answered(AUCKLAND_DAY)]
    p = period(checkins, HONOLULU_TODAY, 30, first=AUCKLAND_DAY, due_today=0)
    assert (p.days, p.due_days, p.checked_in, p.took_all, p.adherence) == (1, 1, 1, 1, 1.0)
    # with Mon 7 then asked in Honolulu and not answered yet: Mon 7 is not counted while it is open
    p = period(checkins, HONOLULU_TODAY, 30, first=HONOLULU_TODAY, due_today=0)
    assert (p.days, p.due_days, p.checked_in) == (2, 1, 1)
    assert streak(None, HONOLULU_TODAY, False) == 0


def test_a_week_with_a_day_answered_ahead_is_still_seven_days():
    """A long-time user who moved west after answering tomorrow's date: "Last 7 days" stays 7."""
    today = date(2026, 12, 7)
    checkins = [
        CheckIn(day=today + timedelta(days=back), status=Status.ALL, at=datetime(2026, 12, 7, tzinfo=UTC))
        for back in range(-20, 2)
    ]
    week = period(checkins, today, 7, today - timedelta(days=20), 0)
    assert week.days == 7
    assert week.checked_in == 7
