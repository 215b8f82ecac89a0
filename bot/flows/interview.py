"""The interview: questions, Back, the review, and the result.

    /check, "Check my balance" --> a question <--> the next (answer, Back, I don't know) --> review
    review --"change an answer"--> that question --> review --"Show my balance"--> result
    /check after a result --> "Change an answer" --> the review, with the last answers
    /cancel --> the answers kept --> /check --> "Continue"

Where the person is follows from their stored interview record (the draft, and a question asked
again after Back or from the review), committed with each answer: a restart, a kill or a
redelivered update never loses or repeats one. The questionnaire step is
:mod:`camag_core.questionnaire`, where Back and the review lead is :mod:`camag_core.navigation`
(as in ``camag chat``), the texts are :mod:`bot.views`.
"""

from __future__ import annotations

import contextlib
import logging
import re
from functools import partial
from typing import Any

from pydantic import ValidationError

from bot import chart, views
from bot.callbacks import Action, Payload
from bot.flows.turn import Turn
from bot.store.interface import AssessmentRecord, InterviewRecord
from camag_core import Answers, Assessment, Supplement, assess, navigation
from camag_core.i18n import Texts
from camag_core.intents import shows_the_balance
from camag_core.navigation import Move, Position
from camag_core.parsing import MAX_TEXT, ParseError, friendly_error, plain_words
from camag_core.questionnaire import (
    Kind,
    Question,
    add_supplements,
    answer_choice,
    answer_text,
    applicable,
    draft_from,
    follow_up_after,
    question,
    skip,
    to_answers,
)
from camag_core.routine import propose

log = logging.getLogger(__name__)


def _position(record: InterviewRecord) -> Position:
    return Position(record.at, record.editing)


def current_question(record: InterviewRecord) -> Question | None:
    """The question being asked; ``None`` when the review is due."""
    return navigation.current(record.draft, _position(record))


def _moved(record: InterviewRecord, position: Position) -> InterviewRecord:
    """The record at ``position``; a multi-choice question asked again has its ticks back."""
    earlier = record.draft.get(position.at) if position.at is not None else None
    asked = current_question(record.model_copy(update={"at": position.at}))
    multi = asked is not None and asked.kind is Kind.MULTI
    pending = [str(v) for v in earlier] if multi and isinstance(earlier, list) else []
    moved = {"at": position.at, "editing": position.editing, "pending": pending, "follow_up": None}
    return record.model_copy(update=moved)


def _answered(record: InterviewRecord, q: Question, draft: dict[str, Any]) -> InterviewRecord:
    """The record after ``q`` was answered, at the question that answer leads to."""
    record = record.model_copy(update={"draft": draft, "pending": []})
    return _moved(record, navigation.after_answer(draft, _position(record), q))


def _present(t: Turn, record: InterviewRecord, *, edit: bool, understood: str | None = None) -> None:
    """Keep the record, then show its current question (or the review), after ``understood``: a
    typed answer said back."""
    t.person.interview = record.model_copy(update={"updated_at": t.now, "paused": False})
    t.person.flow = None  # typed text goes to the interview
    current = current_question(record)
    if current is None:
        t.out.show(views.review(t.texts, record.draft, understood), edit=edit)
        return
    reply = views.question(
        t.texts,
        current,
        record.draft,
        record.pending,
        editing=record.editing,
        understood=understood,
        follow_up=record.follow_up,
    )
    t.out.show(reply, edit=edit)


def _new_record(t: Turn) -> InterviewRecord:
    return InterviewRecord(started_at=t.now, updated_at=t.now)


async def start_check(t: Turn) -> None:
    """/check and the "Check my balance" button: a fresh interview, the offer to resume one, or
    after a result the offer to change one of its answers."""
    record = t.person.interview
    edit = t.update.callback_query is not None
    t.person.flow = None
    if record is not None and record.draft:
        t.out.show(views.resume_prompt(t.texts, len(record.draft)), edit=edit)
        return
    if t.person.assessments:
        t.out.show(views.change_or_afresh(t.texts), edit=edit)
        return
    _present(t, _new_record(t), edit=False)  # the welcome, with its note, stays
    t.out.warm_pictures()


async def resume_or_restart(t: Turn) -> None:
    """Continue, Start over, or change an answer of the latest result on a review of its answers."""
    record = t.person.interview
    payload = t.payload
    if payload is not None and payload.action is Action.FROM_LAST:
        record = await _latest_record(t) or record
    if record is None or (payload is not None and payload.action is Action.RESTART):
        record = _new_record(t)
    _present(t, record, edit=True)
    t.out.warm_pictures()


def _step(record: InterviewRecord, payload: Payload, t: Texts) -> InterviewRecord:
    """The record after a button press on the current question (pure; may raise ParseError)."""
    q = question(payload.question, t=t)
    if payload.action is Action.TOGGLE:
        if payload.value not in {c.value for c in q.choices} or q.kind is not Kind.MULTI:
            raise ParseError(t._("That choice isn't on the list; please tap one of the buttons."))
        pending = list(record.pending)
        pending = [v for v in pending if v != payload.value] if payload.value in pending else [*pending, payload.value]
        return record.model_copy(update={"pending": pending})
    if payload.action is Action.BACK:
        draft, position = navigation.back(record.draft, _position(record), q.id)
        return _moved(record.model_copy(update={"draft": draft}), position)
    if payload.action is Action.ANSWER:
        draft = answer_choice(record.draft, q.id, payload.value, t=t)
    elif payload.action is Action.DONE:
        draft = answer_choice(record.draft, q.id, ",".join(record.pending), t=t)
    elif payload.action is Action.SKIP:
        draft = skip(record.draft, q.id, t=t)
    elif payload.action is Action.AS_BEFORE and q.id in record.draft:
        draft = dict(record.draft)
    else:
        raise ParseError(t._("That choice isn't on the list; please tap one of the buttons."))
    return _answered(record, q, draft)


def _expired(t: Turn) -> None:
    t.out.answer(views.expired_button(t.texts))
    t.out.close_keyboard()


async def on_button(t: Turn) -> None:
    """A tap on a question's buttons (answer, tick, done, I don't know, Back)."""
    record, payload = t.person.interview, t.payload
    if record is None or payload is None:
        _expired(t)
        return
    current = current_question(record)
    if current is None or payload.question != current.id:
        t.out.answer(views.stale_button(t.texts))
        _present(t, record, edit=False)
        return
    try:
        record = _step(record, payload, t.texts)
    except ParseError as error:
        t.out.answer(error.said(t.texts), alert=True)
        return
    _present(t, record, edit=True)


def _typed_move(record: InterviewRecord, q: Question, move: Move, t: Texts) -> InterviewRecord:
    """The record after "back", "skip" or "keep it" typed at ``q`` (may raise ParseError)."""
    if move is Move.BACK:
        draft, position = navigation.back(record.draft, _position(record), q.id)
        return _moved(record.model_copy(update={"draft": draft}), position)
    if move is Move.SKIP:
        return _answered(record, q, skip(record.draft, q.id, t=t))
    if q.id not in record.draft:
        raise ParseError(t._("There is no earlier answer to keep; please answer the question."))
    return _answered(record, q, dict(record.draft))


async def on_text(t: Turn) -> None:
    """A typed answer to the current question, said back; "back", "skip" and "keep it" move as
    their buttons do; anything unreadable gets a friendly re-prompt."""
    record = t.person.interview
    assert record is not None  # the router sends text here only with an interview in progress
    current = current_question(record)
    if current is None:
        await on_review_text(t, record)
        return
    move = navigation.typed_move(t.text)
    try:
        if move is not None:
            _present(t, _typed_move(record, current, move, t.texts), edit=False)
            return
        draft = answer_text(record.draft, current.id, t.text, t=t.texts, follow_up=record.follow_up, today=t.today)
    except ParseError as error:
        # part of the answer kept, the rest asked about; or what still holds of the last such
        follow_up = follow_up_after(error, record.follow_up)
        if follow_up != record.follow_up:
            record = record.model_copy(update={"follow_up": follow_up, "updated_at": t.now})
            t.person.interview = record
        problem = error.said(t.texts)
        reply = views.question(
            t.texts, current, record.draft, record.pending, problem, editing=record.editing, follow_up=record.follow_up
        )
        t.out.send(reply)
        return
    _present(t, _answered(record, current, draft), edit=False, understood=views.heard(t.texts, current, draft))


def at_supplements(t: Turn) -> bool:
    """Whether the interview in progress is asking about supplements."""
    record = t.person.interview
    current = current_question(record) if record is not None else None
    return current is not None and current.id == "supplements"


def show_current(t: Turn) -> None:
    """The interview's current question (or its review) again, as a new message."""
    assert t.person.interview is not None
    _present(t, t.person.interview, edit=False)


async def _latest_record(t: Turn) -> InterviewRecord | None:
    """A new check holding the latest result's answers, every question answered, or ``None``."""
    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    return None if latest is None else _new_record(t).model_copy(update={"draft": draft_from(latest.answers)})


async def from_latest(t: Turn) -> bool:
    """With no check in progress, start one from the latest result's answers (to add to, or change on
    its review); whether one was started."""
    if t.person.interview is not None:
        return False
    t.person.interview = await _latest_record(t)
    return t.person.interview is not None


def take_supplements(t: Turn, supplements: list[Supplement]) -> None:
    """Supplements read from a label and confirmed: added to the check's supplements answer, in
    the check in progress or a new one, which then goes on where it stands."""
    record = t.person.interview or _new_record(t)
    _present(t, _answered(record, question("supplements"), add_supplements(record.draft, supplements)), edit=False)


async def on_review(t: Turn) -> None:
    """The review screen: change an answer, or see the balance."""
    record, payload = t.person.interview, t.payload
    if record is None or payload is None:
        _expired(t)
        return
    if payload.action is Action.EDIT:
        with contextlib.suppress(ParseError):
            record = _moved(record, navigation.change(payload.question, t=t.texts))
        _present(t, record, edit=True)
        return
    if current_question(record) is not None:
        t.out.answer(views.stale_button(t.texts))
        _present(t, record, edit=False)
        return
    try:
        answers = to_answers(record.draft)
    except ValidationError as error:
        t.out.answer(friendly_error(error).said(t.texts), alert=True)
        return
    t.out.close_keyboard()  # the review stays in the chat, its buttons done
    _finish(t, answers)


def _finish(t: Turn, answers: Answers) -> None:
    """Assess the answers, keep the result, end the interview and show the result."""
    result = assess(answers, t=t.texts)  # kept as first said; /summary words it again in today's language
    number = t.session.add_assessment(AssessmentRecord(at=t.now, answers=answers, result=result))
    t.person.interview = None
    send_result(t, result, number, can_plan=propose(answers) is not None)


async def on_review_text(t: Turn, record: InterviewRecord) -> None:
    """Typed at the review: "show my balance" (and its kin) shows it, "change my age" asks that
    question again, anything else shows the review with what it takes."""
    if shows_the_balance(t.text):
        try:
            answers = to_answers(record.draft)
        except ValidationError as error:
            t.out.send(views.review(t.texts, record.draft, f"⚠️ {friendly_error(error).said(t.texts)}"))
            return
        _finish(t, answers)
        return
    said = plain_words(t.text) if len(t.text) <= MAX_TEXT else ""
    named = next((q for q in applicable(record.draft) if _names_question(said, q)), None)
    if named is not None and re.search(r"\b(?:change|edit|fix|correct|wrong|update)\b", said):
        _present(t, _moved(record, navigation.change(named.id, t=t.texts)), edit=False)
        return
    t.out.send(views.review(t.texts, record.draft, views.review_typed_hint(t.texts)))


def _names_question(said: str, q: Question) -> bool:
    """Whether typed words name ``q`` by its short label ("change my age", "fix supplements")."""
    words = [word for word in re.findall(r"[a-z]+", q.short.lower()) if len(word) > 2]
    return any(re.search(rf"\b{word}\b", said) for word in words)


def send_result(t: Turn, result: Assessment, number: int, *, can_plan: bool = False) -> None:
    """The short summary as a new message (the review and the welcome stay in the chat), then
    its picture (none for a child: no totals); ``can_plan``: offer reminders for what they take."""
    t.out.send(views.summary(t.texts, result, number, can_plan=can_plan))
    if result.scope_note is None:  # no totals, nothing to draw
        t.out.photo(partial(chart.render, result, t=t.texts), views.chart_caption(t.texts, result))


async def cancel(t: Turn) -> None:
    """/cancel: any other flow ends; an interview's answers are kept for "Continue" later."""
    record = t.person.interview
    if (record is None or record.paused) and t.person.flow is None:
        t.out.send(views.not_in_a_check(t.texts))
        return
    t.person.flow = None
    if record is not None and record.draft:
        t.person.interview = record.model_copy(update={"paused": True, "updated_at": t.now})
        t.out.send(views.cancelled(t.texts, kept=True))
        return
    t.person.interview = None
    t.out.send(views.cancelled(t.texts, kept=False))
