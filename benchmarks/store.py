"""The store at 100, 10k and 100k people: p50 and p99 of the common operations.

    python -m benchmarks.store [--sizes 100 10000 100000] [--samples 300]

Each person is a folder of small files, so an operation should cost the same whatever the number
of people (target: at 100k within 1.5x of the figure at 100). The population is written directly
(no fsync) to set up quickly; the timed operations are the real store's units of work, each
commit synced in its journal. Before each slice of samples the store makes a checkpoint (not
timed), so people are read from their files at every size. The sizes take turns, a slice of the samples each round, so
the machine's speed drifting during the run (a shared virtual machine's does) favours no size.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

import numpy as np

from benchmarks.e2e import ms
from bot.store.due_index import RECORD, planned_records, write_shards
from bot.store.interface import AssessmentRecord, Person, Store
from bot.store.plans import Entry, index_entry
from bot.store.tinydb_store import LAYOUT_VERSION, TinyDBStore
from camag_core import Answers, assess
from camag_core.daily import CheckIn, Run, Status, fire_time, local_date
from camag_core.schedule import Plan
from tests.bot.conftest import FakeClock
from tests.conftest import REPO

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney", "America/Sao_Paulo"]


def sample_record() -> AssessmentRecord:
    answers = Answers.model_validate_json((REPO / "examples" / "food_questions_man.json").read_text())
    return AssessmentRecord(at=NOW, answers=answers, result=assess(answers))


def populate(
    root: Path,
    people: int,
    record: AssessmentRecord,
    *,
    checkins: int = 7,
    at: clock_time | None = None,
    doses: int = 1,
) -> None:
    """``people`` folders, each with a plan of ``doses`` reminders a day (the first at ``at`` in
    UTC, else at a random time and zone; the others 5 hours apart), one assessment and
    ``checkins`` days of check-ins up to yesterday, and the reminder index, written as the store
    writes them."""
    rng = random.Random(1)
    (root / "people").mkdir(parents=True, exist_ok=True)
    (root / "layout.json").write_text(json.dumps({"version": LAYOUT_VERSION}))
    assessment = json.dumps({"assessments": {"1": record.model_dump(mode="json")}})
    first = NOW.date() - timedelta(days=checkins)
    records = []
    for uid in range(1, people + 1):
        folder = root / "people" / str(uid)
        folder.mkdir()
        zone, daily = ("UTC", at) if at else (rng.choice(ZONES), clock_time(rng.randrange(24), rng.choice([0, 30])))
        person = Person(
            user_id=uid, chat_id=uid, created_at=NOW - timedelta(days=checkins), updated_at=NOW,
            zone=zone, reminder=_plan(daily, doses, zone), assessments=1, first_checkin=first if checkins else None,
            run=Run(first, NOW.date() - timedelta(days=1)) if checkins else None,
        )  # fmt: skip
        (folder / "person.json").write_text(json.dumps({"person": {"1": person.model_dump(mode="json")}}))
        (folder / "assessments.json").write_text(assessment)
        write_checkins(folder, first, checkins)
        records.append(planned_records(uid, index_entry(person), NOW))
    write_index(root, np.concatenate(records) if records else np.empty(0, RECORD))


def populate_index(root: Path, people: int, doses: int, now: datetime = NOW, *, sent: bool = False) -> None:
    """What start-up reads of ``people`` with ``doses`` reminders a day each, at random times and
    zones: the layout and the reminder index's shards, as the store writes them at ``now`` (their
    folders, which start-up does not read, left out: a million of them would fill this machine's
    disk). With ``sent``, each check-in due earlier that day was sent, as a running bot leaves
    them; else one missed earlier that day is due at ``now``."""
    rng = random.Random(1)
    (root / "people").mkdir(parents=True, exist_ok=True)
    (root / "layout.json").write_text(json.dumps({"version": LAYOUT_VERSION}))
    keys: dict[tuple[str, clock_time], int] = {}  # the same plan and zone, the same records
    chosen = np.empty(people, np.int32)
    for uid in range(1, people + 1):
        key = rng.choice(ZONES), clock_time(rng.randrange(24), rng.choice([0, 30]))
        chosen[uid - 1] = keys.setdefault(key, len(keys))
    users = np.arange(1, people + 1, dtype=np.int64)
    parts = []
    for (zone, daily), number in keys.items():
        plan = _plan(daily, doses, zone)
        if sent:
            today = local_date(now, zone)
            done = tuple(
                d.model_copy(update={"last_sent": today}) if fire_time(today, d.at, zone) <= now else d
                for d in plan.doses
            )
            plan = plan.model_copy(update={"doses": done})
        template = planned_records(0, Entry(zone=zone, plan=plan), now)
        who = users[chosen == number]
        part = np.tile(template, len(who))
        part["user"] = np.repeat(who, len(template))
        parts.append(part)
    write_index(root, np.concatenate(parts) if parts else np.empty(0, RECORD))


def write_index(root: Path, records: np.ndarray) -> None:
    (root / "due").mkdir()
    write_shards(root / "due", records)


def _plan(first: clock_time, doses: int, zone: str) -> Plan:
    plan = Plan.daily(first)
    for n in range(1, doses):
        plan = plan.added(clock_time((first.hour + 5 * n) % 24, first.minute), zone, NOW)
    return plan


def write_checkins(folder: Path, first: date, days: int) -> None:
    months: dict[str, dict[str, object]] = {}
    for i in range(days):
        day = first + timedelta(days=i)
        checkin = CheckIn(day=day, status=Status.ALL, ratio=1.5, at=NOW)
        months.setdefault(f"{day:%Y-%m}", {})[str(day.day)] = checkin.model_dump(mode="json")
    for month, rows in months.items():
        (folder / f"checkins-{month}.json").write_text(json.dumps({"checkins": rows}))


async def timed(
    operation: Callable[[int], Awaitable[object]], people: int, samples: int, rng: random.Random
) -> list[float]:
    durations = []
    for _ in range(samples):
        uid = rng.randint(1, people)
        began = time.perf_counter()
        await operation(uid)
        durations.append(time.perf_counter() - began)
    return durations


def percentiles(durations: list[float]) -> tuple[float, float]:
    return ms(durations, 50), ms(durations, 99)


def operations(store: Store, record: AssessmentRecord) -> dict[str, Callable[[int], Awaitable[object]]]:
    days = iter(range(10**9))

    async def load(uid: int) -> None:
        async with store.person(uid) as session:
            assert session.person is not None

    async def save_assessment(uid: int) -> None:
        async with store.person(uid) as session:
            session.add_assessment(record)

    async def checkin(uid: int) -> None:
        day = date(2027, 1, 1) + timedelta(days=next(days) % 365)
        async with store.person(uid) as session:
            session.record_checkin(CheckIn(day=day, status=Status.SOME, at=NOW))

    return {"load a person": load, "save an assessment": save_assessment, "record a check-in": checkin}


async def _run(sizes: list[int], samples: int, rounds: int) -> dict[int, dict[str, tuple[float, float]]]:
    record = sample_record()
    with tempfile.TemporaryDirectory() as tmp:
        stores: Plans = {}
        at_rest: dict[int, Callable[[], Awaitable[None]]] = {}
        for people in sizes:
            root = Path(tmp) / str(people)
            populate(root, people, record)
            store = TinyDBStore(root, FakeClock(NOW))
            await store.open(NOW)
            stores[people] = (operations(store, record), random.Random(people))
            at_rest[people] = store.checkpoint
        return await take_turns(stores, samples, rounds, at_rest)


Plans = dict[int, tuple[dict[str, Callable[[int], Awaitable[object]]], random.Random]]


async def take_turns(
    plans: Plans, samples: int, rounds: int, at_rest: dict[int, Callable[[], Awaitable[None]]] | None = None
) -> dict[int, dict[str, tuple[float, float]]]:
    """Each size's operations, a slice of the samples at a time, the sizes taking turns; p50 and p99.
    ``at_rest`` (untimed, before each slice) brings everyone's data home to their files, so that
    a person is read from the disk whatever the size, not from a journal's state in memory."""
    durations: dict[int, dict[str, list[float]]] = {people: {} for people in plans}
    for _ in range(rounds):
        for people, (ops, rng) in plans.items():
            for name, op in ops.items():
                if at_rest is not None:
                    await at_rest[people]()
                durations[people].setdefault(name, []).extend(await timed(op, people, samples // rounds, rng))
    return {people: {name: percentiles(d) for name, d in ops.items()} for people, ops in durations.items()}


def report(results: dict[int, dict[str, tuple[float, float]]]) -> None:
    smallest = min(results)
    for people, ops in results.items():
        for name, (p50, p99) in ops.items():
            ratio = p50 / results[smallest][name][0]
            print(f"{people:>9,} people  {name:20s} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  ({ratio:.2f}x at {smallest})")


def run(sizes: list[int], samples: int, rounds: int = 5) -> dict[int, dict[str, tuple[float, float]]]:
    return asyncio.run(_run(sizes, samples, rounds))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    report(run(args.sizes, args.samples))


if __name__ == "__main__":
    main()
