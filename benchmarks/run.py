"""Every benchmark, one table.

    python -m benchmarks.run            # the full figures (about 8 minutes; the throttled dispatch alone is 5.5)
    python -m benchmarks.run --quick    # smaller sizes, for a quick look

Scripts that print figures, never timed tests. Each part also runs on its own:
benchmarks.core, .e2e, .store, .one_home, .reminders, .memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
from pathlib import Path

from benchmarks import core, e2e, memory, one_home, reminders, store


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    quick = args.quick
    rows: list[tuple[str, str, str]] = []

    rate = core.run(2 if quick else 5)
    rows.append(("core: assessments per second, one core", f"{rate:,.0f}/s", "≥ 10,000/s"))

    camag, echo = e2e.run(10 if quick else 50)
    for r in (camag, echo):
        rows.append(
            (
                f"end to end, {r.name} ({r.updates} updates)",
                f"{r.per_second:.1f} updates/s, p50 {r.percentile(50):.0f} ms, p95 {r.percentile(95):.0f} ms, "
                f"CPU {r.cpu_per_update_ms:.1f} ms/update; {r.calls_per_update}",
                "",
            )
        )
    rows.append(
        (
            "end to end: cost per update, CaMag / echo",
            f"{camag.cpu_per_update_ms / echo.cpu_per_update_ms:.2f}x",
            "≤ 1.3x",
        )
    )

    sizes = [100, 1_000, 10_000] if quick else [100, 10_000, 100_000]
    results = store.run(sizes, 100 if quick else 300)
    for name in results[sizes[0]]:
        cells = ", ".join(f"{n:,}: {results[n][name][0]:.2f}/{results[n][name][1]:.2f}" for n in sizes)
        ratio = results[sizes[-1]][name][0] / results[sizes[0]][name][0]
        rows.append((f"store: {name}, p50/p99 ms by people", f"{cells} ({ratio:.2f}x)", f"≤ 1.5x at {sizes[-1]:,}"))

    people = 10_000 if quick else 100_000
    sizes, days = [100, people], [1, 3_650]
    home = asyncio.run(one_home.run(sizes, days, 10 if quick else 20))
    for name, by_size in home.items():
        (small, (loop_small, _)), (large, (loop_large, _)) = by_size.items()
        unit = "people" if name == "/forget" else "days of check-ins"
        target = "≤ 50 ms" if name == "/forget" else "≤ 1.2x"
        rows.append(
            (
                f"one home: {name}, event-loop ms, {small:,} → {large:,} {unit}",
                f"{loop_small:.2f} → {loop_large:.2f} ms ({loop_large / loop_small:.2f}x)",
                target,
            )
        )

    with tempfile.TemporaryDirectory() as tmp:
        restored = reminders.restore(people, Path(tmp) / "restore")
        rows.append(
            (
                f"reminders: restore {people:,} at start-up",
                f"{restored['restore_s']:.2f} s, {restored['memory_added_mb']:.0f} MB added",
                "≤ 2 s, ≤ 100 MB",
            )
        )
        burst = 1_000 if quick else 10_000
        off = asyncio.run(reminders.dispatch(burst, Path(tmp) / "off", throttled=False))
        rows.append(
            (
                f"reminders: {burst:,} due in one minute, throttle off",
                f"{off['seconds']:.1f} s ({off['per_second']:,.0f}/s), {off['dropped']:.0f} dropped",
                "none dropped",
            )
        )
        throttled = 300 if quick else 10_000
        on = asyncio.run(reminders.dispatch(throttled, Path(tmp) / "on", throttled=True))
        rows.append(
            (
                f"reminders: {throttled:,} due in one minute, throttle on",
                f"{on['seconds']:.0f} s ({on['per_second']:.1f}/s), {on['dropped']:.0f} dropped",
                "30/s ± 10%, none dropped",
            )
        )

    rss = memory.run(people)
    rows.append((f"memory: bot process, {people:,} people with reminders", f"RSS {rss['rss_mb']:.0f} MB", ""))

    print(f"Machine: {machine()}\n")
    print("| benchmark | result | target |\n| --- | --- | --- |")
    for name, result, target in rows:
        print(f"| {name} | {result} | {target} |")


if __name__ == "__main__":
    main()
