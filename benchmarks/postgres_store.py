"""The PostgreSQL store at 100 and at 1,000,000 people: p50 and p99 of the common operations.

    tests/services .venv/bin/python -m benchmarks.postgres_store [--sizes 100 1000000] [--samples 300]
    (make bench-workers runs it, on a PostgreSQL server with fsync on)

Each person has a reminder (their time spread over the day), one assessment and three days of
check-ins, written by SQL on the server to set up quickly. The timed operations are the real
store's units of work (a transaction under the person's advisory lock), and asking who is due at
a minute. Target: at 1M people, each within 1.5x of its figure at 100. The sizes take turns, a
slice of the samples each round, so the machine's drift favours neither.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import timedelta

import psycopg
from psycopg.types.json import Jsonb

from benchmarks.store import NOW, Plans, operations, report, sample_record, take_turns
from bot.store.interface import Person
from bot.store.postgres_store import PostgresStore
from camag_core.daily import CheckIn, Status
from camag_core.schedule import Plan
from tests.bot.conftest import FakeClock
from tests.postgres import empty_database, migrate

POPULATE = """
INSERT INTO people (user_id, record, updated_at)
SELECT g, jsonb_set(jsonb_set(jsonb_set(%(person)s::jsonb, '{user_id}', to_jsonb(g)), '{chat_id}', to_jsonb(g)),
                    '{reminder,doses,0,at}', to_jsonb(to_char(make_time((g %% 1440) / 60, g %% 60, 0), 'HH24:MI:SS'))),
       %(now)s
FROM generate_series(1, %(people)s) g;
INSERT INTO assessments (user_id, number, record) SELECT g, 1, %(assessment)s FROM generate_series(1, %(people)s) g;
INSERT INTO checkins (user_id, day, record)
SELECT g, d::date, jsonb_set(%(checkin)s::jsonb, '{day}', to_jsonb(to_char(d, 'YYYY-MM-DD')))
FROM generate_series(1, %(people)s) g, generate_series(%(first)s::date, %(first)s::date + 2, '1 day') d;
INSERT INTO reminder_plans (user_id, dose, snoozed, day, due_at, entry)
SELECT g, 1, false, %(tomorrow)s, %(tomorrow)s::timestamptz + make_interval(mins => g %% 1440),
       jsonb_build_object('zone', 'UTC', 'plan', jsonb_build_object('doses', jsonb_build_array(jsonb_build_object(
           'number', 1, 'at', to_char(make_time((g %% 1440) / 60, g %% 60, 0), 'HH24:MI:SS')))))
FROM generate_series(1, %(people)s) g;
ANALYZE;
"""


def populate(url: str, people: int) -> float:
    person = Person(user_id=0, chat_id=0, created_at=NOW, updated_at=NOW, zone="UTC", assessments=1)
    person.reminder = Plan.daily(NOW.time())
    first = NOW.date() - timedelta(days=3)
    began = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        values = {
            "person": Jsonb(person.model_dump(mode="json")),
            "assessment": Jsonb(sample_record().model_dump(mode="json")),
            "checkin": Jsonb(CheckIn(day=first, status=Status.ALL, ratio=1.5, at=NOW).model_dump(mode="json")),
            "people": people,
            "now": NOW,
            "first": first,
            "tomorrow": NOW.date() + timedelta(days=1),
        }
        for statement in filter(str.strip, POPULATE.split(";\n")):
            conn.execute(statement.encode(), values if "%(" in statement else None)
    return time.perf_counter() - began


async def _measure(urls: dict[int, str], samples: int, rounds: int) -> dict[int, dict[str, tuple[float, float]]]:
    record = sample_record()
    stores = {people: PostgresStore(url, FakeClock(NOW), pool_size=2) for people, url in urls.items()}
    plans: Plans = {}
    for people, store in stores.items():
        await store.open(NOW)

        async def ask(uid: int, store: PostgresStore = store) -> object:
            return await store.due(NOW)  # the plans are all for tomorrow: the index probe alone

        plans[people] = ({**operations(store, record), "ask who is due": ask}, random.Random(people))
    try:
        return await take_turns(plans, samples, rounds)
    finally:
        for store in stores.values():
            await store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000_000])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    with empty_database() as small, empty_database() as large:
        urls = dict(zip(args.sizes, [small, large], strict=True))
        for people, url in urls.items():
            asyncio.run(migrate(url))
            print(f"{people:>9,} people written in {populate(url, people):.1f} s")
        report(asyncio.run(_measure(urls, args.samples, rounds=5)))


if __name__ == "__main__":
    main()
