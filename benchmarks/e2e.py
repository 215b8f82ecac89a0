"""End to end: simulated people complete the interview concurrently, each answering the instant
the last reply arrives, through a fake Bot API server on 127.0.0.1, against the real bot process
as shipped (long polling, Telegram's pacing on). A stress figure: the harness the fair baseline
(benchmarks/baseline.py) and the latency rows (benchmarks/latency.py) are built on.

    python -m benchmarks.e2e [--users 200]

Reports updates/s, p50/p95/p99 latency (update queued -> the bot's first reply in that chat), CPU
per update of the bot process, and the Bot API calls it made per update (getUpdates apart).
People who answer instantly meet each chat's pace (about a message a second after a burst of
five), which is most of the tail.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.fake_api_server import FakeBotApiServer

REPO = Path(__file__).resolve().parents[1]
TOKEN = "7000001:BENCH-token-for-the-benchmarks"
# The quickest full interview: every answer a tap or a short text, ending with the result and picture.
STEPS: list[tuple[str, str]] = [
    ("text", "/check"),
    ("text", "45"),
    ("tap", "a|sex|female"),
    ("tap", "a|life_stage|neither"),
    ("tap", "a|diet|western"),
    ("tap", "a|soda_per_day|1"),
    ("text", "none"),
    ("tap", "d|conditions"),
    ("tap", "d|medications"),
    ("tap", "ok"),
]


def ms(seconds: list[float], q: int) -> float:
    """The ``q``-th percentile of ``seconds``, in milliseconds."""
    return 1000 * statistics.quantiles(seconds, n=100)[q - 1]


@dataclass
class Run:
    name: str
    updates: int
    seconds: float
    cpu_seconds: float
    latencies: list[float]
    calls: int  # Bot API calls other than getUpdates
    polls: int  # getUpdates calls
    loop_seconds: float = 0.0  # the event loop's thread (the process's main thread)
    server_seconds: float = 0.0  # the database server's processes, where there is one

    @property
    def loop_per_update_ms(self) -> float:
        return 1000 * self.loop_seconds / self.updates

    @property
    def with_server_per_update_ms(self) -> float:
        """The bot's CPU and its database server's, per update."""
        return 1000 * (self.cpu_seconds + self.server_seconds) / self.updates

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    @property
    def cpu_per_update_ms(self) -> float:
        return 1000 * self.cpu_seconds / self.updates

    def percentile(self, q: int) -> float:
        return ms(self.latencies, q)

    @property
    def calls_per_update(self) -> str:
        return f"{self.calls / self.updates:.2f} calls + {self.polls / self.updates:.2f} getUpdates per update"


def cpu_seconds(pid: int, thread: int | None = None) -> float:
    """A process's user + system CPU (or one thread's: the process's own id is its main thread's)."""
    stat = Path(f"/proc/{pid}/stat" if thread is None else f"/proc/{pid}/task/{thread}/stat")
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def family_cpu_seconds(parent: int) -> float:
    """The CPU of ``parent`` and of its living children (a database server: its postmaster and backends)."""
    total = cpu_seconds(parent)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == parent:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def start(module: str, server: FakeBotApiServer, data: Path, **more: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "CAMAG_DATA_DIR": str(data),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
        **more,
    }
    process = subprocess.Popen([sys.executable, "-m", module], cwd=data.parent, env=env)
    polls = len([m for m in server.methods() if m == "getUpdates"])
    if not server.wait_for(lambda: server.methods().count("getUpdates") > polls, 60):
        process.kill()
        raise RuntimeError(f"{module} never started polling")
    return process


async def _interview(server: FakeBotApiServer, user: int, latencies: list[float]) -> None:
    for kind, value in STEPS:
        reply = server.next_message(user)
        began = time.perf_counter()
        if kind == "text":
            server.message(user, value)
        else:
            server.tap(user, server.sent[user][-1], value)
        try:
            await asyncio.wait_for(reply, 60)
        except TimeoutError:
            raise RuntimeError(f"user {user}: no reply to {kind} {value!r} within 60 s") from None
        latencies.append(time.perf_counter() - began)
    deadline = time.monotonic() + 60
    while not any(m["method"] == "sendPhoto" for m in server.sent[user]):
        if time.monotonic() > deadline:
            raise RuntimeError(f"user {user}: no picture within 60 s")
        await asyncio.sleep(0.01)


async def _crowd(server: FakeBotApiServer, users: range, latencies: list[float]) -> None:
    await asyncio.gather(*(_interview(server, user, latencies) for user in users))


@contextmanager
def running(module: str, server: FakeBotApiServer, data: Path, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    """A bot process polling ``server``, stopped (SIGTERM) at the end."""
    process = start(module, server, data, **env)
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)


def crowd(
    name: str, process: subprocess.Popen[bytes], server: FakeBotApiServer, users: range, database: int | None = None
) -> Run:
    """``users`` doing the check at once through the running bot: its CPU (and its event loop's, and
    that of the ``database`` server whose postmaster has that pid), the latencies, the calls."""
    latencies: list[float] = []
    first_call = len(server.calls)

    def cpu() -> tuple[float, float, float]:
        on_server = 0.0 if database is None else family_cpu_seconds(database)
        return cpu_seconds(process.pid), cpu_seconds(process.pid, process.pid), on_server

    before, began = cpu(), time.perf_counter()
    server.run(_crowd(server, users, latencies), timeout=900)
    seconds = time.perf_counter() - began
    total, loop, on_server = (after - earlier for after, earlier in zip(cpu(), before, strict=True))
    methods = [method for method, _, _ in server.calls[first_call:]]
    polls = methods.count("getUpdates")
    return Run(name, len(users) * len(STEPS), seconds, total, latencies, len(methods) - polls, polls, loop, on_server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    args = parser.parse_args()
    server = FakeBotApiServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp, running("bot", server, Path(tmp) / "camag") as bot:
            r = crowd("CaMag", bot, server, range(1, args.users + 1))
    finally:
        server.stop()
    print(
        f"{r.name}: {r.updates} updates in {r.seconds:.2f} s: {r.per_second:.1f} updates/s, "
        f"p50 {r.percentile(50):.1f} ms, p95 {r.percentile(95):.1f} ms, p99 {r.percentile(99):.1f} ms, "
        f"CPU {r.cpu_per_update_ms:.2f} ms/update, {r.calls_per_update}"
    )


if __name__ == "__main__":
    main()
