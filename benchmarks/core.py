"""Core assessments per second on one core.

    python benchmarks/core.py [--seconds 5]

Assesses a rotating mix of the answers in examples/ plus generated food-questionnaire answers,
in one process (one core), and prints assessments per second of the process's CPU time and the
CPU time per assessment. CPU time rather than the clock: on a machine shared with other work, a
clock-time rate measures the other work as much as the core.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from camag_core import Answers, assess
from camag_core.foods import food_group_ids

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def workload(size: int = 200, seed: int = 7) -> list[Answers]:
    rng = random.Random(seed)
    answers = [Answers.model_validate_json(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    while len(answers) < size:
        answers.append(
            Answers.model_validate(
                {
                    "age": rng.randint(9, 90),
                    "sex": rng.choice(["female", "male"]),
                    "diet": {"servings": {g: rng.choice([0, 0.5, 1, 2]) for g in food_group_ids()}},
                    "soda_per_day": rng.choice([0, 0, 1, 3]),
                    "supplements": rng.choice(
                        [
                            [],
                            [{"nutrient": "calcium", "amount": 600, "per_day": 2}],
                            [{"nutrient": "magnesium", "form": "magnesium citrate", "amount": 200}],
                            [{"nutrient": "vitamin_d", "amount": 1000}, {"nutrient": "magnesium", "amount": 400}],
                        ]
                    ),
                    "conditions": rng.choice([[], ["kidney_stones"], ["osteoporosis"]]),
                    "medications": rng.choice([[], ["ppi"]]),
                }
            )
        )
    return answers


def run(seconds: float) -> float:
    """Assessments per CPU second, one process (one core), over about ``seconds`` of CPU time."""
    answers = workload()
    for a in answers:  # warm the caches (tables are read once per process)
        assess(a)
    done = 0
    start = time.process_time()
    while (elapsed := time.process_time() - start) < seconds:
        for a in answers:
            assess(a)
        done += len(answers)
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    rate = run(args.seconds)
    print(f"core assess: {rate:,.0f} assessments per CPU second on one core ({1e6 / rate:.0f} µs of CPU each)")


if __name__ == "__main__":
    main()
