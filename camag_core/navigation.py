"""Where a person is in the interview, and how Back, the review and "change this answer" move them:
the same for every front end (the bot and ``camag chat``).

    a question <--> the next (answer, Back, I don't know) --> review
    review --change an answer--> that question --answer or Back--> review

A :class:`Position` is what a front end keeps beside the draft: the question asked again (after
Back, or to change it from the review), if any. Back never forgets an answer: the question asked
again shows it, and keeping it moves on through the questions answered before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from camag_core.i18n import ENGLISH, Texts
from camag_core.parsing import MAX_TEXT, plain_words
from camag_core.questionnaire import (
    QUESTIONS,
    Draft,
    Question,
    applicable,
    next_question,
    previous_question,
    question,
    skip,
)


@dataclass(frozen=True, slots=True)
class Position:
    at: str | None = None  # an answered question asked again
    editing: bool = False  # ``at`` came from the review: an answer or Back returns there


START = Position()


def current(draft: Draft, position: Position) -> Question | None:
    """The question being asked: one asked again, else the first one not answered yet; ``None``
    when the review is due."""
    if position.at is not None:
        asked = next((q for q in QUESTIONS if q.id == position.at), None)
        if asked is not None and asked.applies(draft):
            return asked
    return next_question(draft)


def back(draft: Draft, position: Position, from_question: str) -> tuple[dict[str, Any], Position]:
    """Back from ``from_question``: to the answered question before (its answer kept and shown); or,
    when changing an answer from the review, to the review, any question that change brought in
    and left unanswered recorded as "I don't know" (the review shows it, to change in turn)."""
    if position.editing:
        kept = dict(draft)
        while (unanswered := next_question(kept)) is not None:
            kept = skip(kept, unanswered.id)
        return kept, START
    previous = previous_question(draft, from_question)
    return dict(draft), START if previous is None else Position(previous.id)


def after_answer(draft: Draft, position: Position, answered: Question) -> Position:
    """Where an answer to ``answered`` leads: from the review, back to it, through any questions the
    answer brought in (still on the way back to the review); after Back, on through the questions
    answered before, then onwards."""
    if position.editing:
        return Position(editing=True) if next_question(draft) is not None else START
    if position.at is None:
        return START
    later = [q for q in applicable(draft) if QUESTIONS.index(q) > QUESTIONS.index(answered)]
    if later and later[0].id in draft:
        return Position(later[0].id)
    return START


def change(question_id: str, *, t: Texts = ENGLISH) -> Position:
    """Change one answer from the review (raises ParseError, in ``t``, for a question no longer asked)."""
    return Position(question(question_id, t=t).id, editing=True)


class Move(StrEnum):
    BACK = "back"
    SKIP = "skip"  # I don't know
    KEEP = "keep"  # the answer given before


_MOVES = (
    (Move.BACK, re.compile(r"^(?:/?back|go back|previous|back to (?:the )?review|undo)$")),
    (Move.SKIP, re.compile(r"^(?:/?skip|pass)$")),
    (Move.KEEP, re.compile(r"^(?:keep|keep it|same|same as before|as before|unchanged|no change)$")),
)


def typed_move(text: str) -> Move | None:
    """A move typed instead of tapped ("back", "go back", "skip", "keep it"), or ``None``."""
    if len(text) > MAX_TEXT:
        return None
    said = plain_words(text)
    return next((move for move, pattern in _MOVES if pattern.match(said)), None)
