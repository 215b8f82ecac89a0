"""Whether an update was applied: what the webhook answers, and what long polling confirms.

An update is applied once its unit of work committed (or it needed none, or it failed in a way a
second delivery would not mend, as a person's damaged data). One the store could not take
(:class:`~bot.store.interface.StoreUnavailable`: the database down or restarting, no connection
in time, the disk full) was not applied: the error handler marks it, :meth:`Deliveries.apply`
reports it, and the webhook answers it with an error so that Telegram delivers it again, while
long polling leaves it unconfirmed and applies it again itself (:mod:`bot.polling`).

An update counts as applied as soon as its unit of work committed (:meth:`Deliveries.committed`),
not once its replies are out: those wait for the chat's pace and a picture for its drawing, and
while one update is unconfirmed, long polling is handed no update more than 100 behind it, so a
crowd's updates would wait for one person's replies. The replies go on meanwhile, and
``Application.stop`` waits for them. A crash before they are out loses them, as it would have
anyway: the update was applied, and a second delivery of it is skipped.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

TOLD_KEPT = 1024  # updates whose person was told it was not saved (each told once, not per retry)


@dataclass
class Deliveries:
    _unapplied: set[int] = field(default_factory=set)
    _told: OrderedDict[int, None] = field(default_factory=OrderedDict)
    _committing: dict[int, asyncio.Future[None]] = field(default_factory=dict)

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

    def committed(self, update: Update) -> None:
        """``update``'s unit of work committed (or found it applied before): it is applied."""
        waiting = self._committing.get(update.update_id)
        if waiting is not None and not waiting.done():
            waiting.set_result(None)

    async def apply(self, application: Application, update: Update) -> bool:  # type: ignore[type-arg]
        """Handle ``update`` in its person's lane; whether it was applied, said once its unit of
        work committed (its replies may still be going out) or, if it has none, once handled."""
        uid = update.update_id
        committed = self._committing[uid] = asyncio.get_running_loop().create_future()
        handling = asyncio.ensure_future(
            application.update_processor.process_update(update, application.process_update(update))
        )
        try:
            await asyncio.wait((handling, committed), return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            handling.cancel()
            raise
        finally:
            if self._committing.get(uid) is committed:
                del self._committing[uid]
        if not handling.done():
            application.create_task(self._replies(handling, uid), update=update)
            self._told.pop(uid, None)
            return True
        handling.result()  # what handling it raised, the caller hears of (the update is not applied)
        if uid in self._unapplied:
            self._unapplied.discard(uid)
            return False
        self._told.pop(uid, None)
        return True

    async def _replies(self, handling: asyncio.Future[None], uid: int) -> None:
        """The rest of an applied update's handling: its replies. What fails now changes nothing."""
        failed = None
        try:
            await handling
        except Exception as error:
            failed = type(error).__name__
        if uid in self._unapplied:
            self._unapplied.discard(uid)
            failed = failed or "not applied"
        if failed is not None:
            log.warning("update %s failed after its commit (%s): it stays applied", uid, failed)


class NotApplied(Exception):
    """The store could not take the update: it is to be delivered again."""
