"""The embedded store: each person in a folder of small TinyDB files, a journal in front of them.

    <data>/layout.json                      {"version": 4}
    <data>/.lock                            held (flock) by the process that has the folder open
    <data>/journal-<n>.log                  the units of work not yet in the people's files
                                            (:mod:`bot.store.journal`)
    <data>/people/<id>/person.json          the Person record (profile, zone, reminder, flow, draft)
    <data>/people/<id>/assessments.json     one row per finished interview, numbered from 1
    <data>/people/<id>/checkins-YYYY-MM.json  one row per day of that month
    <data>/due/<nnnn>.bin                   the reminder index: each dose's next check-in, a
                                            shard per user id % 1024 (derived from person.json,
                                            see :mod:`bot.store.due_index`)

A unit of work commits by appending what it changed (the person's record whole, the check-ins and
assessments it staged) to the journal as one line, synced once together with every other unit of
work waiting at that moment; it is acknowledged only then. What the journal holds of a person
beyond their files is kept in memory (:class:`Unsaved`, as JSON) and read over their files until
a checkpoint writes it home: each of those people's files, and the index records of those whose
plan changed (each shard holding some written once), without a sync each, then one sync of the
file system for all of them, then a new journal and the older ones deleted. A checkpoint runs
when the journal passes ``CHECKPOINT_BYTES``, at start-up (the journals a crash left are read
back first; a line a crash cut short was never acknowledged and is left out) and on close, so a
folder closed cleanly holds no journal. The index in memory is updated at each commit; its
shards on disk may lag behind until the next checkpoint or start-up, which reads the journal back
into them. Start-up reads the index's records rather than planning everyone: those due while the
bot was down are planned again from their person records when the store is first asked who is
due (:mod:`bot.store.due_index`).

An erase is journaled, the person's files and index records deleted, and the journal compacted (a
new one holding only the other people's lines) before the erase is acknowledged: no line of theirs
is left in any journal. A person whose files can't be written at a checkpoint (their folder
unwritable, a file of theirs damaged) stays in the journal and is told at their next update, as
for damage found on reading; nobody else is held up. A damaged file of one person is theirs alone.
All disk work runs in threads (the journal has a writer thread of its own), off the event loop.

One process only: a person's units of work are serialised by a lock held in this process, and
the index's shards have one writer at a time, the checkpoint (or an erase, under its lock). The
folder's ``.lock`` (flock) keeps a second process out: it would send every check-in again.
Several workers need the PostgreSQL store.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import json
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage

from bot import metrics
from bot.clock import Clock
from bot.store import files as on_disk
from bot.store import migration
from bot.store.files import DIR_MODE, set_aside, sync_folder, write_atomically
from bot.store.interface import DUE_BATCH, AssessmentRecord, Damaged, Due, Person, StoreUnavailable
from bot.store.journal import ASIDE, ERASE, Journal, end_line, journal_numbers, journal_path, read_lines, unit_line
from bot.store.plans import Entry, index_entry
from bot.store.session import StagedSession
from camag_core.daily import CheckIn

if TYPE_CHECKING:
    from bot.store.due_index import ReminderIndex

log = logging.getLogger(__name__)

LAYOUT_VERSION = 4
CHECKPOINT_BYTES = 4 * 1024 * 1024  # the journal's size that starts a checkpoint
CHECKPOINT_RETRY_SECONDS = 10.0
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

    def write(self, data: dict[str, dict[str, Any]], *, durable: bool = True) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomically(self._path, text, durable=durable)

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


def _upsert(path: Path, table: str, rows: Mapping[int, Any], *, durable: bool) -> None:
    """Replace rows (as JSON data) of one table, by doc id, in one write."""
    storage = AtomicJSONStorage(path)
    data = storage.read() or {}
    data.setdefault(table, {}).update({str(doc_id): row for doc_id, row in rows.items()})
    storage.write(data, durable=durable)


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
        """Write a person and rows of their history, each file synced."""
        self.write_rows(
            person.model_dump(mode="json"),
            {c.day: c.model_dump(mode="json") for c in checkins},
            {number: record.model_dump(mode="json") for number, record in assessments.items()},
            durable=True,
        )

    def write_rows(
        self, person: Any, checkins: Mapping[date, Any], assessments: Mapping[int, Any], *, durable: bool
    ) -> None:
        """A person (as JSON data) and rows of their history: history first, the person last.
        Each file is written once (TinyDB's own upsert would write it once per row)."""
        if not self.folder.exists():
            try:
                self.folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            except OSError as error:  # the people folder itself: everyone's
                raise unavailable(error) from None
        with _disk(self.where, writing=True):
            for month in sorted({day.replace(day=1) for day in checkins}):
                rows = {day.day: row for day, row in checkins.items() if day.replace(day=1) == month}
                _upsert(_month_file(self.folder, month), "checkins", rows, durable=durable)
            if assessments:
                _upsert(self.folder / "assessments.json", "assessments", assessments, durable=durable)
            _upsert(self.folder / "person.json", "person", {_SINGLE: person}, durable=durable)

    def export(self, unsaved: Unsaved | None) -> dict[str, Any]:
        """The person's record, then their history, as stored (what the journal holds over it)."""
        person: Any = None
        tables: dict[str, dict[str, Any]] = {"assessments": {}, "checkins": {}}
        with _disk(self.where):
            for path in sorted(self.folder.glob("*.json")):
                for name, rows in (AtomicJSONStorage(path).read() or {}).items():
                    if name == "person":
                        person = rows.get(str(_SINGLE))
                    elif name == "checkins":
                        tables[name].update({row.get("day"): row for row in rows.values()})
                    else:
                        tables.setdefault(name, {}).update(rows)
        if unsaved is not None:
            person = json.loads(unsaved.person)
            tables["checkins"].update({day.isoformat(): json.loads(row) for day, row in unsaved.checkins.items()})
            tables["assessments"].update({str(n): json.loads(row) for n, row in unsaved.assessments.items()})
        tables["checkins"] = dict(sorted(tables["checkins"].items(), key=lambda item: str(item[0])))
        tables["assessments"] = dict(sorted(tables["assessments"].items(), key=lambda item: int(item[0])))
        return {"person": person, **{name: list(rows.values()) for name, rows in tables.items()}}


@dataclass
class Unsaved:
    """What the journal holds of a person beyond their files: their latest record and the rows
    staged since their files were last written, as JSON."""

    person: str
    checkins: dict[date, str] = field(default_factory=dict)
    assessments: dict[int, str] = field(default_factory=dict)
    version: int = 0  # one more at each unit of work

    def add(self, person: str, checkins: Mapping[date, str], assessments: Mapping[int, str]) -> None:
        self.person = person
        self.checkins.update(checkins)
        self.assessments.update(assessments)
        self.version += 1

    def copy(self) -> Unsaved:
        return Unsaved(self.person, dict(self.checkins), dict(self.assessments), self.version)

    def line(self, user_id: int) -> bytes:
        """All of it as one journal line."""
        return unit_line(user_id, self.person, list(self.checkins.values()), self.assessments)


class _Session(StagedSession):
    def __init__(self, files: PersonFiles, person: Person | None, unsaved: Unsaved | None) -> None:
        super().__init__(person)
        self.files = files
        self.unsaved = unsaved  # the journal's rows over the files' (never changed in place here)

    async def stored_checkins(self, first: date, last: date) -> list[CheckIn]:
        found = await asyncio.to_thread(self.files.checkins, first, last)
        if self.unsaved is None or not self.unsaved.checkins:
            return found
        by_day = {c.day: c for c in found}
        by_day.update(
            {
                day: CheckIn.model_validate_json(row)
                for day, row in self.unsaved.checkins.items()
                if first <= day <= last
            }
        )
        return [by_day[day] for day in sorted(by_day)]

    async def stored_assessment(self, number: int) -> AssessmentRecord | None:
        if self.unsaved is not None and number in self.unsaved.assessments:
            return AssessmentRecord.model_validate_json(self.unsaved.assessments[number])
        return await asyncio.to_thread(self.files.assessment, number)


class TinyDBStore:
    """The :class:`~bot.store.interface.Store` on one machine (see the module's notes)."""

    def __init__(self, root: Path, clock: Clock) -> None:
        self.root = root
        self.people = root / "people"
        self.clock = clock
        from bot.store.due_index import ReminderIndex  # numpy: loaded where this store is used

        self.index: ReminderIndex = ReminderIndex(root / "due", clock, lambda folder: PersonFiles(folder).read_person())
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._held: str | None = None  # the data folder's key in _HELD, while open
        self._journal: Journal | None = None
        self._unsaved: dict[int, Unsaved] = {}  # people the journal holds more of than their files
        self._stuck: dict[int, Damaged] = {}  # unsaved people whose files can't be written
        # People whose index entry changed since their records were written, with their entry now.
        self._reindex: dict[int, Entry | None] = {}
        # Units of work appended to a journal (by its number) and not yet kept in _unsaved.
        self._unsettled: Counter[int] = Counter()
        self._settled = asyncio.Event()
        self._gate = asyncio.Event()  # cleared while the journal is compacted: units of work wait
        self._gate.set()
        # One checkpoint (or erase, or setting aside) at a time: it alone writes the index's shards.
        self._checkpoint_lock = asyncio.Lock()
        self._background: asyncio.Task[None] | None = None
        self._behind = False  # older journals than the one being written are still on the disk
        self._retry_at = 0.0  # no checkpoint in the background before (time.monotonic), after one failed

    def folder(self, user_id: int) -> Path:
        return self.people / str(int(user_id))

    async def open(self, now: datetime) -> None:
        number, ended = await asyncio.to_thread(self._open)
        for user_id in ended | set(self._unsaved):  # the journal's people, planned as it left them
            unsaved = self._unsaved.get(user_id)
            entry = None if unsaved is None else index_entry(_person(unsaved))
            self.index.apply(user_id, entry, now, catch_up=True)
            self._reindex[user_id] = entry
        self._journal = Journal(self.root, number)
        self._behind = number > 1
        if self._behind:  # journals left by the last run: their people written home
            await self.checkpoint()
        self.index.plan_all(now)

    def _open(self) -> tuple[int, set[int]]:
        """The layout brought up to date, the index read, and the journals read into _unsaved; the
        next journal's number, and the people whose data a journal ended."""
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
        else:
            migration.to_layout(layout, LAYOUT_VERSION)
        self.index.load(self.people)
        numbers = journal_numbers(self.root)
        ended: set[int] = set()
        for number in numbers:
            self._replay(journal_path(self.root, number), ended)
        return (numbers[-1] if numbers else 0) + 1, ended

    def _replay(self, journal: Path, ended: set[int]) -> None:
        for line in read_lines(journal):
            user_id = line["u"]
            if "x" in line:  # an erase (or a setting aside): nothing before it is theirs any more
                self._unsaved.pop(user_id, None)
                ended.add(user_id)
                if line["x"] == ERASE:
                    self._erase_files(user_id)
                continue
            try:
                person = Person.model_validate(line["p"]).model_dump_json()
                checkins = [CheckIn.model_validate(row) for row in line.get("c", [])]
                assessments = {int(n): AssessmentRecord.model_validate(row) for n, row in line.get("a", {}).items()}
            except (ValidationError, ValueError, TypeError, KeyError, AttributeError):
                log.warning("%s: a line of user %s can't be read; it is left out", journal.name, user_id)
                continue
            self._unsaved.setdefault(user_id, Unsaved(person)).add(
                person,
                {c.day: c.model_dump_json() for c in checkins},
                {n: record.model_dump_json() for n, record in assessments.items()},
            )

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
        """Everyone the journal holds is written home, and the folder is let go."""
        if self._journal is not None:
            if self._background is not None:
                await asyncio.gather(self._background, return_exceptions=True)
            try:
                await self.checkpoint()
            except StoreUnavailable as error:
                log.warning("the journal is kept, to be read at the next start: %s", error.why)
            journal, self._journal = self._journal, None
            await journal.close()
            if not journal.size:
                journal_path(self.root, journal.number).unlink(missing_ok=True)
        if self._held is not None and self._held in _HELD:
            _HELD[self._held][1] -= 1
            if not _HELD[self._held][1]:
                os.close(_HELD.pop(self._held)[0])
        self._held = None

    async def count_people(self) -> int:
        return len(await asyncio.to_thread(self._user_ids))

    def user_ids(self) -> list[int]:
        """Everyone with a folder or in the journal, in order."""
        return sorted(self._user_ids())

    def _user_ids(self) -> set[int]:
        found = {int(f.name) for f in os.scandir(self.people) if f.name.isdigit()} if self.people.exists() else set()
        return found | set(self._unsaved)

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
            stuck = self._stuck.get(user_id)
            if stuck is not None:
                raise Damaged(stuck.where, unwritable=stuck.unwritable)
            files = PersonFiles(self.folder(user_id))
            unsaved = self._unsaved.get(user_id)
            loaded = await asyncio.to_thread(files.read_person) if unsaved is None else _person(unsaved)
            session = _Session(files, loaded, unsaved)
            yield session
            if session.person is None or not session.changed:
                return
            if loaded is None and unsaved is None:  # someone new: counted from now on (stats)
                await asyncio.to_thread(_make_folder, files.folder)
            await self._commit(session, session.person)

    async def _commit(self, session: _Session, person: Person) -> None:
        """The unit of work appended to the journal and synced (with whatever else is waiting to be),
        then kept in _unsaved; the person's files are written at the next checkpoint."""
        user_id = person.user_id
        with metrics.STORE_COMMIT_SECONDS.time():
            record = person.model_dump_json()
            checkins = {day: c.model_dump_json() for day, c in session.staged_checkins.items()}
            assessments = {n: a.model_dump_json() for n, a in session.staged_assessments.items()}
            line = unit_line(user_id, record, list(checkins.values()), assessments)
            async with self._appending() as journal:
                await self._synced(journal.append(line))
                unsaved = self._unsaved.get(user_id)
                if unsaved is None:
                    unsaved = self._unsaved[user_id] = Unsaved(record)
                unsaved.add(record, checkins, assessments)
                entry = index_entry(person)
                if entry != session.loaded_entry:
                    self.index.apply(user_id, entry, self.clock.now())
                    self._reindex[user_id] = entry
        if journal.size > CHECKPOINT_BYTES:
            self._checkpoint_soon()

    @asynccontextmanager
    async def _appending(self) -> AsyncIterator[Journal]:
        """Counted from appending a line until what follows it is kept (see :meth:`_all_kept`)."""
        await self._gate.wait()
        journal = self._journal
        if journal is None:
            raise StoreUnavailable("closed")
        number = journal.number
        self._unsettled[number] += 1
        try:
            yield journal
        finally:
            self._unsettled[number] -= 1
            if not self._unsettled[number]:
                del self._unsettled[number]
                self._settled.set()

    async def _all_kept(self, before: int) -> None:
        """Wait until every unit of work appended to a journal numbered below ``before`` is kept."""
        while any(number < before for number in self._unsettled):
            self._settled.clear()
            await self._settled.wait()

    async def _synced(self, appended: asyncio.Future[None]) -> None:
        try:
            await appended
        except OSError as error:
            if self._journal is not None and self._journal.broken:
                self._checkpoint_soon()  # a new journal
            raise unavailable(error) from None

    def _checkpoint_soon(self) -> None:
        idle = self._background is None or self._background.done()
        if idle and time.monotonic() >= self._retry_at:
            self._background = asyncio.create_task(self._checkpoint_in_background())

    async def _checkpoint_in_background(self) -> None:
        try:
            await self.checkpoint()
        except StoreUnavailable as error:
            self._retry_at = time.monotonic() + CHECKPOINT_RETRY_SECONDS
            log.warning("a checkpoint could not be made (tried again later): %s", error.why)

    async def checkpoint(self) -> None:
        """Write everyone the journal holds to their files (synced once, all together), then drop
        the older journals."""
        async with self._checkpoint_lock:
            journal = self._journal
            if journal is None or not (
                self._unsaved or self._reindex or self._unsettled or journal.size or self._behind
            ):
                return
            self._behind = True
            number, started = journal.start_next()
            await self._synced(started)
            await self._all_kept(number)
            snapshot = {uid: (u, u.version, u.copy()) for uid, u in self._unsaved.items() if uid not in self._stuck}
            reindex, self._reindex = self._reindex, {}
            try:
                failed = await asyncio.to_thread(self._write_home, {uid: s[2] for uid, s in snapshot.items()}, reindex)
            except BaseException:
                self._reindex = reindex | self._reindex  # what changed meanwhile is newer
                raise
            for user_id, (unsaved, version, _) in snapshot.items():
                if user_id not in failed and self._unsaved.get(user_id) is unsaved and unsaved.version == version:
                    del self._unsaved[user_id]
            self._stuck.update(failed)
            await self._carry_stuck()
            await asyncio.to_thread(self._drop_journals, number)
            self._behind = False

    async def _carry_stuck(self) -> None:
        """Those whose files can't be written stay in the journal: a line each, copied into the new
        one."""
        if any(user_id in self._unsaved for user_id in self._stuck):
            await self._copy(lambda: [uid for uid in self._stuck if uid in self._unsaved], new_journal=False)

    async def _copy(self, people: Callable[[], list[int]], *, new_journal: bool) -> int | None:
        """A line of all the journal holds of each of ``people()`` appended (to a new journal, if
        asked: its number is returned). Units of work wait meanwhile, and those under way are let
        finish first, so that no line of theirs comes between: each copy holds their latest."""
        assert self._journal is not None
        self._gate.clear()
        try:
            await self._all_kept(self._journal.number + 1)
            number, started = self._journal.start_next() if new_journal else (None, None)
            copies = {user_id: self._unsaved[user_id] for user_id in people()}  # unchanged while units of work wait
            lines = await asyncio.to_thread(lambda: b"".join(unsaved.line(uid) for uid, unsaved in copies.items()))
            copied = self._journal.append(lines) if lines else None
        finally:
            self._gate.set()
        for appended in (started, copied):
            if appended is not None:
                await self._synced(appended)
        return number

    def _write_home(self, snapshot: dict[int, Unsaved], reindex: Mapping[int, Entry | None]) -> dict[int, Damaged]:
        """Each person's files and the index records of ``reindex`` (without a sync each), then one
        sync for all; the people whose files could not be written."""
        failed: dict[int, Damaged] = {}
        for user_id, unsaved in snapshot.items():
            try:
                PersonFiles(self.folder(user_id)).write_rows(
                    json.loads(unsaved.person),
                    {day: json.loads(row) for day, row in unsaved.checkins.items()},
                    {n: json.loads(row) for n, row in unsaved.assessments.items()},
                    durable=False,
                )
            except Damaged as error:
                log.warning("%s could not be written: kept in the journal", error.where)
                failed[user_id] = error
        try:
            self.index.write_many(reindex.items(), durable=False)
            on_disk.sync_filesystem(self.root)
        except OSError as error:
            raise unavailable(error) from None
        return failed

    def _drop_journals(self, before: int) -> None:
        try:
            for number in journal_numbers(self.root):
                if number < before:
                    journal_path(self.root, number).unlink()
            sync_folder(self.root)
        except OSError as error:
            raise unavailable(error) from None

    async def _compact(self) -> None:
        """A new journal holding only what the older ones hold of the people still in them (a line
        each), the older ones dropped: what was erased is then in no journal. (Under the checkpoint
        lock.)"""
        self._behind = True
        number = await self._copy(lambda: list(self._unsaved), new_journal=True)
        assert number is not None
        await asyncio.to_thread(self._drop_journals, number)
        self._behind = False

    async def _end(self, user_id: int, action: str) -> None:
        """Journal the end of the person's data (an erase or a setting aside) and forget what the
        journal held of them; their index records go too, from memory and from the disk, whatever
        the disk held of them (under the checkpoint lock)."""
        async with self._appending() as journal:
            await self._synced(journal.append(end_line(user_id, action)))
            self._unsaved.pop(user_id, None)
            self._stuck.pop(user_id, None)
            self._reindex.pop(user_id, None)
            if user_id in self.index.entries:
                self.index.apply(user_id, None, self.clock.now())
            try:
                await asyncio.to_thread(self.index.write, user_id, None)
            except OSError as error:  # the index is everyone's
                raise unavailable(error) from None

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
            files = PersonFiles(self.folder(user_id))
            return await asyncio.to_thread(files.export, self._unsaved.get(user_id))

    async def erase(self, user_id: int) -> None:
        """Everything of the person goes: their files, their index entry, and every journal line of
        theirs (the journal is compacted) before the erase is acknowledged."""
        async with self._locked(user_id), self._checkpoint_lock:
            await self._end(user_id, ERASE)
            await asyncio.to_thread(self._erase_files, user_id)
            await self._compact()

    def _erase_files(self, user_id: int) -> None:
        folder = self.folder(user_id)
        for aside in self.people.glob(f"{folder.name}.damaged-*"):
            shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)

    async def set_aside(self, user_id: int) -> None:
        async with self._locked(user_id), self._checkpoint_lock:
            await self._end(user_id, ASIDE)
            folder = self.folder(user_id)
            if folder.exists():
                await asyncio.to_thread(set_aside, folder)


def _person(unsaved: Unsaved) -> Person:
    return Person.model_validate_json(unsaved.person)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:  # the people folder itself: everyone's
        raise unavailable(error) from None
