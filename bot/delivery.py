"""Whether an update was applied: what the webhook answers, and what long polling confirms.

An update is applied once its unit of work committed (or it needed none, or it failed in a way a
second delivery would not mend, as a person's damaged data). One the store could not take
(:class:`~bot.store.interface.StoreUnavailable`: the database down or restarting, no connection
in time, the disk full) was not applied: the error handler marks it, :meth:`Deliveries.apply`
reports it, and the webhook answers it with an error so that Telegram delivers it again, while
long polling leaves it unconfirmed and applies it again itself (:mod:`bot.polling`).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import Application

TOLD_KEPT = 1024  # updates whose person was told it was not saved (each told once, not per retry)


@dataclass
class Deliveries:
    _unapplied: set[int] = field(default_factory=set)
    _told: OrderedDict[int, None] = field(default_factory=OrderedDict)

    def not_applied(self, update: Update) -> None:
        """``update`` failed before its unit of work committed: it is to be delivered again."""
        self._unapplied.add(update.update_id)

    def first_telling(self, update: Update) -> bool:
        """Whether the person has not yet been told that ``update`` is not saved yet (and now is)."""
        if update.update_id in self._told:
            return False
        self._told[update.update_id] = None
        while len(self._told) > TOLD_KEPT:
            self._told.popitem(last=False)
        return True

    async def apply(self, application: Application, update: Update) -> bool:  # type: ignore[type-arg]
        """Handle ``update`` in its person's lane; whether it was applied."""
        await application.update_processor.process_update(update, application.process_update(update))
        if update.update_id in self._unapplied:
            self._unapplied.discard(update.update_id)
            return False
        self._told.pop(update.update_id, None)
        return True


class NotApplied(Exception):
    """The store could not take the update: it is to be delivered again."""
