"""Latency as people feel it (issue #15, item 3): the real bot as shipped (long polling, the data
folder, Telegram's pacing on), a fake Bot API on 127.0.0.1, people doing the check at a person's
pace (an action every 2 s), about 30 updates a second in all;
once alone, and once while 2,000 check-ins due at that minute go out.

    python -m benchmarks.latency [--people 120] [--rounds 2] [--rtt 0]

Prints, for each case: tap -> the tapped message edited (p50, p99), "Show my balance" -> the
picture (p99), every update -> its first reply (p50, p99); then how much the fan-out raises the
interactive p99. The two cases take turns, ``--rounds`` times each.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.e2e import STEPS, start
from benchmarks.store import populate, sample_record
from tests.fake_api_server import FakeBotApiServer

THINK = 2.0  # seconds between one person's actions
FAN_OUT = 2_000


async def _person(server: FakeBotApiServer, user: int, found: dict[str, list[float]]) -> None:
    """One person doing the check at a person's pace, starting at a random moment of the run."""
    await asyncio.sleep(random.uniform(0, THINK * len(STEPS)))
    for kind, value in STEPS:
        began = time.perf_counter()
        reply = server.next_message(user)
        if kind == "text":
            server.message(user, value)
        else:
            server.tap(user, server.sent[user][-1], value)
        message = await asyncio.wait_for(reply, 60)
        took = time.perf_counter() - began
        found["update"].append(took)
        if kind == "tap" and message["method"] == "editMessageText":
            found["tap -> edit"].append(took)
        if value == "ok":
            while not any(m["method"] == "sendPhoto" for m in server.sent[user]):  # (on the server's loop)
                await asyncio.wait_for(server.next_message(user), 60)
            found["picture"].append(time.perf_counter() - began)
        await asyncio.sleep(max(0.0, began + THINK - time.perf_counter()))


async def _crowd(server: FakeBotApiServer, users: range) -> dict[str, list[float]]:
    """People starting over the time a check takes, so that in the middle of the run every step
    of the check is being answered by someone: about len(users) / (2 * THINK) updates a second."""
    found: dict[str, list[float]] = {"tap -> edit": [], "picture": [], "update": []}
    began = time.perf_counter()
    await asyncio.gather(*(_person(server, user, found) for user in users))
    found["seconds"] = [time.perf_counter() - began]
    return found


def measure(people: int, fan_out: bool, first_user: int, round_trip: float = 0.0) -> dict[str, list[float]]:
    server = FakeBotApiServer().start()
    server.round_trip = round_trip
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            if fan_out:  # reminders due a minute ago: sent at start-up, at Telegram's 30 a second
                due = (datetime.now(UTC) - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
                populate(data, FAN_OUT, sample_record(), checkins=0, at=due)
            bot = start("bot", server, data)
            try:
                found: dict[str, list[float]] = server.run(_crowd(server, range(first_user, first_user + people)), 600)
                return found
            finally:
                bot.send_signal(signal.SIGTERM)
                bot.wait(60)
    finally:
        server.stop()


def ms(values: list[float], q: int) -> float:
    return 1000 * statistics.quantiles(values, n=100)[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=120)  # about 30 updates a second mid-run
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rtt", type=float, default=0.0, help="ms each Bot API call takes (Telegram's network)")
    args = parser.parse_args()
    results: dict[bool, dict[str, list[float]]] = {False: {}, True: {}}
    for number in range(args.rounds):
        for fan_out in (False, True):
            found = measure(args.people, fan_out, 1_000_000 + 10_000 * (2 * number + fan_out), args.rtt / 1000)
            rate = len(found["update"]) / found.pop("seconds")[0]
            print(f"round {number + 1}, {'fan-out' if fan_out else 'alone'}: {rate:.1f} updates/s over the run")
            for name, values in found.items():
                results[fan_out].setdefault(name, []).extend(values)
    for fan_out, found in results.items():
        label = f"with {FAN_OUT:,} check-ins going out" if fan_out else "alone"
        taps, updates = found["tap -> edit"], found["update"]
        print(
            f"{label:36s} tap -> edit p50 {ms(taps, 50):5.0f} ms, p99 {ms(taps, 99):5.0f} ms;"
            f" picture p99 {ms(found['picture'], 99):5.0f} ms;"
            f" every update p50 {ms(updates, 50):5.0f} ms, p99 {ms(updates, 99):5.0f} ms ({len(updates)} updates)"
        )
    raised = ms(results[True]["update"], 99) / ms(results[False]["update"], 99) - 1
    print(f"the fan-out raises the interactive p99 by {100 * raised:.0f}% (target: at most 20%)")


if __name__ == "__main__":
    main()
