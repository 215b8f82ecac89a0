"""Two workers on PostgreSQL behind nginx while the database restarts and then stays down longer
than the pools wait, both during the check-in fan-out and during people's interviews.

The database "restarts" as a server restart looks to its clients: every session ends
(AdminShutdown) and, for a moment, none is let in; then it is down for longer than the workers'
CAMAG_DATABASE_WAIT_SECONDS (shortened here so that the test fits the suite: each update waits that
long for a connection and then fails with PoolTimeout, as in a 45 s outage with the default 30 s).
Telegram (the fake Bot API) posts each update until it is answered 200. At the end nothing was
acknowledged and dropped (every update answered 200 at last; every person got through, and what is
stored is exactly what they answered, once), and each check-in went out once per person and day."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from bot import views
from camag_core import Nutrient
from camag_core.i18n import ENGLISH
from tests.bot.test_kill_loop import FOODS, Person, age_of, serving_of
from tests.postgres import empty_database, migrate, outage
from tests.workers.cluster import Cluster
from tests.workers.test_workers import Reached, checkins_sent, seed, settle, step_all, stored

PEOPLE = range(2001, 2041)  # 40 people doing the check
REMINDED = range(500_001, 500_301)  # 300 check-ins due in the same minute
RATE = 20  # check-ins a second, both workers together: the fan-out lasts about 15 s
WAIT = 2  # seconds an update waits for a connection (CAMAG_DATABASE_WAIT_SECONDS)
RESTART_DOWN = 1.0  # seconds no session is let in after the restart ends them all
OUTAGE = 3 * WAIT  # well past the wait: every update in it fails with PoolTimeout
TYPING = 3001  # someone new who types during the outage: at least one update meets it, however slow the machine


def test_a_database_restart_and_an_outage_lose_no_update_and_send_no_check_in_twice(tmp_path: Path):
    with empty_database() as url:
        asyncio.run(migrate(url))
        asyncio.run(seed_some(url))
        cluster = Cluster(
            tmp_path,
            url,
            count=2,
            env={
                "CAMAG_BROADCAST_PER_SECOND": str(RATE),
                "CAMAG_REMINDER_LEASE_SECONDS": "5",  # claims run out during the outage
                "CAMAG_DATABASE_WAIT_SECONDS": str(WAIT),
            },
        )
        cluster.start()
        reached = Reached(cluster, REMINDED)
        people = [Person(uid, "", tasks=["interview", "done"]) for uid in PEOPLE]
        events: list[str] = []
        try:
            for person in people:
                person.start_task(cluster.server, time.monotonic())
            deadline = time.monotonic() + 180
            restarted = down = False
            while time.monotonic() < deadline:
                done, sent = step_all(cluster, people, reached)
                if not restarted and sent >= len(REMINDED) // 4:
                    with outage(url):  # a restart: every session ended, none let in for a moment
                        time.sleep(RESTART_DOWN)
                    restarted = True
                    events.append(f"restart at {sent} check-ins sent, {done} checks done")
                elif restarted and not down and sent >= len(REMINDED) // 2:
                    with outage(url):
                        outage_from = time.monotonic()
                        cluster.server.message(TYPING, "/start")  # whatever else is in flight then
                        while time.monotonic() < outage_from + OUTAGE:
                            for person in people:
                                person.step(cluster.server, time.monotonic())
                            time.sleep(0.02)
                    down = True
                    events.append(f"outage of {OUTAGE} s at {sent} check-ins sent, {done} checks done")
                if down and done == len(people) and sent == len(REMINDED):
                    break
                time.sleep(0.02)
            settle(url, cluster, REMINDED)  # anything still being retried comes through
        finally:
            codes = cluster.stop()
        counts = checkins_sent(cluster, REMINDED)
        people_now, results = asyncio.run(stored(url, PEOPLE, REMINDED))
    server = cluster.server
    log = cluster.logs()
    twice = {uid: n for uid, n in counts.items() if n > 1}
    unapplied = log.count("not applied, to be delivered again")
    told = sum(m["text"] == views.not_saved_yet(ENGLISH) for uid in PEOPLE for m in server.sent.get(uid, []))
    print(
        f"{'; '.join(events)}. Updates posted {server.webhook_posted}, acknowledged {server.webhook_acknowledged}, "
        f"refused first {dict(server.webhook_refused)}; checks done {sum(p.task == 'done' for p in people)}"
        f"/{len(people)}; check-ins sent {sum(counts.values())} to {sum(n > 0 for n in counts.values())}"
        f"/{len(REMINDED)} people, twice: {len(twice)}; not applied, answered 500: {unapplied}; "
        f"people told 'not recorded yet': {told}"
    )
    assert len(events) == 2, events
    assert codes == [0, 0]
    assert "Traceback" not in log, log[max(0, log.find("Traceback") - 1000) :][:4000]
    assert "failed to handle update" not in log  # a failure answered 200: that update was dropped
    assert server.webhook_refused, "the database was never missed: the faults came too late"
    assert server.webhook_acknowledged == server.webhook_posted  # none left unanswered
    stuck = [p.uid for p in people if p.task != "done"]
    assert not stuck, "\n".join(next(p for p in people if p.task != "done").transcript)
    for uid in PEOPLE:
        person = next(p for p in people if p.uid == uid)
        said = [f"result {r.at:%H:%M:%S.%f}" for r in results[uid]]
        assert len(results[uid]) == 1, "\n".join([*said, *person.transcript])  # no answer applied twice, none lost
        (result,) = results[uid]
        answers = result.answers
        transcript = "\n".join([f"user {uid}", *person.transcript])  # an answer applied to the wrong question
        assert answers.age == age_of(uid), transcript
        assert answers.diet is not None, transcript
        assert answers.diet.servings == {food.split(".")[1]: serving_of(food) for food in FOODS}, transcript
        assert [(s.nutrient, s.amount) for s in answers.supplements or []] == [(Nutrient.MAGNESIUM, 200)], transcript
    assert not twice, twice
    assert all(n == 1 for n in counts.values()), [uid for uid, n in counts.items() if not n][:10]
    for uid in REMINDED:
        reminder = people_now[uid].reminder  # type: ignore[attr-defined]
        assert reminder is not None
        assert reminder.doses[0].last_sent is not None


async def seed_some(url: str) -> None:
    """The 300 check-ins due at the minute just gone."""
    await seed(url, datetime.now(UTC), REMINDED)
