"""Latency as people feel it: the real bot as shipped (long polling, the data
folder, Telegram's pacing on), a fake Bot API on 127.0.0.1, simulated people doing the check.

    python -m benchmarks.latency [--people 120] [--think 2] [--rounds 2] [--rtt 0] [--at-once 200]

At a person's pace: each person acts every ``--think`` seconds, the starts spread over the time
a check takes, so that mid-run every step is being answered by someone (about people / (2 *
think) updates a second: 30 with the defaults); once alone, and once while 2,000 check-ins due at
that minute go out, the two cases taking turns ``--rounds`` times. Prints tap -> the tapped
message edited (p50, p99), "Show my balance" -> the picture (p99), every update -> its first
reply (p50, p99), and how much the fan-out raises the interactive p99.

All at once (``--at-once N``, 0 for none): N people start together and answer in step, every
``--think`` seconds, so each answer arrives with N - 1 others; then the same people through the
bare replay bot (benchmarks/replay_bot.py: CaMag's calls, no logic, no storage, no pacing), the
floor this harness (fake Bot API, simulated people, on the same two cores) puts under any bot.
Prints every update's p50 and p99 and how many replies never came.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.baseline import pattern_file
from benchmarks.e2e import STEPS, ms, start
from benchmarks.store import populate, sample_record
from tests.fake_api_server import FakeBotApiServer

THINK = 2.0  # seconds between one person's actions
FAN_OUT = 2_000
PATIENCE = 60.0  # seconds without a reply: the reply is lost


@dataclass(frozen=True)
class Pace:
    think: float  # seconds between one person's actions
    together: bool  # everyone starts at once (else the starts spread over a check's length)

    def start_within(self) -> float:
        return 0.0 if self.together else self.think * len(STEPS)


Found = dict[str, list[float]]


async def _person(server: FakeBotApiServer, user: int, pace: Pace, found: Found) -> None:
    """One person doing the check: each action, then a pause, from a random moment of the start."""
    await asyncio.sleep(random.uniform(0, pace.start_within()))
    for kind, value in STEPS:
        began = time.perf_counter()
        reply = server.next_message(user)
        if kind == "text":
            server.message(user, value)
        else:
            server.tap(user, server.sent[user][-1], value)
        try:
            message = await asyncio.wait_for(reply, PATIENCE)
        except TimeoutError:
            found["lost"].append(1.0)
            return
        took = time.perf_counter() - began
        found["update"].append(took)
        if kind == "tap" and message["method"] == "editMessageText":
            found["tap -> edit"].append(took)
        if value == "ok":
            while not any(m["method"] == "sendPhoto" for m in server.sent[user]):  # (on the server's loop)
                await asyncio.wait_for(server.next_message(user), PATIENCE)
            found["picture"].append(time.perf_counter() - began)
        await asyncio.sleep(max(0.0, began + pace.think - time.perf_counter()))


async def _crowd(server: FakeBotApiServer, users: range, pace: Pace) -> Found:
    found: Found = {"tap -> edit": [], "picture": [], "update": [], "lost": []}
    began = time.perf_counter()
    await asyncio.gather(*(_person(server, user, pace, found) for user in users))
    found["seconds"] = [time.perf_counter() - began]
    return found


def measure(
    people: int,
    pace: Pace,
    first_user: int,
    *,
    fan_out: bool = False,
    round_trip: float = 0.0,
    replay: Path | None = None,
) -> Found:
    """The bot as shipped, or with ``replay`` the bare replay bot replaying that file's calls."""
    server = FakeBotApiServer().start()
    server.round_trip = round_trip
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            if fan_out:  # reminders due a minute ago: sent at start-up, at Telegram's 30 a second
                due = (datetime.now(UTC) - timedelta(minutes=1)).time().replace(second=0, microsecond=0)
                populate(data, FAN_OUT, sample_record(), checkins=0, at=due)
            if replay is None:
                bot = start("bot", server, data)
            else:
                bot = start("benchmarks.replay_bot", server, data, CAMAG_REPLAY=str(replay))
            try:
                users = range(first_user, first_user + people)
                found: Found = server.run(_crowd(server, users, pace), 600)
                return found
            finally:
                bot.send_signal(signal.SIGTERM)
                bot.wait(60)
    finally:
        server.stop()


@dataclass(frozen=True)
class PersonsPace:
    alone: Found
    with_fan_out: Found
    rates: list[float]  # updates/s over each run

    @property
    def raised(self) -> float:
        """How much the fan-out raises every update's p99 (0.2: by 20%)."""
        return ms(self.with_fan_out["update"], 99) / ms(self.alone["update"], 99) - 1


def at_a_persons_pace(people: int, think: float, rounds: int, round_trip: float = 0.0) -> PersonsPace:
    results: dict[bool, Found] = {False: {}, True: {}}
    rates = []
    for number in range(rounds):
        for fan_out in (False, True):
            first = 1_000_000 + 10_000 * (2 * number + fan_out)
            found = measure(people, Pace(think, together=False), first, fan_out=fan_out, round_trip=round_trip)
            rates.append(len(found["update"]) / found.pop("seconds")[0])
            for name, values in found.items():
                results[fan_out].setdefault(name, []).extend(values)
    return PersonsPace(results[False], results[True], rates)


def all_at_once(people: int, think: float, replay: Path | None = None) -> Found:
    return measure(people, Pace(think, together=True), 2_000_000, replay=replay)


def at_once_row(label: str, found: Found) -> str:
    updates = found["update"]
    return (
        f"{label}: every update p50 {ms(updates, 50):.0f} ms, p99 {ms(updates, 99):.0f} ms"
        f" ({len(updates)} updates, {len(found['lost'])} replies lost)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=120)
    parser.add_argument("--think", type=float, default=THINK)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rtt", type=float, default=0.0, help="ms each Bot API call takes (Telegram's network)")
    parser.add_argument("--at-once", type=int, default=200)
    args = parser.parse_args()
    paced = at_a_persons_pace(args.people, args.think, args.rounds, args.rtt / 1000)
    print(f"updates/s over each run: {', '.join(f'{r:.1f}' for r in paced.rates)}")
    for label, found in (("alone", paced.alone), (f"with {FAN_OUT:,} check-ins going out", paced.with_fan_out)):
        taps, updates = found["tap -> edit"], found["update"]
        print(
            f"{label:36s} tap -> edit p50 {ms(taps, 50):5.0f} ms, p99 {ms(taps, 99):5.0f} ms;"
            f" picture p99 {ms(found['picture'], 99):5.0f} ms;"
            f" every update p50 {ms(updates, 50):5.0f} ms, p99 {ms(updates, 99):5.0f} ms ({len(updates)} updates,"
            f" {len(found['lost'])} lost)"
        )
    print(f"the fan-out raises the interactive p99 by {100 * paced.raised:.0f}% (target: at most 20%)")
    if args.at_once:
        print(f"{args.at_once} people answering at once, every {args.think:g} s (target p50 ≤ 150 ms, p99 ≤ 1 s):")
        with tempfile.TemporaryDirectory() as tmp:
            replay = pattern_file(Path(tmp))
            print(at_once_row("  CaMag as shipped", all_at_once(args.at_once, args.think)))
            print(at_once_row("  bare replay bot", all_at_once(args.at_once, args.think, replay)))


if __name__ == "__main__":
    main()
