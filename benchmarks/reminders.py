"""Reminders at scale: 100k people with three doses a day each (300,000 reminders a day).

    python -m benchmarks.reminders [--users 100000] [--doses 3] [--burst 10000] [--throttled 10000]
                                   [--index-only]

Prints: memory added and time to open the store (its reminder index read, what is due from now
on put in its minutes), and who is due at the busiest minute, 500 at a time; with
``--index-only``, only what start-up reads is written (the index, no person folders: a million
of those would not fit this machine's disk), and the real bot process is also started on such a
folder as a bot running until a moment ago leaves it (each check-in due earlier that day sent),
three times, taking turns with a bot of nobody: seconds until it polls, its memory then and at
its peak.
Without it, the same store (people's folders written) is also opened a day later, everyone's
check-ins due while it was down: how fast the people are planned again from their person files.
Then the time to dispatch ``--burst`` check-ins due in the same minute through the real
Application and a fake Bot API (no network), with the rate limiter off, and ``--throttled`` of
them with it on (Telegram's 30 messages a second; 10,000 take about 5.5 minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import statistics
import tempfile
import time as timer
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from benchmarks.memory import started
from benchmarks.store import populate, populate_index, sample_record
from bot.app import build_application
from bot.settings import Settings
from bot.store.due_index import give_back_memory
from bot.store.interface import DUE_BATCH
from bot.store.tinydb_store import TinyDBStore
from bot.throttle import BULK_BURST, BULK_PER_SECOND, TokenBucket
from camag_core.schedule import EPOCH
from tests.bot.conftest import FakeClock
from tests.bot.fake_telegram import TOKEN, FakeTelegram

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def restore(users: int, folder: Path, doses: int, *, index_only: bool = False) -> dict[str, float]:
    """Open the store with ``users`` people with reminders (with ``index_only``, only what start-up
    reads: the reminder index); then ask who is due at the busiest minute, 500 at a time, as the
    dispatcher does, five times."""
    if index_only:
        populate_index(folder, users, doses)
    else:
        populate(folder, users, sample_record(), checkins=0, doses=doses)
    gc.collect()
    give_back_memory()  # what writing the population left behind, as start-up gives back its own
    before = rss_mb()
    store = TinyDBStore(folder, FakeClock(NOW))

    async def opened() -> float:  # the store's journal belongs to the loop it was opened on
        start = timer.perf_counter()
        await store.open(NOW)
        elapsed = timer.perf_counter() - start
        await store.close()
        return elapsed

    elapsed = asyncio.run(opened())
    gc.collect()
    added = rss_mb() - before
    assert len(store.index.entries) == users
    planned = store.index.pending()
    by_minute = store.index.by_minute()
    busiest = max(by_minute, key=by_minute.__getitem__)
    crowd = by_minute[busiest]
    at = EPOCH + timedelta(minutes=busiest)
    lookups = []
    for _ in range(5):
        began = timer.perf_counter()
        store.index.due(at, DUE_BATCH)
        lookups.append(timer.perf_counter() - began)
    return {"restore_s": elapsed, "memory_added_mb": added, "planned": planned,
            "busiest_minute": crowd, "due_ms": 1000 * statistics.median(lookups)}  # fmt: skip


def catch_up(folder: Path, days: int) -> dict[str, float]:
    """Open the store of :func:`restore` (people's folders written) ``days`` later, and ask who is
    due, 500 at a time, until everyone late has been planned again from their person file."""
    later = NOW + timedelta(days=days)
    store = TinyDBStore(folder, FakeClock(later))

    async def ask() -> dict[str, float]:  # the store's journal belongs to the loop it was opened on
        await store.open(later)
        late = len(store.index.late(10**9))
        start = timer.perf_counter()
        due = 0
        while store.index.late(1):
            due += len(await store.due(later, DUE_BATCH))
        elapsed = timer.perf_counter() - start
        await store.close()
        return {"late": late, "seconds": elapsed, "due": due}

    return asyncio.run(ask())


class VirtualTime:
    """A clock that sleeping moves forward at once (the fan-out's pace, measured without waiting)."""

    def __init__(self) -> None:
        self.elapsed = 0.0

    def now(self) -> float:
        return self.elapsed

    async def sleep(self, seconds: float) -> None:
        # sleepers started at the same moment end at their own times, not one after another
        self.elapsed = max(self.elapsed, self.now() + seconds)
        await asyncio.sleep(0)


async def dispatch(burst: int, folder: Path, throttled: bool) -> dict[str, float]:
    populate(folder, burst, sample_record(), checkins=0, at=time(21, 0))
    api = FakeTelegram()
    clock = FakeClock(NOW)
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, camag_data_dir=folder)  # type: ignore[call-arg, arg-type]
    app = build_application(
        settings, TinyDBStore(folder, clock), clock, request=api, rate_limiter="default" if throttled else None
    )
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    services = app.bot_data["services"]
    virtual = VirtualTime()
    if throttled:  # Telegram's 30 a second, timed on a virtual clock: no minutes of real waiting
        services.dispatcher.pace = TokenBucket(BULK_PER_SECOND, BULK_BURST, virtual.now)
        services.dispatcher.sleep = virtual.sleep
    else:
        services.dispatcher.pace = TokenBucket(math.inf, 1)
    clock.current = NOW.replace(hour=21)
    start, cpu = timer.perf_counter(), timer.process_time()
    queued = await services.dispatcher.tick()
    await services.dispatcher.drain()
    elapsed = virtual.elapsed if throttled else timer.perf_counter() - start
    cpu = timer.process_time() - cpu
    delivered = len([1 for method, _ in api.calls if method == "sendMessage"])
    await services.dispatcher.stop()
    await app.shutdown()
    # the dispatcher's own minute tick may take a batch too: what counts is that every one went out
    return {"queued": queued, "delivered": delivered, "dropped": burst - delivered, "seconds": elapsed,
            "per_second": delivered / elapsed, "cpu_ms": 1000 * cpu / max(delivered, 1)}  # fmt: skip


def start_up(folder: Path, users: int, doses: int) -> dict[int, dict[str, float]]:
    """The bot process started on an index of ``users`` people (written as a bot running until a
    moment ago leaves it) and on one of nobody, three times each, taking turns: by number of
    people, the median seconds to the first poll (and the fastest and slowest), RSS and peak."""
    populate_index(folder / "bot", users, doses, now=datetime.now(UTC), sent=True)
    populate_index(folder / "nobody", 0, doses)
    runs: dict[str, list[dict[str, float]]] = {"bot": [], "nobody": []}
    for _ in range(3):  # taking turns with a bot of nobody, whose start is all imports
        for name, measured in runs.items():
            measured.append(started(folder / name))
    medians = {}
    for name, people in (("bot", users), ("nobody", 0)):
        median = {key: statistics.median(run[key] for run in runs[name]) for key in runs[name][0]}
        ready = sorted(run["ready_s"] for run in runs[name])
        medians[people] = {**median, "fastest_s": ready[0], "slowest_s": ready[-1]}
    return medians


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--doses", type=int, default=3)
    parser.add_argument("--burst", type=int, default=10_000)
    parser.add_argument("--throttled", type=int, default=10_000)
    parser.add_argument("--index-only", action="store_true", help="write only what start-up reads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        r = restore(args.users, folder / "restore", args.doses, index_only=args.index_only)
        print(
            f"restore {args.users:,} people x {args.doses} doses ({r['planned']:,.0f} reminders planned): "
            f"{r['restore_s']:.2f} s, memory added {r['memory_added_mb']:.1f} MB; who is due at the busiest "
            f"minute ({r['busiest_minute']:,.0f} due), {DUE_BATCH} at a time: {r['due_ms']:.2f} ms a batch"
        )
        if not args.index_only:
            c = catch_up(folder / "restore", 1)
            print(
                f"the same store opened a day later: {c['late']:,.0f} people planned again from their person "
                f"files in {c['seconds']:.1f} s ({c['late'] / c['seconds']:,.0f} a second), "
                f"{c['due']:,.0f} check-ins due"
            )
        if args.index_only:
            for people, median in start_up(folder, args.users, args.doses).items():
                print(
                    f"the bot process with {people:,} people: polling {median['ready_s']:.2f} s after start "
                    f"({median['fastest_s']:.2f}-{median['slowest_s']:.2f} s), RSS {median['rss_mb']:.0f} MB, "
                    f"at its peak {median['peak_mb']:.0f} MB (median of 3)"
                )
        off = asyncio.run(dispatch(args.burst, folder / "off", throttled=False))
        print(
            f"dispatch {args.burst:,} due in one minute, throttle off: {off['seconds']:.2f} s "
            f"({off['per_second']:,.0f}/s, CPU {off['cpu_ms']:.2f} ms each, the fake Bot API's part included), "
            f"delivered {off['delivered']:,}, dropped {off['dropped']:,}"
        )
        if args.throttled:
            on = asyncio.run(dispatch(args.throttled, folder / "on", throttled=True))
            print(
                f"dispatch {args.throttled:,} due in one minute, throttle on (virtual clock): {on['seconds']:.1f} s "
                f"({on['per_second']:.1f}/s, target 30/s ±10%), delivered {on['delivered']:,}, "
                f"dropped {on['dropped']:,}"
            )


if __name__ == "__main__":
    main()
