"""/remind and /settings: the daily check-in's time and the person's time zone."""

from __future__ import annotations

from datetime import time

from bot import views
from bot.callbacks import Action
from bot.flows.turn import Turn
from bot.store.interface import Flow, FlowName, Reminder
from camag_core.daily import next_due, parse_time, parse_zone
from camag_core.parsing import ParseError


def _ask(t: Turn, name: FlowName, *, problem: str | None = None, edit: bool = True) -> None:
    t.person.flow = Flow(name=name, since=t.now)
    if name is FlowName.REMIND_ZONE:
        t.out.show(views.remind_zone_prompt(t.zone, problem), edit=edit)
    else:
        t.out.show(views.remind_time_prompt(problem), edit=edit)


async def remind(t: Turn) -> None:
    """/remind: ask the zone the first time, then the time. /remind off: stop."""
    words = t.text.split()[1:]
    if words and words[0].lower() in ("off", "stop"):
        _off(t)
        return
    _ask(t, FlowName.REMIND_ZONE if t.person.zone is None else FlowName.REMIND_TIME)


async def stop(t: Turn) -> None:
    """ "stop the reminders", typed outside any flow."""
    _off(t)


def _off(t: Turn) -> None:
    t.person.reminder = None
    t.person.flow = None
    t.out.show(views.reminder_off())


def _set_zone(t: Turn, zone_name: str) -> None:
    t.person.zone = zone_name
    if t.person.reminder is not None:  # changing the zone of a running reminder: done
        _set_time(t, t.person.reminder.at)
        return
    _ask(t, FlowName.REMIND_TIME)


def _set_time(t: Turn, at: time) -> None:
    """The reminder at ``at`` from its next occurrence on (a time already past today: tomorrow),
    keeping the days already sent: never a second check-in for one day."""
    known = t.person.reminder
    last_sent = known.last_sent if known else None
    starts, _ = next_due(at, t.zone, last_sent, t.now)
    t.person.reminder = Reminder(at=at, starts=starts, last_sent=last_sent)
    t.person.zone = t.zone
    t.person.flow = None
    t.out.show(views.reminder_set(at, t.zone))


async def on_zone_text(t: Turn) -> None:
    try:
        zone_name = parse_zone(t.text)
    except ParseError as error:
        _ask(t, FlowName.REMIND_ZONE, problem=str(error))
        return
    t.out.send(views.zone_saved(zone_name))
    _set_zone(t, zone_name)


async def on_time_text(t: Turn) -> None:
    try:
        at = parse_time(t.text)
    except ParseError as error:
        _ask(t, FlowName.REMIND_TIME, problem=str(error))
        return
    _set_time(t, at)


async def on_button(t: Turn) -> None:
    """Time and zone buttons, and the /settings buttons."""
    payload = t.payload
    if payload is None:
        return
    try:
        if payload.action is Action.REMIND_AT:
            _set_time(t, parse_time(payload.value))
        elif payload.action is Action.ZONE:
            _set_zone(t, parse_zone(payload.value))
        elif payload.action is Action.CHANGE_TIME:
            _ask(t, FlowName.REMIND_TIME)
        elif payload.action is Action.CHANGE_ZONE:
            _ask(t, FlowName.REMIND_ZONE)
        else:
            _off(t)
    except ParseError:
        t.out.show(views.expired_button())


async def show_settings(t: Turn) -> None:
    reminder = t.person.reminder
    t.out.send(
        views.settings_view(reminder.at if reminder else None, t.person.zone, paused=bool(reminder and reminder.paused))
    )
