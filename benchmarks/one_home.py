"""Costs that must not grow with other people or with one person's history.

    python -m benchmarks.one_home [--people 100 100000] [--days 1 3650] [--samples 20]

Through the real Application and a fake Bot API (no network), on a data folder written as the
store writes it:

* /forget ("Yes, erase everything") with 100 and with 100k people stored;
* a check-in tap, /summary and /history for a person with 1 day of check-ins and one with 3,650.

Each figure is the median of ``--samples`` updates, as event-loop time (what the update kept the
loop busy for, so what it cost everyone else: the loop's wall time less the time it sat idle in
select), wall time and CPU time (the process's, all threads: the picture is drawn in one). The two
histories run side by side, their updates taking turns. Targets: /forget ≤ 50 ms of event-loop
time at 100k; /history ≤ 20 ms at 3,650 check-ins; with 3,650 check-ins a check-in tap within
1.1x of its cost with one, /summary within 1.2x.
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

from benchmarks.baseline import load
from benchmarks.store import NOW, populate, sample_record
from bot.callbacks import Action, encode
from tests.bot.conftest import FakeClock, start_bot, stop_bot
from tests.bot.fake_telegram import Client, Sent

Cost = tuple[float, float, float]  # event-loop, wall and CPU ms


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

    async def measure(self, run: Callable[[], Awaitable[object]]) -> Cost:
        """(event-loop ms, wall ms, CPU ms) of ``run``."""
        idle, began, cpu = self.idle, time.perf_counter(), time.process_time()
        await run()
        wall = time.perf_counter() - began
        return 1000 * (wall - (self.idle - idle)), 1000 * wall, 1000 * (time.process_time() - cpu)


def median(costs: list[Cost]) -> Cost:
    loop, wall, cpu = zip(*costs, strict=True)
    return statistics.median(loop), statistics.median(wall), statistics.median(cpu)


async def forget(people: int, samples: int, root: Path) -> Cost:
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


async def history_costs(days: list[int], samples: int, root: Path) -> dict[str, dict[int, Cost]]:
    """A check-in tap, /summary and /history for person 1 of one bot per size of history (``days``
    days of check-ins), the bots running side by side and taking turns."""
    harnesses = {}
    for count in days:
        populate(root / f"days-{count}", 1, sample_record(), checkins=count)
        harnesses[count] = await start_bot(root / f"days-{count}", clock=FakeClock(NOW + timedelta(hours=10)))
    busy = LoopBusy()
    today = NOW.date().isoformat()
    costs: dict[str, dict[int, list[Cost]]] = {"a check-in tap": {}, "/summary": {}, "/history": {}}
    try:
        for i in range(samples):
            for count in days if i % 2 else reversed(days):
                ada: Client = harnesses[count].client(1)
                checkin = Sent(chat_id=1, message_id=1, text="")
                harnesses[count].api.messages[(1, 1)] = checkin
                tap = partial(ada.click_data, encode(Action.CHECKIN, today, ("all", "none")[i % 2]), checkin)
                for name, operation in (
                    ("a check-in tap", tap),
                    ("/summary", partial(ada.send, "/summary")),
                    ("/history", partial(ada.send, "/history")),
                ):
                    costs[name].setdefault(count, []).append(await busy.measure(operation))
        return {name: {count: median(found) for count, found in by_size.items()} for name, by_size in costs.items()}
    finally:
        for harness in harnesses.values():
            await stop_bot(harness)


async def run(people: list[int], days: list[int], samples: int) -> dict[str, dict[int, Cost]]:
    results: dict[str, dict[int, Cost]] = {"/forget": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for count in people:
            results["/forget"][count] = await forget(count, samples, Path(tmp) / f"people-{count}")
        results.update(await history_costs(days, samples, Path(tmp)))
    return {name: dict(sorted(by_size.items())) for name, by_size in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs=2, default=[100, 100_000])
    parser.add_argument("--days", type=int, nargs=2, default=[1, 3_650])
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    results = asyncio.run(run(args.people, args.days, args.samples))
    for name, by_size in results.items():
        unit = "people" if name == "/forget" else "days of check-ins"
        (small, (loop_small, wall_small, cpu_small)), (large, (loop_large, wall_large, cpu_large)) = by_size.items()
        print(
            f"{name:15s} {small:,} → {large:,} {unit}: event loop {loop_small:5.2f} → {loop_large:5.2f} ms "
            f"({loop_large / loop_small:.2f}x), CPU {cpu_small:5.1f} → {cpu_large:5.1f} ms "
            f"({cpu_large / cpu_small:.2f}x), wall {wall_small:5.1f} → {wall_large:5.1f} ms"
        )
    print(load())


if __name__ == "__main__":
    main()
