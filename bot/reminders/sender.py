"""Sending one check-in: the message (with last week's summary on Sundays), in the person's stored
language, and what came of it."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import views
from bot.reminders.cautions import latest_cautions
from bot.reminders.dispatcher import Outcome, Result, Send
from bot.store.interface import Damaged, Due, Person, PersonSession
from bot.throttle import retry_seconds
from camag_core.daily import period
from camag_core.i18n import texts

log = logging.getLogger(__name__)

SUNDAY = 6
NETWORK_RETRY_SECONDS = 30.0


def _last_of_the_day(person: Person, due: Due) -> bool:
    """Whether ``due`` is the person's last dose of its day (the week's summary goes with it)."""
    plan = person.reminder
    if plan is None or due.snoozed:
        return False
    today = [d for d in plan.doses if d.weekday is None or d.weekday == due.day.weekday()]
    return max(today, key=lambda d: d.at, default=None) == plan.dose(due.dose)


def make_sender(bot: Bot, *, paid: bool = False) -> Send:
    """The dispatcher's way of sending one check-in (as a paid broadcast, above the free bulk rate)."""

    async def send(person: Person, session: PersonSession, due: Due) -> Result:
        week = None
        if due.day.weekday() == SUNDAY and _last_of_the_day(person, due):
            week = period(
                await session.checkins(due.day - timedelta(days=6), due.day),
                due.day,
                7,
                person.counting_from,
                0,  # sent with the day's last dose, not answered yet: the day counts what was answered of it
            )
        plan = person.reminder
        dose = plan.dose(due.dose) if plan is not None else None
        if plan is None or dose is None:  # the dispatcher checked it is still wanted
            return Result(Outcome.DROPPED)
        language = texts(person.language)
        try:
            notes = await latest_cautions(session, person, language) if dose.what else None
        except Damaged:  # their results can't be read: the check-in still goes out, without the cautions
            notes = None
        reply = views.checkin(language, due.day, dose, week, several=len(plan.doses) > 1, notes=notes)
        try:
            await bot.send_message(
                person.chat_id,
                reply.text,
                parse_mode=ParseMode.HTML,
                reply_markup=reply.keyboard,
                allow_paid_broadcast=paid or None,
            )
        except Forbidden:
            return Result(Outcome.BLOCKED)
        except RetryAfter as error:
            return Result(Outcome.RETRY, retry_seconds(error))
        except BadRequest as error:  # the same request would fail again: not retried
            log.warning("check-in for user %s refused: %s", person.user_id, error)
            return Result(Outcome.DROPPED)
        except (TimedOut, NetworkError):
            return Result(Outcome.RETRY, NETWORK_RETRY_SECONDS)
        return Result(Outcome.SENT)

    return send
