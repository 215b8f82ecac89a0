"""Memory of the running bot (RSS) with 100k stored people, all with a daily reminder.

    python -m benchmarks.memory [--people 100000]

Writes the population (a folder per person and the reminder index), starts the real bot
process against a fake Bot API server on 127.0.0.1, waits until it polls, and reads its RSS and
the CPU time it took to get there. The bot's own modules are compiled to bytecode first, as
installing a package does (the figure is a start-up, not a first compilation: with
PYTHONDONTWRITEBYTECODE set, a source tree would otherwise be compiled again at every start).
"""

from __future__ import annotations

import argparse
import compileall
import os
import signal
import tempfile
import time
from pathlib import Path

from benchmarks.e2e import REPO, start
from benchmarks.store import populate, sample_record
from tests.fake_api_server import FakeBotApiServer


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A memory figure of the process from /proc (VmRSS: resident now; VmHWM: at its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def started(data: Path) -> dict[str, float]:
    """Start the bot process on ``data``: seconds (and CPU seconds) until it polls, and its memory
    a second later."""
    for package in ("bot", "camag_core"):
        compileall.compile_dir(REPO / package, quiet=1)
    server = FakeBotApiServer().start()
    try:
        began = time.perf_counter()
        process = start("bot", server, data)
        ready = time.perf_counter() - began
        cpu = cpu_seconds(process.pid)
        try:
            time.sleep(1.0)
            rss, peak = rss_mb(process.pid), rss_mb(process.pid, "VmHWM")
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(60)
    finally:
        server.stop()
    return {"rss_mb": rss, "peak_mb": peak, "ready_s": ready, "ready_cpu_s": cpu}


def run(people: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        populate(data, people, sample_record())
        return started(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    result = run(args.people)
    print(
        f"bot process with {args.people:,} people stored, all with reminders: RSS {result['rss_mb']:.0f} MB, "
        f"polling {result['ready_s']:.2f} s after start ({result['ready_cpu_s']:.2f} s of CPU)"
    )


if __name__ == "__main__":
    main()
