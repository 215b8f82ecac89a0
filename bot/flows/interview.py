"""The interview: questions, Back, the review, and the result.

    /check, "Check my balance" --> a question <--> the next (answer, Back, I don't know) --> review
    review --"change an answer"--> that question --> review --"Show my balance"--> result

Where the person is follows from their stored interview record (the draft, and a question asked
again after Back or from the review), committed with each answer: a restart, a kill or a
redelivered update never loses or repeats one. The questionnaire step is
:mod:`camag_core.questionnaire`, the texts are :mod:`bot.views`.
"""

from __future__ import annotations

import contextlib
import logging
from functools import partial

from pydantic import ValidationError

from bot import chart, views
from bot.callbacks import Action, Payload
from bot.flows.turn import Turn
from bot.store.interface import AssessmentRecord, InterviewRecord
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


def _present(t: Turn, record: InterviewRecord, *, edit: bool, understood: str | None = None) -> None:
    """Keep the record, then show its current question (or the review), after ``understood``: a
    typed answer said back."""
    t.person.interview = record.model_copy(update={"updated_at": t.now})
    t.person.flow = None  # typed text goes to the interview
    current = current_question(record)
    if current is None:
        t.out.show(views.review(record.draft, understood), edit=edit)
        return
    reply = views.question(current, record.draft, record.pending, editing=record.editing, understood=understood)
    t.out.show(reply, edit=edit)


def _new_record(t: Turn) -> InterviewRecord:
    return InterviewRecord(started_at=t.now, updated_at=t.now)


async def start_check(t: Turn) -> None:
    """/check and the "Check my balance" button: a fresh interview, or the offer to resume one."""
    record = t.person.interview
    if record is not None and record.draft:
        t.person.flow = None
        t.out.show(views.resume_prompt(len(record.draft)), edit=t.update.callback_query is not None)
        return
    _present(t, _new_record(t), edit=False)  # the welcome, with its note, stays
    t.out.warm_pictures()


async def resume_or_restart(t: Turn) -> None:
    record = t.person.interview
    payload = t.payload
    if record is None or (payload is not None and payload.action is Action.RESTART):
        record = _new_record(t)
    _present(t, record, edit=True)


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


def _expired(t: Turn) -> None:
    t.out.answer(views.expired_button())
    t.out.close_keyboard()


async def on_button(t: Turn) -> None:
    """A tap on a question's buttons (answer, tick, done, I don't know, Back)."""
    record, payload = t.person.interview, t.payload
    if record is None or payload is None:
        _expired(t)
        return
    current = current_question(record)
    if current is None or payload.question != current.id:
        t.out.answer(views.stale_button())
        _present(t, record, edit=False)
        return
    try:
        record = _step(record, payload)
    except ParseError as error:
        t.out.answer(str(error), alert=True)
        return
    _present(t, record, edit=True)


async def on_text(t: Turn) -> None:
    """A typed answer to the current question; anything unreadable gets a friendly re-prompt."""
    record = t.person.interview
    assert record is not None  # the router sends text here only with an interview in progress
    current = current_question(record)
    if current is None:
        _present(t, record, edit=False)
        return
    try:
        draft = answer_text(record.draft, current.id, t.text)
    except ParseError as error:
        t.out.send(views.question(current, record.draft, record.pending, str(error), editing=record.editing))
        return
    answered = record.model_copy(update={"draft": draft, "pending": []})
    _present(t, _after_answer(answered, current), edit=False, understood=views.heard(current, draft))


async def on_review(t: Turn) -> None:
    """The review screen: change an answer, or see the balance."""
    record, payload = t.person.interview, t.payload
    if record is None or payload is None:
        _expired(t)
        return
    if payload.action is Action.EDIT:
        with contextlib.suppress(ParseError):
            record = _ask_again(record, question(payload.question), editing=True)
        _present(t, record, edit=True)
        return
    if current_question(record) is not None:
        t.out.answer(views.stale_button())
        _present(t, record, edit=False)
        return
    try:
        answers = to_answers(record.draft)
    except ValidationError as error:
        t.out.answer(friendly_error(error), alert=True)
        return
    result = assess(answers)
    number = t.session.add_assessment(AssessmentRecord(at=t.now, answers=answers, result=result))
    t.person.interview = None
    t.out.close_keyboard()  # the review stays in the chat, its buttons done
    send_result(t, result, number)


def send_result(t: Turn, result: Assessment, number: int) -> None:
    """The short summary as a new message (the review and the welcome stay in the chat), then
    its picture (none for a child: no totals)."""
    t.out.send(views.summary(result, number))
    if result.scope_note is None:  # no totals, nothing to draw
        t.out.photo(partial(chart.render, result), views.chart_caption(result))


async def cancel(t: Turn) -> None:
    """/cancel: the interview's answers are discarded, and any other flow ends."""
    if t.person.interview is None and t.person.flow is None:
        t.out.send(views.not_in_a_check())
        return
    t.person.interview = None
    t.person.flow = None
    t.out.send(views.cancelled())
