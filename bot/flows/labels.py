"""A supplement label sent as a photo: read, said back, and taken only with the person's yes.

    photo --read--> what was read, "how many servings a day?" --"2 a day" / "2"--> taken
                    --"Correct a figure"--> a figure typed --> what was read, again
                    --"Type it instead"--> the question it was sent for, to type
    a photo that can't be read --> "I couldn't read this label" and the typed way

Where it was sent decides where the reading goes once confirmed: the check's supplement
question, a check-in's "log what I took" (that day's log), or, any other time, the supplements
of the check (in progress, or a new one). The reading waits in the person's stored flow, with the
rest of their state; the photo itself is never kept: it is read in memory and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import views
from bot.flows import checkins, interview
from bot.flows.turn import Callback, Step, Turn, step
from bot.labels import views as label_views
from bot.labels.engine import EngineUnavailable
from bot.labels.reader import ReaderFailed, read_photo
from bot.services import services
from bot.store.interface import Flow, FlowName, LabelDraft, LabelFor
from camag_core.daily import Status
from camag_core.labels import LabelReading, read_servings
from camag_core.parsing import ParseError

log = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # an image sent as a file: larger ones are not read


# What to say when a photo's label can't be read: one of bot.labels.views' messages.
Trouble = Callable[..., str]


def photo_handler(on_text: Step) -> Callback:
    """The handler of photos; ``on_text`` takes a caption when the label can't be read."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await on_photo(update, context, on_text)

    return handle


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE, on_text: Step) -> None:
    """A photo (or an image sent as a file): fetched and read first, outside the person's unit of
    work, then applied to it as one step. When its label can't be read (nor the photo fetched), its
    caption, if any, is read as typed."""
    message = update.effective_message
    assert message is not None
    found, trouble = await _read(update, context)

    async def apply(t: Turn) -> None:
        if (found is None or not found.readable) and t.text:  # its caption, then, as if typed
            t.out.send(label_views.caption_instead(t=t.texts))
            await on_text(t)
        elif found is None:
            t.out.send(trouble(t=t.texts))
        else:
            _said_back(t, found)

    await step(apply)(update, context)


async def _read(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[LabelReading | None, Trouble]:
    """The label on the update's photo, or ``None`` and what to say why (said in the person's
    language, once the step knows it)."""
    message = update.effective_message
    assert message is not None
    attachment = message.photo[-1] if message.photo else message.document  # the largest size Telegram made
    if attachment is None or (attachment.file_size or 0) > MAX_PHOTO_BYTES:
        return None, label_views.unreadable
    await message.reply_chat_action("typing")
    try:
        photo = bytes(await (await attachment.get_file()).download_as_bytearray())
    except TelegramError as error:
        log.info("a photo could not be fetched: %s", type(error).__name__)
        return None, label_views.fetch_failed
    try:
        return await read_photo(services(context).label_reader, photo), label_views.unreadable
    except EngineUnavailable:
        return None, label_views.no_engine
    except ReaderFailed:
        return None, label_views.read_failed
    finally:
        del photo  # never kept


def _sent_for(t: Turn) -> LabelFor:
    flow = t.person.flow
    if flow is not None and flow.name is FlowName.LOG_SUPPLEMENTS:
        return LabelFor.CHECKIN
    if flow is not None and flow.name is FlowName.LABEL and flow.label is not None:
        return flow.label.sent_for  # a second photo in place of the first
    if flow is None and interview.at_supplements(t):
        return LabelFor.INTERVIEW
    return LabelFor.ANYTIME


def _said_back(t: Turn, found: LabelReading) -> None:
    if not found.readable:
        t.out.send(label_views.unreadable(t=t.texts))
        return
    sent_for = _sent_for(t)
    day = t.person.flow.day if t.person.flow is not None else None
    draft = LabelDraft(reading=found, sent_for=sent_for)
    t.person.flow = Flow(name=FlowName.LABEL, since=t.now, day=day, label=draft)
    t.out.send(label_views.reading(found, sent_for, t=t.texts))


async def on_button(t: Turn) -> None:
    """A tap on a reading's buttons: servings a day (the yes), correct, type instead, not now."""
    flow, payload = t.person.flow, t.payload
    draft = flow.label if flow is not None and flow.name is FlowName.LABEL else None
    if flow is None or draft is None or payload is None:
        t.out.answer(views.expired_button(t.texts))
        t.out.close_keyboard()
        return
    if payload.value == label_views.FIX:
        t.person.flow = flow.model_copy(update={"label": draft.model_copy(update={"correcting": True}), "since": t.now})
        t.out.send(label_views.correct_prompt(t=t.texts))
    elif payload.value == label_views.TYPE:
        t.out.close_keyboard()
        _type_instead(t, flow, draft)
    elif payload.value == label_views.COMPLETE:  # the person checked the line not read
        reading = replace(draft.reading, line_missing=False)
        t.person.flow = flow.model_copy(update={"label": draft.model_copy(update={"reading": reading}), "since": t.now})
        t.out.show(label_views.reading(reading, draft.sent_for, t=t.texts))
    elif payload.value == label_views.DROP:
        t.person.flow = None
        t.out.close_keyboard()
        t.out.send(label_views.dropped(t=t.texts))
    elif payload.value in label_views.SERVINGS_BUTTONS and draft.reading.sure:
        t.out.close_keyboard()
        await _take(t, flow, draft, float(payload.value))
    else:
        t.out.answer(views.expired_button(t.texts))


async def on_text(t: Turn) -> None:
    """Typed while a reading waits: a corrected figure (after "Correct a figure"), else servings a day."""
    flow = t.person.flow
    draft = flow.label if flow is not None else None
    if flow is None or draft is None:  # a label flow stored without its reading: nothing to confirm
        t.person.flow = None
        t.out.send(label_views.type_it(t=t.texts))
        return
    if draft.correcting:
        try:
            reading = draft.reading.corrected(t.text, t=t.texts)
        except ParseError as error:
            t.out.send(f"⚠️ {views.escape(error.said(t.texts))}")
            return
        corrected = LabelDraft(reading=reading, sent_for=draft.sent_for)
        t.person.flow = flow.model_copy(update={"label": corrected, "since": t.now})
        t.out.send(label_views.reading(reading, draft.sent_for, t=t.texts))
        return
    if not draft.reading.sure:
        t.out.send(label_views.reading(draft.reading, draft.sent_for, t=t.texts))
        return
    try:
        servings = read_servings(t.text, t=t.texts)
    except ParseError as error:
        t.out.send(label_views.servings_prompt(error.said(t.texts), t=t.texts))
        return
    await _take(t, flow, draft, servings)


async def _take(t: Turn, flow: Flow, draft: LabelDraft, servings: float) -> None:
    """The confirmed reading, where the photo was sent for; nothing of it is kept before this."""
    taken = draft.reading.supplements(servings)
    t.person.flow = None
    t.out.send(label_views.accepted(taken, t=t.texts))
    if draft.sent_for is LabelFor.CHECKIN:
        day = flow.day or t.today
        await checkins.record(t, day, Status.LOGGED, supplements=taken)
        t.person.flow = Flow(name=FlowName.LOG_FOOD, since=t.now, day=day)
        t.out.send(views.log_food_prompt(t.texts))
        return
    if draft.sent_for is LabelFor.ANYTIME:
        t.out.send(label_views.anytime_note(await interview.from_latest(t), t=t.texts))
    interview.take_supplements(t, taken)


def _type_instead(t: Turn, flow: Flow, draft: LabelDraft) -> None:
    """Back to where the photo was sent, to type the supplements."""
    if draft.sent_for is LabelFor.CHECKIN:
        day = flow.day or t.today
        t.person.flow = Flow(name=FlowName.LOG_SUPPLEMENTS, since=t.now, day=day)
        t.out.send(views.log_supplements_prompt(t.texts, day))
        return
    t.person.flow = None
    if draft.sent_for is LabelFor.INTERVIEW and t.person.interview is not None:
        interview.show_current(t)
        return
    t.out.send(label_views.type_it(t=t.texts))
