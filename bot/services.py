"""What handlers need besides the update: the store, the clock, the settings and the dispatcher."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram.ext import ContextTypes

from bot.clock import Clock
from bot.delivery import Deliveries
from bot.labels.reader import Reader, label_reader
from bot.labels.readings import Readings
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
    readings: Readings  # label photos being read, outside their updates
    deliveries: Deliveries = field(default_factory=Deliveries)
    # The OCR engine behind label photos, in a process of its own, or none where it can't load
    # (tests may put in a stand-in).
    label_reader: Reader = field(default_factory=label_reader)


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found = context.application.bot_data[KEY]
    assert isinstance(found, Services)
    return found
