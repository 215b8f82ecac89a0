"""The webhook server's cost per update: CPU of the bot's process and latency, updates posted over
loopback by a separate client process, as Telegram would (keep-alive connections, the secret).

    python -m benchmarks.webhook [--updates 4000] [--connections 40] [--rounds 3]

The bot is the real Application behind bot/webhook.py, its Bot API a fake at the request layer
(tests/bot/fake_telegram.py), its store a data folder in a temporary directory. Each update is
"hello" from a different person (a newcomer who is answered and not stored), so that what is
measured is the server, PTB and the handler, not the disk or one person's pacing. CPU is the
whole bot process's (user + system) over the run, divided by the updates answered.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

SECRET = "bench-webhook-secret-0123456789"


def _update(n: int) -> bytes:
    from tests.bot.test_webhook import update

    return json.dumps(update(n, "hello", user=1_000_000 + n)).encode()  # each from a different person


async def _client(port: int, updates: int, connections: int) -> None:
    """Post ``updates`` on ``connections`` keep-alive connections; print the latencies (ms) as JSON."""
    import aiohttp

    latencies: list[float] = []
    numbers = iter(range(1, updates + 1))
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}

    async def worker(session: aiohttp.ClientSession) -> None:
        for n in numbers:
            started = time.perf_counter()
            async with session.post(f"http://127.0.0.1:{port}/telegram", data=_update(n), headers=headers) as answer:
                await answer.read()
                assert answer.status == 200, answer.status
            latencies.append((time.perf_counter() - started) * 1000)

    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(connections)))
        seconds = time.perf_counter() - started
    print(json.dumps({"latencies": latencies, "seconds": seconds}))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _round(port: int, updates: int, connections: int) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.webhook", "--client", str(port), str(updates), str(connections)]
    cpu = _cpu()
    client = await asyncio.create_subprocess_exec(*command, stdout=subprocess.PIPE)
    out, _ = await client.communicate()
    cpu = _cpu() - cpu  # the client's start-up costs this process nothing
    measured = json.loads(out)
    latencies = sorted(measured["latencies"])
    return {
        "cpu_ms": cpu / updates * 1000,
        "per_second": updates / measured["seconds"],  # first post to last answer, in the client
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
    }


async def _serve(updates: int, connections: int, rounds: int) -> None:
    from bot.app import build_application
    from bot.store.tinydb_store import TinyDBStore
    from bot.webhook import server_for
    from tests.bot.conftest import FakeClock, make_settings
    from tests.bot.fake_telegram import FakeTelegram

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        settings = make_settings(
            data,
            camag_webhook_url="https://camag.example.org/telegram",
            camag_webhook_listen="127.0.0.1:0",
            camag_webhook_secret=SECRET,
        )
        clock = FakeClock(datetime(2026, 12, 1, tzinfo=UTC))
        app = build_application(settings, TinyDBStore(data, clock), clock, request=FakeTelegram(), rate_limiter=None)
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)
        await app.start()
        server = server_for(app, settings)
        await server.start()
        try:
            await _round(server.port, min(updates, 500), connections)  # warm-up
            results = [await _round(server.port, updates, connections) for _ in range(rounds)]
        finally:
            await server.stop()
            await app.stop()
            await app.shutdown()
            assert app.post_shutdown is not None
            await app.post_shutdown(app)
    print(f"webhook, {updates} updates on {connections} connections, {rounds} rounds (median; min-max):")
    for key, title, unit in (
        ("cpu_ms", "bot process CPU per update", "ms"),
        ("per_second", "updates answered per second", "/s"),
        ("p50", "latency p50", "ms"),
        ("p99", "latency p99", "ms"),
    ):
        values = [r[key] for r in results]
        print(f"  {title}: {statistics.median(values):.2f} {unit} ({min(values):.2f}-{max(values):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=4000)
    parser.add_argument("--connections", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    client = ("PORT", "UPDATES", "CONNECTIONS")
    parser.add_argument("--client", nargs=3, type=int, metavar=client, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.client:
        asyncio.run(_client(*arguments.client))
    else:
        asyncio.run(_serve(arguments.updates, arguments.connections, arguments.rounds))


if __name__ == "__main__":
    main()
