"""The composition root: builds the Application from its seams.

Production (``python -m bot``) and the tests call the same :func:`build_application`; only the
seams differ (a fake Bot API at the request layer, a temporary store, a settable clock).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Literal

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter
from telegram.request import BaseRequest

from bot import groups, views
from bot.clock import Clock
from bot.errors import on_error
from bot.flows import labels, router
from bot.labels.reader import OcrProcess
from bot.labels.readings import Readings
from bot.lanes import LaneUpdateProcessor
from bot.reminders.dispatcher import Dispatcher
from bot.reminders.sender import make_sender
from bot.retrying import RetryingRequest
from bot.services import KEY, Services
from bot.settings import Settings
from bot.store.interface import Store
from bot.throttle import BULK_PER_SECOND, ChatRateLimiter, TokenBucket
from bot.transport import AiohttpRequest
from camag_core.i18n import shipped, texts

log = logging.getLogger(__name__)

# Retry a request Telegram refused with RetryAfter (429) instead of failing it.
RATE_LIMIT_RETRIES = 3


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Start the services: the store open (reminders planned), the dispatcher ticking, the menu set."""
    services = application.bot_data[KEY]
    await services.store.open(services.clock.now())
    services.readings.recover()
    services.dispatcher.start()
    log.debug("the store is open and the dispatcher started")
    await set_menus(application.bot)


async def set_menus(bot: Bot) -> None:
    """The command menu in each language that ships (English for the rest), and in groups only the
    commands that work there. Telegram shows the most specific list set: a scope with the person's
    language before the same scope without one."""
    for language in (None, *shipped()):
        t = texts(language)
        for scope, names in ((None, None), (BotCommandScopeAllGroupChats(), groups.PUBLIC_COMMANDS)):
            menu = [BotCommand(name, about) for name, about in views.commands(t, names)]
            await bot.set_my_commands(menu, scope=scope, language_code=language)


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    services = application.bot_data[KEY]
    await services.readings.close()
    await services.dispatcher.stop()
    if isinstance(services.label_reader, OcrProcess):
        services.label_reader.close()
    await services.store.close()


def default_rate_limiter() -> ChatRateLimiter:
    """Telegram's limits where it applies them: each chat's own pace, 429s honoured (bot/throttle.py)."""
    return ChatRateLimiter(max_retries=RATE_LIMIT_RETRIES)


def build_application(
    settings: Settings,
    store: Store,
    clock: Clock,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: BaseRateLimiter[Any] | Literal["default"] | None = "default",
) -> Application:  # type: ignore[type-arg]
    """The bot, wired. ``rate_limiter=None`` turns Telegram's pacing off (benchmarks, and tests that
    are not about it)."""
    builder = (
        ApplicationBuilder()
        .token(settings.token())
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .concurrent_updates(LaneUpdateProcessor())
    )
    limiter = default_rate_limiter() if rate_limiter == "default" else rate_limiter
    if limiter is not None:
        builder = builder.rate_limiter(limiter)  # type: ignore[arg-type]  # the builder's generic is narrower
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
    if settings.telegram_api_base_file_url:
        builder = builder.base_file_url(settings.telegram_api_base_file_url)
    # Bot requests get network retries; getUpdates has PTB's own backoff in the updater.
    builder = builder.request(RetryingRequest(request or AiohttpRequest()))
    builder = builder.get_updates_request(get_updates_request or request or AiohttpRequest(connection_pool_size=1))
    application = builder.build()
    share = settings.camag_broadcast_per_second / settings.camag_workers  # the workers' fan-out adds up to the rate
    flow_timeout = timedelta(minutes=settings.camag_flow_timeout_minutes)
    readings = Readings(settings.camag_data_dir / "label-readings")
    readings.work = labels.reading_work(application, router.text_router(flow_timeout))
    application.bot_data[KEY] = Services(
        settings=settings,
        store=store,
        clock=clock,
        dispatcher=Dispatcher(
            store,
            make_sender(application.bot, paid=settings.camag_broadcast_per_second > BULK_PER_SECOND),
            clock,
            pace=TokenBucket(share, max(1, int(share))),
        ),
        readings=readings,
    )
    application.add_handler(groups.guard(), group=-1)
    application.add_handlers(router.handlers(flow_timeout))
    application.add_error_handler(on_error)
    return application
