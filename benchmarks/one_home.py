"""Costs that must not grow with other people or with one person's history.

    python -m benchmarks.one_home [--people 100 100000] [--days 1 3650] [--samples 20]

Through the real Application and a fake Bot API (no network), on a data folder written as the
store writes it:

* /forget ("Yes, erase everything") with 100 and with 100k people stored;
* a check-in tap, /summary and /history for a person with 1 day of check-ins and one with 3,650.

Each figure is the median of ``--samples`` updates, as event-loop time (what the update kept the
loop busy for, so what it cost everyone else: the loop's wall time less the time it sat idle in
select) and wall time. Targets: /forget ≤ 50 ms of event-loop time at 100k; with 3,650 check-ins
each operation within 1.2x of its cost with one.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.store import NOW, populate, sample_record
from bot.callbacks import Action, encode
from tests.bot.conftest import FakeClock, start_bot, stop_bot
from tests.bot.fake_telegram import Client, Sent


class LoopBusy:
    """Wall time less the time the event loop spent waiting in select (its idle time)."""

    def __init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.selector: Any = loop._selector  # type: ignore[attr-defined]
        self.idle = 0.0
        select = self.selector.select

        def timed_select(timeout: float | None = None) -> Any:
            began = time.perf_counter()
            try:
                return select(timeout)
            finally:
                self.idle += time.perf_counter() - began

        self.selector.select = timed_select

    async def measure(self, run: Callable[[], Awaitable[object]]) -> tuple[float, float]:
        """(event-loop ms, wall ms) of ``run``."""
        idle, began = self.idle, time.perf_counter()
        await run()
        wall = time.perf_counter() - began
        return 1000 * (wall - (self.idle - idle)), 1000 * wall


def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


async def forget(people: int, samples: int, root: Path) -> tuple[float, float]:
    populate(root, people, sample_record())
    harness = await start_bot(root, clock=FakeClock(NOW))
    busy = LoopBusy()
    try:
        found = []
        erased = [n * (people // samples) for n in range(1, samples + 1)]
        for uid in erased:
            client = harness.client(uid)
            confirm = Sent(chat_id=client.chat_id, message_id=1, text="")
            harness.api.messages[(client.chat_id, 1)] = confirm
            found.append(await busy.measure(partial(client.click_data, encode(Action.FORGET), confirm)))
        assert not any((root / "people" / str(uid)).exists() for uid in erased)
        return median(found)
    finally:
        await stop_bot(harness)


async def history_costs(days: int, samples: int, root: Path) -> dict[str, tuple[float, float]]:
    """A check-in tap, /summary and /history for person 1, who has ``days`` days of check-ins."""
    populate(root, 1, sample_record(), checkins=days)
    harness = await start_bot(root, clock=FakeClock(NOW + timedelta(hours=10)))
    busy = LoopBusy()
    ada: Client = harness.client(1)
    checkin = Sent(chat_id=1, message_id=1, text="")
    harness.api.messages[(1, 1)] = checkin
    today = NOW.date().isoformat()
    costs: dict[str, list[tuple[float, float]]] = {"a check-in tap": [], "/summary": [], "/history": []}
    try:
        for i in range(samples):
            status = ("all", "none")[i % 2]
            tap = partial(ada.click_data, encode(Action.CHECKIN, today, status), checkin)
            costs["a check-in tap"].append(await busy.measure(tap))
            costs["/summary"].append(await busy.measure(lambda: ada.send("/summary")))
            costs["/history"].append(await busy.measure(lambda: ada.send("/history")))
        return {name: median(found) for name, found in costs.items()}
    finally:
        await stop_bot(harness)


async def run(people: list[int], days: list[int], samples: int) -> dict[str, dict[int, tuple[float, float]]]:
    results: dict[str, dict[int, tuple[float, float]]] = {"/forget": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for count in people:
            results["/forget"][count] = await forget(count, samples, Path(tmp) / f"people-{count}")
        for count in days:
            for name, cost in (await history_costs(count, samples, Path(tmp) / f"days-{count}")).items():
                results.setdefault(name, {})[count] = cost
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs=2, default=[100, 100_000])
    parser.add_argument("--days", type=int, nargs=2, default=[1, 3_650])
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    results = asyncio.run(run(args.people, args.days, args.samples))
    for name, by_size in results.items():
        unit = "people" if name == "/forget" else "days of check-ins"
        (small, (loop_small, wall_small)), (large, (loop_large, wall_large)) = by_size.items()
        print(
            f"{name:15s} {small:,} → {large:,} {unit}: event loop {loop_small:5.2f} → {loop_large:5.2f} ms "
            f"({loop_large / loop_small:.2f}x), wall {wall_small:5.1f} → {wall_large:5.1f} ms"
        )


if __name__ == "__main__":
    main()
