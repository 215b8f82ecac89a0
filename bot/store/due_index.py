"""The embedded store's reminder index: who is due when, kept compactly on disk and in memory.

    <data>/due/<nnnn>.bin   a shard per user id % SHARDS: a header (kind, record count, CRC-32 of
                            the records) and fixed-width records sorted by user id, one per
                            check-in planned for a person of the shard: the minute it is due (UTC),
                            the person's local day it is for, its dose and whether it is a snooze.
                            A person with a plan and nothing planned (paused) has one record that
                            says so.

A person's records are written after their plan changes, at the store's next checkpoint (the
journal holds the change until then, and start-up reads it back), planned from the moment they
are written as start-up would plan them (each dose's next check-in, one missed earlier that local
day due at once, and each snooze). So at start-up nothing is planned: a record still to come is due exactly when it
says, and a person with a record whose minute has passed (due while the bot was down) is planned
again from their person file, with the same catch-up rules, the first time the store is asked who
is due (:meth:`ReminderIndex.late`, :meth:`ReminderIndex.catch_up`). The minute is worked out
with the zone's rules when it is written: new rules (a tzdata update) reach a dose from the
check-in after the one already written.

In memory, the records wait in buckets by minute, as arrays (about 18 bytes a check-in), and each
person indexed has a version: planning a person again bumps it, and a record of an older version
is skipped when its minute comes. Only the event loop touches these; writing the shards (in a
thread) reads and writes the disk alone. A shard is replaced whole (written aside, renamed, and
synced, or a sync of the file system follows) and read again only at start-up and when it is
next written; one that can't be read is set aside and built again from the people.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import logging
import os
import shutil
import struct
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Set
from datetime import date, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.clock import Clock
from bot.store import migration
from bot.store.files import DIR_MODE, set_aside, sync_folder, write_atomically
from bot.store.interface import Damaged, Due, Person
from bot.store.plans import Entry, index_entry, planned
from camag_core.schedule import minute_of

log = logging.getLogger(__name__)

SHARDS = 1024  # at a million people about a thousand a shard: a shard of some 50 kB written per change
RECORD = np.dtype([("user", "<i8"), ("minute", "<i4"), ("day", "<i4"), ("kind", "<u2")])
_HEADER = struct.Struct("<8sII")  # what the file is, how many records, their CRC-32
_KIND = b"camag-d1"
NOTHING = 0  # a record's kind: the person has a plan with nothing planned; else dose * 2 + snoozed

ReadPerson = Callable[[Path], Person | None]  # a person's file, from their folder
Users = npt.NDArray[np.int64]
Column = npt.NDArray[np.integer]
Versions = npt.NDArray[np.int64]


class _Unreadable(ValueError):
    """A shard that is not a whole one this code wrote."""


def planned_records(user_id: int, entry: Entry | None, now: datetime) -> npt.NDArray[np.void]:
    """The person's records as written: planned as start-up plans, from ``now``."""
    if entry is None:
        return np.empty(0, RECORD)
    found = planned(user_id, entry, now, catch_up=True)
    rows = [(user_id, minute_of(when), due.day.toordinal(), due.dose * 2 + due.snoozed) for when, due in found]
    return np.array(rows or [(user_id, 0, 0, NOTHING)], RECORD)


def read_shard(path: Path, shard: int, into: npt.NDArray[np.void] | None = None) -> npt.NDArray[np.void]:
    """A shard's records (none if it is not there), read into ``into`` if given (of the size the
    file's length says); raises :class:`ValueError` if it is damaged."""
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return np.empty(0, RECORD)
    with file:
        header = file.read(_HEADER.size)
        if len(header) < _HEADER.size:
            raise _Unreadable(path.name)
        kind, count, crc = _HEADER.unpack(header)
        records = np.empty(count, RECORD) if into is None else into
        if kind != _KIND or len(records) != count:
            raise _Unreadable(path.name)
        body = records.view(np.uint8).data
        if file.readinto(body) != len(body) or file.read(1) or zlib.crc32(body) != crc:
            raise _Unreadable(path.name)
    users = records["user"]
    if (users % SHARDS != shard).any() or (users[1:] < users[:-1]).any():
        raise _Unreadable(path.name)
    return records


def _records_in(path: Path) -> int:
    """How many records the file's length allows for."""
    try:
        return max(0, path.stat().st_size - _HEADER.size) // RECORD.itemsize
    except FileNotFoundError:
        return 0


def write_shard(path: Path, records: npt.NDArray[np.void], *, durable: bool = True) -> None:
    """Replace ``path`` with ``records`` (sorted by user) so that a crash leaves the old or the new
    shard, whole, on the disk (``durable``: see :func:`bot.store.files.write_atomically`)."""
    body = records.tobytes()
    write_atomically(path, _HEADER.pack(_KIND, len(records), zlib.crc32(body)) + body, durable=durable)


def write_shards(folder: Path, records: npt.NDArray[np.void]) -> None:
    """Write the records of everyone with a plan (in any order) into their shards in ``folder``."""
    if not len(records):
        return
    shards = records["user"] % SHARDS
    order = np.lexsort((records["user"], shards))
    records, shards = records[order], shards[order]
    bounds = np.flatnonzero(np.r_[True, shards[1:] != shards[:-1], True]).tolist()
    for start, stop in itertools.pairwise(bounds):
        write_shard(folder / _shard_name(int(shards[start])), records[start:stop])


def _shard_name(shard: int) -> str:
    return f"{shard:04d}.bin"


def give_back_memory() -> None:
    """Return what start-up's temporary arrays used to the system: the C library otherwise keeps
    most of it, a third of the process's memory at a million people."""
    with contextlib.suppress(OSError, AttributeError):  # not the GNU C library: nothing to do
        ctypes.CDLL(None).malloc_trim(0)


def _by_user(records: npt.NDArray[np.void]) -> npt.NDArray[np.void]:
    return records[np.argsort(records["user"], kind="stable")]


def _columns() -> tuple[array[int], ...]:
    """A bucket's columns as planned into it: user id, version, local day, kind."""
    return array("q"), array("I"), array("i"), array("H")


class _Bucket:
    """What is due in one minute: in arrays put in hand-out order (user, dose, snoozed) when first
    asked for, and what was planned into it since, appended."""

    __slots__ = ("added", "days", "kinds", "ordered", "start", "users", "versions")

    def __init__(self, users: Users, versions: Column, days: Column, kinds: Column) -> None:
        self.users, self.versions, self.days, self.kinds = users, versions, days, kinds
        self.start = 0  # handed out before this
        self.added = _columns()
        self.ordered = False

    @classmethod
    def empty(cls) -> _Bucket:
        return cls(np.empty(0, np.int64), np.empty(0, np.uint32), np.empty(0, np.int32), np.empty(0, np.uint16))

    def add(self, user_id: int, version: int, day: int, kind: int) -> None:
        for column, value in zip(self.added, (user_id, version, day, kind), strict=True):
            column.append(value)
        self.ordered = False

    def columns(self) -> tuple[np.ndarray, ...]:
        """Everything not handed out yet (a copy)."""
        return tuple(
            np.concatenate([kept[self.start :], np.frombuffer(added, kept.dtype)])
            for kept, added in zip((self.users, self.versions, self.days, self.kinds), self.added, strict=True)
        )

    def live(self, versions: Callable[[Users], Versions]) -> int:
        users, planned_as, _, _ = self.columns()
        return int(np.count_nonzero(versions(users) == planned_as))

    def take(self, limit: int, versions: Callable[[Users], Versions]) -> list[Due]:
        """Up to ``limit`` check-ins from the front, each handed out once; those planned again
        since are passed over."""
        if not self.ordered:
            users, planned_as, days, kinds = self.columns()
            keep = versions(users) == planned_as
            order = np.flatnonzero(keep)[np.lexsort((kinds[keep], users[keep]))]
            self.users, self.versions, self.days, self.kinds = (c[order] for c in (users, planned_as, days, kinds))
            self.start, self.added, self.ordered = 0, _columns(), True
        taken: list[Due] = []
        while len(taken) < limit and self.start < len(self.users):
            part = slice(self.start, self.start + limit - len(taken))
            self.start = min(part.stop, len(self.users))
            live = versions(self.users[part]) == self.versions[part]
            for user_id, day, kind in zip(
                *(c[part][live].tolist() for c in (self.users, self.days, self.kinds)), strict=True
            ):
                taken.append(Due(user_id, date.fromordinal(day), bool(kind & 1), kind >> 1))
        return taken

    @property
    def done(self) -> bool:
        return self.start >= len(self.users) and not self.added[0]


class _Indexed(Set[int]):
    """The people with a plan (a view of the index)."""

    def __init__(self, index: ReminderIndex) -> None:
        self._index = index

    def __contains__(self, user_id: object) -> bool:
        return isinstance(user_id, int) and self._index.state(user_id) & 1 == 1

    def __iter__(self) -> Iterator[int]:
        index = self._index
        yield from (int(u) for u in index.users[(index.states & 1) == 1])
        yield from (u for u, state in index.added.items() if state & 1)

    def __len__(self) -> int:
        index = self._index
        return int(np.count_nonzero(index.states & 1)) + sum(state & 1 for state in index.added.values())


class ReminderIndex:
    """Who is due when (see the module's notes)."""

    def __init__(self, folder: Path, clock: Clock, read_person: ReadPerson) -> None:
        self.folder = folder
        self.clock = clock
        self.read_person = read_person
        self.people = folder.with_name("people")
        # Everyone indexed when the shards were read, in order, and their state: version << 1 | has
        # a plan (version 0: as read); people indexed since in ``added``, moved in now and then.
        self.users: Users = np.empty(0, np.int64)
        self.states = np.empty(0, np.uint32)
        self.added: dict[int, int] = {}
        self._read = np.empty(0, RECORD)  # the records read, until they are planned
        self._buckets: dict[int, _Bucket] = {}
        self._late: Users = np.empty(0, np.int64)  # people to plan again, earliest first
        self._late_next = 0

    @property
    def entries(self) -> Set[int]:
        """The people with a plan (paused ones too)."""
        return _Indexed(self)

    def shard_path(self, shard: int) -> Path:
        return self.folder / _shard_name(shard)

    # start-up

    def load(self, people: Path) -> None:
        """Read the shards; with none yet, build them (from the index of JSON shards the store
        kept before, or from the people)."""
        self.people = people
        old = self.folder.with_name("reminders")
        if not self.folder.exists():
            self._build(old)
        if old.exists():  # moved over: the build was complete
            migration.drop_json_index(old)
        self._read = self._read_all()
        users = self._read["user"]
        first = np.ones(len(users), bool)
        first[1:] = users[1:] != users[:-1]
        self.users = np.sort(users[first], kind="stable")  # runs of sorted shards: merged
        self.states = np.ones(len(self.users), np.uint32)
        self.added = {}
        self._buckets = {}

    def _read_all(self) -> npt.NDArray[np.void]:
        """Every shard's records, read into one array (by shard, each by user); a damaged shard's
        built again and put last."""
        counts = [_records_in(self.shard_path(shard)) for shard in range(SHARDS)]
        records = np.empty(sum(counts), RECORD)
        damaged = np.zeros(len(records), bool)
        rebuilt = []
        for shard, stop, count in zip(range(SHARDS), itertools.accumulate(counts), counts, strict=True):
            try:
                read_shard(self.shard_path(shard), shard, records[stop - count : stop])
            except _Unreadable:
                damaged[stop - count : stop] = True
                rebuilt.append(self._rebuild(shard))
        return np.concatenate([records[~damaged], *rebuilt]) if rebuilt else records

    def _rebuild(self, shard: int) -> npt.NDArray[np.void]:
        """A damaged shard set aside and built again from the person files it indexes."""
        path = self.shard_path(shard)
        log.warning("%s could not be read: set aside, and built again from the people it indexes", path.name)
        set_aside(path)
        records = self._from_people(lambda uid: uid % SHARDS == shard)
        write_shard(path, records)
        return records

    def _build(self, old: Path) -> None:
        now = self.clock.now()
        if old.exists():
            entries, damaged = migration.json_index(old)
            rows = [planned_records(uid, entry, now) for uid, entry in entries.items()]
            rows.append(self._from_people(lambda uid: uid % migration.JSON_SHARDS in damaged))
        else:
            rows = [self._from_people(lambda _: True)]
        temporary = self.folder.with_name(f".{self.folder.name}.building")
        shutil.rmtree(temporary, ignore_errors=True)
        temporary.mkdir(mode=DIR_MODE)
        write_shards(temporary, np.concatenate(rows))
        os.replace(temporary, self.folder)
        sync_folder(self.folder.parent)

    def _from_people(self, wanted: Callable[[int], bool]) -> npt.NDArray[np.void]:
        """The records of the people ``wanted`` (by user id), from their person files; a damaged
        one is skipped, said in the log."""
        now = self.clock.now()
        rows = []
        for folder in self.people.iterdir() if self.people.exists() else ():
            if folder.name.isdigit() and wanted(int(folder.name)):
                try:
                    person = self.read_person(folder)
                except Damaged as error:
                    log.warning("%s could not be read: no reminder for them until it is set aside", error.where)
                    continue
                rows.append(planned_records(int(folder.name), index_entry(person), now))
        return _by_user(np.concatenate(rows)) if rows else np.empty(0, RECORD)

    def plan_all(self, now: datetime) -> None:
        """Put what was read in its minutes: due from ``now`` on as written; a person with a
        check-in whose minute has passed waits to be planned again (:meth:`late`)."""
        records, self._read = self._read, np.empty(0, RECORD)
        if not len(records):
            return
        users, minutes = records["user"], records["minute"]
        starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])  # each person's first record
        planned_now = records["kind"] != NOTHING
        missed = planned_now & (minutes < minute_of(now))
        keep = planned_now
        if missed.any():
            late = np.logical_or.reduceat(missed, starts)
            earliest = np.minimum.reduceat(np.where(missed, minutes, np.iinfo(np.int32).max), starts)
            self._late = users[starts][late][np.argsort(earliest[late], kind="stable")]
            keep = planned_now & ~np.repeat(late, np.diff(np.r_[starts, len(users)]))
        self._fill(records, keep)
        del records, users, minutes, starts, planned_now, missed, keep
        give_back_memory()

    def _fill(self, records: npt.NDArray[np.void], keep: npt.NDArray[np.bool_]) -> None:
        """Bucket the records to ``keep`` by minute (minutes a few days apart: a radix sort)."""
        kept = int(np.count_nonzero(keep))
        if not kept:
            return
        minutes = records["minute"]
        first = int(minutes[keep].min())
        beyond = int(minutes[keep].max()) - first + 1  # where the others go: after every minute kept
        offsets = minutes - first
        offsets[~keep] = beyond
        offsets = offsets.astype(np.uint16) if beyond < 2**16 else offsets
        order = np.argsort(offsets, kind="stable")[:kept]
        users, days, kinds = (np.take(records[name], order) for name in ("user", "day", "kind"))
        offsets = np.take(offsets, order)
        del order
        versions = np.broadcast_to(np.uint32(0), users.shape)  # as read
        bounds = [0, *(np.flatnonzero(offsets[1:] != offsets[:-1]) + 1).tolist(), kept]
        for start, stop in itertools.pairwise(bounds):
            span = slice(start, stop)
            self._buckets[first + int(offsets[start])] = _Bucket(users[span], versions[span], days[span], kinds[span])

    def late(self, limit: int) -> list[int]:
        """Up to ``limit`` people with a check-in due while the bot was down who have not been
        planned again since; each stays here until :meth:`catch_up` (or a change) plans them."""
        while self._late_next < len(self._late) and self.state(int(self._late[self._late_next])) >> 1:
            self._late_next += 1
        if self._late_next == len(self._late):
            self._late, self._late_next = np.empty(0, np.int64), 0
        found: list[int] = []
        for user_id in self._late[self._late_next :].tolist() if limit else ():
            if self.state(user_id) >> 1 == 0:  # as read
                found.append(user_id)
                if len(found) == limit:
                    break
        return found

    def catch_up(self, user_id: int, entry: Entry | None, now: datetime) -> None:
        """Plan a late person from their person file as start-up plans (one missed earlier today
        due now), unless a change planned them meanwhile."""
        if self.state(user_id) >> 1 == 0:
            self.apply(user_id, entry, now, catch_up=True)

    # changes

    def write(self, user_id: int, entry: Entry | None) -> None:
        """Write the person's records, synced (in a thread; :meth:`apply` runs on the loop)."""
        self.write_many([(user_id, entry)])

    def write_many(self, items: Iterable[tuple[int, Entry | None]], *, durable: bool = True) -> None:
        """Write these people's records, each shard once, planned from the clock now (in a thread;
        one writer per shard at a time). Only the shards on disk are read and written, nothing
        held in memory, so :meth:`apply` and :meth:`due` may run on the loop meanwhile."""
        now = self.clock.now()
        by_shard: dict[int, dict[int, Entry | None]] = {}
        for user_id, entry in items:
            by_shard.setdefault(user_id % SHARDS, {})[user_id] = entry
        for shard, changed in by_shard.items():
            path = self.shard_path(shard)
            try:
                kept = read_shard(path, shard)
            except _Unreadable:
                kept = self._rebuild(shard)
            kept = kept[~np.isin(kept["user"], list(changed))]
            written = [planned_records(user_id, entry, now) for user_id, entry in changed.items()]
            write_shard(path, _by_user(np.concatenate([kept, *written])), durable=durable)

    def apply(self, user_id: int, entry: Entry | None, now: datetime, *, catch_up: bool = False) -> None:
        """Plan the person's check-ins from ``now`` (and snoozes) in place of what was planned."""
        version = (self.state(user_id) >> 1) + 1
        self._set_state(user_id, version << 1 | (entry is not None))
        for when, due in planned(user_id, entry, now, catch_up=catch_up):
            minute = minute_of(when)
            bucket = self._buckets.get(minute)
            if bucket is None:
                bucket = self._buckets[minute] = _Bucket.empty()
            bucket.add(user_id, version, due.day.toordinal(), due.dose * 2 + due.snoozed)

    def state(self, user_id: int) -> int:
        at = int(np.searchsorted(self.users, user_id))
        if at < len(self.users) and self.users[at] == user_id:
            return int(self.states[at])
        return self.added.get(user_id, 0)

    def _set_state(self, user_id: int, state: int) -> None:
        at = int(np.searchsorted(self.users, user_id))
        if at < len(self.users) and self.users[at] == user_id:
            self.states[at] = state
            return
        self.added[user_id] = state
        if len(self.added) > 4096 + len(self.users) // 8:  # moved in, a few times as the index doubles
            new = np.array(sorted(self.added), np.int64)
            where = np.searchsorted(self.users, new)
            self.users = np.insert(self.users, where, new)
            self.states = np.insert(self.states, where, np.array([self.added[u] for u in new.tolist()], np.uint32))
            self.added = {}

    def versions(self, users: Users) -> Versions:
        """Each user's version (-1: not indexed)."""
        out = np.full(len(users), -1, np.int64)
        found = np.zeros(len(users), bool)
        if len(self.users):
            at = np.minimum(np.searchsorted(self.users, users), len(self.users) - 1)
            found = self.users[at] == users
            out[found] = self.states[at[found]] >> 1
        if self.added:
            for i in np.flatnonzero(~found).tolist():
                out[i] = self.added.get(int(users[i]), -2) >> 1
        return out

    # who is due

    def due(self, now: datetime, limit: int) -> list[Due]:
        """Up to ``limit`` of what is due at or before ``now``, earliest first, taken out of the index
        (handed out once)."""
        minute = minute_of(now)
        found: list[Due] = []
        for bucket_minute in sorted(m for m in self._buckets if m <= minute):
            bucket = self._buckets[bucket_minute]
            found += bucket.take(limit - len(found), self.versions)
            if bucket.done:
                del self._buckets[bucket_minute]
            if len(found) == limit:
                break
        return found

    def by_minute(self) -> dict[int, int]:
        """How many check-ins are planned in each minute."""
        counted = {minute: bucket.live(self.versions) for minute, bucket in self._buckets.items()}
        return {minute: count for minute, count in counted.items() if count}

    def pending(self) -> int:
        """Check-ins planned, and people still to be planned again after the bot was down."""
        return sum(self.by_minute().values()) + len(self.late(len(self._late)))
