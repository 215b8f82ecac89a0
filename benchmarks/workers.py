"""Several workers on PostgreSQL: updates/s and latency with 1, 2 and 3 workers behind
nginx, each worker a real bot process in webhook mode, the fake Bot API posting updates as
Telegram does (up to 40 at once).

    tests/services .venv/bin/python -m benchmarks.workers [--users 200] [--workers 1 2 3]
    (make bench-workers: the same, on a PostgreSQL server with fsync on)

Every simulated person does the quickest check (10 updates, ending with the result and picture)
at once; the latency of an update is from its posting to the bot's first reply in that chat. The
machine has two cores, shared by the workers, PostgreSQL, nginx and the fake Bot API.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from benchmarks.e2e import STEPS, _crowd, cpu_seconds, ms
from tests.postgres import empty_database, migrate
from tests.workers.cluster import Cluster


def measure(workers: int, users: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, empty_database() as url:
        asyncio.run(migrate(url))
        cluster = Cluster(Path(tmp), url, count=workers, env={"LOG_LEVEL": "WARNING"}).start()
        try:
            latencies: list[float] = []
            cpu_before = sum(cpu_seconds(w.pid) for w in cluster.workers)
            began = time.perf_counter()
            cluster.server.run(_crowd(cluster.server, range(1, users + 1), latencies), timeout=900)
            seconds = time.perf_counter() - began
            cpu = sum(cpu_seconds(w.pid) for w in cluster.workers) - cpu_before
        finally:
            cluster.stop()
    updates = users * len(STEPS)
    return {
        "updates/s": updates / seconds,
        "p50 ms": ms(latencies, 50),
        "p99 ms": ms(latencies, 99),
        "worker CPU ms/update": 1000 * cpu / updates,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    if not os.environ.get("CAMAG_TEST_DATABASE_URL"):
        raise SystemExit("run it through tests/services, which starts PostgreSQL (make bench-workers)")
    print(f"{args.users} people doing the check at once, {args.users * len(STEPS)} updates, on {os.cpu_count()} cores")
    for workers in args.workers:
        figures = measure(workers, args.users)
        print(f"{workers} worker(s): " + ", ".join(f"{name} {value:.1f}" for name, value in figures.items()))


if __name__ == "__main__":
    main()
