"""SIGKILL a process in the middle of writes, many times: the store always opens, and every
write acknowledged before the kill is there."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.store.interface import Person
from bot.store.tinydb_store import TinyDBStore
from camag_core.daily import CheckIn, Status
from tests.bot.conftest import FakeClock
from tests.conftest import REPO

NOW = datetime(2026, 1, 1, tzinfo=UTC)
WRITER = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import UTC, date, datetime, time, timedelta
    from pathlib import Path
    from bot.clock import SystemClock
    from bot.store.interface import Person
    from bot.store.tinydb_store import TinyDBStore
    from camag_core.daily import CheckIn
    from camag_core.schedule import Plan

    async def main(data, start):
        store = TinyDBStore(data, SystemClock())
        await store.open(datetime.now(UTC))
        now = datetime(2026, 1, 1, tzinfo=UTC)
        print("ready", flush=True)
        for i in range(start, start + 100_000):
            async with store.person(7) as session:
                session.person = session.person or Person(user_id=7, chat_id=7, created_at=now, updated_at=now)
                session.record_checkin(CheckIn(day=date(2020, 1, 1) + timedelta(days=i), status="all", at=now))
            async with store.person(1000 + i) as session:
                session.person = Person(user_id=1000 + i, chat_id=1, created_at=now, updated_at=now, zone="UTC")
                session.person.reminder = Plan.daily(time(i % 24, 0))
            print(i, flush=True)

    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2])))
    """
)


def run_until_killed(data: Path, start: int, rng: random.Random) -> int:
    """Start a writer, let it acknowledge a random few writes, then kill it with SIGKILL a random
    moment later (mostly in the middle of the next write); the last acknowledged index. Counting
    acknowledgements rather than time keeps the writers writing on a slow, busy machine."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data), str(start)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    last = start - 1
    for _ in range(rng.randint(3, 8)):
        line = child.stdout.readline()
        assert line.strip().isdigit(), line
        last = int(line)
    time.sleep(rng.uniform(0, 0.01))
    child.send_signal(signal.SIGKILL)
    child.wait()
    for line in child.stdout:  # acknowledged before the kill landed
        if line.strip().isdigit():
            last = int(line)
    return last


async def test_killed_writers_never_leave_an_unreadable_store_or_lose_an_acknowledged_write(tmp_path: Path):
    rng = random.Random(20261121)
    data = tmp_path / "data"
    acknowledged = -1
    for _ in range(10):
        acknowledged = max(acknowledged, run_until_killed(data, acknowledged + 1, rng))
        store = TinyDBStore(data, FakeClock(NOW))
        await store.open(NOW)  # opens and parses after every kill
        async with store.person(7) as session:
            days = {c.day for c in await session.checkins(date(2020, 1, 1), date(2100, 1, 1))}
        wanted = {date(2020, 1, 1) + timedelta(days=i) for i in range(acknowledged + 1)}
        assert wanted <= days
        assert {1000 + i for i in range(acknowledged + 1)} <= set(store.index.entries)
        await store.close()  # the folder is let go for the next writer
    assert acknowledged > 20  # the writers really did write
    (data / ".layout.json.999.tmp").write_text("{torn")  # what a kill before the rename leaves
    await TinyDBStore(data, FakeClock(NOW)).open(NOW)
    assert not list(data.glob(".*.tmp"))


async def test_a_check_in_costs_the_same_however_long_the_history(tmp_path: Path):
    """A tap rewrites the person's record and one month of check-ins, never the whole history."""
    store = TinyDBStore(tmp_path, FakeClock(NOW))
    await store.open(NOW)
    async with store.person(7) as session:
        session.person = Person(user_id=7, chat_id=7, created_at=NOW, updated_at=NOW)
        for i in range(400):
            session.record_checkin(CheckIn(day=date(2025, 1, 1) + timedelta(days=i), status=Status.ALL, at=NOW))
    await store.checkpoint()
    older = tmp_path / "people" / "7" / "checkins-2025-01.json"
    before = older.stat()
    async with store.person(7) as session:
        session.record_checkin(CheckIn(day=date(2026, 2, 4), status=Status.NONE, at=NOW))
    await store.checkpoint()
    after = older.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten
    month = json.loads((tmp_path / "people" / "7" / "checkins-2026-02.json").read_text())["checkins"]
    assert len(month) == 4  # 1 to 4 February, the 4th replaced
    assert month["4"]["status"] == "none"
