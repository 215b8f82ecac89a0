"""The store at 100, 10k and 100k users: p50 and p99 of the common operations.

    python -m benchmarks.store [--sizes 100 10000 100000] [--samples 300]

Each person is one small file, so an operation should cost the same whatever the number of
people (target: at 100k within 1.5x of the figure at 100). Files for the population are written
directly (no fsync) to set up quickly; the timed operations go through the real Store, with its
atomic, fsynced writes. The sizes take turns, a slice of the samples each round, so the machine's
speed drifting during the run (a shared virtual machine's does) does not favour one size.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.store import AssessmentRecord, CheckIn, Profile, Store
from camag_core import Answers, assess
from tests.conftest import REPO

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def sample_record() -> AssessmentRecord:
    answers = Answers.model_validate_json((REPO / "examples" / "food_questions_man.json").read_text())
    return AssessmentRecord(at=NOW, answers=answers, result=assess(answers))


def populate(root: Path, people: int, record: AssessmentRecord) -> None:
    """``people`` files, each with a profile, one assessment and a week of check-ins."""
    users = root / "users"
    users.mkdir(parents=True, exist_ok=True)
    assessment = record.model_dump(mode="json")
    stamp = NOW.isoformat()
    for uid in range(1, people + 1):
        profile = Profile(user_id=uid, chat_id=uid, created_at=NOW, updated_at=NOW).model_dump(mode="json")
        checkins = {
            str(i + 1): {"day": (date(2026, 11, 14) + timedelta(days=i)).isoformat(), "status": "all", "at": stamp}
            for i in range(7)
        }
        tables = {"profile": {"1": profile}, "assessments": {"1": assessment}, "checkins": checkins}
        (users / f"{uid}.json").write_text(json.dumps(tables))


def timed(operation: Callable[[int], object], people: int, samples: int, rng: random.Random) -> list[float]:
    durations = []
    for _ in range(samples):
        uid = rng.randint(1, people)
        began = time.perf_counter()
        operation(uid)
        durations.append(time.perf_counter() - began)
    return durations


def percentiles(durations: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(durations, n=100)
    return 1000 * cuts[49], 1000 * cuts[98]


def operations(store: Store, record: AssessmentRecord) -> dict[str, Callable[[int], object]]:
    days = iter(range(10**9))

    def checkin(uid: int) -> None:
        day = date(2027, 1, 1) + timedelta(days=next(days) % 365)
        store.record_checkin(uid, CheckIn(day=day, status="some", at=NOW))

    return {
        "load a profile": store.profile,
        "save an assessment": lambda uid: store.add_assessment(uid, record),
        "record a check-in": checkin,
    }


def run(sizes: list[int], samples: int, rounds: int = 5) -> dict[int, dict[str, tuple[float, float]]]:
    record = sample_record()
    durations: dict[int, dict[str, list[float]]] = {people: {} for people in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        stores = {}
        for people in sizes:
            root = Path(tmp) / str(people)
            populate(root, people, record)
            stores[people] = (operations(Store(root), record), random.Random(people))
        for _ in range(rounds):
            for people, (ops, rng) in stores.items():
                for name, op in ops.items():
                    durations[people].setdefault(name, []).extend(timed(op, people, samples // rounds, rng))
    return {people: {name: percentiles(d) for name, d in ops.items()} for people, ops in durations.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    results = run(args.sizes, args.samples)
    first = results[args.sizes[0]]
    for people, ops in results.items():
        for name, (p50, p99) in ops.items():
            ratio = p50 / first[name][0]
            print(f"{people:>7,} people  {name:20s} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  ({ratio:.2f}x at 100)")


if __name__ == "__main__":
    main()
