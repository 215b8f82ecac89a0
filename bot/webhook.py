"""Webhook mode: aiohttp's server for Telegram's update posts, hardened against abuse.

PTB's own webhook server reads a whole body before it checks the secret, caps neither bodies nor
connections, and waits for slow clients forever. This one, aiohttp's low-level ``web.Server`` in
front of the same Application:

* closes a connection whose request line and headers are not in within ``HEADER_TIMEOUT`` (the
  same allowance closes a kept-alive connection left idle),
* checks the path, the method and the secret (``X-Telegram-Bot-Api-Secret-Token``, compared in
  constant time) before reading any of the body, and refuses a body over ``MAX_BODY_BYTES`` (413),
* reads the body within ``BODY_TIMEOUT`` (else 408),
* answers 503 to a request on a connection beyond ``MAX_CONNECTIONS`` (Telegram opens at most 100),
* answers 400 to a body that is not an update (not JSON, nested too deep, a date out of range),
* answers 200 only once the update has been applied: an exception raised while it is processed
  means it was not, and is answered 500 so that Telegram (or the proxy, trying the next worker)
  delivers it again,
* takes in what a refused client is still sending for ``LINGER_SECONDS`` before closing, so that
  it reads the refusal rather than a reset,
* logs refusals at most once a ``LOG_EVERY`` seconds, as counts (and counts them in the metrics),
* serves ``GET /healthz`` and ``GET /metrics`` (bot/metrics.py) beside the webhook's path.

A reverse proxy (nginx) in front does TLS; see the README.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections import Counter
from typing import Any
from urllib.parse import urlparse

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from telegram import Update
from telegram.ext import Application

from bot import metrics
from bot.delivery import NotApplied
from bot.services import KEY, Services
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # an update is a few kB; Telegram's largest are far below this
MAX_HEADER_LINE = 8 * 1024  # the request line and each header
HEADER_TIMEOUT = 5.0
BODY_TIMEOUT = 10.0
MAX_CONNECTIONS = 200
LINGER_SECONDS = 1.0
SHUTDOWN_SECONDS = 10.0  # updates being applied when the worker is stopped get this long to finish
LOG_EVERY = 60.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header's name, not a secret
OK = b'{"ok":true}'


class RefusalLog:
    """Counts refusals and logs them at most once a period, so a flood can't flood the log."""

    def __init__(self, every: float = LOG_EVERY) -> None:
        self.every = every
        self.counts: Counter[str] = Counter()
        self._last = -float("inf")

    def note(self, reason: str) -> None:
        metrics.WEBHOOK_REFUSALS.labels(reason).inc()
        self.counts[reason] += 1
        now = time.monotonic()
        if now - self._last >= self.every:
            summary = ", ".join(f"{why}: {n}" for why, n in sorted(self.counts.items()))
            log.warning("webhook: refused requests since the last report: %s", summary)
            self.counts.clear()
            self._last = now


class _HttpLog(logging.Filter):
    """aiohttp's server logs each malformed request (no Host header, a bad request line) as an
    error with its traceback: here each is a refusal, counted; anything else goes to this module's log."""

    def __init__(self, refusals: RefusalLog) -> None:
        super().__init__()
        self.refusals = refusals

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            self.refusals.note("malformed request")
        else:
            log.handle(record)
        return False


def _http_log(refusals: RefusalLog) -> logging.Logger:
    """A logger of the server's own, outside the logging tree: everything goes through :class:`_HttpLog`."""
    logger = logging.Logger(f"{__name__}.http")
    logger.addFilter(_HttpLog(refusals))
    return logger


class NotAnUpdate(Exception):
    """The body is not a Telegram update CaMag can read."""


def parse(body: bytes, application: Application) -> Update:  # type: ignore[type-arg]
    """The update in ``body``; anything a body can make the JSON reader or PTB raise (bad JSON, too
    deep a nesting, a field of the wrong type, a date out of range) is :class:`NotAnUpdate`."""
    try:
        data: Any = json.loads(body)
        if not isinstance(data, dict):
            raise NotAnUpdate("not a JSON object")
        update = Update.de_json(data, application.bot)
    except NotAnUpdate:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError, OSError) as error:
        raise NotAnUpdate(type(error).__name__) from None
    return update


def _refusal(status: int) -> web.Response:
    """A refusal that closes the connection (what the client may still send is taken in first)."""
    response = web.Response(status=status)
    response.force_close()
    return response


class WebhookServer:
    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        *,
        host: str,
        port: int,
        path: str,
        secret: str,
        max_connections: int = MAX_CONNECTIONS,
        header_timeout: float = HEADER_TIMEOUT,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        self.application = application
        self.host, self.port = host, port
        self.path = "/" + path.strip("/")
        self._secret = secret.encode()
        self.max_connections = max_connections
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self.refusals = RefusalLog()
        self.pages = metrics.Pages(application.bot_data[KEY].store)
        self._server: web.Server | None = None
        self._runner: web.ServerRunner | None = None

    async def start(self) -> None:
        """Listen (an ``OSError`` if the address can't be had: in use, or not this machine's)."""
        self._server = web.Server(
            self._handle,
            keepalive_timeout=self.header_timeout,  # from the connection's start, and between requests
            lingering_time=LINGER_SECONDS,
            max_line_size=MAX_HEADER_LINE,
            max_field_size=MAX_HEADER_LINE,
            access_log=None,  # an access log would hold people's traffic pattern; refusals are counted instead
            logger=_http_log(self.refusals),
        )
        self._runner = web.ServerRunner(self._server, shutdown_timeout=SHUTDOWN_SECONDS)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await self._runner.cleanup()
            raise
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        if request.path in self.pages.paths:
            return await self.pages.answer(request)
        refusal = self._refuse(request)
        if refusal is not None:
            status, reason = refusal
            self.refusals.note(reason)
            return _refusal(status)  # the body is never read
        try:
            body = await asyncio.wait_for(request.read(), self.body_timeout)
        except TimeoutError:
            self.refusals.note("slow body")
            return _refusal(408)
        try:
            update = parse(body, self.application)
        except NotAnUpdate:
            self.refusals.note("not an update")
            return _refusal(400)
        try:
            await self.apply(update)
        except Exception as error:
            metrics.failed(error)
            log.error(
                "update %s was not applied (%s): answered 500, for Telegram to deliver it again",
                update.update_id,
                type(error).__name__,
            )
            return web.Response(status=500)
        return web.Response(body=OK, content_type="application/json")

    async def apply(self, update: Update) -> None:
        """Apply the update (committed, replies sent) before it is answered, not when it is queued:
        a worker that dies first leaves it unanswered, and Telegram, or the proxy trying the next
        worker, delivers it again. Each person's updates still go through their own lane, in
        order. Whatever this raises means "not applied", as does an update the store could not
        take (bot/delivery.py). Telegram sends a chat's next update only once this one is
        answered, so slow work (a label photo's reading) is done outside it (bot/labels/readings.py)."""
        services: Services = self.application.bot_data[KEY]
        if not await services.deliveries.apply(self.application, update):
            raise NotApplied(f"update {update.update_id}")

    def _refuse(self, request: web.BaseRequest) -> tuple[int, str] | None:
        assert self._server is not None
        if len(self._server.connections) > self.max_connections:
            return 503, "over the connection limit"
        if request.path.rstrip("/") != self.path.rstrip("/"):
            return 404, "wrong path"
        if request.method != "POST":
            return 405, "not POST"
        if not hmac.compare_digest(request.headers.get(SECRET_HEADER, "").encode(errors="replace"), self._secret):
            return 403, "wrong secret"
        if request.content_length is None:
            return 411, "no length"
        if request.content_length > MAX_BODY_BYTES:
            return 413, "too large"
        return None


def server_for(application: Application, settings: Settings) -> WebhookServer:  # type: ignore[type-arg]
    host, _, port = settings.camag_webhook_listen.rpartition(":")
    assert settings.camag_webhook_url is not None
    assert settings.camag_webhook_secret is not None
    return WebhookServer(
        application,
        host=host,
        port=int(port),
        path=urlparse(settings.camag_webhook_url).path,
        secret=settings.camag_webhook_secret.get_secret_value(),
    )
