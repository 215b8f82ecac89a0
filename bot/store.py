"""The store: each person's profile, assessments and check-ins in TinyDB, and their unfinished
interview beside them.

One small TinyDB file per person (``<data>/users/<id>.json``): an operation reads and rewrites
only that person's file, so its cost does not grow with the number of users. The unfinished
interview, saved after every answer, has a file of its own (``<id>.interview.json``), so an
answer costs the same however long the person's history. Every write goes to a temporary file
that is renamed over the old one, so a crash leaves either the old file or the new one, never a
torn one; records are also fsynced first, so they survive a power cut. Only the interview draft
skips the fsync. Files are readable by their owner only.

TinyDB is not thread-safe: call the store from the event loop only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from bot.files import DIR_MODE, set_aside, write_atomically
from camag_core import Answers, Assessment, Supplement


class DamagedFile(Exception):
    """A person's file that can't be read (torn, hand-edited, of the wrong shape)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"damaged file {path.name}")
        self.path = path


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes with :func:`write_atomically`."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        if not text:
            return None
        try:
            data = json.loads(text)
        except ValueError:
            raise DamagedFile(self._path) from None
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise DamagedFile(self._path)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomically(self._path, text)

    def close(self) -> None:
        """Nothing stays open between operations."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Profile(_Record):
    user_id: int
    chat_id: int
    created_at: datetime
    updated_at: datetime
    timezone: str | None = None  # a zone name as bot.schedule.parse_zone gives it


CheckInStatus = Literal["all", "some", "none", "skipped", "logged"]


class CheckIn(_Record):
    """How one day went, answered to the daily reminder; a later answer replaces an earlier one."""

    day: date
    status: CheckInStatus
    supplements: list[Supplement] | None = None  # what was logged ("logged")
    note: str | None = None  # notable food, as typed
    ratio: float | None = None  # the day's calcium : magnesium ratio, where it can be worked out
    at: datetime


class AssessmentRecord(_Record):
    at: datetime
    answers: Answers
    result: Assessment


class InterviewRecord(_Record):
    """An interview in progress: the questionnaire draft and what the bot last showed."""

    draft: dict[str, Any] = Field(default_factory=dict)
    pending: list[str] = Field(default_factory=list)  # ticked, not yet confirmed (multi-choice)
    at: str | None = None  # an answered question asked again (after Back, or to change it from the review)
    editing: bool = False  # ``at`` came from the review: Back and the answer return there
    started_at: datetime
    updated_at: datetime


_SINGLE = 1  # doc id of one-record tables


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.users = root / "users"
        self.users.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        os.chmod(root, DIR_MODE)
        os.chmod(self.users, DIR_MODE)
        for leftover in [*root.glob(".*.tmp"), *self.users.glob(".*.tmp")]:  # from a crash before a rename
            leftover.unlink(missing_ok=True)

    def path(self, user_id: int) -> Path:
        return self.users / f"{int(user_id)}.json"

    def draft_path(self, user_id: int) -> Path:
        return self.users / f"{int(user_id)}.interview.json"

    @contextmanager
    def _db(self, user_id: int) -> Iterator[TinyDB]:
        db = TinyDB(self.path(user_id), storage=AtomicJSONStorage)
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _reading(self, path: Path) -> Iterator[None]:
        """Records of the wrong shape are damage too."""
        try:
            yield
        except (ValueError, TypeError):  # pydantic's ValidationError is a ValueError
            raise DamagedFile(path) from None

    def _get(self, user_id: int, table: str) -> dict[str, Any] | None:
        if not self.path(user_id).exists():
            return None
        with self._db(user_id) as db:
            found = db.table(table).get(doc_id=_SINGLE)
        return dict(found) if isinstance(found, dict) else None

    def _put(self, user_id: int, table: str, record: BaseModel) -> None:
        with self._db(user_id) as db:
            db.table(table).upsert(Document(record.model_dump(mode="json"), doc_id=_SINGLE))

    # profile

    def profile(self, user_id: int) -> Profile | None:
        raw = self._get(user_id, "profile")
        with self._reading(self.path(user_id)):
            return None if raw is None else Profile.model_validate(raw)

    def save_profile(self, profile: Profile) -> None:
        self._put(profile.user_id, "profile", profile)

    def touch_profile(self, user_id: int, chat_id: int, now: datetime, *, timezone: str | None = None) -> Profile:
        """The person's profile, created on first contact, with ``updated_at`` set to ``now`` (and
        their time zone to ``timezone``, when given), written once."""
        known = self.profile(user_id)
        profile = Profile(
            user_id=user_id,
            chat_id=chat_id,
            created_at=known.created_at if known else now,
            updated_at=now,
            timezone=timezone or (known.timezone if known else None),
        )
        self.save_profile(profile)
        return profile

    # assessments

    def add_assessment(self, user_id: int, record: AssessmentRecord) -> None:
        with self._db(user_id) as db:
            db.table("assessments").insert(record.model_dump(mode="json"))

    def assessments(self, user_id: int) -> list[AssessmentRecord]:
        if not self.path(user_id).exists():
            return []
        with self._db(user_id) as db, self._reading(self.path(user_id)):
            rows = db.table("assessments").all()
            return [AssessmentRecord.model_validate(dict(row)) for row in rows]

    def latest_assessment(self, user_id: int) -> AssessmentRecord | None:
        if not self.path(user_id).exists():
            return None
        with self._db(user_id) as db, self._reading(self.path(user_id)):
            rows = db.table("assessments").all()
            return AssessmentRecord.model_validate(dict(rows[-1])) if rows else None

    # the interview in progress

    def interview(self, user_id: int) -> InterviewRecord | None:
        path = self.draft_path(user_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        with self._reading(path):
            return InterviewRecord.model_validate_json(text)

    def save_interview(self, user_id: int, record: InterviewRecord) -> None:
        """Saved after every answer, so not waited onto the disk: a crash of the bot loses no
        answer, a power cut at most the last few (asked again), never what was saved durably."""
        write_atomically(self.draft_path(user_id), record.model_dump_json(), durable=False)

    def clear_interview(self, user_id: int) -> None:
        self.draft_path(user_id).unlink(missing_ok=True)

    # daily check-ins

    def record_checkin(self, user_id: int, checkin: CheckIn) -> None:
        with self._db(user_id) as db:
            db.table("checkins").upsert(checkin.model_dump(mode="json"), Query().day == checkin.day.isoformat())

    def checkins(self, user_id: int) -> list[CheckIn]:
        if not self.path(user_id).exists():
            return []
        with self._db(user_id) as db, self._reading(self.path(user_id)):
            rows = db.table("checkins").all()
            return sorted((CheckIn.model_validate(dict(row)) for row in rows), key=lambda c: c.day)

    # the person's data as a whole

    def export(self, user_id: int) -> dict[str, Any]:
        """Everything stored of the person, table by table, as it is stored."""
        path, draft = self.path(user_id), self.draft_path(user_id)
        tables = AtomicJSONStorage(path).read() or {}
        exported = {name: list(rows.values()) for name, rows in tables.items()}
        if draft.exists():
            with self._reading(draft):
                exported["interview"] = [json.loads(draft.read_text(encoding="utf-8"))]
        return exported

    def set_aside(self, user_id: int) -> None:
        """Move the person's damaged files out of the way (kept for whoever runs the bot), so they
        can start again."""
        for path in (self.path(user_id), self.draft_path(user_id)):
            if path.exists():
                set_aside(path)

    def forget(self, user_id: int) -> None:
        self.path(user_id).unlink(missing_ok=True)
        self.draft_path(user_id).unlink(missing_ok=True)
