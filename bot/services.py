"""What handlers need besides the update: the store, the clock, the settings and the dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.clock import Clock
from bot.delivery import Deliveries
from bot.reminders.dispatcher import Dispatcher
from bot.settings import Settings
from bot.store.interface import Store

KEY = "services"


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    store: Store
    clock: Clock
    dispatcher: Dispatcher
    deliveries: Deliveries = field(default_factory=Deliveries)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found = context.application.bot_data[KEY]
    assert isinstance(found, Services)
    return found
