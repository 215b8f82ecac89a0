"""SIGKILL a process in the middle of writes, many times: the store always opens, and every
write acknowledged before the kill is there."""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.reminders import ReminderBook
from bot.store import Store
from tests.conftest import REPO

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, date, datetime, time, timedelta
    from pathlib import Path
    from bot.reminders import ReminderBook
    from bot.store import CheckIn, Store

    data, start = Path(sys.argv[1]), int(sys.argv[2])
    store = Store(data)
    book = ReminderBook(data / "reminders.jsonl")
    book.load(datetime(2026, 1, 1, tzinfo=UTC))
    print("ready", flush=True)
    for i in range(start, start + 100_000):
        now = datetime(2026, 1, 1, tzinfo=UTC)
        store.record_checkin(7, CheckIn(day=date(2020, 1, 1) + timedelta(days=i), status="all", at=now))
        book.set(1000 + i, 1000 + i, time(i % 24, 0), "UTC", now)
        print(i, flush=True)
    """
)


def run_until_killed(data: Path, start: int, rng: random.Random) -> int:
    """Start a writer, kill it with SIGKILL after a random moment; the last acknowledged index."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data), str(start)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + rng.uniform(0.02, 0.25)
    last = start - 1
    while time.monotonic() < deadline:
        if select.select([child.stdout], [], [], 0.005)[0]:
            line = child.stdout.readline()
            if line.strip().isdigit():
                last = int(line)
    child.send_signal(signal.SIGKILL)
    child.wait()
    return last


def test_killed_writers_never_leave_an_unreadable_store_or_lose_an_acknowledged_write(tmp_path: Path):
    rng = random.Random(20261121)
    data = tmp_path / "data"
    acknowledged = -1
    for _ in range(10):
        acknowledged = max(acknowledged, run_until_killed(data, acknowledged + 1, rng))
        days = {c.day for c in Store(data).checkins(7)}  # opens and parses after every kill
        wanted = {date(2020, 1, 1) + timedelta(days=i) for i in range(acknowledged + 1)}
        assert wanted <= days
        book = ReminderBook(data / "reminders.jsonl")
        book.load(datetime(2026, 1, 1, tzinfo=UTC))
        assert {1000 + i for i in range(acknowledged + 1)} <= set(book.reminders)
        book.close()
    assert acknowledged > 20  # the writers really did write
    (data / "users" / ".7.json.999.tmp").write_text("{torn")  # what a kill before the rename leaves
    Store(data)
    assert not list(data.rglob(".*.tmp"))


def test_records_wait_for_the_disk_and_interview_drafts_do_not(tmp_path: Path, monkeypatch):
    from bot import store as store_module
    from bot.store import InterviewRecord, Profile

    synced: list[int] = []
    monkeypatch.setattr(store_module.os, "fsync", synced.append)
    store, now = Store(tmp_path), datetime(2026, 1, 1, tzinfo=UTC)
    store.save_interview(7, InterviewRecord(draft={"age": 40}, started_at=now, updated_at=now))
    assert synced == []
    saved = store.interview(7)
    assert saved is not None
    assert saved.draft == {"age": 40}
    store.save_profile(Profile(user_id=7, chat_id=7, created_at=now, updated_at=now))
    assert synced  # the file, then its directory, for each write


def test_saving_an_answer_leaves_the_persons_records_file_alone(tmp_path: Path):
    from bot.store import AssessmentRecord, InterviewRecord, Profile
    from camag_core import Answers, assess

    store, now = Store(tmp_path), datetime(2026, 1, 1, tzinfo=UTC)
    store.save_profile(Profile(user_id=7, chat_id=7, created_at=now, updated_at=now))
    answers = Answers.model_validate_json((REPO / "examples" / "balanced_woman.json").read_text())
    for _ in range(20):  # a long history
        store.add_assessment(7, AssessmentRecord(at=now, answers=answers, result=assess(answers)))
    before = store.path(7).stat()
    for age in range(30, 40):
        store.save_interview(7, InterviewRecord(draft={"age": age}, started_at=now, updated_at=now))
    after = store.path(7).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten
    saved = store.interview(7)
    assert saved is not None
    assert saved.draft == {"age": 39}
    store.clear_interview(7)
    assert store.interview(7) is None
    assert len(store.assessments(7)) == 20
