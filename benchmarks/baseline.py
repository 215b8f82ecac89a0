"""CaMag against the fair baseline: the same people, the same updates, the same Bot
API calls, measured side by side in interleaved rounds after a warm-up.

    python -m benchmarks.baseline [--users 50] [--rounds 6]

First CaMag's calls are recorded for one person's quickest full interview (benchmarks/e2e.py's
STEPS); then CaMag and the replay bot (benchmarks/replay_bot.py) run side by side, each a process
of its own polling a fake Bot API of its own on 127.0.0.1, and each round runs ``--users``
people through one, then the other, after a warm-up round each. CaMag runs without Telegram's
per-chat pacing here (benchmarks/unpaced_bot.py, as capacity): the replay bot has none. Reported:
CPU per update of each, and the median of the rounds' paired ratios with their min-max; updates/s
and latency (update queued -> first reply).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks.e2e import STEPS, Run, crowd, running, start
from tests.fake_api_server import FakeBotApiServer

KEEP = ("text", "parse_mode", "reply_markup", "show_alert", "caption", "photo_bytes")
QUIET = 0.5  # seconds without a call: the bot is done with the update


def environment() -> str:
    return (
        f"Python {platform.python_version()}, python-telegram-bot {version('python-telegram-bot')}, "
        f"aiohttp {version('aiohttp')} (bot.transport.AiohttpRequest), pydantic {version('pydantic')}"
    )


def record(server: FakeBotApiServer, data: Path) -> dict[str, list[dict[str, Any]]]:
    """The calls CaMag makes for each step of one person's interview."""
    process = start("benchmarks.unpaced_bot", server, data)
    user, pattern = 999_999, {}
    try:
        for kind, value in STEPS:
            first = len(server.calls)
            if kind == "text":
                server.message(user, value)
            else:
                server.tap(user, server.sent[user][-1], value)
            seen, quiet_since = first, time.monotonic()
            while time.monotonic() - quiet_since < QUIET:
                if len(server.calls) != seen:
                    seen, quiet_since = len(server.calls), time.monotonic()
                time.sleep(0.01)
            pattern[value] = [
                {"method": method, "params": {k: v for k, v in params.items() if k in KEEP}}
                for method, params, _ in server.calls[first:]
                if method != "getUpdates"
            ]
    finally:
        process.terminate()
        process.wait(60)
    return pattern


def pattern_file(folder: Path) -> Path:
    """CaMag's calls for one interview, recorded and saved where the replay bot can read them."""
    server = FakeBotApiServer().start()
    try:
        pattern = record(server, folder / "record")
    finally:
        server.stop()
    path = folder / "pattern.json"
    path.write_text(json.dumps(pattern))
    return path


@dataclass
class Comparison:
    camag: list[Run]
    baseline: list[Run]

    @property
    def ratios(self) -> list[float]:
        return [c.cpu_per_update_ms / b.cpu_per_update_ms for c, b in zip(self.camag, self.baseline, strict=True)]


def run(users: int, rounds: int) -> tuple[Comparison, dict[str, list[dict[str, Any]]]]:
    """Both bots running side by side for the whole run (each on a fake Bot API of its own), a
    warm-up crowd each, then ``rounds`` crowds each, taking turns: steady state, as a bot that runs
    for days spends it (start-up is its own row)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        replay = pattern_file(folder)
        pattern = json.loads(replay.read_text())
        servers = FakeBotApiServer().start(), FakeBotApiServer().start()
        try:
            with (
                running("benchmarks.unpaced_bot", servers[0], folder / "camag") as camag,
                running("benchmarks.replay_bot", servers[1], folder / "baseline", CAMAG_REPLAY=str(replay)) as bare,
            ):
                people = iter(range(1, 10**6, users))
                sides = {"CaMag": (camag, servers[0]), "baseline": (bare, servers[1])}

                def crowd_of(name: str) -> Run:
                    process, server = sides[name]
                    first = next(people)
                    return crowd(name, process, server, range(first, first + users))

                crowd_of("CaMag")  # warm-up: matplotlib loaded, the first frame drawn, caches filled
                crowd_of("baseline")
                comparison = Comparison([], [])
                for number in range(rounds):  # interleaved, each side first in turn
                    for name in ("CaMag", "baseline") if number % 2 == 0 else ("baseline", "CaMag"):
                        (comparison.camag if name == "CaMag" else comparison.baseline).append(crowd_of(name))
        finally:
            for server in servers:
                server.stop()
    return comparison, pattern


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    comparison, pattern = run(args.users, args.rounds)
    calls = sum(len(c) for c in pattern.values())
    print(f"{environment()}\nrecorded pattern: {calls} calls for {len(pattern)} updates")
    for name, runs in (("CaMag", comparison.camag), ("baseline", comparison.baseline)):
        cpu = statistics.median(r.cpu_per_update_ms for r in runs)
        rate = statistics.median(r.per_second for r in runs)
        p50 = statistics.median(r.percentile(50) for r in runs)
        p99 = statistics.median(r.percentile(99) for r in runs)
        print(
            f"{name:8s} CPU {cpu:5.2f} ms/update, {rate:6.1f} updates/s, latency p50 {p50:6.1f} ms, p99 {p99:6.1f} ms"
        )
    ratios = comparison.ratios
    print(
        f"CPU per update, CaMag / baseline: median {statistics.median(ratios):.2f}x "
        f"(min {min(ratios):.2f}x, max {max(ratios):.2f}x, {len(ratios)} rounds; target ≤ 1.3x)"
    )


if __name__ == "__main__":
    main()
