"""CaMag against the fair baseline (issue #15): the same people, the same updates, the same Bot
API calls, measured side by side in interleaved rounds after a warm-up.

    python -m benchmarks.baseline [--users 50] [--rounds 6]

First CaMag's calls are recorded for one person's quickest full interview (benchmarks/e2e.py's
STEPS); then each round runs ``--users`` people through CaMag and through the replay bot
(benchmarks/replay_bot.py), in turn, each as its own process with long polling against the fake
Bot API on 127.0.0.1. CaMag runs without Telegram's per-chat pacing here (benchmarks/unpaced_bot.py,
as capacity): the replay bot has none. Reported: CPU per update of each, and the median of the
rounds' paired ratios with their min-max; updates/s and latency (update queued -> first reply).
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

from benchmarks.e2e import STEPS, Run, _interview, measure, start
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
    server = FakeBotApiServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            pattern = record(server, folder / "record")
            replay = folder / "pattern.json"
            replay.write_text(json.dumps(pattern))
            people = iter(range(1, 10**6, users))

            def camag(name: str) -> Run:
                first = next(people)
                data = folder / f"camag-{first}"
                return measure(name, "benchmarks.unpaced_bot", _interview, server, range(first, first + users), data)

            def baseline(name: str) -> Run:
                first = next(people)
                data = folder / f"baseline-{first}"
                env = {"CAMAG_REPLAY": str(replay)}
                return measure(
                    name, "benchmarks.replay_bot", _interview, server, range(first, first + users), data, **env
                )

            camag("warm-up")
            baseline("warm-up")
            comparison = Comparison([], [])
            for number in range(rounds):  # interleaved, each side first in turn
                order = (camag, baseline) if number % 2 == 0 else (baseline, camag)
                for side in order:
                    result = side("CaMag" if side is camag else "baseline")
                    (comparison.camag if side is camag else comparison.baseline).append(result)
    finally:
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
