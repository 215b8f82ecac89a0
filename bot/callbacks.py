"""Button payloads (callback_data): short, at most 64 bytes, and read back strictly.

A payload names its action and, for interview buttons, the question it belongs to, so a press
on an old keyboard is recognised as stale instead of being taken for the current question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from telegram import CallbackQuery, Update

MAX_BYTES = 64
SEPARATOR = "|"


class Action(StrEnum):
    BEGIN = "go"  # start the interview from /start
    RESUME = "re"  # continue an unfinished interview
    RESTART = "rs"  # discard it and start again
    FROM_LAST = "rl"  # after a result: change an answer on a review of its answers
    ANSWER = "a"  # pick a choice: question, value
    TOGGLE = "t"  # tick a multi-choice option: question, value
    DONE = "d"  # confirm a multi-choice question: question
    SKIP = "s"  # "I don't know": question
    AS_BEFORE = "k"  # keep the earlier answer: question
    DETAIL = "dt"  # a result's part: part (totals, quotes, sources), the result's number
    BACK = "b"  # back from question
    COMPUTE = "ok"  # review: show my balance
    EDIT = "e"  # review: change question
    TOPIC = "g"  # /guidance: topic
    CHECKIN = "c"  # a check-in: day (ISO date, then "/" and the dose's number unless it is 1), status
    REMIND_AT = "ra"  # /remind: value = HH:MM
    ZONE = "rz"  # /remind: value = zone name
    ADD_TIME = "st"  # /settings: ask for a time to add
    CHANGE_ZONE = "sz"  # /settings
    REMIND_OFF = "ro"  # /settings
    MOVE_DOSE = "rm"  # /settings: value = the dose's number
    DROP_DOSE = "rd"  # /settings: value = the dose's number
    KEEP_TIME = "rk"  # a move not applied: keep the dose (value = its number) where it is
    MOVE_AGREED = "ry"  # a move against a precaution, agreed with a doctor: the dose's number, value = HH:MM
    PLAN_DAY = "pd"  # /remind: propose a day plan; value = a bisphosphonate's weekday (0 = Monday), or none
    PLAN_ACCEPT = "pa"  # use the proposed plan; value as PLAN_DAY
    REFILL = "rf"  # /refill: value = the item's place in the plan's items
    FORGET = "fy"  # /forget: confirmed
    KEEP = "fn"  # /forget: changed my mind
    SET_ASIDE = "sa"  # damaged data: put it aside and start again
    LABEL = "lb"  # a label read from a photo: servings a day (its yes), or "fix", "type", "drop"
    LANGUAGE = "ln"  # /language: value = a language's code (camag_core.i18n.LANGUAGES)


@dataclass(frozen=True, slots=True)
class Payload:
    action: Action
    question: str = ""
    value: str = ""


def encode(action: Action, question: str = "", value: str = "") -> str:
    data = SEPARATOR.join((action.value, question, value)).rstrip(SEPARATOR)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Payload | None:
    """The payload, or ``None`` for anything this bot did not make."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    action, _, rest = data.partition(SEPARATOR)
    try:
        kind = Action(action)
    except ValueError:
        return None
    question, _, value = rest.partition(SEPARATOR)
    return Payload(kind, question, value)


def tapped(update: Update) -> tuple[CallbackQuery, Payload | None]:
    """The tapped button's query and its payload (``None`` for anything this bot did not make)."""
    query = update.callback_query
    assert query is not None  # only CallbackQueryHandlers call this
    return query, decode(query.data)


def matches(*actions: Action) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern that accepts payloads of these actions."""
    wanted = frozenset(actions)

    def check(data: object) -> bool:
        payload = decode(data) if isinstance(data, str) else None
        return payload is not None and payload.action in wanted

    return check
