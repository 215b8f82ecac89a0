"""``camag-bot stats``: the metrics' counts for someone without Prometheus.

People are counted in the store; everything else is counted by the running bot since it started,
read from its ``/metrics`` (beside the webhook, or on ``CAMAG_METRICS_LISTEN`` in polling mode).
"""

from __future__ import annotations

import asyncio
import sys
import urllib.error
import urllib.request
from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families

from bot.clock import SystemClock
from bot.settings import Settings
from bot.store.interface import Store
from bot.store.tinydb_store import TinyDBStore

FETCH_SECONDS = 5.0
# (metric, label shown per value, what the line is called)
COUNTS = (
    ("camag_updates", "kind", "updates"),
    ("camag_updates_dropped", None, "updates dropped (one person sending too many at once)"),
    ("camag_replies", "method", "Bot API calls"),
    ("camag_errors", "kind", "errors"),
    ("camag_webhook_refusals", "reason", "webhook requests refused"),
    ("camag_reminders_due", None, "check-ins taken to be sent"),
    ("camag_reminders_sent", None, "check-ins sent"),
    ("camag_reminders_late", None, "check-ins sent late"),
)
TIMES = (("camag_update_seconds", "time per update"), ("camag_store_commit_seconds", "time per store commit"))


async def count_people(settings: Settings) -> int:
    url = settings.database_url()
    store: Store
    if url is None:
        store = TinyDBStore(settings.camag_data_dir, SystemClock())  # counted without taking the folder's lock
        return await store.count_people()
    from bot.store.postgres_store import PostgresStore

    postgres = PostgresStore(url, SystemClock(), pool_size=1)
    try:
        await postgres.open(SystemClock().now())
        return await postgres.count_people()
    finally:
        await postgres.close()


def metrics_address(settings: Settings) -> str | None:
    return settings.camag_webhook_listen if settings.camag_webhook_url else settings.camag_metrics_listen


def summary(exposition: str) -> list[str]:
    """The counts of a ``/metrics`` page as lines of plain text."""
    values: dict[str, dict[str, float]] = defaultdict(dict)
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            values[sample.name][",".join(sample.labels.values())] = sample.value
    lines = []
    for name, label, title in COUNTS:
        found = values.get(f"{name}_total", {})
        if label is None:
            lines.append(f"{title}: {int(sum(found.values()))}")
        else:
            parts = ", ".join(f"{key} {int(n)}" for key, n in sorted(found.items()) if n) or "none"
            lines.append(f"{title}: {parts}")
    for name, title in TIMES:
        count = sum(values.get(f"{name}_count", {}).values())
        total = sum(values.get(f"{name}_sum", {}).values())
        lines.append(
            f"{title}: {f'{total / count * 1000:.1f} ms on average over {int(count)}' if count else 'none yet'}"
        )
    return lines


def main(settings: Settings) -> int:
    try:
        people = asyncio.run(count_people(settings))
    except Exception as error:
        print(f"camag-bot stats: the store can't be read ({type(error).__name__})", file=sys.stderr)
        return 2
    print(f"people: {people}")
    address = metrics_address(settings)
    if address is None:
        print("the running bot's counts: set CAMAG_METRICS_LISTEN (long polling) to have the bot serve them")
        return 0
    try:
        with urllib.request.urlopen(f"http://{address}/metrics", timeout=FETCH_SECONDS) as response:
            page = response.read().decode()
    except (urllib.error.URLError, OSError) as error:
        print(f"the running bot's counts: none (no bot answered at {address}: {error})")
        return 0
    print(f"the running bot at {address}, since it started:")
    for line in summary(page):
        print(f"  {line}")
    return 0
