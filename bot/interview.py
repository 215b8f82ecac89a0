"""The interview: one ConversationHandler, declared as a state machine.

    (entry) --/check, "Check my balance"--> ASKING --last answer--> REVIEWING --"Show my balance"--> END
                                            ^   |                       |
                                            +---+ answer, Back, skip    +--"change an answer"--> ASKING

The answers live in the store and are saved on every step, before anything is sent, so a
failed send, a restart or a timeout never loses them; ConversationHandler's own state is
persisted by :class:`~bot.persistence.ConversationPersistence`. Handlers stay thin: the
questionnaire step is :mod:`camag_core.questionnaire`, the texts are :mod:`bot.views`.
"""

from __future__ import annotations

import asyncio
import logging

from pydantic import ValidationError
from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
)

from bot import chart, views
from bot.callbacks import Action, Payload, matches, tapped
from bot.inputs import PRIVATE, TYPED, deep_link
from bot.replies import show
from bot.services import Services, services
from bot.store import AssessmentRecord, InterviewRecord
from camag_core import Assessment, assess
from camag_core.parsing import ParseError, friendly_error
from camag_core.questionnaire import (
    Kind,
    answer_choice,
    answer_text,
    forget,
    next_question,
    previous_question,
    question,
    skip,
    to_answers,
)

log = logging.getLogger(__name__)

ASKING = "asking"
REVIEWING = "reviewing"
END = ConversationHandler.END


def _ids(update: Update) -> tuple[int, int]:
    assert update.effective_user is not None
    assert update.effective_chat is not None
    return update.effective_user.id, update.effective_chat.id


async def _present(
    update: Update, s: Services, record: InterviewRecord, *, edit: bool, problem: str | None = None
) -> object:
    """Save the record, then show its next question (or the review); the state to be in."""
    user_id, _ = _ids(update)
    record = record.model_copy(update={"updated_at": s.clock.now()})
    s.store.save_interview(user_id, record)
    current = next_question(record.draft)
    if current is None:
        await show(update, views.review(record.draft), edit=edit)
        return REVIEWING
    await show(update, views.question(current, record.draft, record.pending, problem), edit=edit)
    return ASKING


def _new_record(s: Services) -> InterviewRecord:
    now = s.clock.now()
    return InterviewRecord(started_at=now, updated_at=now)


async def start_check(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/check and the "Check my balance" button: a fresh interview, or the offer to resume one."""
    s = services(context)
    user_id, chat_id = _ids(update)
    query = update.callback_query
    if query is not None:
        await query.answer()
    s.store.touch_profile(user_id, chat_id, s.clock.now())
    record = s.store.interview(user_id)
    if record is not None and record.draft:
        await show(update, views.resume_prompt(len(record.draft)), edit=query is not None)
        return ASKING
    return await _present(update, s, _new_record(s), edit=query is not None)


async def resume_or_restart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    s = services(context)
    query, payload = tapped(update)
    await query.answer()
    user_id, _ = _ids(update)
    record = s.store.interview(user_id)
    if record is None or (payload is not None and payload.action is Action.RESTART):
        record = _new_record(s)
    return await _present(update, s, record, edit=True)


def _step(record: InterviewRecord, payload: Payload) -> InterviewRecord:
    """The record after a button press on the current question (pure; may raise ParseError)."""
    draft, pending = record.draft, list(record.pending)
    q = question(payload.question)
    if payload.action is Action.ANSWER:
        draft, pending = answer_choice(draft, q.id, payload.value), []
    elif payload.action is Action.TOGGLE:
        if payload.value not in {c.value for c in q.choices} or q.kind is not Kind.MULTI:
            raise ParseError("That choice isn't on the list; please tap one of the buttons.")
        pending = [v for v in pending if v != payload.value] if payload.value in pending else [*pending, payload.value]
    elif payload.action is Action.DONE:
        draft, pending = answer_choice(draft, q.id, ",".join(pending)), []
    elif payload.action is Action.SKIP:
        draft, pending = skip(draft, q.id), []
    elif payload.action is Action.BACK:
        previous = previous_question(draft, q.id)
        draft, pending = (forget(draft, previous.id) if previous else draft), []
    return record.model_copy(update={"draft": draft, "pending": pending})


async def _tap(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Services, CallbackQuery, Payload, InterviewRecord] | None:
    """A tap on an interview button, with the interview it belongs to; ``None`` (answered as
    expired) when there is no interview in progress or the payload is not ours."""
    s = services(context)
    query, payload = tapped(update)
    user_id, _ = _ids(update)
    record = s.store.interview(user_id)
    if record is None or payload is None:
        await _expired(query)
        return None
    return s, query, payload, record


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A tap on a question's buttons (answer, tick, done, I don't know, Back)."""
    tap = await _tap(update, context)
    if tap is None:
        return END
    s, query, payload, record = tap
    current = next_question(record.draft)
    if current is None or payload.question != current.id:
        await query.answer(views.stale_button())
        return await _present(update, s, record, edit=False)
    try:
        record = _step(record, payload)
    except ParseError as error:
        await query.answer(str(error), show_alert=True)
        return ASKING
    await query.answer()
    return await _present(update, s, record, edit=True)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A typed answer to the current question; anything unreadable gets a friendly re-prompt."""
    s = services(context)
    user_id, _ = _ids(update)
    assert update.message is not None
    assert update.message.text is not None
    record = s.store.interview(user_id)
    if record is None:
        await update.message.reply_text(views.not_in_a_check())
        return END
    current = next_question(record.draft)
    if current is None:
        return await _present(update, s, record, edit=False)
    try:
        draft = answer_text(record.draft, current.id, update.message.text)
    except ParseError as error:
        await show(update, views.question(current, record.draft, record.pending, str(error)), edit=False)
        return ASKING
    return await _present(update, s, record.model_copy(update={"draft": draft, "pending": []}), edit=False)


async def on_review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """The review screen: change an answer, or see the balance."""
    tap = await _tap(update, context)
    if tap is None:
        return END
    s, query, payload, record = tap
    if payload.action is Action.EDIT:
        await query.answer()
        try:
            draft = forget(record.draft, question(payload.question).id)
        except ParseError:
            draft = record.draft
        return await _present(update, s, record.model_copy(update={"draft": draft, "pending": []}), edit=True)
    if next_question(record.draft) is not None:
        await query.answer(views.stale_button())
        return await _present(update, s, record, edit=False)
    return await _finish(update, s, query, record)


async def _finish(update: Update, s: Services, query: CallbackQuery, record: InterviewRecord) -> object:
    user_id, _ = _ids(update)
    try:
        answers = to_answers(record.draft)
    except ValidationError as error:
        await query.answer(friendly_error(error), show_alert=True)
        return REVIEWING
    result = assess(answers)
    s.store.add_assessment(user_id, AssessmentRecord(at=s.clock.now(), answers=answers, result=result))
    s.store.clear_interview(user_id)
    await query.answer()
    await send_result(update, result, edit=True)
    return END


async def send_result(update: Update, result: Assessment, *, edit: bool = False) -> None:
    """The summary (in place of the tapped review when ``edit``), then its picture (none for a
    child: no totals), rendered off the event loop."""
    await show(update, views.summary(result), edit=edit)
    if result.scope_note is not None:  # no totals, nothing to draw
        return
    assert update.effective_chat is not None
    picture = await asyncio.to_thread(chart.render, result)
    await update.effective_chat.send_photo(picture, caption=views.chart_caption(result), parse_mode=ParseMode.HTML)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    user_id, _ = _ids(update)
    services(context).store.clear_interview(user_id)
    assert update.effective_message is not None
    await update.effective_message.reply_text(views.cancelled())
    return END


async def on_timeout(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if isinstance(update, Update) and update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, views.timed_out())


async def _expired(query: CallbackQuery) -> None:
    await query.answer(views.expired_button())
    if query.message is not None:
        await query.edit_message_reply_markup(None)


def _handlers() -> tuple[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object], ...]:
    buttons = CallbackQueryHandler(
        on_button, pattern=matches(Action.ANSWER, Action.TOGGLE, Action.DONE, Action.SKIP, Action.BACK)
    )
    review = CallbackQueryHandler(on_review, pattern=matches(Action.COMPUTE, Action.EDIT))
    resume = CallbackQueryHandler(resume_or_restart, pattern=matches(Action.RESUME, Action.RESTART))
    return buttons, review, resume, MessageHandler(TYPED, on_text)


def entry_points() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    """/check and the start button; after a restart or a timeout, a tap or a typed answer also
    picks the interview up again (the answers are in the store)."""
    buttons, review, resume, text = _handlers()
    return [
        CommandHandler("check", start_check, filters=PRIVATE),
        CommandHandler("start", start_check, filters=PRIVATE & deep_link("check")),
        CallbackQueryHandler(start_check, pattern=matches(Action.BEGIN)),
        resume,
        buttons,
        review,
        text,
    ]


def states() -> dict[object, list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]]:
    buttons, review, resume, text = _handlers()
    return {
        ASKING: [resume, buttons, review, text],
        REVIEWING: [review, buttons, text],
        ConversationHandler.TIMEOUT: [TypeHandler(Update, on_timeout)],
    }


def fallbacks() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, object]]:
    return [CommandHandler("cancel", cancel, filters=PRIVATE)]
