"""The benchmarks, one table.

    python -m benchmarks.run            # make bench: the performance targets, 3 to 5 minutes
    python -m benchmarks.run --scale    # make bench-scale: the store with 10,000 people (2 to 5 minutes)
    python -m benchmarks.run --full     # both, with 100,000 people and 10,000 check-ins due at once, and
                                        # start-up at 1,000,000 people

Scripts that print figures, never timed tests. Each part also runs on its own:
benchmarks.core, .baseline, .latency, .e2e, .store, .one_home, .reminders, .memory. The environment
(machine, Python, python-telegram-bot, transport) heads the table, so tables of different runs can
be compared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
from pathlib import Path

from benchmarks import baseline, core, latency, memory, one_home, reminders, store
from benchmarks.e2e import ms


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()}"


Row = tuple[str, str, str]


def fair_baseline(users: int, rounds: int) -> list[Row]:
    comparison, _ = baseline.run(users, rounds)
    rows: list[Row] = [
        (
            f"CPU per update, CaMag / fair durable baseline ({users} people at once, {rounds} interleaved rounds)",
            baseline.spread(comparison.ratios),
            "≤ 1.2x",
        ),
        ("CPU per update, fair durable baseline / bare replay bot", baseline.spread(comparison.durable_over_bare), ""),
    ]
    labels = {"CaMag": "CaMag, no pacing", "durable": "fair durable baseline", "bare": "bare replay bot"}
    for name, label in labels.items():
        runs = comparison.runs(name)
        rows.append(
            (
                f"{label}: CPU per update, updates/s, latency",
                f"{statistics.median(r.cpu_per_update_ms for r in runs):.2f} ms, "
                f"{statistics.median(r.per_second for r in runs):.0f}/s, "
                f"p50 {statistics.median(r.percentile(50) for r in runs):.0f} ms, "
                f"p99 {statistics.median(r.percentile(99) for r in runs):.0f} ms",
                "≥ 550/s with p99 < 1 s" if name == "CaMag" else "",
            )
        )
    return rows


def population(people: int) -> list[Row]:
    rows: list[Row] = []
    sizes = [100, people]
    results = store.run(sizes, 200)
    for name in results[sizes[0]]:
        cells = ", ".join(f"{n:,}: {results[n][name][0]:.2f}/{results[n][name][1]:.2f}" for n in sizes)
        ratio = results[sizes[-1]][name][0] / results[sizes[0]][name][0]
        rows.append((f"store: {name}, p50/p99 ms by people", f"{cells} ({ratio:.2f}x)", f"≤ 1.5x at {people:,}"))
    home = asyncio.run(one_home.run(sizes, [1, 3_650], 20))
    targets = {"/forget": "≤ 50 ms", "a check-in tap": "≤ 1.1x", "/summary": "≤ 1.2x", "/history": "≤ 1.2x"}
    for name, by_size in home.items():
        (small, (loop_small, _, cpu_small)), (large, (loop_large, _, cpu_large)) = by_size.items()
        unit = "people" if name == "/forget" else "days of check-ins"
        rows.append(
            (
                f"one home: {name}, event-loop ms (CPU ms, all threads), {small:,} → {large:,} {unit}",
                f"{loop_small:.2f} → {loop_large:.2f} ms ({loop_large / loop_small:.2f}x) "
                f"({cpu_small:.1f} → {cpu_large:.1f} ms, {cpu_large / cpu_small:.2f}x)",
                targets[name] + (", CPU ≤ 20 ms" if name == "/history" else ""),
            )
        )
    return rows


def million(people: int = 1_000_000, doses: int = 3) -> list[Row]:
    """Start-up at a million people: only the reminder index is written (start-up reads nothing
    else; a million people's folders would not fit the disk), as benchmarks.reminders --index-only."""
    with tempfile.TemporaryDirectory() as tmp:
        found = reminders.start_up(Path(tmp), people, doses)
    many, nobody = found[people], found[0]
    return [
        (
            f"start-up with {people:,} people, {doses} reminders a day each (a bot of nobody): first poll; RSS (peak)",
            f"{many['ready_s']:.2f} s ({nobody['ready_s']:.2f} s); {many['rss_mb']:.0f} MB ({many['peak_mb']:.0f} MB)",
            "≤ 2 s; ≤ 150 MB",
        )
    ]


def restore(people: int, doses: int = 3) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        restored = reminders.restore(people, Path(tmp) / "restore", doses)
    return [
        (
            f"reminders: open the store with {people:,} people, {doses} reminders a day each",
            f"{restored['restore_s']:.2f} s, {restored['memory_added_mb']:.0f} MB added",
            "≤ 2 s, ≤ 100 MB",
        )
    ]


def dispatch(burst: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        off = asyncio.run(reminders.dispatch(burst, Path(tmp) / "off", throttled=False))
        on = asyncio.run(reminders.dispatch(burst, Path(tmp) / "on", throttled=True))
    return [
        (
            f"reminders: {burst:,} due in one minute, unpaced (CPU each) / paced (virtual clock)",
            f"{off['per_second']:,.0f}/s ({off['cpu_ms']:.2f} ms) / {on['per_second']:.1f}/s, "
            f"{off['dropped'] + on['dropped']:.0f} dropped",
            "paced 30/s ± 10%, none dropped",
        )
    ]


def latency_rows() -> list[Row]:
    """At a person's pace (60 people acting every second, about 30 updates/s), alone and during a
    fan-out; then 200 people answering at once, as shipped and through the bare replay bot."""
    paced = latency.at_a_persons_pace(60, 1.0, 1)
    rows: list[Row] = []
    for label, found in (("alone", paced.alone), ("during a 2,000 check-in fan-out", paced.with_fan_out)):
        taps = found["tap -> edit"]
        rows.append(
            (
                f"at {statistics.median(paced.rates):.0f} updates/s, {label}: tap → edit p50 / p99;"
                " “Show my balance” → picture p99",
                f"{ms(taps, 50):.0f} / {ms(taps, 99):.0f} ms; {ms(found['picture'], 99):.0f} ms",
                "≤ 25 / ≤ 120 ms; ≤ 200 ms",
            )
        )
    rows.append(("the fan-out raises every update's p99 by", f"{100 * paced.raised:.0f}%", "≤ 20%"))
    with tempfile.TemporaryDirectory() as tmp:
        replay = baseline.pattern_file(Path(tmp))
        shipped = latency.all_at_once(200, 1.0)
        bare = latency.all_at_once(200, 1.0, replay)
    for name, found, target in (
        ("as shipped", shipped, "p50 ≤ 150 ms, p99 ≤ 1 s, none lost"),
        ("bare replay bot", bare, ""),
    ):
        updates = found["update"]
        rows.append(
            (
                f"200 people answering at once (every second), {name}: every update p50 / p99",
                f"{ms(updates, 50):.0f} / {ms(updates, 99):.0f} ms, {len(found['lost'])} lost",
                target,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", action="store_true", help="the store with 10,000 people, instead")
    parser.add_argument("--full", action="store_true", help="everything, with 100,000 people; start-up at 1M")
    args = parser.parse_args()
    rows: list[Row] = []
    if not args.scale:
        rate = core.run(5 if args.full else 2)
        rows.append(("core: assessments per CPU second, one core", f"{rate:,.0f}/s", "≥ 10,000/s"))
        rows += fair_baseline(50, 7)
        rows += latency_rows()
        idle = memory.run(0)
        rows.append(
            (
                "cold start to the first getUpdates (its CPU); memory at idle",
                f"{idle['ready_s']:.2f} s ({idle['ready_cpu_s']:.2f} s); {idle['rss_mb']:.0f} MB",
                "≤ 0.4 s; ≤ 70 MB",
            )
        )
        rows += dispatch(10_000 if args.full else 2_000)
    if args.scale or args.full:
        people = 100_000 if args.full else 10_000
        rows += population(people)
        rows += restore(people)
        if args.full:
            rows += million()
        crowd = memory.run(people)
        rows.append((f"memory: bot process, {people:,} people with reminders", f"RSS {crowd['rss_mb']:.0f} MB", ""))

    print(f"Machine: {machine()}; {baseline.environment()}; at the end, {baseline.load()}\n")
    print("| benchmark | result | target |\n| --- | --- | --- |")
    for name, result, target in rows:
        print(f"| {name} | {result} | {target} |")


if __name__ == "__main__":
    main()
