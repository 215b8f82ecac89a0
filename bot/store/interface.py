"""The store interface: the only way the bot touches lasting state.

Everything the bot knows about a person lives in their :class:`Person` record (profile, time zone,
reminder, the flow they are in with its draft, the last update applied) and their history
(assessments, check-ins). A handler opens the person's unit of work, reads what it needs, changes
it, and the unit commits once, atomically, on a clean exit; an exception leaves everything as it
was. A person's units of work never overlap, in this process or any other.

The reminder queries are what the dispatcher needs: who is due now (each due check-in handed out
once), and the send itself is done inside the person's unit of work, so it is recorded together
with the reminder's new state. Implemented by :mod:`bot.store.tinydb_store` (one machine) and
:mod:`bot.store.postgres_store` (several workers), both held to ``tests/store/test_contract.py``.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from camag_core import Answers, Assessment
from camag_core.daily import CheckIn, Run
from camag_core.labels import LabelReading
from camag_core.questionnaire import FollowUp
from camag_core.schedule import Occasion, Plan


class Damaged(Exception):
    """A person's stored data that can't be read (torn, empty, hand-edited, of the wrong shape, not
    readable by the bot), or, ``unwritable``, their folder the bot may not write to."""

    def __init__(self, where: str, *, unwritable: bool = False) -> None:
        super().__init__(f"{'unwritable' if unwritable else 'damaged'}: {where}")
        self.where = where  # a file's name, or a table's row: never what it holds
        self.unwritable = unwritable


class StoreUnavailable(Exception):
    """The store can't be read or written just now (the database is down or restarting, the disk is
    full): nothing of the unit of work was kept, and the same work may succeed later."""

    def __init__(self, why: str) -> None:
        super().__init__(f"the store is unavailable: {why}")
        self.why = why  # the error's kind and errno, never a path's contents or a password


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore")


class InterviewRecord(_Record):
    """An interview in progress: the questionnaire draft and what the bot last showed."""

    draft: dict[str, Any] = Field(default_factory=dict)
    pending: list[str] = Field(default_factory=list)  # ticked, not yet confirmed (multi-choice)
    at: str | None = None  # an answered question asked again (after Back, or to change it from the review)
    editing: bool = False  # ``at`` came from the review: Back and the answer return there
    paused: bool = False  # /cancel: kept for "Continue", typed text no longer answers it
    follow_up: FollowUp | None = None  # what the last re-prompt asked about part of a typed answer
    started_at: datetime
    updated_at: datetime


class FlowName(StrEnum):
    """What a person's next typed message answers, when not the interview in progress (if any)."""

    LOG_SUPPLEMENTS = "log_supplements"  # what they took on ``Flow.day``
    LOG_FOOD = "log_food"  # notable food on ``Flow.day``
    REMIND_ZONE = "remind_zone"
    REMIND_TIME = "remind_time"
    REFILL_COUNT = "refill_count"  # how many tablets of ``Flow.item`` the new pack holds
    LABEL = "label"  # a label read from a photo: how many servings a day, or a figure corrected
    READING_LABEL = "reading_label"  # a label photo being read (``Flow.photo``); typed text sets it aside
    FORGET = "forget"  # /forget's question: a typed yes erases everything, like its button


class LabelFor(StrEnum):
    """Where a label photo was sent, and so where its confirmed reading goes."""

    INTERVIEW = "interview"  # the supplement question of the check
    CHECKIN = "checkin"  # "log what I took" for ``Flow.day``
    ANYTIME = "anytime"  # neither: added to the person's supplements


class LabelDraft(_Record):
    """A label read from a photo and said back, waiting for the person's yes (the photo is not kept)."""

    reading: LabelReading
    sent_for: LabelFor
    correcting: bool = False  # the next typed text is a figure in place of one read


class LabelPhoto(_Record):
    """A label photo being read, outside the update that brought it: Telegram's id of the file
    (Telegram keeps the photo; the bot never does), kept only until the reading is said back."""

    file_id: str
    sent_for: LabelFor
    update_id: int  # the photo's update: a reading is taken only while this is still the one awaited
    caption: str | None = None  # read as typed if the label can't be


class Flow(_Record):
    name: FlowName
    since: datetime  # when the flow last moved: a flow left idle too long ends
    day: date | None = None  # the day being logged
    dose: int | None = None  # the reminder being moved (REMIND_TIME), or the dose being logged
    without_amount: str | None = None  # supplements typed without an amount, asked about
    item: str | None = None  # the plan's item being refilled
    then_plan: bool = False  # REMIND_ZONE asked on the way to the day plan: the plan follows the zone
    label: LabelDraft | None = None
    photo: LabelPhoto | None = None  # READING_LABEL: the photo being read


class AssessmentRecord(_Record):
    at: datetime
    answers: Answers
    result: Assessment


# Far more than one person's updates Telegram may deliver again: a webhook retries a chat's one
# update at a time, and a getUpdates batch after a restart holds a few seconds of a person's messages.
RECENT_UPDATES = 32


class Person(_Record):
    """Everything small the bot keeps about one person, read and committed as one."""

    user_id: int
    chat_id: int
    created_at: datetime
    updated_at: datetime
    zone: str | None = None  # a zone name as camag_core.daily.parse_zone gives it
    language: str | None = None  # one of camag_core.i18n.LANGUAGES (none: their Telegram app's, else English)
    reminder: Plan | None = None  # the person's reminders, one per dose
    flow: Flow | None = None
    interview: InterviewRecord | None = None  # kept while the person does something else
    assessments: int = 0  # how many are stored, numbered from 1
    first_checkin: date | None = None
    first_reminder: date | None = None  # the local day of the first check-in sent

    @property
    def counting_from(self) -> date | None:
        """Where adherence counts from: the first check-in sent or answered, whichever came first."""
        return min((d for d in (self.first_reminder, self.first_checkin) if d is not None), default=None)

    run: Run | None = None  # the latest days in a row with supplements taken (the streak)
    # The latest Telegram updates applied (newest last): one delivered again is not applied again.
    # A window rather than "up to the last one": Telegram starts its ids afresh, at random, after a
    # week in which the bot had no updates, so a newer update may have a smaller id.
    recent_updates: list[int] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _recent_from_last(cls, data: Any) -> Any:
        """A record written before the window kept only the last update's id."""
        if isinstance(data, dict) and "recent_updates" not in data and data.get("last_update_id") is not None:
            return {**data, "recent_updates": [data["last_update_id"]]}
        return data

    def applied(self, update_id: int) -> bool:
        return update_id in self.recent_updates

    def note_applied(self, update_id: int) -> None:
        self.recent_updates = [*self.recent_updates[-(RECENT_UPDATES - 1) :], update_id]


class PersonSession(Protocol):
    """One person's unit of work. ``person`` is ``None`` for someone the bot does not know yet;
    set it to keep them. Writes are staged and committed together when the unit ends cleanly."""

    person: Person | None

    async def checkins(self, first: date, last: date) -> list[CheckIn]:
        """The check-ins for days ``first`` to ``last``, by day (staged ones included)."""
        ...

    def record_checkin(self, checkin: CheckIn) -> None:
        """Keep a day's answer, replacing an earlier one for that day."""
        ...

    async def assessment(self, number: int) -> AssessmentRecord | None:
        """The ``number``-th assessment (from 1), if there is one."""
        ...

    def add_assessment(self, record: AssessmentRecord) -> int:
        """Keep a new assessment; returns its number (``person`` must be set)."""
        ...

    def settle(self, due: Due) -> None:
        """The dispatcher is done with ``due`` (sent, refused, or no longer wanted): committed with
        the unit of work, so that no other worker takes it over."""
        ...

    async def hold(self) -> None:
        """Raise :class:`StoreUnavailable` if the unit of work has lost its hold on the person (its
        database session ended): asked just before what can't be taken back, as a send, which
        another worker could otherwise be making for the same person at the same time."""
        ...


DUE_BATCH = 500  # check-ins handed out at a time when the caller does not say


@dataclass(frozen=True, slots=True)
class Due:
    """A check-in to send: the person, their local day and the dose of their plan it is for (a
    plan of one reminder a day has only dose 1)."""

    user_id: int
    day: date
    snoozed: bool = False
    dose: int = 1

    @property
    def occasion(self) -> Occasion:
        return Occasion(self.dose, self.day, self.snoozed)


class Store(Protocol):
    async def open(self, now: datetime) -> None:
        """Get ready (bring an older layout up to date, plan the reminders from ``now``)."""
        ...

    async def close(self) -> None: ...

    def person(self, user_id: int) -> AbstractAsyncContextManager[PersonSession]:
        """The person's unit of work: waits for any other on the same person, commits on a
        clean exit. Raises :class:`Damaged` when their data can't be read or written (theirs
        alone), :class:`StoreUnavailable` when the store can't be used just now (nothing kept)."""
        ...

    async def due(self, now: datetime, limit: int = DUE_BATCH) -> list[Due]:
        """Up to ``limit`` check-ins (one per dose) due at or before ``now``, earliest first, each handed out once
        (the sender then checks, in the person's unit of work, that it is still due, and settles
        it). One handed out and never settled (its worker died) is handed out again after a lease."""
        ...

    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the person, as stored."""
        ...

    async def erase(self, user_id: int) -> None:
        """Remove every trace of the person."""
        ...

    async def set_aside(self, user_id: int) -> None:
        """Move the person's damaged data out of the way (kept for whoever runs the bot)."""
        ...

    async def count_people(self) -> int:
        """How many people the store holds (a count only: for /healthz, the metrics and ``stats``)."""
        ...
