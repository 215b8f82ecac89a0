"""The embedded store: each person in a folder of small TinyDB files, on one machine.

    <data>/layout.json                      {"version": 2}
    <data>/.lock                            held (flock) by the process that has the folder open
    <data>/people/<id>/person.json          the Person record (profile, zone, reminder, flow, draft)
    <data>/people/<id>/assessments.json     one row per finished interview, numbered from 1
    <data>/people/<id>/checkins-YYYY-MM.json  one row per day of that month
    <data>/due/<nnnn>.bin                   the reminder index: each dose's next check-in, a
                                            shard per user id % 1024 (derived from person.json,
                                            see :mod:`bot.store.due_index`)

An operation touches one person's files (and one index shard), so its cost grows neither with the
number of people nor with one person's history (a month file holds at most 31 days). All disk
work runs in a thread, off the event loop. Every file is replaced atomically and fsynced
(:mod:`bot.store.files`); a unit of work writes the history and the index first and the person
file last, so a crash between them leaves the person as before their last answer, and the
answer, delivered again, rewrites the same rows. The index may run ahead of a person file after
such a crash, never behind: the dispatcher checks each due check-in against the person file.

One process only: a person's units of work are serialised by a lock held in this process, and
an index shard has one writer at a time. The folder's ``.lock`` (flock) keeps a second process
out: it would send every check-in again. Several workers need the PostgreSQL store.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import json
import logging
import os
import shutil
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage

from bot import metrics
from bot.clock import Clock
from bot.store import migration
from bot.store.due_index import SHARDS, ReminderIndex
from bot.store.files import DIR_MODE, set_aside, write_atomically
from bot.store.interface import DUE_BATCH, AssessmentRecord, Damaged, Due, Person, StoreUnavailable
from bot.store.plans import Entry, index_entry
from bot.store.session import StagedSession
from camag_core.daily import CheckIn

log = logging.getLogger(__name__)

LAYOUT_VERSION = 2
CATCH_UP_BATCH = 64  # people planned again at a time after the bot was down (a read each)
_SINGLE = 1  # doc id of the person record
# A person's files or folder the bot may not read or write (or of the wrong kind): theirs alone.
PERSONAL_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EISDIR})
M = TypeVar("M", bound=BaseModel)


class FolderInUse(Exception):
    """The data folder is open in another process."""


def unavailable(error: OSError) -> StoreUnavailable:
    """A disk error that is not one person's (a full disk, a read-only file system, an I/O error)."""
    return StoreUnavailable(f"{type(error).__name__} ({errno.errorcode.get(error.errno or 0, error.errno)})")


@contextmanager
def _disk(where: str, *, writing: bool = False) -> Iterator[None]:
    """A person's files that can't be read or written are damage, theirs alone (set aside at their
    word); any other disk error leaves the store unavailable for now, nothing kept."""
    try:
        yield
    except Damaged as error:  # a file of theirs: named with its folder
        raise Damaged(f"{where}/{error.where}", unwritable=error.unwritable) from None
    except OSError as error:
        if error.errno in PERSONAL_ERRNOS:
            raise Damaged(where, unwritable=writing) from None
        raise unavailable(error) from None


_HELD: dict[str, list[int]] = {}  # data folders this process holds: [lock file, stores open]


class AtomicJSONStorage(Storage):
    """TinyDB storage that replaces its file atomically; a file that can't be read is damage."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError:
            raise Damaged(self._path.name) from None
        try:
            data = json.loads(text)  # an empty file is damage too: every write leaves a whole one
        except ValueError:
            raise Damaged(self._path.name) from None
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise Damaged(self._path.name)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_atomically(self._path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def close(self) -> None:
        """Nothing stays open between operations."""


@contextmanager
def _table(path: Path, name: str) -> Iterator[Any]:
    db = TinyDB(path, storage=AtomicJSONStorage)
    try:
        yield db.table(name, cache_size=0)
    except (ValidationError, TypeError) as error:  # rows of the wrong shape are damage too
        raise Damaged(path.name) from error
    finally:
        db.close()


def _row(path: Path, table: str, doc_id: int, model: type[M]) -> M | None:
    """One row of a table (by doc id), if the file and the row are there."""
    if not path.exists():
        return None
    with _table(path, table) as rows:
        found = rows.get(doc_id=doc_id)
        return None if found is None else model.model_validate(dict(found))


def _upsert(path: Path, table: str, rows: Mapping[int, BaseModel]) -> None:
    """Replace rows of one table (by doc id) in one write."""
    storage = AtomicJSONStorage(path)
    data = storage.read() or {}
    data.setdefault(table, {}).update({str(doc_id): row.model_dump(mode="json") for doc_id, row in rows.items()})
    storage.write(data)


def _month_file(folder: Path, day: date) -> Path:
    return folder / f"checkins-{day:%Y-%m}.json"


def _months(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)


class PersonFiles:
    """One person's folder (disk work only; called in a thread)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def where(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}"

    def read_person(self) -> Person | None:
        with _disk(self.where):
            return _row(self.folder / "person.json", "person", _SINGLE, Person)

    def checkins(self, first: date, last: date) -> list[CheckIn]:
        found: list[CheckIn] = []
        with _disk(self.where):
            for month in _months(first, last):
                path = _month_file(self.folder, month)
                if path.exists():
                    with _table(path, "checkins") as table:
                        found += [CheckIn.model_validate(dict(row)) for row in table.all()]
        return sorted((c for c in found if first <= c.day <= last), key=lambda c: c.day)

    def all_checkins(self) -> list[CheckIn]:
        with _disk(self.where):
            months = sorted(self.folder.glob("checkins-*.json"))
        if not months:
            return []
        first, last = (date.fromisoformat(p.stem.removeprefix("checkins-") + "-01") for p in (months[0], months[-1]))
        return self.checkins(first, last.replace(day=28) + timedelta(days=4))

    def assessment(self, number: int) -> AssessmentRecord | None:
        with _disk(self.where):
            return _row(self.folder / "assessments.json", "assessments", number, AssessmentRecord)

    def write(self, person: Person, checkins: list[CheckIn], assessments: dict[int, AssessmentRecord]) -> None:
        """History first, the person last: the person file is the commit point. Each file is
        written once (TinyDB's own upsert would write it once per row)."""
        if not self.folder.exists():
            try:
                self.folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            except OSError as error:  # the people folder itself: everyone's
                raise unavailable(error) from None
        with _disk(self.where, writing=True):
            for month in sorted({c.day.replace(day=1) for c in checkins}):
                rows = {c.day.day: c for c in checkins if c.day.replace(day=1) == month}
                _upsert(_month_file(self.folder, month), "checkins", rows)
            if assessments:
                _upsert(self.folder / "assessments.json", "assessments", assessments)
            _upsert(self.folder / "person.json", "person", {_SINGLE: person})

    def export(self) -> dict[str, Any]:
        """The person's record, then their history, as stored."""
        exported: dict[str, Any] = {"person": None, "assessments": [], "checkins": []}
        with _disk(self.where):
            for path in sorted(self.folder.glob("*.json")):
                for name, rows in (AtomicJSONStorage(path).read() or {}).items():
                    if name == "person":
                        exported["person"] = rows.get(str(_SINGLE))
                    else:
                        exported.setdefault(name, []).extend(rows.values())
        return exported


class _Session(StagedSession):
    def __init__(self, files: PersonFiles, person: Person | None) -> None:
        super().__init__(person)
        self.files = files

    async def stored_checkins(self, first: date, last: date) -> list[CheckIn]:
        return await asyncio.to_thread(self.files.checkins, first, last)

    async def stored_assessment(self, number: int) -> AssessmentRecord | None:
        return await asyncio.to_thread(self.files.assessment, number)


class TinyDBStore:
    """The :class:`~bot.store.interface.Store` on one machine (see the module's notes)."""

    def __init__(self, root: Path, clock: Clock) -> None:
        self.root = root
        self.people = root / "people"
        self.clock = clock
        self.index = ReminderIndex(root / "due", clock, lambda folder: PersonFiles(folder).read_person())
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        # One writer per index shard at a time, its entries in memory updated before the next
        # writer reads them: two people's changes in one shard never overwrite each other.
        self._shard_locks = [asyncio.Lock() for _ in range(SHARDS)]
        self._held: str | None = None  # the data folder's key in _HELD, while open

    def folder(self, user_id: int) -> Path:
        return self.people / str(int(user_id))

    async def open(self, now: datetime) -> None:
        await asyncio.to_thread(self._open)
        self.index.plan_all(now)

    def _open(self) -> None:
        self.root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(self.root, DIR_MODE)
        self._hold_the_folder()
        for leftover in [*self.root.glob(".*.tmp"), *self.root.glob("due/.*.tmp")]:  # a crash before a rename
            leftover.unlink(missing_ok=True)
        layout = self.root / "layout.json"
        if not layout.exists():
            migration.from_layout_1(self.root, self._write_migrated, self.clock.now())
            self.people.mkdir(mode=DIR_MODE, exist_ok=True)
            write_atomically(layout, json.dumps({"version": LAYOUT_VERSION}))
        self.index.load(self.people)

    def _write_migrated(self, person: Person, checkins: list[CheckIn], assessments: list[AssessmentRecord]) -> None:
        PersonFiles(self.folder(person.user_id)).write(person, checkins, dict(enumerate(assessments, start=1)))

    def _hold_the_folder(self) -> None:
        """One process per data folder: a second would send the same check-ins again (several
        workers need PostgreSQL). The lock goes with the process, however it ends; stores in one
        process (a restart, in a test) share it."""
        key = str(self.root.resolve())
        if key not in _HELD:
            held = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(held)
                raise FolderInUse(f"another CaMag process is using {self.root}") from None
            _HELD[key] = [held, 0]
        _HELD[key][1] += 1
        self._held = key

    async def close(self) -> None:
        """Every change was written when it was committed: the folder is let go."""
        if self._held is not None and self._held in _HELD:
            _HELD[self._held][1] -= 1
            if not _HELD[self._held][1]:
                os.close(_HELD.pop(self._held)[0])
        self._held = None

    async def count_people(self) -> int:
        if not self.people.exists():
            return 0
        return await asyncio.to_thread(lambda: sum(1 for f in os.scandir(self.people) if f.name.isdigit()))

    def user_ids(self) -> list[int]:
        """Everyone with a folder, in order."""
        return sorted(int(f.name) for f in self.people.iterdir() if f.name.isdigit()) if self.people.exists() else []

    @asynccontextmanager
    async def _locked(self, user_id: int) -> AsyncIterator[None]:
        lock = self._locks.setdefault(user_id, asyncio.Lock())
        self._waiting[user_id] = self._waiting.get(user_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[user_id] -= 1
            if not self._waiting[user_id]:
                del self._waiting[user_id], self._locks[user_id]

    @asynccontextmanager
    async def person(self, user_id: int) -> AsyncIterator[_Session]:
        async with self._locked(user_id):
            files = PersonFiles(self.folder(user_id))
            session = _Session(files, await asyncio.to_thread(files.read_person))
            yield session
            if session.person is None or not session.changed:
                return
            person = session.person
            entry = index_entry(person)
            if entry == session.loaded_entry:
                await asyncio.to_thread(self._commit, session, person, False, entry)
                return
            async with self._shard_locks[user_id % SHARDS]:
                await asyncio.to_thread(self._commit, session, person, True, entry)
                self.index.apply(user_id, entry, self.clock.now())

    def _commit(self, session: _Session, person: Person, reindex: bool, entry: Entry | None) -> None:
        with metrics.STORE_COMMIT_SECONDS.time():
            if reindex:
                try:
                    self.index.write(person.user_id, entry)
                except OSError as error:  # the index is everyone's
                    raise unavailable(error) from None
            session.files.write(person, list(session.staged_checkins.values()), session.staged_assessments)

    async def due(self, now: datetime, limit: int = DUE_BATCH) -> list[Due]:
        found = self.index.due(now, limit)
        while len(found) < limit and (late := self.index.late(CATCH_UP_BATCH)):
            for user_id in late:  # due while the bot was down: planned again from their record
                self.index.catch_up(user_id, await self._entry(user_id), now)
            found += self.index.due(now, limit - len(found))
        return found

    async def _entry(self, user_id: int) -> Entry | None:
        try:
            async with self.person(user_id) as session:
                return index_entry(session.person)
        except Damaged as error:
            log.warning("%s could not be read: no reminder for them until it is set aside", error.where)
            return None

    async def export(self, user_id: int) -> dict[str, Any]:
        async with self._locked(user_id):
            return await asyncio.to_thread(PersonFiles(self.folder(user_id)).export)

    async def erase(self, user_id: int) -> None:
        async with self._locked(user_id), self._shard_locks[user_id % SHARDS]:
            await asyncio.to_thread(self._erase, user_id)
            self.index.apply(user_id, None, self.clock.now())

    def _erase(self, user_id: int) -> None:
        if user_id in self.index.entries:
            self.index.write(user_id, None)
        folder = self.folder(user_id)
        for aside in self.people.glob(f"{folder.name}.damaged-*"):
            shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)

    async def set_aside(self, user_id: int) -> None:
        async with self._locked(user_id), self._shard_locks[user_id % SHARDS]:
            folder = self.folder(user_id)
            if folder.exists():
                await asyncio.to_thread(set_aside, folder)
            if user_id in self.index.entries:
                await asyncio.to_thread(self.index.write, user_id, None)
                self.index.apply(user_id, None, self.clock.now())
