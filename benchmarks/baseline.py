"""CaMag against the fair durable baseline: the same people, the same updates, the same Bot
API calls, measured side by side in interleaved rounds after a warm-up.

    python -m benchmarks.baseline [--users 50] [--rounds 7]
    CAMAG_TEST_POSTGRES_DURABLE=1 tests/services .venv/bin/python -m benchmarks.baseline  # and on PostgreSQL

First CaMag's calls are recorded for one person's quickest full interview (benchmarks/e2e.py's
STEPS), with the size of what it stores for them; then three bots run side by side, each a process
of its own polling a fake Bot API of its own on 127.0.0.1: CaMag, the fair durable baseline (the
replay bot of benchmarks/replay_bot.py committing each update to SQLite, WAL, synchronous=FULL,
and drawing the same picture) and the bare replay bot (the same calls, nothing stored or drawn).
Each round runs ``--users`` people through each of them in turn (the order rotating), after a
warm-up round each. CaMag runs without Telegram's per-chat pacing here (benchmarks/unpaced_bot.py,
as capacity): the baselines have none. Reported: CPU per update of each (user + system, the whole
process), the median of the rounds' paired ratios with their min-max; updates/s and latency
(update queued -> first reply), and the event loop's CPU per update (the main thread's).

Run through tests/services (which starts PostgreSQL), a fourth side takes its turn: CaMag on
PostgreSQL, whose CPU is the bot's and the database server's (its postmaster and backends), compared
with CaMag on the data folder round by round. After each of its turns, a bare client makes the
store's own transactions for as many updates, one after another (:func:`transactions`): the least
PostgreSQL can add, printed beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.e2e import STEPS, Run, crowd, family_cpu_seconds, running, start
from benchmarks.replay_bot import FINAL
from bot.clock import SystemClock
from bot.store.postgres_store import BEGIN, WRITE
from bot.store.tinydb_store import TinyDBStore
from tests.fake_api_server import FakeBotApiServer
from tests.postgres import empty_database, migrate

RECORDER = 999_999  # the person whose interview is recorded
KEEP = ("text", "parse_mode", "reply_markup", "show_alert", "caption", "photo_bytes")
APPLIED_WITHIN = 120.0  # seconds CaMag may take to answer one update of the recorded interview
QUIET = 1.5  # seconds without a call after a step's replies: a paced chat's next one would have come


def applied(server: FakeBotApiServer, update_id: int, since: int) -> bool:
    """Whether the bot has confirmed ``update_id`` (a getUpdates after call ``since`` asks from past
    it): CaMag confirms an update once its unit of work committed (bot/delivery.py)."""
    return any(
        method == "getUpdates" and int(params.get("offset") or 0) > update_id
        for method, params, _ in server.calls[since:]
    )


def answered(server: FakeBotApiServer, update_id: int, kind: str, value: str, since: int) -> bool:
    """Whether the step sent as ``update_id`` after call ``since`` is applied and its replies are
    out: those a step always has (a message sent or edited, a tap's answer, and after the last
    step its picture, drawn after the result is stored), then no call for a while."""
    methods = {method for method, _, _ in server.calls[since:]}
    needed = {"sendPhoto"} if value == FINAL else {"sendMessage", "editMessageText"}
    replied = bool(methods & needed) and (kind == "text" or "answerCallbackQuery" in methods)
    return replied and applied(server, update_id, since) and quiet(server, QUIET)


def quiet(server: FakeBotApiServer, seconds: float) -> bool:
    """Whether the bot has made no call but getUpdates for ``seconds``."""
    last = max((at for method, _, at in server.calls if method != "getUpdates"), default=0.0)
    return time.monotonic() - last >= seconds


def environment() -> str:
    return (
        f"Python {platform.python_version()}, python-telegram-bot {version('python-telegram-bot')}, "
        f"aiohttp {version('aiohttp')} (bot.transport.AiohttpRequest), pydantic {version('pydantic')}"
    )


def record(server: FakeBotApiServer, data: Path) -> dict[str, list[dict[str, Any]]]:
    """The calls CaMag makes for each step of one person's interview, each step sent once the one
    before it is answered (:func:`answered`: the replies go out after the update is confirmed, and
    one counted with the next step would leave a step without reply for the baselines to replay).
    The bot as shipped is recorded; its calls are the unpaced bot's, paced."""
    process = start("bot", server, data)
    user, pattern = RECORDER, {}
    try:
        for kind, value in STEPS:
            first = len(server.calls)
            sent = server.message(user, value) if kind == "text" else server.tap(user, server.sent[user][-1], value)
            done = partial(answered, server, sent, kind, value, first)
            if not server.wait_for(done, APPLIED_WITHIN):
                raise RuntimeError(f"CaMag did not answer {value!r} within {APPLIED_WITHIN:.0f} s when recorded")
            pattern[value] = [
                {"method": method, "params": {k: v for k, v in params.items() if k in KEEP}}
                for method, params, _ in server.calls[first:]
                if method != "getUpdates"
            ]
    finally:
        process.terminate()
        process.wait(60)
    return pattern


def stored(data: Path) -> dict[str, str]:
    """What CaMag keeps of the recorded person at the end (their record and their result), as JSON:
    the durable baseline stores records of this size."""

    async def export() -> dict[str, Any]:
        store = TinyDBStore(data, SystemClock())
        await store.open(SystemClock().now())
        try:
            return await store.export(RECORDER)
        finally:
            await store.close()

    exported = asyncio.run(export())
    return {"person": json.dumps(exported["person"]), "assessment": json.dumps(exported["assessments"][-1])}


def pattern_file(folder: Path) -> Path:
    """CaMag's calls for one interview, recorded and saved where the replay bot can read them; the
    records it stored beside them (``records.json``, for the durable baseline)."""
    server = FakeBotApiServer().start()
    try:
        pattern = record(server, folder / "record")
    finally:
        server.stop()
    (folder / "records.json").write_text(json.dumps(stored(folder / "record")))
    path = folder / "pattern.json"
    path.write_text(json.dumps(pattern))
    return path


SIDES = ("CaMag", "durable", "bare")
POSTGRES = "CaMag on PostgreSQL"
BARE_CLIENT = 5_000_000  # the first of the people the bare PostgreSQL client writes (CaMag's are far below)


@dataclass(frozen=True)
class Transactions:
    """A bare client's units of work on PostgreSQL: the CPU they cost the database server and it."""

    units: int
    server_seconds: float
    client_seconds: float

    @property
    def server_ms(self) -> float:
        return 1000 * self.server_seconds / self.units

    @property
    def client_ms(self) -> float:
        return 1000 * self.client_seconds / self.units


def transactions(url: str, postmaster: int, person: str, units: int) -> Transactions:
    """What PostgreSQL costs at the least for ``units`` updates: a bare client (psycopg, one
    connection, no pool, no event loop) making the store's two round trips for each (its own
    statements: ``BEGIN``, the person's lock and read; their record written with the ``COMMIT``),
    a record of CaMag's size, one unit after another."""
    now = SystemClock().now()
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = psycopg.ClientCursor(conn)
        server, client = family_cpu_seconds(postmaster), time.thread_time()
        for number in range(units):
            user = BARE_CLIENT + number % 50
            cursor.execute(BEGIN, {"id": user})
            cursor.nextset()
            cursor.nextset()
            cursor.fetchone()
            cursor.execute(WRITE + "; COMMIT", (user, person, now))
        return Transactions(units, family_cpu_seconds(postmaster) - server, time.thread_time() - client)


@dataclass
class Comparison:
    camag: list[Run]
    baseline: list[Run]  # the fair durable baseline
    bare: list[Run]  # the replay bot alone: nothing stored, nothing drawn
    postgres: list[Run] = field(default_factory=list)  # CaMag on PostgreSQL, when run through tests/services
    floor: list[Transactions] = field(default_factory=list)  # a bare client's, in the same rounds

    @property
    def ratios(self) -> list[float]:
        """CaMag / the fair durable baseline, round by round."""
        return [c.cpu_per_update_ms / b.cpu_per_update_ms for c, b in zip(self.camag, self.baseline, strict=True)]

    @property
    def durable_over_bare(self) -> list[float]:
        return [d.cpu_per_update_ms / b.cpu_per_update_ms for d, b in zip(self.baseline, self.bare, strict=True)]

    @property
    def postgres_over_camag(self) -> list[float]:
        """CaMag on PostgreSQL, the bot and the database server, / CaMag on the data folder."""
        return [
            p.with_server_per_update_ms / c.cpu_per_update_ms for p, c in zip(self.postgres, self.camag, strict=True)
        ]

    @property
    def floor_over_camag(self) -> list[float]:
        """CaMag on the data folder with a bare client's PostgreSQL transactions added, / CaMag on
        the data folder: what PostgreSQL adds at the least (the data folder's own commit, about
        0.1 ms, left in)."""
        return [
            (c.cpu_per_update_ms + f.server_ms + f.client_ms) / c.cpu_per_update_ms
            for c, f in zip(self.camag, self.floor, strict=True)
        ]

    @property
    def sides(self) -> tuple[str, ...]:
        return (*SIDES, POSTGRES) if self.postgres else SIDES

    def runs(self, side: str) -> list[Run]:
        return {"CaMag": self.camag, "durable": self.baseline, "bare": self.bare, POSTGRES: self.postgres}[side]


def run(users: int, rounds: int) -> tuple[Comparison, dict[str, list[dict[str, Any]]]]:
    """The bots running side by side for the whole run (each on a fake Bot API of its own), a
    warm-up crowd each, then ``rounds`` crowds each, taking turns: steady state, as a bot that runs
    for days spends it (start-up is its own row). With PostgreSQL (tests/services), CaMag on it too."""
    with ExitStack() as stack:
        postgres: tuple[str, int] | None = None
        if os.environ.get("CAMAG_TEST_DATABASE_URL"):
            url = stack.enter_context(empty_database())
            asyncio.run(migrate(url))
            postgres = url, _postmaster(url)
        return _run(users, rounds, postgres)


def _postmaster(url: str) -> int:
    """The database server's main process (its backends are its children; it runs on this machine)."""
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
    assert row is not None
    return int(Path(f"/proc/{row[0]}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _run(
    users: int, rounds: int, postgres: tuple[str, int] | None
) -> tuple[Comparison, dict[str, list[dict[str, Any]]]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        replay = pattern_file(folder)
        pattern = json.loads(replay.read_text())
        servers = [FakeBotApiServer().start() for _ in range(3 if postgres is None else 4)]
        records = str(folder / "records.json")
        try:
            with (
                running("benchmarks.unpaced_bot", servers[0], folder / "camag") as camag,
                running(
                    "benchmarks.replay_bot",
                    servers[1],
                    folder / "durable",
                    CAMAG_REPLAY=str(replay),
                    CAMAG_DURABLE=records,
                ) as durable,
                running("benchmarks.replay_bot", servers[2], folder / "bare", CAMAG_REPLAY=str(replay)) as bare,
                ExitStack() as more,
            ):
                people = iter(range(1, 10**6, users))
                sides = {"CaMag": (camag, servers[0]), "durable": (durable, servers[1]), "bare": (bare, servers[2])}
                names: tuple[str, ...] = SIDES
                if postgres is not None:
                    on_postgres = running(
                        "benchmarks.unpaced_bot", servers[3], folder / "pg", CAMAG_DATABASE_URL=postgres[0]
                    )
                    sides[POSTGRES] = more.enter_context(on_postgres), servers[3]
                    names = (*SIDES, POSTGRES)

                def crowd_of(name: str) -> Run:
                    process, server = sides[name]
                    first = next(people)
                    database = postgres[1] if postgres is not None and name == POSTGRES else None
                    return crowd(name, process, server, range(first, first + users), database)

                for name in names:  # warm-up: matplotlib loaded, the first frame drawn, caches filled
                    crowd_of(name)
                comparison = Comparison([], [], [])
                person = json.loads((folder / "records.json").read_text())["person"]
                for number in range(rounds):  # interleaved, the order rotating round by round
                    turn = number % len(names)
                    for name in names[turn:] + names[:turn]:
                        measured = crowd_of(name)
                        comparison.runs(name).append(measured)
                        if name == POSTGRES and postgres is not None:
                            comparison.floor.append(transactions(*postgres, person, measured.updates))
        finally:
            for server in servers:
                server.stop()
    return comparison, pattern


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    comparison, pattern = run(args.users, args.rounds)
    calls = sum(len(c) for c in pattern.values())
    print(f"{environment()}\nrecorded pattern: {calls} calls for {len(pattern)} updates; {load()}")
    for name in comparison.sides:
        runs = comparison.runs(name)
        cpu = statistics.median(r.cpu_per_update_ms for r in runs)
        loop = statistics.median(r.loop_per_update_ms for r in runs)
        rate = statistics.median(r.per_second for r in runs)
        p50 = statistics.median(r.percentile(50) for r in runs)
        p99 = statistics.median(r.percentile(99) for r in runs)
        server = statistics.median(r.server_seconds * 1000 / r.updates for r in runs)
        print(
            f"{name:8s} CPU {cpu:5.2f} ms/update (event loop {loop:5.2f} ms"
            + (f", database server {server:5.2f} ms" if name == POSTGRES else "")
            + f"), {rate:6.1f} updates/s, latency p50 {p50:6.1f} ms, p99 {p99:6.1f} ms"
        )
    comparisons = [
        ("CaMag / durable baseline", comparison.ratios, "target ≤ 1.2x"),
        ("durable / bare baseline", comparison.durable_over_bare, "for reference"),
    ]
    if comparison.postgres:
        comparisons.append(("CaMag and PostgreSQL / CaMag", comparison.postgres_over_camag, "target ≤ 1.1x"))
        comparisons.append(
            ("CaMag with a bare client's PostgreSQL transactions / CaMag", comparison.floor_over_camag, "the floor")
        )
        server = statistics.median(f.server_ms for f in comparison.floor)
        client = statistics.median(f.client_ms for f in comparison.floor)
        print(
            f"a bare client's PostgreSQL transactions, the store's statements, one after another: "
            f"database server {server:.2f} ms + client {client:.2f} ms per update"
        )
    for label, ratios, target in comparisons:
        print(f"CPU per update, {label}: {spread(ratios)}, {len(ratios)} rounds; {target}")


def spread(ratios: list[float]) -> str:
    return f"median {statistics.median(ratios):.2f}x (min {min(ratios):.2f}x, max {max(ratios):.2f}x)"


def load() -> str:
    """The machine's load while measuring (other work shares it)."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


if __name__ == "__main__":
    main()
