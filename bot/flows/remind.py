"""/remind and /settings: the reminder plan's times (add, move, drop) and the person's time zone."""

from __future__ import annotations

from bot import views
from bot.callbacks import Action
from bot.flows import checkins
from bot.flows.turn import Turn
from bot.reminders.cautions import latest_cautions
from bot.store.interface import Flow, FlowName
from camag_core.daily import AHEAD, local_date, parse_time, parse_zone
from camag_core.parsing import ParseError
from camag_core.routine import clashes, dose_cautions, propose, with_kinds
from camag_core.schedule import MAX_PACK, Plan, Wanted, new_dose, parse_times


def _ask(
    t: Turn,
    name: FlowName,
    *,
    problem: str | None = None,
    edit: bool = True,
    dose: int | None = None,
    then_plan: bool = False,
) -> None:
    t.person.flow = Flow(name=name, since=t.now, dose=dose, then_plan=then_plan)
    if name is FlowName.REMIND_ZONE:
        t.out.show(views.remind_zone_prompt(t.texts, t.zone, problem), edit=edit)
    else:
        moving = t.person.reminder.dose(dose) if t.person.reminder is not None and dose is not None else None
        prompt = views.remind_time_prompt(
            t.texts, problem, moving=moving, plan=t.person.reminder, can_plan=t.person.assessments > 0
        )
        t.out.show(prompt, edit=edit)


async def remind(t: Turn) -> None:
    """/remind: ask the zone the first time, then the times (added to any already set).
    /remind off: stop them all."""
    words = t.text.split()[1:]
    if words and words[0].lower() in ("off", "stop"):
        _off(t)
        return
    if t.person.zone is not None and words:
        t.person.zone = t.zone
        await _times_typed(t, " ".join(words))
        return
    _ask(t, FlowName.REMIND_ZONE if t.person.zone is None else FlowName.REMIND_TIME)


async def stop(t: Turn) -> None:
    """ "stop the reminders", typed outside any flow."""
    _off(t)


def _off(t: Turn) -> None:
    t.person.reminder = None
    t.person.flow = None
    t.out.show(views.reminder_off(t.texts))


async def _set_zone(t: Turn, zone_name: str) -> None:
    planning = t.person.flow is not None and t.person.flow.then_plan
    t.person.zone = zone_name
    if t.person.reminder is not None:  # changing the zone of running reminders: the same times there
        today = local_date(t.now, zone_name)
        answered = await t.session.checkins(today, today + AHEAD)  # days answered before a move west
        t.person.reminder = t.person.reminder.in_zone(zone_name, t.now, answered)
        t.person.flow = None
        await _show_set(t, t.person.reminder)
        return
    if planning:  # from the result's "Plan reminders": the zone was all the plan waited for
        t.person.flow = None
        await _plan_day(t, accept=False, weekday=None)
        return
    _ask(t, FlowName.REMIND_TIME)


async def _show_set(t: Turn, plan: Plan) -> None:
    """The reminders now set, with the latest result's cautions on what they have the
    person take."""
    t.out.show(views.reminders_set(t.texts, plan, t.zone, await latest_cautions(t.session, t.person, t.texts)))


async def _show_settings(t: Turn, plan: Plan | None, *, edit: bool = True) -> None:
    """/settings: the reminders, with the latest result's cautions, and their buttons."""
    notes = await latest_cautions(t.session, t.person, t.texts) if plan is not None else None
    shown = views.settings_view(t.texts, plan, t.person.zone, notes)
    if edit:
        t.out.show(shown)
    else:
        t.out.send(shown)


async def _add(t: Turn, wanted: list[Wanted]) -> None:
    """Each time added to the plan from its next occurrence on (a time already past today:
    tomorrow); a time already there stays as it is, never a second reminder for one day."""
    plan = t.person.reminder
    for one in wanted:
        if plan is None:
            plan = Plan(doses=(new_dose(1, one.at, t.zone, t.now, one.weekday),))
        else:
            plan = plan.added(one.at, t.zone, t.now, weekday=one.weekday)
    assert plan is not None
    t.person.reminder = plan
    t.person.zone = t.zone
    t.person.flow = None
    await checkins.replanned(t)
    await _show_set(t, plan)


async def _move(t: Turn, number: int, wanted: Wanted, *, agreed: bool = False) -> None:
    """The dose at the new time, unless that breaks a spacing rule of the plan: then the rule is
    shown and nothing moves (a precaution's gap, not the label's own, moves once ``agreed``
    with the person's doctor or pharmacist)."""
    plan = t.person.reminder
    t.person.flow = None
    dose = plan.dose(number) if plan is not None else None
    if plan is None or dose is None:
        t.out.show(views.expired_button(t.texts))
        return
    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    if latest is not None:  # a plan kept before doses carried their kinds: known from the latest check
        plan = with_kinds(plan, latest.answers, t=t.texts)
    found = clashes(plan, number, wanted.at)
    if found and not (agreed and not any(clash.firm for clash in found)):
        t.out.show(views.move_clash(t.texts, dose, wanted.at, found))
        return
    t.person.reminder = plan.moved(number, wanted.at, t.zone, t.now)
    await checkins.replanned(t)
    notes = dose_cautions(latest.answers, t=t.texts) if latest is not None else None
    t.out.show(views.reminders_set(t.texts, t.person.reminder, t.zone, notes))


async def _times_typed(t: Turn, text: str) -> None:
    flow = t.person.flow
    moving = flow.dose if flow is not None else None
    try:
        wanted = parse_times(text, t=t.texts)
        if moving is None:
            await _add(t, wanted)
        elif len(wanted) == 1:
            await _move(t, moving, wanted[0])
        else:
            raise ParseError(t.texts._("Please type one time to move this reminder to."))
    except ParseError as error:
        _ask(t, FlowName.REMIND_TIME, problem=error.said(t.texts), edit=False, dose=moving)
    except ValueError:  # the plan holds as many reminders as it can
        _ask(t, FlowName.REMIND_TIME, problem=views.plan_full(t.texts), edit=False)


async def on_zone_text(t: Turn) -> None:
    try:
        zone_name = parse_zone(t.text)
    except ParseError as error:
        _ask(t, FlowName.REMIND_ZONE, problem=error.said(t.texts))
        return
    t.out.send(views.zone_saved(t.texts, zone_name))
    await _set_zone(t, zone_name)


async def on_time_text(t: Turn) -> None:
    await _times_typed(t, t.text)


async def on_button(t: Turn) -> None:
    """Time and zone buttons, and the /settings buttons."""
    payload = t.payload
    if payload is None:
        return
    plan = t.person.reminder
    try:
        if payload.action is Action.REMIND_AT:
            await _times_typed(t, parse_time(payload.value).strftime("%H:%M"))
        elif payload.action is Action.ZONE:
            await _set_zone(t, parse_zone(payload.value))
        elif payload.action is Action.ADD_TIME:
            _ask(t, FlowName.REMIND_TIME)
        elif payload.action is Action.CHANGE_ZONE:
            _ask(t, FlowName.REMIND_ZONE)
        elif payload.action is Action.MOVE_DOSE and plan is not None and plan.dose(int(payload.value)):
            _ask(t, FlowName.REMIND_TIME, dose=int(payload.value))
        elif payload.action is Action.KEEP_TIME and plan is not None and plan.dose(int(payload.value)):
            await _show_settings(t, plan)
        elif payload.action is Action.MOVE_AGREED and plan is not None and plan.dose(int(payload.question)):
            await _move(t, int(payload.question), Wanted(parse_time(payload.value)), agreed=True)
        elif payload.action is Action.DROP_DOSE and plan is not None and plan.dose(int(payload.value)):
            t.person.reminder = plan.dropped(int(payload.value))
            await checkins.replanned(t)
            await _show_settings(t, t.person.reminder)
        elif payload.action in (Action.PLAN_DAY, Action.PLAN_ACCEPT):
            weekday = int(payload.value) if payload.value else None
            accept = payload.action is Action.PLAN_ACCEPT
            stale = accept and payload.question != _stamp(t)
            await _plan_day(t, accept, weekday, stale=stale, below=payload.question == views.FROM_RESULT)
        elif payload.action is Action.REMIND_OFF:
            _off(t)
        else:
            t.out.show(views.expired_button(t.texts))
    except ValueError:  # ParseError included: a payload this bot did not make
        t.out.show(views.expired_button(t.texts))


def _stamp(t: Turn) -> str:
    """What a proposed plan is made from: the latest check and the reminders set then."""
    plan = t.person.reminder
    return f"{t.person.assessments}.{plan.stamp if plan is not None else ''}"


async def _plan_day(t: Turn, accept: bool, weekday: int | None, *, stale: bool = False, below: bool = False) -> None:
    """The day plan from the latest check's supplements and medicines: shown (``below`` the
    tapped message, a result, rather than in its place), or (``accept``) made the person's plan,
    in place of any reminders set before (the proposal said so). A ``stale`` acceptance (the
    check or the reminders changed since it was shown) is not applied: the plan is shown afresh
    from what there is now."""
    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    found = propose(latest.answers, weekday, t=t.texts) if latest is not None and 0 <= (weekday or 0) <= 6 else None
    if latest is None or found is None:
        t.out.show(views.nothing_to_plan(t.texts), edit=not below)
        return
    if t.person.zone is None:  # from the result: the zone first, then the plan
        _ask(t, FlowName.REMIND_ZONE, edit=False, then_plan=True)
        return
    notes = dose_cautions(latest.answers, t=t.texts)
    if not accept or stale:
        shown = views.proposal(t.texts, found, t.zone, t.person.reminder, weekday, _stamp(t), stale=stale, notes=notes)
        t.out.show(shown, edit=not below)
        return
    t.person.reminder = found.plan(t.zone, t.now)
    t.person.zone = t.zone
    t.person.flow = None
    await checkins.replanned(t)
    t.out.show(views.reminders_set(t.texts, t.person.reminder, t.zone, notes))


async def show_settings(t: Turn) -> None:
    await _show_settings(t, t.person.reminder, edit=False)


async def refill(t: Turn) -> None:
    """/refill: pick one of the plan's items, then type how many tablets the new pack holds."""
    items = t.person.reminder.items() if t.person.reminder is not None else []
    t.out.send(views.refill_prompt(t.texts, items, t.person.reminder))


async def on_refill_button(t: Turn) -> None:
    payload, plan = t.payload, t.person.reminder
    items = plan.items() if plan is not None else []
    if payload is None or not payload.value.isdigit() or int(payload.value) >= len(items):
        t.out.show(views.expired_button(t.texts))
        return
    item = items[int(payload.value)]
    t.person.flow = Flow(name=FlowName.REFILL_COUNT, since=t.now, item=item)
    t.out.show(views.refill_count_prompt(t.texts, item))


async def on_refill_text(t: Turn) -> None:
    flow, plan = t.person.flow, t.person.reminder
    assert flow is not None
    if plan is None or flow.item not in plan.items():
        t.person.flow = None
        t.out.send(views.expired_button(t.texts))
        return
    said = t.text.strip()
    if not said.isdigit() or not 0 <= int(said) <= MAX_PACK:
        t.out.send(views.refill_count_prompt(t.texts, flow.item, problem=True))
        return
    t.person.reminder = plan.with_pack(flow.item, int(said))
    t.person.flow = None
    t.out.send(views.refill_set(t.texts, flow.item, int(said), plan.daily_use(flow.item)))
