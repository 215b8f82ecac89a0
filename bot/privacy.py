"""/mydata hands back everything stored about a person; /forget erases it, after a confirmation."""

from __future__ import annotations

import json

from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes, ConversationHandler

from bot import views
from bot.callbacks import Action, matches, tapped
from bot.inputs import PRIVATE, deep_link
from bot.services import services


async def mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    s = services(context)
    assert update.effective_user is not None
    assert update.effective_chat is not None
    user_id = update.effective_user.id
    everything = {
        "about": "Everything CaMag stores about you (camag_core answers and assessments, check-ins, reminder).",
        "user_id": user_id,
        **s.store.export(user_id),
        "reminder": s.reminders.export(user_id),
    }
    document = json.dumps(everything, ensure_ascii=False, indent=2, default=str).encode()
    await update.effective_chat.send_document(
        InputFile(document, filename="camag-my-data.json"), caption=views.mydata_caption()
    )


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    assert update.effective_chat is not None
    reply = views.forget_confirm()
    await update.effective_chat.send_message(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)
    return ConversationHandler.END


async def on_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Erase (or not). Ends any flow in progress, so its state is dropped too."""
    s = services(context)
    query, payload = tapped(update)
    assert update.effective_user is not None
    await query.answer()
    if payload is None or payload.action is not Action.FORGET:
        await query.edit_message_text(views.kept())
        return ConversationHandler.END
    user_id = update.effective_user.id
    s.store.forget(user_id)
    s.reminders.forget(user_id, s.clock.now())
    s.conversations.forget_user(user_id)
    context.application.drop_user_data(user_id)
    if update.effective_chat is not None:
        context.application.drop_chat_data(update.effective_chat.id)
    await query.edit_message_text(views.forgotten())
    return ConversationHandler.END


def entry_points() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    return [
        CommandHandler("forget", forget, filters=PRIVATE),
        CommandHandler("start", forget, filters=PRIVATE & deep_link("forget")),
        CallbackQueryHandler(on_confirm, pattern=matches(Action.FORGET, Action.KEEP)),
    ]


async def start_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The person's damaged data, put aside (kept for whoever runs the bot) at their word."""
    s = services(context)
    query, _ = tapped(update)
    assert update.effective_user is not None
    s.store.set_aside(update.effective_user.id)
    await query.answer()
    await query.edit_message_text(views.set_aside_done())


def handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    return [
        CommandHandler("mydata", mydata, filters=PRIVATE),
        CommandHandler("start", mydata, filters=PRIVATE & deep_link("mydata")),
        CallbackQueryHandler(start_again, pattern=matches(Action.SET_ASIDE)),
    ]
