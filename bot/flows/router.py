"""Routes each update to its flow: commands and buttons by what they are, typed text by the flow
stored with the person (so it survives restarts, and any worker could take the next update).
A photo goes to :mod:`bot.flows.labels` (a supplement label, read outside the update; its caption,
when the label can't be read, goes on as typed text).

    typed text, by the person's stored flow:
        log_supplements -> checkins.on_supplements_text -> log_food -> checkins.on_food_text
        remind_zone -> remind.on_zone_text -> remind_time -> remind.on_time_text
        label -> labels.on_text (servings a day, or a figure corrected)
        reading_label -> as the flow the photo was sent from (the reading, once done, is dropped)
        forget -> privacy.on_text (a clear yes erases, like the button; anything else keeps)
        none, an interview in progress -> interview.on_text
        none, "check my balance" -> interview.start_check; "stop the reminders" -> remind.stop
        none -> today's check-in answered in words, else what the bot can do

A flow left idle longer than the configured timeout ends: the text then goes on as with none. An
interview never times out: its answers wait for the person.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
)

from bot import views
from bot.callbacks import Action, matches
from bot.flows import checkins, commands, history, interview, labels, language, membership, privacy, remind
from bot.flows.turn import Step, Turn, step
from bot.inputs import COMMAND, NEW, OTHER, PHOTO, PRIVATE, TYPED, deep_link
from bot.store.interface import FlowName
from camag_core.intents import Intent, read_intent

Handlers = list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]

_TEXT_STEPS: dict[FlowName, Step] = {
    FlowName.LOG_SUPPLEMENTS: checkins.on_supplements_text,
    FlowName.LOG_FOOD: checkins.on_food_text,
    FlowName.REMIND_ZONE: remind.on_zone_text,
    FlowName.REMIND_TIME: remind.on_time_text,
    FlowName.REFILL_COUNT: remind.on_refill_text,
    FlowName.LABEL: labels.on_text,
    FlowName.FORGET: privacy.on_text,
}


def text_router(timeout: timedelta) -> Step:
    async def on_text(t: Turn) -> None:
        flow = t.person.flow
        if flow is not None and t.now - flow.since > timeout:
            t.person.flow = flow = None
        if flow is not None and flow.name is FlowName.READING_LABEL:  # typed while a label is read: this wins
            t.person.flow = flow = labels.sent_from(flow)
        if flow is not None:
            await _TEXT_STEPS[flow.name](t)
        elif t.person.interview is not None and not t.person.interview.paused:
            await interview.on_text(t)
        elif (intent := read_intent(t.text)) is Intent.CHECK:
            await interview.start_check(t)
        elif intent is Intent.STOP_REMINDERS:
            await remind.stop(t)
        elif intent is Intent.HISTORY:
            await history.show_history(t)
        elif not await checkins.typed_answer(t):
            t.out.send(views.cant_answer(t.texts) if intent is Intent.QUESTION else views.not_in_a_check(t.texts))

    return on_text


def _command(name: str, callback: object) -> Handlers:
    """``/name`` and the deep link ``/start name`` that opens it from a group."""
    return [
        CommandHandler(name, callback, filters=NEW & PRIVATE),  # type: ignore[arg-type]
        CommandHandler("start", callback, filters=NEW & PRIVATE & deep_link(name)),  # type: ignore[arg-type]
    ]


def handlers(flow_timeout: timedelta) -> Handlers:
    """Every handler of group 0, in the order they are tried."""
    return [
        *_command("check", step(interview.start_check)),
        *_command("remind", step(remind.remind)),
        *_command("settings", step(remind.show_settings)),
        *_command("summary", step(commands.summary)),
        *_command("history", step(history.show_history)),
        *_command("refill", step(remind.refill)),
        *_command("report", step(history.send_report)),
        *_command("mydata", privacy.mydata),
        *_command("forget", step(privacy.forget)),
        *_command("guidance", commands.guidance),
        *_command("language", step(language.choose)),
        CommandHandler("start", commands.start, filters=NEW),
        CommandHandler("cancel", step(interview.cancel), filters=NEW & PRIVATE),
        CommandHandler("help", commands.help_command, filters=NEW),
        CommandHandler("sources", commands.sources, filters=NEW),
        CommandHandler("privacy", commands.privacy_policy, filters=NEW),
        CallbackQueryHandler(step(interview.start_check), pattern=matches(Action.BEGIN)),
        CallbackQueryHandler(
            step(interview.resume_or_restart), pattern=matches(Action.RESUME, Action.RESTART, Action.FROM_LAST)
        ),
        CallbackQueryHandler(
            step(interview.on_button),
            pattern=matches(Action.ANSWER, Action.TOGGLE, Action.DONE, Action.SKIP, Action.BACK, Action.AS_BEFORE),
        ),
        CallbackQueryHandler(step(interview.on_review), pattern=matches(Action.COMPUTE, Action.EDIT)),
        CallbackQueryHandler(step(commands.result_detail), pattern=matches(Action.DETAIL)),
        CallbackQueryHandler(step(checkins.on_tap), pattern=matches(Action.CHECKIN)),
        CallbackQueryHandler(step(remind.on_refill_button), pattern=matches(Action.REFILL)),
        CallbackQueryHandler(
            step(remind.on_button),
            pattern=matches(
                Action.REMIND_AT,
                Action.ZONE,
                Action.ADD_TIME,
                Action.CHANGE_ZONE,
                Action.REMIND_OFF,
                Action.MOVE_DOSE,
                Action.DROP_DOSE,
                Action.KEEP_TIME,
                Action.MOVE_AGREED,
                Action.PLAN_DAY,
                Action.PLAN_ACCEPT,
            ),
        ),
        CallbackQueryHandler(step(labels.on_button), pattern=matches(Action.LABEL)),
        CallbackQueryHandler(step(privacy.on_confirm), pattern=matches(Action.FORGET, Action.KEEP)),
        CallbackQueryHandler(step(language.on_button), pattern=matches(Action.LANGUAGE)),
        CallbackQueryHandler(privacy.start_again, pattern=matches(Action.SET_ASIDE)),
        CallbackQueryHandler(commands.guidance_topic, pattern=matches(Action.TOPIC)),
        CallbackQueryHandler(commands.unknown_button),
        MessageHandler(TYPED, step(text_router(flow_timeout))),
        MessageHandler(PHOTO, step(labels.photo_step(text_router(flow_timeout)))),
        MessageHandler(OTHER, commands.other_message),
        MessageHandler(COMMAND, commands.unknown_command),
        ChatMemberHandler(step(membership.on_membership), ChatMemberHandler.MY_CHAT_MEMBER),
    ]
