"""What handlers need besides the update: the store, the clock and the settings."""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import ContextTypes

from bot.clock import Clock
from bot.persistence import ConversationPersistence
from bot.reminders import Dispatcher, ReminderBook
from bot.settings import Settings
from bot.store import Store

KEY = "services"


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    store: Store
    clock: Clock
    conversations: ConversationPersistence
    reminders: ReminderBook
    dispatcher: Dispatcher

    def zone_of(self, user_id: int) -> str | None:
        """The person's time zone: their reminder's, else the one they gave, else not known."""
        reminder = self.reminders.reminders.get(user_id)
        if reminder is not None:
            return reminder.zone
        profile = self.store.profile(user_id)
        return profile.timezone if profile else None


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found = context.application.bot_data[KEY]
    assert isinstance(found, Services)
    return found
