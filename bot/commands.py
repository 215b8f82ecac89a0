"""Commands outside the interview: /start, /help, /sources, /summary, /guidance, and the
catch-alls that make sure every button press is answered and groups get no health questions."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler

from bot import views
from bot.callbacks import Action, matches, tapped
from bot.inputs import COMMAND, OTHER, PRIVATE, deep_link
from bot.interview import send_result
from bot.services import services
from camag_core import assess


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    user = update.effective_user
    reply = views.welcome(user.first_name if user else None)
    await update.effective_message.reply_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(views.help_text(), parse_mode=ParseMode.HTML)


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(views.sources_text(), parse_mode=ParseMode.HTML)


async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_user is not None
    assert update.effective_message is not None
    results = services(context).store.assessments(update.effective_user.id)
    if not results:
        await update.effective_message.reply_text(views.nothing_to_show())
        return
    # Worked out again from the stored answers: a result saved under older rules may hold advice
    # that the current safety rules no longer give.
    await send_result(update, assess(results[-1].answers), len(results))


async def result_detail(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A part of a result (totals, the articles' passages, sources), as a new message."""
    query, payload = tapped(update)
    assert update.effective_user is not None
    assert update.effective_chat is not None
    results = services(context).store.assessments(update.effective_user.id)
    number = int(payload.value) if payload is not None and payload.value.isdigit() else 0
    if payload is None or not 1 <= number <= len(results):
        await query.answer(views.expired_button())
        return
    await query.answer()
    text = views.details(assess(results[number - 1].answers), payload.question)
    await update.effective_chat.send_message(text, parse_mode=ParseMode.HTML)


async def guidance(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    reply = views.guidance_topics()
    await update.effective_message.reply_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)


async def guidance_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query, payload = tapped(update)
    await query.answer()
    text = views.guidance_topic(payload.value if payload else "")
    assert update.effective_chat is not None
    await update.effective_chat.send_message(text, parse_mode=ParseMode.HTML)


async def nothing_to_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(views.not_in_a_check())


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, a photo, a voice note or an edited message: say so, and what works instead."""
    assert update.effective_chat is not None
    message = update.message
    kind = "edited" if message is None else next((k for k in views.NOT_TEXT_KINDS if getattr(message, k)), "other")
    await update.effective_chat.send_message(views.not_text(kind))


async def privacy_policy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(views.privacy_policy(), parse_mode=ParseMode.HTML)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    await update.effective_message.reply_text(views.unknown_command(text.split()[0] if text.split() else text))


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any button no other handler took (an old keyboard, a group, a forged payload)."""
    query = update.callback_query
    assert query is not None
    await query.answer(views.expired_button())


def handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    """Handlers for group 0 after the interview, in order."""
    return [
        CommandHandler("start", guidance, filters=PRIVATE & deep_link("guidance")),
        CommandHandler("start", summary, filters=PRIVATE & deep_link("summary")),
        CommandHandler("start", start),
        CommandHandler("help", help_command),
        CommandHandler("sources", sources),
        CommandHandler("privacy", privacy_policy),
        CommandHandler("guidance", guidance),
        CommandHandler("summary", summary, filters=PRIVATE),
        CommandHandler("cancel", nothing_to_cancel),
        CallbackQueryHandler(guidance_topic, pattern=matches(Action.TOPIC)),
        CallbackQueryHandler(result_detail, pattern=matches(Action.DETAIL)),
        CallbackQueryHandler(unknown_button),
        MessageHandler(OTHER, other_message),
        MessageHandler(COMMAND, unknown_command),
    ]
