"""Answering the daily check-in: a tap (today's or a week-old message: it counts for the day it
names), a snooze, an answer typed in words, and logging what was taken and eaten."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot import views
from bot.flows.turn import Turn
from bot.reminders.cautions import latest_cautions
from bot.store.interface import Flow, FlowName
from camag_core import Supplement
from camag_core.daily import (
    WHOLE_DAY,
    CheckIn,
    DoseAnswer,
    Run,
    Status,
    answerable,
    by_dose,
    day_ratio,
    day_status,
    expected_doses,
    local_date,
    read_status,
    run_after,
    run_back,
    with_logged_doses,
    zone,
)
from camag_core.parsing import ParseError, is_none, parse_supplements
from camag_core.routine import mentioned
from camag_core.schedule import Dose, Low, Plan

SNOOZE = timedelta(hours=1)
MONTH = timedelta(days=31)
MAX_NOTE = 300


async def record(
    t: Turn,
    day: date,
    status: Status,
    supplements: list[Supplement] | None = None,
    note: str | None = None,
    *,
    doses: dict[int, DoseAnswer] | None = None,
    expected: int = 0,
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
        doses=doses or {},
        expected=expected,
    )
    run = run_after(t.person.run, day, status.took)
    t.person.run = await _look_back(t, day, status.took) if isinstance(run, str) else run
    t.session.record_checkin(checkin)
    if t.person.first_checkin is None or day < t.person.first_checkin:
        t.person.first_checkin = day
    return checkin


async def _checkin_on(t: Turn, day: date) -> CheckIn | None:
    """The person's answer for ``day``, if there is one."""
    known = await t.session.checkins(day, day)
    return known[0] if known else None


async def record_logged(
    t: Turn, day: date, supplements: list[Supplement] | None = None, note: str | None = None
) -> CheckIn:
    """What was taken (``None``: as logged before) and notable food, logged for ``day``. A day
    answered dose by dose keeps its answers, the doses due so far and unanswered counting as
    logged; its status follows its doses (the day's ratio is not the logged supplements' alone)."""
    before = await _checkin_on(t, day)
    taken = supplements if supplements is not None else before.supplements if before else []
    plan = t.person.reminder
    if before is None or not before.doses:
        return await record(t, day, Status.LOGGED, taken, note)
    doses = with_logged_doses(before.doses, plan.due_by(day, t.zone, t.now) if plan is not None else [])
    expected = expected_doses(doses, plan.due_on(day)) if plan is not None else max(before.expected, len(doses))
    return await record(t, day, day_status(doses, expected), taken, note, doses=doses, expected=expected)


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


def _clock_time(moment: datetime, zone_name: str) -> time:
    return moment.astimezone(zone(zone_name)).time()


def _day_tapped(t: Turn) -> tuple[date | None, int, str | None]:
    """The day a check-in button names, if it is one the person can answer for, its dose and
    the dose's stamp (``None``: a button made before stamps)."""
    payload = t.payload
    try:
        day, dose, stamp = views.checkin_target(payload.question) if payload else (None, 1, None)
    except ValueError:
        return None, 1, None
    first = local_date(t.person.created_at, t.zone)
    return (day if day is not None and answerable(day, first, t.today) else None), dose, stamp


def _per_dose(plan: Plan | None) -> bool:
    """Whether the plan's check-ins are answered dose by dose (several doses, or named items),
    rather than a day at a time (one daily check-in, as before plans had doses)."""
    return plan is not None and (len(plan.doses) > 1 or any(d.what for d in plan.doses))


async def _day_so_far(t: Turn, plan: Plan, day: date) -> tuple[CheckIn | None, dict[int, DoseAnswer]]:
    """The day's check-in, if it was answered, and its answers so far dose by dose: a day answered
    as a whole counts for the doses that were due when it was (see :func:`camag_core.daily.by_dose`)."""
    before = await _checkin_on(t, day)
    return before, by_dose(before, plan.due_by(day, t.zone, before.at) if before is not None else [])


async def replanned(t: Turn) -> None:
    """Today's answer counted against the plan as it is now that it changed: dose by dose (a day
    answered whole counting for the doses due when it was given), a dose added for today expected
    too, one dropped before it was answered no longer."""
    plan = t.person.reminder
    if plan is None:
        return  # no plan to tell: the day counts as it was answered
    before, doses = await _day_so_far(t, plan, t.today)
    if before is None or not (before.doses or _per_dose(plan)):
        return  # not answered, or still a day answered whole
    expected = expected_doses(doses, plan.due_on(t.today))
    if (doses, expected) != (before.doses, before.expected):
        status = day_status(doses, expected)
        await record(t, t.today, status, before.supplements, before.note, doses=doses, expected=expected)


async def _answered_by_dose(t: Turn, day: date) -> bool:
    """Whether ``day`` holds answers dose by dose (the plan had several doses earlier that day):
    an answer for one dose then answers only it, even once the plan is one daily check-in again."""
    known = await _checkin_on(t, day)
    return bool(known and known.doses)


def _items_taken(dose: Dose, answer: DoseAnswer | None) -> list[str]:
    if answer is None or not answer.status.took:
        return []
    return list(answer.taken) if answer.taken else list(dose.what)


async def record_doses(t: Turn, day: date, answers: dict[int, DoseAnswer]) -> list[Low]:
    """Keep the answers for these doses of ``day`` with the day's others (the day's status
    follows), and count the tablets taken down from their packs; returns the packs running low."""
    plan = t.person.reminder
    assert plan is not None
    before, so_far = await _day_so_far(t, plan, day)
    doses = {**so_far, **answers}
    expected = expected_doses(doses, plan.due_on(day))
    status = day_status(doses, expected)
    supplements, note = (before.supplements, before.note) if before else (None, None)
    await record(t, day, status, supplements, note, doses=doses, expected=expected)
    earlier = before.doses if before else {}  # tablets are counted for the answers given dose by dose
    taken: list[str] = []
    untaken: list[str] = []
    for number, answer in answers.items():
        dose = plan.dose(number)
        if dose is not None:
            now, was = _items_taken(dose, answer), _items_taken(dose, earlier.get(number))
            taken += [i for i in now if i not in was]
            untaken += [i for i in was if i not in now]
    t.person.reminder, low = plan.counted(taken, untaken)
    return low


def _dose_answer(dose: Dose, value: str) -> DoseAnswer | None:
    """A dose's answer from a button: took it, none, skip, or the ticked items (``m<mask>``)."""
    if value.startswith("m") and value[1:].isdigit():
        taken = tuple(item for n, item in enumerate(dose.what) if int(value[1:]) >> n & 1)
        if len(taken) == len(dose.what):
            return DoseAnswer(status=Status.ALL, of=len(dose.what))
        return DoseAnswer(status=Status.SOME if taken else Status.NONE, taken=taken, of=len(dose.what))
    if value in (Status.ALL, Status.SOME, Status.NONE, Status.SKIPPED):
        return DoseAnswer(status=Status(value), of=len(dose.what))
    return None


async def on_tap(t: Turn) -> None:
    """A tap on a check-in message."""
    if not t.known:  # their data was erased (/forget) since the check-in was sent
        t.out.answer(views.checkin_after_erase(t.texts), alert=True)
        return
    (day, number, stamp), payload = _day_tapped(t), t.payload
    plan = t.person.reminder
    dose = plan.dose(number) if plan is not None else None
    if stamp is not None and (dose is None or dose.stamp != stamp):  # moved, dropped or replaced since
        t.out.answer(views.checkin_changed(t.texts), alert=True)
        return
    for_its_dose = dose is not None and day is not None and (_per_dose(plan) or await _answered_by_dose(t, day))
    if payload is not None and day is not None and dose is not None and for_its_dose:
        await _dose_tap(t, day, dose, payload.value)
        return
    choices = {value for value, _, _ in views.CHECKIN_CHOICES}
    if payload is None or day is None or payload.value not in choices:
        t.out.answer(views.expired_button(t.texts))
        return
    t.person.flow = None
    if payload.value == "log":
        t.person.flow = Flow(name=FlowName.LOG_SUPPLEMENTS, since=t.now, day=day)
        t.out.show(views.log_supplements_prompt(t.texts, day))
        return
    if payload.value == "snooze":
        await _snooze(t, day, number)
        return
    checkin = await record(t, day, Status(payload.value))
    t.out.show(views.checkin_recorded(t.texts, day, checkin.status, checkin.ratio))


async def _dose_tap(t: Turn, day: date, dose: Dose, value: str) -> None:
    """A tap on a dose's check-in: an item ticked (the message shows it), or the dose answered."""
    if value.startswith("t") and value[1:].isdigit():
        notes = await latest_cautions(t.session, t.person, t.texts)
        ticked = int(value[1:]) % (1 << len(dose.what))
        t.out.show(views.checkin(t.texts, day, dose, ticked=ticked, several=True, notes=notes))
        return
    if value == "snooze":
        await _snooze(t, day, dose.number)
        return
    if value == "log":
        t.person.flow = Flow(name=FlowName.LOG_SUPPLEMENTS, since=t.now, day=day)
        t.out.show(views.log_supplements_prompt(t.texts, day))
        return
    answer = _dose_answer(dose, value)
    if answer is None:
        t.out.answer(views.expired_button(t.texts))
        return
    t.person.flow = None
    low = await record_doses(t, day, {dose.number: answer})
    t.out.show(views.dose_recorded(t.texts, day, [(dose, answer)]))
    if low:
        t.out.send(views.running_low(t.texts, low, await latest_cautions(t.session, t.person, t.texts)))


async def _snooze(t: Turn, day: date, dose: int) -> None:
    """Asked again in an hour, unless the dose's check-in for ``day`` is answered already."""
    plan = t.person.reminder
    if plan is None or plan.dose(dose) is None:
        t.out.answer(views.expired_button(t.texts))
        return
    _, so_far = await _day_so_far(t, plan, day)
    if dose in so_far or WHOLE_DAY in so_far:
        t.out.answer(views.snooze_answered(t.texts, day), alert=True)
        return
    until = t.now + SNOOZE
    t.person.reminder = plan.snoozed(dose, day, until)
    said = views.snoozed(t.texts, _clock_time(until, t.zone))
    t.out.answer(said)
    t.out.send(said)  # in the chat too: a toast is easy to miss


async def waiting(t: Turn) -> bool:
    """Whether a check-in sent today (or snoozed to later today) waits for its answer."""
    plan = t.person.reminder
    sent = [d.number for d in plan.doses if t.today in (d.last_sent, d.snoozed_day)] if plan is not None else []
    if plan is None or not sent:
        return False
    _, so_far = await _day_so_far(t, plan, t.today)
    return WHOLE_DAY not in so_far and any(number not in so_far for number in sent)


async def typed_answer(t: Turn) -> bool:
    """Text typed while today's check-in waits for an answer, taken as that answer if it reads as
    one; ``False`` when it doesn't (the caller then says what works)."""
    status = read_status(t.text)
    plan = t.person.reminder
    if plan is None:
        return False
    if all(d.last_sent != t.today for d in plan.doses):  # none of today's check-ins sent yet
        coming = plan.next_at(t.zone, t.now)
        if status is None or coming is None:
            return False
        t.out.send(views.checkin_not_yet(t.texts, coming, t.today))
        return True
    known = await _checkin_on(t, t.today)
    if _per_dose(plan) or (known and known.doses):
        return await _typed_for_doses(t, plan, status)
    if status is None:
        return False
    if known:
        t.out.send(views.checkin_answered_already(t.texts))
        return True
    checkin = await record(t, t.today, status)
    t.out.send(views.checkin_recorded(t.texts, t.today, checkin.status, checkin.ratio))
    return True


async def _typed_for_doses(t: Turn, plan: Plan, status: Status | None) -> bool:
    """A typed answer for today's doses sent so far: items named ("only the magnesium") are taken
    from the doses that have them; "partly" is the latest dose; "took em all", "forgot" or
    "skip" answers every dose sent today and not yet answered (or the latest, if all were)."""
    sent = sorted((d for d in plan.doses if d.last_sent == t.today), key=lambda d: d.at)
    named = {d.number: mentioned(t.text, d.what) for d in sent}
    answers: dict[int, DoseAnswer] = {}
    if any(named.values()):  # "only the magnesium", "didn't take the calcium"
        for dose in sent:
            said = named[dose.number]
            if not said:
                continue
            taken = tuple(i for i in dose.what if (i in said) != (status is Status.NONE))
            whole = len(taken) == len(dose.what)
            answers[dose.number] = DoseAnswer(
                status=Status.ALL if whole else Status.SOME if taken else Status.NONE,
                taken=() if whole else taken,
                of=len(dose.what),
            )
    elif status is Status.SOME or status is Status.LOGGED:
        answers[sent[-1].number] = DoseAnswer(status=Status.SOME, of=len(sent[-1].what))
    elif status is not None:
        _, done = await _day_so_far(t, plan, t.today)
        open_doses = [d for d in sent if d.number not in done] or sent[-1:]
        answers = {d.number: DoseAnswer(status=status, of=len(d.what)) for d in open_doses}
    if not answers:
        return False
    low = await record_doses(t, t.today, answers)
    t.out.send(views.dose_recorded(t.texts, t.today, [(d, answers[d.number]) for d in sent if d.number in answers]))
    if low:
        t.out.send(views.running_low(t.texts, low, await latest_cautions(t.session, t.person, t.texts)))
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
        t.out.send(views.log_supplements_prompt(t.texts, day, problem=error.said(t.texts)))
        return
    if not isinstance(parsed, list):  # "I don't know": the amounts asked about, if any
        parsed = parse_supplements(flow.without_amount or "none")
        assert isinstance(parsed, list)
    elif any(p.supplement.amount is None for p in parsed):
        t.person.flow = flow.model_copy(update={"without_amount": t.text, "since": t.now})
        t.out.send(views.log_amount_missing(t.texts, t.text))
        return
    taken = [p.supplement for p in parsed]
    await record_logged(t, day, taken)
    t.person.flow = Flow(name=FlowName.LOG_FOOD, since=t.now, day=day)
    t.out.send(views.logged(t.texts, day, taken) + "\n\n" + views.log_food_prompt(t.texts))


async def on_food_text(t: Turn) -> None:
    day = _logging_day(t)
    note = None if is_none(t.text) else t.text.strip()[:MAX_NOTE]
    checkin = await record_logged(t, day, note=note)
    t.person.flow = None
    t.out.send(views.checkin_recorded(t.texts, day, Status.LOGGED, checkin.ratio))
