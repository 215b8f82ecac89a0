"""Running the bot until SIGINT or SIGTERM: long polling or the webhook, and the metrics listener.

Start-up is done here rather than by PTB's ``run_polling``, whose retry loop logs each failure
with its traceback before it gives up: a failure an operator can cause (a rejected token, no
network, an address in use) becomes :class:`StartupFailure`, one line saying what to do, and
every connection opened so far is closed first.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Sequence

from aiohttp import web
from telegram.error import Conflict, InvalidToken, NetworkError
from telegram.ext import Application
from telegram.request import BaseRequest

from bot import metrics, polling, webhook
from bot.services import KEY
from bot.settings import Settings

CONFLICT = (
    "another process is taking this bot's updates by long polling. Run one bot on long polling; several "
    "workers take their updates through a webhook (see the README)"
)
REJECTED = "Telegram rejected the bot token. Check TELEGRAM_BOT_TOKEN in .env (from @BotFather)"


class StartupFailure(Exception):
    """What stopped the bot from starting, in one line that says what to do."""


def _listen_failure(what: str, address: str, error: OSError, setting: str) -> StartupFailure:
    reason = os.strerror(error.errno) if error.errno else type(error).__name__
    return StartupFailure(f"can't listen on {address} for {what}: {reason.lower()}. Set {setting} to a free port")


async def _metrics_site(application: Application, address: str) -> web.ServerRunner:  # type: ignore[type-arg]
    """``/healthz`` and ``/metrics`` on their own listener (long-polling mode)."""
    pages = metrics.Pages(application.bot_data[KEY].store)
    runner = web.ServerRunner(web.Server(pages.handle, access_log=None))
    await runner.setup()
    host, _, port = address.rpartition(":")
    try:
        await web.TCPSite(runner, host, int(port)).start()
    except OSError as error:
        await runner.cleanup()
        raise _listen_failure("the metrics", address, error, "CAMAG_METRICS_LISTEN") from None
    return runner


async def _poll(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    allowed_updates: Sequence[str],
    stop: asyncio.Event,
) -> None:
    """Long polling (bot/polling.py); on PostgreSQL only while no other process polls for it."""
    url = settings.database_url()
    if url is None:
        await polling.poll(application, allowed_updates, stop)
        return
    from bot import database  # PostgreSQL's driver: loaded only where it is used

    async with database.polling_alone(url):
        await polling.poll(application, allowed_updates, stop)


async def run(
    application: Application,  # type: ignore[type-arg]
    settings: Settings,
    requests: Sequence[BaseRequest],
    allowed_updates: Sequence[str],
) -> None:
    """Run until SIGINT or SIGTERM. ``requests`` are the Bot API transports the application was
    built with: closed here, whatever happens, so that no failure leaves a session open."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await application.initialize()  # asks Telegram who the bot is: the token's first use
    except BaseException as error:
        # PTB's shutdown skips a bot whose initialize failed: its sessions are closed here.
        await asyncio.gather(*(request.shutdown() for request in requests))
        if isinstance(error, InvalidToken):
            raise StartupFailure(REJECTED) from None
        if isinstance(error, NetworkError):
            raise StartupFailure(
                f"can't reach Telegram's Bot API ({error.message}). "
                "Check the network, a proxy, or TELEGRAM_API_BASE_URL"
            ) from None
        raise
    server: webhook.WebhookServer | None = None
    side: web.ServerRunner | None = None
    try:
        if application.post_init is not None:
            await application.post_init(application)
        if settings.camag_webhook_url:
            server = webhook.server_for(application, settings)
            try:
                await server.start()
            except OSError as error:
                raise _listen_failure(
                    "webhooks", settings.camag_webhook_listen, error, "CAMAG_WEBHOOK_LISTEN"
                ) from None
            await application.start()
            assert settings.camag_webhook_secret is not None
            await application.bot.set_webhook(
                settings.camag_webhook_url,
                secret_token=settings.camag_webhook_secret.get_secret_value(),
                allowed_updates=list(allowed_updates),
            )
            await stop.wait()
        else:
            if settings.camag_metrics_listen:
                side = await _metrics_site(application, settings.camag_metrics_listen)
            await application.start()
            try:
                await _poll(application, settings, allowed_updates, stop)
            except (Conflict, polling.AnotherPoller):
                raise StartupFailure(CONFLICT) from None
    finally:
        if server is not None:
            await server.stop()
        if side is not None:
            await side.cleanup()
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
