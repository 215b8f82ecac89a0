"""Daily check-ins: sending them, recording the answers, the short log of what was taken,
/history, and pausing reminders for people who block the bot."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date, datetime

from telegram import Bot, CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
)

from bot import chart, views
from bot.callbacks import Action, matches, tapped
from bot.history import period, streak
from bot.inputs import PRIVATE, TYPED, deep_link
from bot.reminders import Due, Outcome, Reminder, Result, Send
from bot.schedule import local_date, zone
from bot.services import Services, services
from bot.store import CheckIn, CheckInStatus, Store
from bot.throttle import retry_seconds
from camag_core import Answers, Supplement, assess
from camag_core.parsing import ParseError, is_none, parse_supplements, plain_words

log = logging.getLogger(__name__)

LOG_SUPPLEMENTS = "log_supplements"
LOG_FOOD = "log_food"
SUNDAY = 6
NETWORK_RETRY_SECONDS = 30.0
MAX_NOTE = 300
DAY_KEY = "logging_day"
WITHOUT_AMOUNT_KEY = "logged_without_amount"


def day_ratio(usual: Answers | None, status: str, taken: list[Supplement] | None) -> float | None:
    """The day's calcium : magnesium ratio from the usual answers and what was taken, if exact."""
    if usual is None or status in ("some", "skipped"):
        return None
    if status == "none":
        usual = usual.model_copy(update={"supplements": []})
    elif status == "logged":
        usual = usual.model_copy(update={"supplements": taken or []})
    result = assess(usual)
    return result.ratio if result.ratio_bound == "exact" else None


def make_sender(bot: Bot, store: Store, *, paid: bool = False) -> Send:
    """The dispatcher's way of sending one check-in (as a paid broadcast, above the free bulk rate)."""

    async def send(reminder: Reminder, due: Due) -> Result:
        week = None
        if due.day.weekday() == SUNDAY:
            week = period(store.checkins(reminder.user_id), due.day, 7)
        reply = views.checkin(due.day, week)
        try:
            await bot.send_message(
                reminder.chat_id,
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
            log.warning("check-in for user %s refused: %s", reminder.user_id, error)
            return Result(Outcome.DROPPED)
        except (TimedOut, NetworkError):
            return Result(Outcome.RETRY, NETWORK_RETRY_SECONDS)
        return Result(Outcome.SENT)

    return send


def _record(
    s: Services,
    user_id: int,
    day: date,
    status: CheckInStatus,
    supplements: list[Supplement] | None = None,
    note: str | None = None,
) -> CheckIn:
    """Store the day's answer (replacing an earlier one), with its ratio where it can be known."""
    latest = s.store.latest_assessment(user_id)
    checkin = CheckIn(
        day=day,
        status=status,
        supplements=supplements,
        note=note,
        ratio=day_ratio(latest.answers if latest else None, status, supplements),
        at=s.clock.now(),
    )
    s.store.record_checkin(user_id, checkin)
    return checkin


def _zone_of(s: Services, user_id: int) -> str:
    return s.zone_of(user_id) or s.settings.camag_default_timezone


def _clock_time(moment: datetime, zone_name: str) -> str:
    return moment.astimezone(zone(zone_name)).strftime("%H:%M")


async def on_checkin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A tap on a check-in message, today's or a week-old one: it counts for the day it names."""
    s = services(context)
    query, payload = tapped(update)
    assert update.effective_user is not None
    user_id = update.effective_user.id
    try:
        day = date.fromisoformat(payload.question) if payload else None
    except ValueError:
        day = None
    choices = {value for value, _ in views.CHECKIN_CHOICES}
    if payload is None or day is None or payload.value not in choices or not _answerable(s, user_id, day):
        await query.answer(views.expired_button())
        return ConversationHandler.END
    if payload.value == "log":
        await query.answer()
        context.user_data[DAY_KEY] = day.isoformat()  # type: ignore[index]
        await _edit(query, views.log_supplements_prompt(day))
        return LOG_SUPPLEMENTS
    if payload.value == "snooze":
        until = s.reminders.snooze(user_id, day, s.clock.now())
        if until is None:
            await query.answer(views.expired_button())
            return ConversationHandler.END
        said = views.snoozed(_clock_time(until, _zone_of(s, user_id)))
        await query.answer(said)
        if update.effective_chat is not None:  # in the chat too: a toast is easy to miss
            await update.effective_chat.send_message(said)
        return ConversationHandler.END
    status: CheckInStatus = payload.value  # type: ignore[assignment]
    checkin = _record(s, user_id, day, status)
    await query.answer()
    reply = views.checkin_recorded(day, checkin.status, checkin.ratio)
    await _edit(query, reply.text, reply.keyboard)
    return ConversationHandler.END


def _today(s: Services, user_id: int) -> date:
    """The person's own date now: a day is always the person's local day."""
    return local_date(s.clock.now(), _zone_of(s, user_id))


def _answerable(s: Services, user_id: int, day: date) -> bool:
    """A check-in can be answered for a day from the person's first contact to their today."""
    profile = s.store.profile(user_id)
    zone_name = _zone_of(s, user_id)
    first = local_date(profile.created_at, zone_name) if profile else _today(s, user_id)
    return first <= day <= _today(s, user_id)


async def _edit(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Edit the tapped message; the same answer tapped twice leaves it as it is, which is fine."""
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


def _logging_day(context: ContextTypes.DEFAULT_TYPE, s: Services, user_id: int) -> date:
    raw = (context.user_data or {}).get(DAY_KEY)
    return date.fromisoformat(raw) if isinstance(raw, str) else _today(s, user_id)


def _typed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Services, Message, date]:
    """A typed answer while logging a day: the services, the message and the day being logged."""
    message = update.message
    assert message is not None  # filters: a new text message
    assert update.effective_user is not None
    s = services(context)
    return s, message, _logging_day(context, s, update.effective_user.id)


async def on_log_supplements(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """What was taken, read like the interview reads it; a supplement without its amount is asked
    about again (or logged without one, if the person doesn't know), and what was logged is said back."""
    s, message, day = _typed(update, context)
    assert message.text is not None
    assert update.effective_user is not None
    memory = context.user_data if context.user_data is not None else {}
    try:
        parsed = parse_supplements(message.text)
    except ParseError as error:
        await message.reply_text(f"⚠️ {error}\n\n" + views.log_supplements_prompt(day), parse_mode=ParseMode.HTML)
        return LOG_SUPPLEMENTS
    if not isinstance(parsed, list):  # "I don't know": the amounts asked about, if any
        parsed = parse_supplements(memory.pop(WITHOUT_AMOUNT_KEY, "none"))
        assert isinstance(parsed, list)
    elif any(p.supplement.amount is None for p in parsed):
        memory[WITHOUT_AMOUNT_KEY] = message.text
        await message.reply_text(views.log_amount_missing(message.text), parse_mode=ParseMode.HTML)
        return LOG_SUPPLEMENTS
    memory.pop(WITHOUT_AMOUNT_KEY, None)
    taken = [p.supplement for p in parsed]
    _record(s, update.effective_user.id, day, "logged", supplements=taken)
    await message.reply_text(views.logged(day, taken) + "\n\n" + views.log_food_prompt(), parse_mode=ParseMode.HTML)
    return LOG_FOOD


def read_status(text: str) -> CheckInStatus | None:
    """A check-in answer typed instead of tapped ("yeah took em all 👍", "forgot them"), or ``None``."""
    said = plain_words(text)
    for status, pattern in _TYPED_STATUS:
        if re.search(pattern, said):
            return status
    return None


_TYPED_STATUS: tuple[tuple[CheckInStatus, str], ...] = (
    ("skipped", r"\bskip"),
    ("none", r"\b(?:none|nothing|forgot|didn'?t|did not|no pills?|took no)\b"),
    ("some", r"\b(?:some|part|half|a few|most|missed one)\b"),
    ("all", r"\b(?:all|everything|every one|em|them|as usual|done|took it)\b"),  # "yes" is filler to plain_words
)


async def typed_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Text typed while today's check-in waits for an answer, taken as that answer if it reads as
    one; ``False`` when it doesn't (the caller then says what works)."""
    s = services(context)
    message = update.message
    if message is None or message.text is None or update.effective_user is None:
        return False
    user_id = update.effective_user.id
    status = read_status(message.text)
    reminder = s.reminders.reminders.get(user_id)
    if status is None or reminder is None:
        return False
    today = _today(s, user_id)
    if reminder.last_sent != today or any(c.day == today for c in s.store.checkins(user_id)):
        return False  # today's check-in not sent yet, or already answered
    checkin = _record(s, user_id, today, status)
    reply = views.checkin_recorded(today, checkin.status, checkin.ratio)
    await message.reply_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)
    return True


async def on_log_food(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    s, message, day = _typed(update, context)
    assert message.text is not None
    assert update.effective_user is not None
    note = None if is_none(message.text) else message.text.strip()[:MAX_NOTE]
    known = {c.day: c for c in s.store.checkins(update.effective_user.id)}.get(day)
    checkin = _record(s, update.effective_user.id, day, "logged", known.supplements if known else [], note)
    reply = views.checkin_recorded(day, checkin.status, checkin.ratio)
    await message.reply_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)
    return ConversationHandler.END


async def history_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    assert update.effective_user is not None
    assert update.effective_chat is not None
    checkins = s.store.checkins(update.effective_user.id)
    if not checkins:
        await update.effective_chat.send_message(views.no_history())
        return
    today = local_date(s.clock.now(), _zone_of(s, update.effective_user.id))
    month = period(checkins, today, 30)
    text = views.history(period(checkins, today, 7), month, streak(checkins, today))
    await update.effective_chat.send_message(text, parse_mode=ParseMode.HTML)
    if not month.ratios:  # nothing to draw
        return
    picture = await asyncio.to_thread(chart.render_history, month, today)
    await update.effective_chat.send_photo(picture, caption=views.history_caption(month), parse_mode=ParseMode.HTML)


async def on_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The person blocked the bot (paused) or came back (resumed)."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    s = services(context)
    user_id = change.from_user.id
    if change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        s.reminders.pause(user_id)
    elif change.new_chat_member.status == ChatMemberStatus.MEMBER:
        s.reminders.resume(user_id, s.clock.now())


async def resume_returning(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anyone who writes to the bot is evidently not blocking it."""
    if update.effective_user is not None and update.effective_chat is not None:
        s = services(context)
        reminder = s.reminders.reminders.get(update.effective_user.id)
        if reminder is not None and reminder.paused:
            s.reminders.resume(update.effective_user.id, s.clock.now())


def entry_points() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    return [CallbackQueryHandler(on_checkin, pattern=matches(Action.CHECKIN))]


def states() -> dict[object, list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]]:
    checkin = CallbackQueryHandler(on_checkin, pattern=matches(Action.CHECKIN))
    return {
        LOG_SUPPLEMENTS: [MessageHandler(TYPED, on_log_supplements), checkin],
        LOG_FOOD: [MessageHandler(TYPED, on_log_food), checkin],
    }


def handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    return [
        CommandHandler("history", history_command, filters=PRIVATE),
        CommandHandler("start", history_command, filters=PRIVATE & deep_link("history")),
        ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
    ]


def watcher() -> TypeHandler[Update, ContextTypes.DEFAULT_TYPE, None]:
    """Runs before everything else (group -1): resumes reminders of people who come back."""
    return TypeHandler(Update, resume_returning)
