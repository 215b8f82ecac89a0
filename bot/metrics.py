"""What an operator watches: Prometheus metrics (``GET /metrics``) and a readiness check (``GET /healthz``).

Served beside the webhook on its own listener, or in long-polling mode on ``CAMAG_METRICS_LISTEN``.
No label carries anything about a person: update kinds, Bot API method names, exception class
names and fixed refusal reasons only. People are a count, read from the store when scraped.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest
from telegram import Update

from bot.store.interface import Store

UPDATE_KINDS = ("message", "edited_message", "callback_query", "my_chat_member")
HEALTH_TIMEOUT = 5.0  # seconds the store has to answer /healthz

UPDATES = Counter("camag_updates", "Updates handled, by kind", ["kind"])
UPDATES_DROPPED = Counter("camag_updates_dropped", "Updates dropped: one person sent too many at once")
UPDATE_SECONDS = Histogram(
    "camag_update_seconds",
    "From an update's arrival to its replies sent (its lane's wait included)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
REPLIES = Counter("camag_replies", "Bot API calls made, by method (sendMessage, editMessageText, ...)", ["method"])
ERRORS = Counter("camag_errors", "Failures, by exception class", ["kind"])
WEBHOOK_REFUSALS = Counter("camag_webhook_refusals", "Webhook requests refused, by reason", ["reason"])
REMINDERS_DUE = Counter("camag_reminders_due", "Check-ins taken from the store to be sent")
REMINDERS_SENT = Counter("camag_reminders_sent", "Check-ins sent")
REMINDERS_LATE = Counter("camag_reminders_late", "Check-ins sent more than a minute after they were taken")
STORE_COMMIT_SECONDS = Histogram(
    "camag_store_commit_seconds",
    "Time to commit one person's unit of work",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
)
PEOPLE = Gauge("camag_people", "People the store holds (read when scraped)")


def kind(update: object) -> str:
    if isinstance(update, Update):
        return next((k for k in UPDATE_KINDS if getattr(update, k) is not None), "other")
    return "other"


@contextmanager
def handling(update: object) -> Iterator[None]:
    """Count an update and time it from here to the end of the block."""
    UPDATES.labels(kind(update)).inc()
    started = time.monotonic()
    try:
        yield
    finally:
        UPDATE_SECONDS.observe(time.monotonic() - started)


def failed(error: BaseException) -> None:
    ERRORS.labels(type(error).__name__).inc()


async def healthy(store: Store) -> str | None:
    """None when the store answers within ``HEALTH_TIMEOUT``, else why not (one line, no secrets)."""
    try:
        PEOPLE.set(await asyncio.wait_for(store.count_people(), HEALTH_TIMEOUT))
    except TimeoutError:
        return f"the store did not answer within {HEALTH_TIMEOUT:g} s"
    except Exception as error:
        return f"the store can't be used ({type(error).__name__})"
    return None


class Pages:
    """``GET /healthz`` and ``GET /metrics``, for the webhook's server and the polling mode's own."""

    paths = ("/healthz", "/metrics")

    def __init__(self, store: Store) -> None:
        self.store = store

    async def answer(self, request: web.BaseRequest) -> web.Response:
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, headers={"Allow": "GET, HEAD"})
        problem = await healthy(self.store)
        if request.path == "/healthz":
            return web.Response(status=503 if problem else 200, text=(problem or "ok") + "\n")
        return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def handle(self, request: web.BaseRequest) -> web.StreamResponse:
        if request.path not in self.paths:
            return web.Response(status=404)
        return await self.answer(request)
