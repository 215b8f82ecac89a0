"""Webhook mode: a small HTTP server for Telegram's update posts, hardened against abuse.

PTB's own webhook server reads a whole body before it checks the secret, caps neither bodies nor
connections, and waits for slow clients forever. This one, in front of the same Application:

* reads the request line and headers within ``HEADER_TIMEOUT`` (and at most ``MAX_HEADER_BYTES``),
* checks the path, the method and the secret (``X-Telegram-Bot-Api-Secret-Token``, compared in
  constant time) before reading any of the body, and refuses a body over ``MAX_BODY_BYTES``,
* reads the body within ``BODY_TIMEOUT``, closes a kept-alive connection idle for ``IDLE_TIMEOUT``,
* serves at most ``MAX_CONNECTIONS`` at once (Telegram opens at most 100), answering 503 beyond,
* logs refusals at most once a ``LOG_EVERY`` seconds, as counts,
* answers an update only once it has been applied, so that none is lost with a worker, and one
  the store could not take with 503, so that Telegram delivers it again (bot/delivery.py).

A reverse proxy (nginx) in front does TLS; see the README.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Application

from bot.services import KEY, Services
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # an update is a few kB; Telegram's largest are far below this
MAX_HEADER_BYTES = 16 * 1024
HEADER_TIMEOUT = 5.0
BODY_TIMEOUT = 10.0
IDLE_TIMEOUT = 60.0
MAX_CONNECTIONS = 200
LOG_EVERY = 60.0
SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 - a header's name, not a secret
REASONS = {
    200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    408: "Request Timeout", 411: "Length Required", 413: "Payload Too Large", 503: "Service Unavailable",
}  # fmt: skip


class RefusalLog:
    """Counts refusals and logs them at most once a period, so a flood can't flood the log."""

    def __init__(self, every: float = LOG_EVERY) -> None:
        self.every = every
        self.counts: Counter[str] = Counter()
        self._last = -float("inf")

    def note(self, reason: str) -> None:
        self.counts[reason] += 1
        now = time.monotonic()
        if now - self._last >= self.every:
            summary = ", ".join(f"{why}: {n}" for why, n in sorted(self.counts.items()))
            log.warning("webhook: refused requests since the last report: %s", summary)
            self.counts.clear()
            self._last = now


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
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, self.host, self.port, limit=MAX_HEADER_BYTES)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        if len(self._connections) >= self.max_connections:
            self.refusals.note("over the connection limit")
            await _respond(writer, 503, close=True)
            await _linger(reader)
            writer.close()
            return
        self._connections.add(task)
        try:
            await self._serve(reader, writer)
            await _linger(reader)
        except asyncio.CancelledError:
            pass  # stopping: a kept-alive connection (the proxy's) closed quietly, not as an error
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        first = True
        while True:
            try:
                head = await asyncio.wait_for(
                    reader.readuntil(b"\r\n\r\n"), self.header_timeout if first else IDLE_TIMEOUT
                )
            except TimeoutError:
                if first:
                    self.refusals.note("slow headers")
                    await _respond(writer, 408, close=True)
                return
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
                return  # hung up, or headers over the limit
            first = False
            method, target, headers = _parse_head(head)
            refusal = self._refuse(method, target, headers)
            if refusal is not None:
                status, reason = refusal
                self.refusals.note(reason)
                await _respond(writer, status, close=True)  # the body is never read
                return
            try:
                body = await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), self.body_timeout)
            except TimeoutError:
                self.refusals.note("slow body")
                await _respond(writer, 408, close=True)
                return
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            applied = await self._deliver(body)
            if applied is None:
                self.refusals.note("not an update")
                await _respond(writer, 400, close=True)
                return
            close = headers.get("connection", "").lower() == "close"
            await _respond(writer, 200 if applied else 503, close=close)
            if close:
                return

    def _refuse(self, method: str, target: str, headers: dict[str, str]) -> tuple[int, str] | None:
        if urlparse(target).path.rstrip("/") != self.path.rstrip("/"):
            return 404, "wrong path"
        if method != "POST":
            return 405, "not POST"
        if not hmac.compare_digest(headers.get(SECRET_HEADER, "").encode(), self._secret):
            return 403, "wrong secret"
        length = headers.get("content-length", "")
        if not length.isdigit():
            return 411, "no length"
        if int(length) > MAX_BODY_BYTES:
            return 413, "too large"
        return None

    async def _deliver(self, body: bytes) -> bool | None:
        """Whether the update was applied (``None``: not an update)."""
        try:
            data: Any = json.loads(body)
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        # Answered once applied (committed, replies sent), not when queued: a worker that dies
        # first leaves the update unanswered, and Telegram, or the proxy trying the next worker,
        # delivers it again; one the store could not take is answered 503, and delivered again
        # too. Each person's updates still go through their own lane, in order.
        services: Services = self.application.bot_data[KEY]
        return await services.deliveries.apply(self.application, update)


LINGER_SECONDS = 0.1
LINGER_BYTES = 64 * 1024


async def _linger(reader: asyncio.StreamReader) -> None:
    """Before closing, take in (and drop) a little of what the client may still be sending, so that
    the close does not reset the connection before the client has read the answer."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(reader.read(LINGER_BYTES), LINGER_SECONDS)


def _parse_head(head: bytes) -> tuple[str, str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    method, target = (parts[0], parts[1]) if len(parts) >= 2 else ("", "")
    headers = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    return method, target, headers


async def _respond(writer: asyncio.StreamWriter, status: int, *, close: bool) -> None:
    body = b'{"ok":true}' if status == 200 else b""
    head = (
        f"HTTP/1.1 {status} {REASONS.get(status, '')}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: {'close' if close else 'keep-alive'}\r\n\r\n"
    )
    with contextlib.suppress(ConnectionError):
        writer.write(head.encode() + body)
        await writer.drain()


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


async def serve(application: Application, settings: Settings, allowed_updates: Sequence[str]) -> None:  # type: ignore[type-arg]
    """Run the bot in webhook mode until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    server = server_for(application, settings)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await server.start()
        await application.start()
        assert settings.camag_webhook_url is not None
        assert settings.camag_webhook_secret is not None
        await application.bot.set_webhook(
            settings.camag_webhook_url,
            secret_token=settings.camag_webhook_secret.get_secret_value(),
            allowed_updates=list(allowed_updates),
        )
        await stop.wait()
    finally:
        await server.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
