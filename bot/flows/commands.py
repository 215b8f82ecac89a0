"""Commands outside the flows: /start, /help, /sources, /privacy, /summary, /guidance, a result's
parts, and the catch-alls that make sure every message and button press is answered."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import views
from bot.callbacks import tapped
from bot.flows.interview import send_result
from bot.flows.turn import Turn, person_reading, person_texts, send_reply
from camag_core import assess
from camag_core.balance import situation
from camag_core.daily import local_date


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    await send_reply(update, views.welcome(await person_texts(update, context), user.first_name if user else None))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_reply(update, views.help_text(await person_texts(update, context)))


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_reply(update, views.sources_text(await person_texts(update, context)))


async def privacy_policy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_reply(update, views.privacy_policy(await person_texts(update, context)))


async def summary(t: Turn) -> None:
    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    if latest is None:
        t.out.send(views.nothing_to_show(t.texts))
        return
    # Worked out again from the stored answers: a result saved under older rules may hold advice
    # that the current safety rules no longer give.
    send_result(t, assess(latest.answers, t=t.texts), t.person.assessments)


async def result_detail(t: Turn) -> None:
    """A part of a result (every note, totals, the articles' passages, sources), as new messages."""
    payload = t.payload
    number = int(payload.value) if payload is not None and payload.value.isdigit() else 0
    found = await t.session.assessment(number) if 1 <= number <= t.person.assessments else None
    if payload is None or found is None:
        t.out.answer(views.expired_button(t.texts))
        return
    if number < t.person.assessments:  # a button of an older result: its figures are that day's
        t.out.send(views.earlier_result(t.texts, local_date(found.at, t.zone)))
    for text in views.detail_messages(t.texts, assess(found.answers, t=t.texts), payload.question):
        t.out.send(text)


async def guidance(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send_reply(update, views.guidance_topics(await person_texts(update, context)))


async def guidance_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A topic's passages; for someone with a result, with the notes their answers put beside them
    (read without keeping anything, like /help)."""
    query, payload = tapped(update)
    await query.answer()
    t, answers = await person_reading(update, context)
    person = situation(answers, t=t) if answers is not None else None
    await send_reply(update, views.guidance_topic(t, payload.value if payload else "", person))


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, a photo, a voice note or an edited message: say so, and what works instead."""
    assert update.effective_chat is not None
    message = update.message
    kind = "edited" if message is None else next((k for k in views.NOT_TEXT_KINDS if getattr(message, k)), "other")
    await update.effective_chat.send_message(views.not_text(await person_texts(update, context), kind))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    text = update.effective_message.text or ""
    said = views.unknown_command(await person_texts(update, context), text.split()[0] if text.split() else text)
    await update.effective_message.reply_text(said)


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any button no other handler took (an old keyboard, a forged payload)."""
    query = update.callback_query
    assert query is not None
    await query.answer(views.expired_button(await person_texts(update, context)))
