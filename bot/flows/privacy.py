"""/mydata hands back everything stored about a person; /forget erases it, after a confirmation.

/mydata goes to the store directly rather than through a person's step: the file must hold what
is stored, nothing more. /forget and its answer are steps: the question is the person's flow
(stored with them, so a typed "yes" answers it however much later, while it is still the flow),
and the erasing runs once the step's unit of work has committed, never inside it (erasing takes
the person's lock itself). A crash before the erase leaves the question waiting, to be answered
again."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import views
from bot.callbacks import Action, tapped
from bot.flows.turn import Turn, edit_tapped, send_reply
from bot.services import services
from bot.store.interface import AssessmentRecord, Damaged, Flow, FlowName, Person, Store
from bot.views import Reply
from camag_core import Answers
from camag_core.daily import CheckIn
from camag_core.i18n import Texts, texts
from camag_core.intents import is_yes


async def mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_user is not None
    assert update.effective_chat is not None
    user_id = update.effective_user.id
    stored = await services(context).store.export(user_id)
    t = texts((stored.get("person") or {}).get("language") or update.effective_user.language_code)
    everything = {
        "about": t._(
            "Everything CaMag stores about you: your record (reminder, time zone, language, any unfinished "
            "check), your answers and results, and your check-ins."
        ),
        "user_id": user_id,
        **stored,
    }
    document = json.dumps(everything, ensure_ascii=False, indent=2, default=str).encode()
    await update.effective_chat.send_document(
        InputFile(document, filename="camag-my-data.json"), caption=views.mydata_caption(t)
    )
    await update.effective_chat.send_message(_summary(t, everything), parse_mode=ParseMode.HTML)


def _when(t: Texts, dose: dict[str, Any]) -> str:
    """A stored dose's time, with its weekday when it comes once a week ("Mondays 06:30")."""
    at = str(dose.get("at", ""))[:5]
    weekday = dose.get("weekday")
    # TRANSLATORS: a weekly reminder: {weekday} is its day's name, {time} like 06:30
    return at if weekday is None else t._("{weekday}s {time}", weekday=t.weekday(weekday), time=at)


def _summary(t: Texts, everything: dict[str, Any]) -> str:
    """The readable message beside the file, from what the store exported."""
    person = everything.get("person") or {}
    assessments = everything.get("assessments") or []
    latest = Answers.model_validate(assessments[-1]["answers"]) if assessments else None
    reminder = person.get("reminder") or {}
    times = ", ".join(_when(t, dose) for dose in reminder.get("doses") or [])
    at = f"{times} ({person.get('zone') or t._('your time zone')})" if times else None
    interview = person.get("interview")
    unfinished = len(interview.get("draft") or {}) if interview else None
    return views.mydata_summary(t, latest, len(assessments), len(everything.get("checkins") or []), at, unfinished)


async def forget(t: Turn) -> None:
    """The question, with its buttons; someone with nothing stored gets no record for asking."""
    if t.known:
        t.person.flow = Flow(name=FlowName.FORGET, since=t.now)
    t.out.send(views.forget_confirm(t.texts))


async def on_confirm(t: Turn) -> None:
    """A button of the question, however old: erase (or not) the person's record, history,
    reminder and flow, all at once."""
    payload = t.payload
    if payload is None or payload.action is not Action.FORGET:
        _not_erased(t)
        t.out.show(views.kept(t.texts))
        return
    _erase(t, lambda update: edit_tapped(update, Reply(views.forgotten(t.texts))))


async def on_text(t: Turn) -> None:
    """Typed while the question waits: a clear yes erases; anything else keeps it all, and says so."""
    if is_yes(t.text):
        _erase(t, lambda update: send_reply(update, views.forgotten(t.texts)))
        return
    _not_erased(t)
    t.out.send(views.kept_typed(t.texts))


def _erase(t: Turn, said: Callable[[Update], Awaitable[None]]) -> None:
    """Everything of the person erased once this step has committed (the flow with it)."""
    store, user_id = t.services.store, t.person.user_id

    async def erase(update: Update) -> None:
        await store.erase(user_id)
        await said(update)

    t.out.effects.append(erase)


def _not_erased(t: Turn) -> None:
    if t.person.flow is not None and t.person.flow.name is FlowName.FORGET:
        t.person.flow = None  # a later "yes" answers something else


async def start_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The person's damaged data, put aside (kept for whoever runs the bot) at their word; data
    that reads fine (the button is old, or forged) is kept as it is."""
    query, _ = tapped(update)
    assert update.effective_user is not None
    s = services(context)
    damaged = await _damaged(s.store, update.effective_user.id, s.clock.now())
    if damaged:
        await s.store.set_aside(update.effective_user.id)
    await query.answer()
    t = texts(update.effective_user.language_code)  # their record may be what can't be read
    await edit_tapped(update, Reply(views.set_aside_done(t) if damaged else views.nothing_to_set_aside(t)))


async def _damaged(store: Store, user_id: int, now: datetime) -> bool:
    """Whether the person's data can't be read whole, or their record can't be written."""
    try:
        stored = await store.export(user_id)
        if stored["person"] is not None:
            Person.model_validate(stored["person"])
        for assessment in stored["assessments"]:
            AssessmentRecord.model_validate(assessment)
        for checkin in stored["checkins"]:
            CheckIn.model_validate(checkin)
        async with store.person(user_id) as session:
            if session.person is not None:  # a write (the record changed), to see that it is taken
                session.person.updated_at = max(now, session.person.updated_at + timedelta(microseconds=1))
    except (Damaged, ValidationError):
        return True
    return False
