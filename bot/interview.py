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
import contextlib
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

from bot import chart, checkins, views
from bot.callbacks import Action, Payload, matches, tapped
from bot.inputs import PRIVATE, TYPED, deep_link
from bot.replies import show
from bot.services import Services, services
from bot.store import AssessmentRecord, InterviewRecord
from camag_core import Assessment, assess
from camag_core.parsing import ParseError, friendly_error
from camag_core.questionnaire import (
    QUESTIONS,
    Kind,
    Question,
    answer_choice,
    answer_text,
    applicable,
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


def current_question(record: InterviewRecord) -> Question | None:
    """The question being asked: one asked again (Back, or a change from the review), else the
    first one not answered yet; ``None`` when the review is due."""
    if record.at is not None:
        with contextlib.suppress(ParseError):
            asked = question(record.at)
            if asked.applies(record.draft):
                return asked
    return next_question(record.draft)


def _ask_again(record: InterviewRecord, q: Question | None, *, editing: bool) -> InterviewRecord:
    """The record with ``q`` asked again, its earlier answer kept and shown (a multi-choice
    question's ticks restored); ``None`` goes on to the first unanswered question or the review."""
    if q is None:
        return record.model_copy(update={"at": None, "editing": False, "pending": []})
    earlier = record.draft.get(q.id)
    pending = [str(v) for v in earlier] if q.kind is Kind.MULTI and isinstance(earlier, list) else []
    return record.model_copy(update={"at": q.id, "editing": editing, "pending": pending})


def _after_answer(record: InterviewRecord, answered: Question) -> InterviewRecord:
    """Where an answer leads: from the review, back to it (or to questions it brought in); after
    Back, on through the questions answered before (each showing its answer), then onwards."""
    if record.at is None or record.editing:
        return _ask_again(record, None, editing=False)
    later = [q for q in applicable(record.draft) if QUESTIONS.index(q) > QUESTIONS.index(answered)]
    following = later[0] if later else None
    if following is not None and following.id in record.draft:
        return _ask_again(record, following, editing=False)
    return _ask_again(record, None, editing=False)


async def _present(
    update: Update, s: Services, record: InterviewRecord, *, edit: bool, problem: str | None = None
) -> object:
    """Save the record, then show its current question (or the review); the state to be in."""
    user_id, _ = _ids(update)
    record = record.model_copy(update={"updated_at": s.clock.now()})
    s.store.save_interview(user_id, record)
    current = current_question(record)
    if current is None:
        await show(update, views.review(record.draft), edit=edit)
        return REVIEWING
    await show(
        update, views.question(current, record.draft, record.pending, problem, editing=record.editing), edit=edit
    )
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
    return await _present(update, s, _new_record(s), edit=False)  # the welcome, with its note, stays


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
    q = question(payload.question)
    if payload.action is Action.TOGGLE:
        if payload.value not in {c.value for c in q.choices} or q.kind is not Kind.MULTI:
            raise ParseError("That choice isn't on the list; please tap one of the buttons.")
        pending = list(record.pending)
        pending = [v for v in pending if v != payload.value] if payload.value in pending else [*pending, payload.value]
        return record.model_copy(update={"pending": pending})
    if payload.action is Action.BACK:
        if record.editing:  # a change from the review: Back returns to it
            return _ask_again(record, None, editing=False)
        return _ask_again(record, previous_question(record.draft, q.id), editing=False)
    if payload.action is Action.ANSWER:
        draft = answer_choice(record.draft, q.id, payload.value)
    elif payload.action is Action.DONE:
        draft = answer_choice(record.draft, q.id, ",".join(record.pending))
    elif payload.action is Action.SKIP:
        draft = skip(record.draft, q.id)
    elif payload.action is Action.AS_BEFORE and q.id in record.draft:
        draft = dict(record.draft)
    else:
        raise ParseError("That choice isn't on the list; please tap one of the buttons.")
    return _after_answer(record.model_copy(update={"draft": draft, "pending": []}), q)


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
    current = current_question(record)
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
        if not await checkins.typed_answer(update, context):  # today's check-in, answered in words?
            await update.message.reply_text(views.not_in_a_check())
        return END
    current = current_question(record)
    if current is None:
        return await _present(update, s, record, edit=False)
    try:
        draft = answer_text(record.draft, current.id, update.message.text)
    except ParseError as error:
        reply = views.question(current, record.draft, record.pending, str(error), editing=record.editing)
        await show(update, reply, edit=False)
        return ASKING
    answered = record.model_copy(update={"draft": draft, "pending": []})
    return await _present(update, s, _after_answer(answered, current), edit=False)


async def on_review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """The review screen: change an answer, or see the balance."""
    tap = await _tap(update, context)
    if tap is None:
        return END
    s, query, payload, record = tap
    if payload.action is Action.EDIT:
        await query.answer()
        with contextlib.suppress(ParseError):
            record = _ask_again(record, question(payload.question), editing=True)
        return await _present(update, s, record, edit=True)
    if current_question(record) is not None:
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
    await query.edit_message_reply_markup(None)  # the review stays in the chat, its buttons done
    await send_result(update, result, len(s.store.assessments(user_id)))
    return END


async def send_result(update: Update, result: Assessment, number: int) -> None:
    """The short summary as a new message (the review and the welcome stay in the chat), then
    its picture (none for a child: no totals), rendered off the event loop."""
    await show(update, views.summary(result, number), edit=False)
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
        on_button,
        pattern=matches(Action.ANSWER, Action.TOGGLE, Action.DONE, Action.SKIP, Action.BACK, Action.AS_BEFORE),
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
