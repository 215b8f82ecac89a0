"""Answering the daily check-in: a tap (today's or a week-old message: it counts for the day it
names), a snooze, an answer typed in words, and logging what was taken and eaten."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot import views
from bot.flows.turn import Turn
from bot.store.interface import Flow, FlowName, Reminder
from camag_core import Supplement
from camag_core.daily import (
    CheckIn,
    Run,
    Status,
    answerable,
    day_ratio,
    local_date,
    run_after,
    run_back,
    zone,
)
from camag_core.parsing import MAX_TEXT, ParseError, is_none, parse_supplements, plain_words

SNOOZE = timedelta(hours=1)
MONTH = timedelta(days=31)
MAX_NOTE = 300


async def record(
    t: Turn, day: date, status: Status, supplements: list[Supplement] | None = None, note: str | None = None
) -> CheckIn:
    """Keep the day's answer (replacing an earlier one), with its ratio where it can be known."""
    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    checkin = CheckIn(
        day=day,
        status=status,
        supplements=supplements,
        note=note,
        ratio=day_ratio(latest.answers if latest else None, status, supplements),
        at=t.now,
    )
    run = run_after(t.person.run, day, status.took)
    t.person.run = await _look_back(t, day, status.took) if isinstance(run, str) else run
    t.session.record_checkin(checkin)
    if t.person.first_checkin is None or day < t.person.first_checkin:
        t.person.first_checkin = day
    return checkin


async def _look_back(t: Turn, day: date, took: bool) -> Run | None:
    """The latest run once ``day`` is answered, from the days before it, a month at a time back
    to the person's first check-in: the run ``day`` joins (taken), or the one before it (not)."""
    last = None
    if took:
        known = t.person.run
        last = known.last if known is not None and day == known.first - timedelta(days=1) else day
    first, cursor = day, day
    while t.person.first_checkin is not None and cursor > t.person.first_checkin:
        start = max(cursor - MONTH, t.person.first_checkin)
        taken = [c.day for c in await t.session.checkins(start, cursor - timedelta(days=1)) if c.status.took]
        if last is None and taken:  # the latest day taken before ``day``
            last = first = max(taken)
        first = run_back([*taken, first], first) if last is not None else first
        if last is not None and first > start:
            break  # the run begins inside this month
        cursor = start
    return None if last is None else Run(first, last)


def _clock_time(moment: datetime, zone_name: str) -> str:
    return moment.astimezone(zone(zone_name)).strftime("%H:%M")


def _day_tapped(t: Turn) -> date | None:
    """The day a check-in button names, if it is one the person can answer for."""
    payload = t.payload
    try:
        day = date.fromisoformat(payload.question) if payload else None
    except ValueError:
        return None
    first = local_date(t.person.created_at, t.zone)
    return day if day is not None and answerable(day, first, t.today) else None


async def on_tap(t: Turn) -> None:
    """A tap on a check-in message."""
    day, payload = _day_tapped(t), t.payload
    choices = {value for value, _ in views.CHECKIN_CHOICES}
    if payload is None or day is None or payload.value not in choices:
        t.out.answer(views.expired_button())
        return
    t.person.flow = None
    if payload.value == "log":
        t.person.flow = Flow(name=FlowName.LOG_SUPPLEMENTS, since=t.now, day=day)
        t.out.show(views.log_supplements_prompt(day))
        return
    if payload.value == "snooze":
        _snooze(t, day)
        return
    checkin = await record(t, day, Status(payload.value))
    t.out.show(views.checkin_recorded(day, checkin.status, checkin.ratio))


def _snooze(t: Turn, day: date) -> None:
    reminder = t.person.reminder
    if reminder is None:
        t.out.answer(views.expired_button())
        return
    until = t.now + SNOOZE
    t.person.reminder = reminder.model_copy(update={"snoozed_until": until, "snoozed_day": day})
    said = views.snoozed(_clock_time(until, t.zone))
    t.out.answer(said)
    t.out.send(said)  # in the chat too: a toast is easy to miss


def read_status(text: str) -> Status | None:
    """A check-in answer typed instead of tapped ("yeah took em all 👍", "forgot them"), or ``None``."""
    if len(text) > MAX_TEXT:
        return None  # not a check-in answer, and too long to read
    said = plain_words(text)
    for status, pattern in _TYPED_STATUS:
        if re.search(pattern, said):
            return status
    return None


_TYPED_STATUS: tuple[tuple[Status, str], ...] = (
    (Status.SKIPPED, r"\bskip"),
    (Status.NONE, r"\b(?:none|nothing|forgot|didn'?t|did not|no pills?|took no)\b"),
    (Status.SOME, r"\b(?:some|part|half|a few|most|missed one)\b"),
    (Status.ALL, r"\b(?:all|everything|every one|em|them|as usual|done|took it)\b"),  # "yes" is filler to plain_words
)


async def typed_answer(t: Turn) -> bool:
    """Text typed while today's check-in waits for an answer, taken as that answer if it reads as
    one; ``False`` when it doesn't (the caller then says what works)."""
    status = read_status(t.text)
    reminder: Reminder | None = t.person.reminder
    if status is None or reminder is None or reminder.last_sent != t.today:
        return False  # not an answer, or today's check-in not sent yet
    if await t.session.checkins(t.today, t.today):
        return False  # already answered
    checkin = await record(t, t.today, status)
    t.out.send(views.checkin_recorded(t.today, checkin.status, checkin.ratio))
    return True


def _logging_day(t: Turn) -> date:
    flow = t.person.flow
    return flow.day if flow is not None and flow.day is not None else t.today


async def on_supplements_text(t: Turn) -> None:
    """What was taken, read like the interview reads it; a supplement without its amount is asked
    about again (or logged without one, if the person doesn't know), and what was logged is said back."""
    day, flow = _logging_day(t), t.person.flow
    assert flow is not None
    try:
        parsed = parse_supplements(t.text)
    except ParseError as error:
        t.out.send(f"⚠️ {error}\n\n" + views.log_supplements_prompt(day))
        return
    if not isinstance(parsed, list):  # "I don't know": the amounts asked about, if any
        parsed = parse_supplements(flow.without_amount or "none")
        assert isinstance(parsed, list)
    elif any(p.supplement.amount is None for p in parsed):
        t.person.flow = flow.model_copy(update={"without_amount": t.text, "since": t.now})
        t.out.send(views.log_amount_missing(t.text))
        return
    taken = [p.supplement for p in parsed]
    await record(t, day, Status.LOGGED, supplements=taken)
    t.person.flow = Flow(name=FlowName.LOG_FOOD, since=t.now, day=day)
    t.out.send(views.logged(day, taken) + "\n\n" + views.log_food_prompt())


async def on_food_text(t: Turn) -> None:
    day = _logging_day(t)
    note = None if is_none(t.text) else t.text.strip()[:MAX_NOTE]
    known = await t.session.checkins(day, day)
    checkin = await record(t, day, Status.LOGGED, known[0].supplements if known else [], note)
    t.person.flow = None
    t.out.send(views.checkin_recorded(day, checkin.status, checkin.ratio))
