"""A supplement label sent as a photo: read, said back, and taken only with the person's yes.

    photo --"reading your label…"--> (read outside the update) --> what was read,
        "how many servings a day?" --"2 a day" / "2"--> taken
                    --"Correct a figure"--> a figure typed --> what was read, again
                    --"Type it instead"--> the question it was sent for, to type
    a photo that can't be read --> "I couldn't read this label" and the typed way

The photo's update is one unit of work: the person's stored flow says which photo is being read
(Telegram's id of its file) and where it was sent, and the update is confirmed like any other.
The reading is done by :mod:`bot.labels.readings` and committed in a unit of work of its own
(:func:`reading_work`), only while that photo is still the one awaited: typed text in the
meantime goes where it would have gone without the photo, and a second photo replaces the first.

Where it was sent decides where the reading goes once confirmed: the check's supplement
question, a check-in's "log what I took" (that day's log), or, any other time, the supplements
of the check (in progress, or a new one). The reading waits in the person's stored flow, with the
rest of their state; the photo itself is never kept: it is read in memory and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot import views
from bot.flows import checkins, interview
from bot.flows.turn import Outbox, Step, Turn, send_reply
from bot.labels import views as label_views
from bot.labels.engine import EngineUnavailable
from bot.labels.reader import Reader, ReaderFailed, read_photo
from bot.labels.readings import Work
from bot.services import KEY, Services
from bot.store.interface import Flow, FlowName, LabelDraft, LabelFor, LabelPhoto, Person
from camag_core.labels import LabelReading, read_servings
from camag_core.parsing import ParseError

log = logging.getLogger(__name__)

MAX_PHOTO_BYTES = 10 * 1024 * 1024  # an image sent as a file: larger ones are not read


# What to say when a photo's label can't be read: one of bot.labels.views' messages.
Trouble = Callable[..., str]


def photo_step(on_text: Step) -> Step:
    """The step of a photo (or an image sent as a file); ``on_text`` takes its caption when the
    photo can't be read."""

    async def on_photo(t: Turn) -> None:
        message = t.update.effective_message
        assert message is not None
        attachment = message.photo[-1] if message.photo else message.document  # the largest size Telegram made
        if attachment is None or (attachment.file_size or 0) > MAX_PHOTO_BYTES:
            await _said_back(t, None, label_views.unreadable, on_text, _sent_for(t))
            return
        readings, user_id, update_id = t.services.readings, t.person.user_id, t.update.update_id
        await readings.note(user_id)
        flow = t.person.flow
        photo = LabelPhoto(
            file_id=attachment.file_id, sent_for=_sent_for(t), update_id=update_id, caption=t.text or None
        )
        t.person.flow = Flow(name=FlowName.READING_LABEL, since=t.now, day=flow.day if flow else None, photo=photo)
        reading_now = label_views.reading_now(t=t.texts)

        async def start(update: Update) -> None:
            try:
                await send_reply(update, reading_now)
            finally:  # read even if that could not be said (the reading is said back all the same)
                readings.start(user_id, update_id)

        t.out.effects.append(start)

    return on_photo


def sent_from(flow: Flow) -> Flow | None:
    """Where a photo being read was sent: the flow the person is back in if they type meanwhile
    (what they type wins; the reading, once done, is dropped)."""
    if flow.photo is not None and flow.photo.sent_for is LabelFor.CHECKIN:
        return Flow(name=FlowName.LOG_SUPPLEMENTS, since=flow.since, day=flow.day)
    return None


def _awaited(person: Person | None, update_id: int | None) -> LabelPhoto | None:
    """The photo the person's flow awaits the reading of (``update_id``'s, or any)."""
    flow = person.flow if person is not None else None
    if flow is None or flow.name is not FlowName.READING_LABEL or flow.photo is None:
        return None
    return flow.photo if update_id in (None, flow.photo.update_id) else None


def reading_work(application: Application, on_text: Step) -> Work:  # type: ignore[type-arg]
    """The reading of the photo a person awaits (see :mod:`bot.labels.readings`)."""

    async def work(user_id: int, update_id: int | None) -> bool:
        s: Services = application.bot_data[KEY]
        async with s.readings.turn():
            async with s.store.person(user_id) as session:
                photo = _awaited(session.person, update_id)
            if photo is None:  # something else came since: the reading is not wanted
                return _awaited(session.person, None) is not None
            found, trouble = await _read(application.bot, s.label_reader, photo.file_id)
        return await _settle(application.bot, s, user_id, photo, found, trouble, on_text)

    return work


async def _read(bot: Bot, reader: Reader, file_id: str) -> tuple[LabelReading | None, Trouble]:
    """The label on the photo Telegram keeps as ``file_id``, or ``None`` and what to say why (said
    in the person's language, once the reading's unit of work knows it)."""
    try:
        file = await bot.get_file(file_id)
        if (file.file_size or 0) > MAX_PHOTO_BYTES:
            return None, label_views.unreadable
        photo = bytes(await file.download_as_bytearray())
    except TelegramError as error:
        log.info("a photo could not be fetched: %s", type(error).__name__)
        return None, label_views.fetch_failed
    try:
        return await read_photo(reader, photo), label_views.unreadable
    except EngineUnavailable:
        return None, label_views.no_engine
    except ReaderFailed:
        return None, label_views.read_failed
    finally:
        del photo  # never kept


def _photo_message(bot: Bot, person: Person, photo: LabelPhoto) -> Update:
    """The photo's update, as far as its reading needs it: who sent it, in which chat, its caption."""
    message = {
        "message_id": 0,
        "date": 0,
        "chat": {"id": person.chat_id, "type": "private"},
        "from": {"id": person.user_id, "is_bot": False, "first_name": ""},
        "caption": photo.caption,
    }
    return Update.de_json({"update_id": photo.update_id, "message": message}, bot)


async def _settle(
    bot: Bot,
    s: Services,
    user_id: int,
    photo: LabelPhoto,
    found: LabelReading | None,
    trouble: Trouble,
    on_text: Step,
) -> bool:
    """The reading said back, in a unit of work of its own, if the photo is still the one awaited;
    whether the person is still reading a label after it (a photo sent since)."""
    out = Outbox()
    async with s.store.person(user_id) as session:
        person = session.person
        if person is None or person.flow is None or _awaited(person, photo.update_id) is None:
            return _awaited(person, None) is not None  # newer state won: this reading is dropped
        update = _photo_message(bot, person, photo)
        t = Turn(update, s, session, person, out, s.clock.now())
        person.flow = sent_from(person.flow)
        await _said_back(t, found, trouble, on_text, photo.sent_for)
        person.updated_at = t.now
    try:
        await out.deliver(update)
    except TelegramError as error:  # blocked since, say: the reading waits in their flow all the same
        log.info("a label's reading could not be said back: %s", type(error).__name__)
    return False


async def _said_back(t: Turn, found: LabelReading | None, trouble: Trouble, on_text: Step, sent_for: LabelFor) -> None:
    """What was read, waiting for the person's yes; when nothing could be, the caption as typed,
    else why not and the typed way."""
    if (found is None or not found.readable) and t.text:  # its caption, then, as if typed
        t.out.send(label_views.caption_instead(t=t.texts))
        await on_text(t)
    elif found is None or not found.readable:
        t.out.send(trouble(t=t.texts))
    else:
        day = t.person.flow.day if t.person.flow is not None else None
        draft = LabelDraft(reading=found, sent_for=sent_for)
        t.person.flow = Flow(name=FlowName.LABEL, since=t.now, day=day, label=draft)
        t.out.send(label_views.reading(found, sent_for, t=t.texts))


def _sent_for(t: Turn) -> LabelFor:
    flow = t.person.flow
    if flow is not None and flow.name is FlowName.LOG_SUPPLEMENTS:
        return LabelFor.CHECKIN
    if flow is not None and flow.name is FlowName.LABEL and flow.label is not None:
        return flow.label.sent_for  # a second photo in place of the first
    if flow is not None and flow.name is FlowName.READING_LABEL and flow.photo is not None:
        return flow.photo.sent_for  # a second photo while the first is read
    if flow is None and interview.at_supplements(t):
        return LabelFor.INTERVIEW
    return LabelFor.ANYTIME


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
        await checkins.record_logged(t, day, taken)
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
