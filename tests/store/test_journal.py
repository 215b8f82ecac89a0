"""The embedded store's journal: a commit is one line and one sync, shared by the commits waiting
with it; the people's files follow at a checkpoint; a start after a crash reads the journal back
(a torn last line left out); an erase leaves no line of the person in any journal."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import shutil
import threading
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import pytest

from bot.store import journal as journal_module
from bot.store import tinydb_store
from bot.store.due_index import read_shard
from bot.store.interface import Damaged, Person
from bot.store.journal import end_line, journal_numbers, journal_path, unit_line
from bot.store.migration import NewerLayout
from bot.store.tinydb_store import LAYOUT_VERSION, TinyDBStore
from camag_core.daily import CheckIn, Status
from camag_core.schedule import Plan
from tests.bot.conftest import FakeClock

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
FIRST = date(2026, 1, 1)


async def opened(root: Path) -> TinyDBStore:
    store = TinyDBStore(root, FakeClock(NOW))
    await store.open(NOW)
    return store


async def commit(store: TinyDBStore, user_id: int, day: int = 0, zone: str = "Europe/Berlin") -> None:
    """The person (made if new, with a reminder in ``zone``) and a check-in on ``FIRST`` + ``day``."""
    async with store.person(user_id) as session:
        if session.person is None:
            session.person = Person(user_id=user_id, chat_id=user_id, created_at=NOW, updated_at=NOW, zone=zone)
            session.person.reminder = Plan.daily(clock_time(21, 0))
        session.person.note_applied(1000 + day)
        session.record_checkin(CheckIn(day=FIRST + timedelta(days=day), status=Status.ALL, at=NOW))


async def days_of(store: TinyDBStore, user_id: int) -> list[int]:
    async with store.person(user_id) as session:
        return [(c.day - FIRST).days for c in await session.checkins(FIRST, FIRST + timedelta(days=999))]


def indexed(root: Path, shard: int) -> set[int]:
    """The people with records in a shard of the reminder index on the disk."""
    return set(read_shard(root / "due" / f"{shard:04d}.bin", shard)["user"].tolist())


def journals(root: Path) -> bytes:
    return b"".join(journal_path(root, n).read_bytes() for n in journal_numbers(root))


def counted(monkeypatch: pytest.MonkeyPatch, delay: float = 0.0) -> list[str]:
    """Every fsync and fdatasync from now on, by name (each ``fdatasync`` taking ``delay`` more)."""
    synced: list[str] = []
    fsync, fdatasync = os.fsync, os.fdatasync

    def slow_fdatasync(fd: int) -> None:
        synced.append("fdatasync")
        time.sleep(delay)
        fdatasync(fd)

    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append("fsync"), fsync(fd)))
    monkeypatch.setattr(os, "fdatasync", slow_fdatasync)
    return synced


async def test_a_commit_is_one_line_and_one_sync_and_its_files_follow_at_a_checkpoint(tmp_path, monkeypatch):
    store = await opened(tmp_path)
    synced = counted(monkeypatch)
    await commit(store, 1)
    assert synced == ["fdatasync"]
    assert not (tmp_path / "people" / "1" / "person.json").exists()
    assert b'"u":1,' in journals(tmp_path)
    assert await days_of(store, 1) == [0]  # read back from the journal's state
    await store.checkpoint()
    person = json.loads((tmp_path / "people" / "1" / "person.json").read_text())["person"]["1"]
    assert person["recent_updates"] == [1000]
    assert indexed(tmp_path, 1) == {1}  # the index's records, written with the person's files
    assert journals(tmp_path) == b""  # nothing left in the journal
    await store.close()


async def test_a_commit_returns_only_once_its_line_is_synced(tmp_path, monkeypatch):
    store = await opened(tmp_path)
    synced, real = threading.Event(), os.fdatasync
    monkeypatch.setattr(os, "fdatasync", lambda fd: (synced.wait(10), real(fd)))
    committing = asyncio.create_task(commit(store, 1))
    await asyncio.sleep(0.2)
    assert not committing.done()  # written, not yet on the disk: not acknowledged
    synced.set()
    await committing
    await store.close()


async def test_commits_at_the_same_time_share_a_sync(tmp_path, monkeypatch):
    store = await opened(tmp_path)
    synced = counted(monkeypatch, delay=0.05)  # while one sync runs, the others queue behind it
    await asyncio.gather(*(commit(store, user_id) for user_id in range(1, 21)))
    assert 1 <= synced.count("fdatasync") <= 3
    assert "fsync" not in synced
    await store.close()


async def test_a_start_after_a_crash_reads_the_journal_back_and_leaves_a_torn_line_out(tmp_path):
    crashed = await opened(tmp_path)  # never closed: as if killed
    for day in range(5):
        await commit(crashed, 1, day)
    await commit(crashed, 2)
    with journal_path(tmp_path, 1).open("ab") as torn:
        torn.write(b'0badc0de {"u":1,"p":{"user_')  # a line a kill cut short, never acknowledged
    store = await opened(tmp_path)
    assert await days_of(store, 1) == [0, 1, 2, 3, 4]
    assert await days_of(store, 2) == [0]
    assert set(store.index.entries) == {1, 2}
    assert (indexed(tmp_path, 1), indexed(tmp_path, 2)) == ({1}, {2})  # the index's records, from the journal
    assert journal_numbers(tmp_path) == [3]  # the older ones written home and dropped
    assert (tmp_path / "people" / "1" / "checkins-2026-01.json").exists()
    await store.close()
    assert journal_numbers(tmp_path) == []  # closed: everyone at home in their files


async def test_a_damaged_line_ends_the_reading_of_its_journal(tmp_path):
    crashed = await opened(tmp_path)
    await commit(crashed, 1, 0)
    lines = journal_path(tmp_path, 1).read_bytes()
    journal_path(tmp_path, 1).write_bytes(lines.replace(b'"u":1,', b'"u":9,', 1))  # its checksum no longer holds
    store = await opened(tmp_path)
    assert await days_of(store, 1) == []
    assert await days_of(store, 9) == []
    await store.close()


async def test_an_erase_leaves_no_line_of_the_person_in_any_journal(tmp_path):
    store = await opened(tmp_path)
    await commit(store, 501, zone="Asia/Tokyo")
    await commit(store, 502)
    await store.checkpoint()
    assert indexed(tmp_path, 501) == {501}
    others = [asyncio.create_task(commit(store, 502, day)) for day in range(1, 30)]  # committing meanwhile
    await asyncio.sleep(0)
    await store.erase(501)
    await asyncio.gather(*others)
    assert b'"u":501' not in journals(tmp_path)  # the id as a value: a line's checksum may hold any digits
    assert b'"user_id":501' not in journals(tmp_path)
    assert b"Tokyo" not in journals(tmp_path)
    assert not (tmp_path / "people" / "501").exists()
    assert indexed(tmp_path, 501) == set()  # the index on the disk too
    again = await opened(tmp_path)  # a crash now: every acknowledged commit of the others is kept
    assert await days_of(again, 502) == list(range(30))
    async with again.person(501) as session:
        assert session.person is None
    await again.close()


async def test_an_erase_cut_short_by_a_crash_is_finished_at_the_next_start(tmp_path):
    crashed = await opened(tmp_path)
    await commit(crashed, 501)
    await crashed.checkpoint()  # their files at home
    await commit(crashed, 501, 1)
    await commit(crashed, 502)
    with journal_path(tmp_path, journal_numbers(tmp_path)[-1]).open("ab") as journal:
        journal.write(end_line(501, "erase"))  # synced, then killed before the files went
    store = await opened(tmp_path)
    assert not (tmp_path / "people" / "501").exists()
    assert 501 not in store.index.entries
    assert await days_of(store, 502) == [0]
    await store.close()


async def test_a_person_whose_files_cant_be_written_stays_in_the_journal_and_the_others_go_home(tmp_path, monkeypatch):
    store = await opened(tmp_path)
    await commit(store, 1)
    await commit(store, 2)
    real = tinydb_store.write_atomically

    def write(path: Path, text: str, **kwargs: bool) -> None:
        if path.parent.name == "1":
            raise PermissionError(errno.EACCES, "Permission denied")
        real(path, text, **kwargs)

    monkeypatch.setattr(tinydb_store, "write_atomically", write)
    await store.checkpoint()
    assert (tmp_path / "people" / "2" / "person.json").exists()
    with pytest.raises(Damaged) as damaged:
        async with store.person(1):
            pass
    assert damaged.value.unwritable
    assert b'"u":1,' in journals(tmp_path)  # copied into the new journal
    monkeypatch.setattr(tinydb_store, "write_atomically", real)  # fixed by whoever runs the bot
    again = await opened(tmp_path)
    assert await days_of(again, 1) == [0]
    assert (tmp_path / "people" / "1" / "person.json").exists()
    await again.close()


async def test_a_failed_write_to_the_journal_is_cut_off_and_the_next_commit_follows_it_whole(tmp_path, monkeypatch):
    store = await opened(tmp_path)
    await commit(store, 1, 0)
    real = journal_module.write_all

    def full(fd: int, data: bytes) -> None:
        os.write(fd, data[:10])  # as far as the disk had room for
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_module, "write_all", full)
    with pytest.raises(tinydb_store.StoreUnavailable):
        await commit(store, 1, 1)
    monkeypatch.setattr(journal_module, "write_all", real)
    await commit(store, 1, 2)
    again = await opened(tmp_path)  # a crash: read back from the journal
    assert await days_of(again, 1) == [0, 2]
    await again.close()


def json_index(root: Path, plans: dict[int, Plan]) -> None:
    """The reminder index as layouts 2 and 3 kept it, in place of the current one: 64 JSON shards,
    by user id % 64."""
    shutil.rmtree(root / "due")
    (root / "reminders").mkdir()
    for user_id, plan in plans.items():
        entry = {"zone": "Europe/Berlin", "plan": plan.model_dump(mode="json")}
        (root / "reminders" / f"{user_id % 64:02d}.json").write_text(json.dumps({str(user_id): entry}))


@pytest.mark.parametrize("version", [2, 3])
async def test_a_folder_of_layout_2_or_3_with_the_json_index_is_brought_to_the_current_layout(tmp_path, version):
    store = await opened(tmp_path)
    for user_id in (1, 2):
        await commit(store, user_id)  # a check-in at 21:00 in Berlin: 20:00 UTC
    await store.close()
    json_index(tmp_path, {1: Plan.daily(clock_time(21, 0)), 2: Plan.daily(clock_time(21, 0))})
    (tmp_path / "layout.json").write_text(json.dumps({"version": version}))
    if version == 3:  # stopped by a crash: the journal holds more than the JSON index
        later = Person(user_id=2, chat_id=2, created_at=NOW, updated_at=NOW, zone="Europe/Berlin")
        later.reminder = Plan.daily(clock_time(22, 0))
        journal_path(tmp_path, 1).write_bytes(unit_line(2, later.model_dump_json(), [], {}))
    store = await opened(tmp_path)
    assert json.loads((tmp_path / "layout.json").read_text()) == {"version": LAYOUT_VERSION}
    assert not (tmp_path / "reminders").exists()
    assert await days_of(store, 1) == [0]
    await store.close()
    assert journal_numbers(tmp_path) == []
    assert (indexed(tmp_path, 1), indexed(tmp_path, 2)) == ({1}, {2})
    store = await opened(tmp_path)  # read from the index it was moved to
    evening = [d.user_id for d in await store.due(NOW.replace(hour=20))]
    assert evening == ([1] if version == 3 else [1, 2])
    assert [d.user_id for d in await store.due(NOW.replace(hour=21))] == ([2] if version == 3 else [])
    await store.close()


async def test_a_folder_of_a_newer_layout_is_refused(tmp_path):
    await (await opened(tmp_path)).close()
    (tmp_path / "layout.json").write_text(json.dumps({"version": LAYOUT_VERSION + 1}))
    with pytest.raises(NewerLayout):
        await opened(tmp_path)
