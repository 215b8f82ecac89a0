"""A durable commit on the embedded store: its CPU and its disk syncs, against SQLite's.

    python -m benchmarks.commit [--commits 2000] [--at-once 8] [--rounds 5] [--people 200]

Each unit of work changes one of ``--people`` people's record (what every update does: the
update's id, the flow and draft) and, one time in three, records a check-in; ``--at-once`` people
commit at the same time, as a busy bot's updates do. With few people most units of work find the
person in the journal's state in memory; with many (more than a checkpoint's worth of commits,
about 3,000) most read the person's file, as a bot whose people answer now and then does. The
same changes go through the TinyDB store (its units of work, its journal's writer thread) and
through the fair durable baseline's SQLite (WAL, synchronous=FULL, one transaction per update in
a thread, the same record sizes), taking turns round by round. Printed:
CPU per commit (the whole process, all threads: reading the person, the unit of work's own Python
and the store's checkpoints, in the rounds they fall in), of which the kernel's, and disk syncs per
commit (fsync, fdatasync and the checkpoints' syncfs, made from Python: SQLite's own are not
counted), medians, min-max and means over the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.baseline import load
from benchmarks.replay_bot import Durable
from benchmarks.store import NOW, populate, sample_record
from bot.store import files
from bot.store.tinydb_store import TinyDBStore
from camag_core.daily import CheckIn, Status
from tests.bot.conftest import FakeClock


@contextmanager
def counted_syncs() -> Iterator[list[int]]:
    """Every fsync, fdatasync and syncfs (the store's checkpoints) of the process while inside, counted."""
    count = [0]
    real = os.fsync, os.fdatasync, files.sync_filesystem

    def fsync(fd: Any) -> None:
        count[0] += 1
        real[0](fd)

    def fdatasync(fd: Any) -> None:
        count[0] += 1
        real[1](fd)

    def sync_filesystem(folder: Path) -> None:
        count[0] += 1
        real[2](folder)

    os.fsync, os.fdatasync, files.sync_filesystem = fsync, fdatasync, sync_filesystem
    try:
        yield count
    finally:
        os.fsync, os.fdatasync, files.sync_filesystem = real


async def measure(
    commit: Callable[[int, int], Awaitable[None]], commits: int, at_once: int, people: int
) -> tuple[float, float, float, float]:
    """(CPU ms, of which the kernel's, syncs, wall ms) per commit."""
    numbers = iter(range(commits))

    async def worker() -> None:
        for n in numbers:
            await commit(n % people + 1, n)

    with counted_syncs() as syncs:
        before, began = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(at_once)))
        after, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - began
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return 1000 * (user + system) / commits, 1000 * system / commits, syncs[0] / commits, 1000 * wall / commits


async def tinydb(root: Path, people: int) -> Callable[[int, int], Awaitable[None]]:
    populate(root, people, sample_record())
    store = TinyDBStore(root, FakeClock(NOW))
    await store.open(NOW)

    async def commit(uid: int, n: int) -> None:
        async with store.person(uid) as session:
            assert session.person is not None
            session.person.note_applied(n)
            if n % 3 == 0:
                day = date(2027, 1, 1) + timedelta(days=n % 365)
                session.record_checkin(CheckIn(day=day, status=Status.ALL, at=NOW))

    return commit


def sqlite(root: Path) -> Callable[[int, int], Awaitable[None]]:
    """The fair durable baseline's database, its records the size of the TinyDB store's (beside it)."""
    root.mkdir(parents=True)
    person = json.loads((root.parent / "tinydb" / "people" / "1" / "person.json").read_text())["person"]["1"]
    records = {"person": json.dumps(person), "assessment": sample_record().model_dump_json()}
    durable = Durable(root / "people.sqlite", records)

    async def commit(uid: int, n: int) -> None:
        await asyncio.to_thread(durable.commit, uid, n % 3 == 0)

    return commit


async def run(
    commits: int, at_once: int, rounds: int, people: int
) -> dict[str, list[tuple[float, float, float, float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        sides = {"TinyDB store": await tinydb(Path(tmp) / "tinydb", people)}
        sides["SQLite (fair durable baseline)"] = sqlite(Path(tmp) / "sqlite")
        for commit in sides.values():  # warm-up
            await measure(commit, commits // 10, at_once, people)
        found: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in sides}
        for number in range(rounds):
            for name in list(sides)[number % 2 :] + list(sides)[: number % 2]:
                found[name].append(await measure(sides[name], commits, at_once, people))
        return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--at-once", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    found = asyncio.run(run(args.commits, args.at_once, args.rounds, args.people))
    print(
        f"{args.commits:,} commits a round over {args.people:,} people, {args.at_once} at once, "
        f"{args.rounds} rounds; {load()}"
    )
    for name, rounds in found.items():
        cpu, system, syncs, wall = ([r[i] for r in rounds] for i in range(4))
        print(
            f"{name:32s} CPU per commit {statistics.median(cpu):.3f} ms ({min(cpu):.3f}-{max(cpu):.3f}, "
            f"mean {statistics.mean(cpu):.3f}; kernel {statistics.median(system):.3f}), disk syncs per commit "
            f"{statistics.median(syncs):.2f} ({min(syncs):.2f}-{max(syncs):.2f}, mean {statistics.mean(syncs):.2f}), "
            f"{1000 / statistics.median(wall):,.0f} commits/s"
        )


if __name__ == "__main__":
    main()
