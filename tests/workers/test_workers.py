"""Three workers serve one bot on PostgreSQL behind nginx. 150 people do the check
while 1,000 check-ins fall due in the same minute, and one worker is killed with SIGKILL midway.

Every person acts only on what the bot last showed them (the driver of tests/bot/test_kill_loop.py)
and every answer differs from its neighbours, so an answer lost or applied twice shows in what is
stored. At the end: everyone got through, each stored result holds exactly their answers (one
result each), every check-in went out, and none twice except at most what the killed worker had
in flight (counted, and printed)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import psycopg

from bot.store.interface import Person as Record
from bot.store.postgres_store import PostgresStore
from camag_core import Nutrient
from camag_core.schedule import Plan
from tests.bot.conftest import FakeClock
from tests.bot.test_kill_loop import FOODS, Person, age_of, serving_of
from tests.postgres import empty_database, migrate
from tests.workers.cluster import Cluster

# 150 people doing the check (about 3,000 updates), still at it when the kill falls (checked below);
# 300 cost twice the CPU, a minute of the suite on a 2-core machine, and tested nothing more.
PEOPLE = range(1001, 1151)
REMINDED = range(500_001, 501_001)  # 1,000 people whose check-in is due in the same minute
IN_FLIGHT = 8  # check-ins one worker sends at once (the dispatcher's senders)
RATE = 90  # check-ins a second, all workers together
STALL = 90.0  # seconds without a reply or a check-in after which the run is stuck
LIMIT = 900.0  # seconds after which it is stuck anyway (replies that lead nowhere)


async def seed(url: str, now: datetime, reminded: range = REMINDED) -> clock_time:
    """Reminders (1,000) due at the minute just gone (planned ten minutes ago); returns their time."""
    due = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    planned_at = now - timedelta(minutes=10)
    store = PostgresStore(url, FakeClock(planned_at), pool_size=8)
    await store.open(planned_at)

    async def remind(user_id: int) -> None:
        async with store.person(user_id) as session:
            session.person = Record(user_id=user_id, chat_id=user_id, created_at=now, updated_at=now, zone="UTC")
            session.person.reminder = Plan.daily(due.time())

    for first in range(0, len(reminded), 100):
        await asyncio.gather(*(remind(user_id) for user_id in reminded[first : first + 100]))
    await store.close()
    return due.time()


async def stored(
    url: str, checking: range = PEOPLE, reminded: range = REMINDED
) -> tuple[dict[int, Record], dict[int, list]]:
    """Everyone's record, and each of ``checking``'s results, as stored."""
    store = PostgresStore(url, FakeClock(datetime.now(UTC)), pool_size=4)
    await store.open(datetime.now(UTC))
    people: dict[int, Record] = {}
    results: dict[int, list] = {}
    for user_id in [*checking, *reminded]:
        async with store.person(user_id) as session:
            assert session.person is not None, user_id
            people[user_id] = session.person
            results[user_id] = [await session.assessment(n) for n in range(1, session.person.assessments + 1)]
    await store.close()
    return people, results


def recorded(url: str, reminded: range = REMINDED) -> int:
    """How many of ``reminded`` have their check-in stored as sent: a worker commits that after the
    send, so the fake Bot API sees the last check-ins before the database has them."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM people WHERE user_id BETWEEN %s AND %s"
            " AND record->'reminder'->'doses'->0->>'last_sent' IS NOT NULL",
            (reminded.start, reminded.stop - 1),
        ).fetchone()
    return int(row[0]) if row else 0


def settle(url: str, cluster: Cluster, reminded: range = REMINDED, timeout: float = 30.0) -> None:
    """Before the workers are stopped: every update answered, and every check-in sent recorded as
    sent (the commit that follows the send; a stop would cut it short)."""
    server = cluster.server
    server.wait_for(
        lambda: server.webhook_acknowledged == server.webhook_posted and recorded(url, reminded) >= len(reminded),
        timeout,
    )


def checkins_sent(cluster: Cluster, reminded: range = REMINDED) -> dict[int, int]:
    counts = {user_id: 0 for user_id in reminded}
    for user_id in reminded:
        counts[user_id] = sum("Daily check-in" in m["text"] for m in cluster.server.sent.get(user_id, []))
    return counts


class Reached:
    """Who of ``reminded`` has been sent a check-in so far, read from the fake Bot API's calls as
    they come, each call once (the harness asks 50 times a second, on the cores the workers use)."""

    def __init__(self, cluster: Cluster, reminded: range = REMINDED) -> None:
        self.calls, self.reminded = cluster.server.calls, reminded
        self.read = 0
        self.people: set[int] = set()

    def count(self) -> int:
        new = self.calls[self.read :]
        self.read += len(new)
        for method, params, _ in new:
            chat = int(params.get("chat_id", 0)) if method == "sendMessage" else 0
            if chat in self.reminded and "Daily check-in" in str(params.get("text", "")):
                self.people.add(chat)
        return len(self.people)


def step_all(cluster: Cluster, people: list[Person], reached: Reached) -> tuple[int, int]:
    """Everyone acts on what the bot last said; how many are done, and how many were sent a check-in."""
    now = time.monotonic()
    for person in people:
        person.step(cluster.server, now)
    # A reply slow for one is slow for all on this machine: everyone waits as long before trying
    # again, rather than resending into a queue that is only slow.
    patience = max(person.patience for person in people)
    for person in people:
        person.patience = patience
    return sum(p.task == "done" for p in people), reached.count()


# How much later one check-in may reach the fake Bot API than another sent at the same moment
# (three workers, nginx, PostgreSQL and the harness share two cores): a window of arrivals this
# much shorter than a second holds no more than the workers sent within a second.
DELIVERY_JITTER = 0.1


def peak_per_second(cluster: Cluster) -> int:
    """The most check-ins the workers together sent within one second, counted as they arrived:
    in any window of ``1 - DELIVERY_JITTER`` seconds of arrival."""
    sent = sorted(
        at
        for method, params, at in cluster.server.calls
        if method == "sendMessage" and "Daily check-in" in params.get("text", "")
    )
    window = 1.0 - DELIVERY_JITTER
    return max((sum(1 for t in sent[i:] if t < start + window) for i, start in enumerate(sent)), default=0)


def test_three_workers_one_killed_keep_every_answer_and_send_each_check_in_once(tmp_path: Path):
    with empty_database() as url:
        asyncio.run(migrate(url))
        started = datetime.now(UTC)
        at = seed_time = asyncio.run(seed(url, started))
        # Fan-out at 90 a second across the three: the kill falls while it is going on.
        cluster = Cluster(
            tmp_path, url, env={"CAMAG_BROADCAST_PER_SECOND": str(RATE), "CAMAG_REMINDER_LEASE_SECONDS": "5"}
        )
        cluster.start()
        reached = Reached(cluster)
        people = [Person(uid, "", tasks=["interview", "done"]) for uid in PEOPLE]
        at_kill: tuple[int, int] | None = None  # checks done, check-ins sent
        try:
            for person in people:
                person.start_task(cluster.server, time.monotonic())
            # No fixed deadline: on a loaded machine the same work takes longer. The run ends when
            # everyone is through, or when nothing has moved (no reply, no check-in) for STALL seconds.
            began = moved = time.monotonic()
            progress: tuple[int, int] = (0, 0)
            while time.monotonic() - moved < STALL and time.monotonic() - began < LIMIT:
                done, sent = step_all(cluster, people, reached)
                if at_kill is None and sent >= len(REMINDED) // 3:
                    cluster.kill(0)  # midway through the fan-out, with the checks going on
                    at_kill = done, sent
                if done == len(people) and sent == len(REMINDED):
                    break
                if (replies := sum(p.seen for p in people), sent) != progress:
                    progress, moved = (replies, sent), time.monotonic()
                time.sleep(0.02)
            settle(url, cluster)
        finally:
            codes = cluster.stop()
        counts = checkins_sent(cluster)
        peak = peak_per_second(cluster)
        people_now, results = asyncio.run(stored(url))
    log = cluster.logs()
    stuck = [p.uid for p in people if p.task != "done"]
    transcripts = {p.uid: p.transcript for p in people}
    twice = {uid: n for uid, n in counts.items() if n > 1}
    retries = cluster.server.webhook_retries
    print(
        f"killed worker 0 at {at_kill}; check-ins sent twice: {len(twice)}; webhook retries: {retries}; peak {peak}/s"
    )
    assert at_kill is not None
    assert at_kill[0] < len(PEOPLE)
    assert at_kill[1] < len(REMINDED)
    assert not stuck, f"{len(stuck)} people stuck: {stuck[:10]}; the first:\n" + "\n".join(transcripts[stuck[0]][-30:])
    assert codes[0] is None  # killed
    assert codes[1:] == [0, 0]
    assert "Traceback" not in log, log[max(0, log.find("Traceback") - 1000) :][:4000]
    for uid in PEOPLE:
        (result,) = results[uid]  # one result: no answer applied twice, none lost
        assert result is not None
        answers = result.answers
        assert answers.age == age_of(uid)
        assert answers.diet is not None
        assert answers.diet.servings == {food.split(".")[1]: serving_of(food) for food in FOODS}, "\n".join(
            transcripts[uid]
        )
        assert [(s.nutrient, s.amount) for s in answers.supplements or []] == [(Nutrient.MAGNESIUM, 200)], "\n".join(
            transcripts[uid]
        )
        # Nothing half-applied: no check open, or a new one the person's own /check began (a reply
        # slowed by the kill came after they had typed /check again, as a person would).
        interview = people_now[uid].interview
        assert interview is None or interview.draft == {}, "\n".join(transcripts[uid])
    assert all(n >= 1 for n in counts.values()), [uid for uid, n in counts.items() if not n][:10]
    assert len(twice) <= IN_FLIGHT, twice
    assert peak <= 2 * RATE  # the three share the rate: each a third of it (and of the burst)
    today = datetime.now(UTC).date() if at.hour or at.minute else started.date()
    for uid in REMINDED:
        reminder = people_now[uid].reminder
        assert reminder is not None
        assert reminder.doses[0].last_sent is not None
        assert reminder.doses[0].last_sent >= today - timedelta(days=1)
    assert seed_time == at
