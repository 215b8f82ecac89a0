"""/remind and /settings: the daily check-in's time and the person's time zone."""

from __future__ import annotations

from datetime import time

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
)

from bot import views
from bot.callbacks import Action, matches, tapped
from bot.inputs import PRIVATE, TYPED, deep_link
from bot.replies import show
from bot.schedule import parse_time, parse_zone
from bot.services import services
from camag_core.parsing import ParseError

REMIND_TIME = "remind_time"
REMIND_ZONE = "remind_zone"


async def remind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/remind: ask the zone the first time, then the time. /remind off: stop."""
    s = services(context)
    assert update.effective_user is not None
    assert update.effective_chat is not None
    if context.args and context.args[0].lower() in ("off", "stop"):
        s.reminders.off(update.effective_user.id)
        await show(update, views.reminder_off())
        return ConversationHandler.END
    s.store.touch_profile(update.effective_user.id, update.effective_chat.id, s.clock.now())
    if s.zone_of(update.effective_user.id) is None:
        await show(update, views.remind_zone_prompt(s.settings.camag_default_timezone))
        return REMIND_ZONE
    await show(update, views.remind_time_prompt())
    return REMIND_TIME


async def _set_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, zone_name: str) -> object:
    s = services(context)
    assert update.effective_user is not None
    assert update.effective_chat is not None
    user_id = update.effective_user.id
    s.store.touch_profile(user_id, update.effective_chat.id, s.clock.now(), timezone=zone_name)
    reminder = s.reminders.reminders.get(user_id)
    if reminder is not None:  # changing the zone of a running reminder: done
        s.reminders.set(user_id, reminder.chat_id, reminder.at, zone_name, s.clock.now())
        await show(update, views.reminder_set(reminder.at, zone_name))
        return ConversationHandler.END
    await show(update, views.remind_time_prompt())
    return REMIND_TIME


async def _set_time(update: Update, context: ContextTypes.DEFAULT_TYPE, at: time) -> object:
    s = services(context)
    assert update.effective_user is not None
    assert update.effective_chat is not None
    zone_name = s.zone_of(update.effective_user.id) or s.settings.camag_default_timezone
    s.reminders.set(update.effective_user.id, update.effective_chat.id, at, zone_name, s.clock.now())
    await show(update, views.reminder_set(at, zone_name))
    return ConversationHandler.END


async def on_zone_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    assert update.message is not None
    assert update.message.text is not None
    try:
        zone_name = parse_zone(update.message.text)
    except ParseError as error:
        s = services(context)
        await show(update, views.remind_zone_prompt(s.settings.camag_default_timezone, str(error)))
        return REMIND_ZONE
    await update.message.reply_text(views.zone_saved(zone_name), parse_mode=ParseMode.HTML)
    return await _set_zone(update, context, zone_name)


async def on_time_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    assert update.message is not None
    assert update.message.text is not None
    try:
        at = parse_time(update.message.text)
    except ParseError as error:
        await show(update, views.remind_time_prompt(str(error)))
        return REMIND_TIME
    return await _set_time(update, context, at)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Time and zone buttons, and the /settings buttons."""
    s = services(context)
    query, payload = tapped(update)
    assert update.effective_user is not None
    await query.answer()
    if payload is None:
        return ConversationHandler.END
    try:
        if payload.action is Action.REMIND_AT:
            return await _set_time(update, context, parse_time(payload.value))
        if payload.action is Action.ZONE:
            return await _set_zone(update, context, parse_zone(payload.value))
    except ParseError:
        await show(update, views.expired_button())
        return ConversationHandler.END
    if payload.action is Action.CHANGE_TIME:
        await show(update, views.remind_time_prompt())
        return REMIND_TIME
    if payload.action is Action.CHANGE_ZONE:
        current = s.zone_of(update.effective_user.id) or s.settings.camag_default_timezone
        await show(update, views.remind_zone_prompt(current))
        return REMIND_ZONE
    s.reminders.off(update.effective_user.id)
    await show(update, views.reminder_off())
    return ConversationHandler.END


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    assert update.effective_user is not None
    reminder = s.reminders.reminders.get(update.effective_user.id)
    reply = views.settings_view(
        reminder.at if reminder else None,
        s.zone_of(update.effective_user.id),
        paused=bool(reminder and reminder.paused),
    )
    await show(update, reply)


def entry_points() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    return [
        CommandHandler("remind", remind, filters=PRIVATE),
        CommandHandler("start", remind, filters=PRIVATE & deep_link("remind")),
        CallbackQueryHandler(
            on_button,
            pattern=matches(Action.REMIND_AT, Action.ZONE, Action.CHANGE_TIME, Action.CHANGE_ZONE, Action.REMIND_OFF),
        ),
    ]


def states() -> dict[object, list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]]:
    buttons = entry_points()[1]
    return {
        REMIND_TIME: [MessageHandler(TYPED, on_time_text), buttons],
        REMIND_ZONE: [MessageHandler(TYPED, on_zone_text), buttons],
    }


def handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    return [
        CommandHandler("settings", settings_command, filters=PRIVATE),
        CommandHandler("start", settings_command, filters=PRIVATE & deep_link("settings")),
    ]
