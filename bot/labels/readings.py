"""Label photos being read, each outside the update that brought it.

A photo's update is applied at once, as its own unit of work: the person's stored flow says a
label is being read (:class:`~bot.store.interface.LabelPhoto`), and the update is confirmed to
Telegram like any other, so that no one's updates wait behind a reading (long polling confirms
only up to the oldest update not yet applied, and a webhook's connection is held until its update
is answered). The reading itself is a task of this queue: the photo fetched from Telegram, read by
the OCR engine, and committed to the person's state in a unit of work of its own (``work``, in
:mod:`bot.flows.labels`), only if that photo is still the one awaited.

:data:`AT_ONCE` photos are fetched and read at a time (the engine is one process on one core, at
a lower priority than the bot's), so that a burst of photos neither swamps the cores nor holds
many photos in memory; the others wait their turn here.

A crash or a restart while photos are being read must not leave anyone waiting for nothing: before
the unit of work that starts a reading commits, a note naming the person (their id only) is
written in ``folder``; it is removed once a unit of work left them no longer reading. At start-up,
each person noted is looked at again (:meth:`Readings.recover`): one still reading has their photo
read again from Telegram's copy, or is told kindly that it couldn't be, with the typed way.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from bot.store.files import sync_folder
from bot.store.interface import Damaged, StoreUnavailable

log = logging.getLogger(__name__)

AT_ONCE = 1
RETRY_FIRST = 1.0  # the store unavailable: the reading is tried again after this, doubling up to
RETRY_MOST = 60.0

# Reads (or re-reads) the photo awaited by a person: ``(user_id, update_id)``, ``None`` for
# whichever photo their flow awaits (at start-up); whether they are still reading afterwards.
Work = Callable[[int, int | None], Awaitable[bool]]


class Readings:
    def __init__(self, folder: Path, at_once: int = AT_ONCE) -> None:
        self.folder = folder
        self.work: Work | None = None  # set by the composition root, which has the bot
        self._turns = asyncio.Semaphore(at_once)
        self._tasks: dict[tuple[int, int | None], asyncio.Task[None]] = {}
        self._unwritable = False

    async def note(self, user_id: int) -> None:
        """Before the unit of work that starts a reading commits: the person is found at start-up."""
        await asyncio.to_thread(self._note, user_id)

    def _note(self, user_id: int) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path = self.folder / str(int(user_id))
            if not path.exists():
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
                sync_folder(self.folder)
        except OSError as error:
            if not self._unwritable:  # said once; readings go on, only a restart would not resume them
                log.warning("label readings can't be noted in %s (%s)", self.folder, type(error).__name__)
            self._unwritable = True

    async def _done(self, user_id: int) -> None:
        with contextlib.suppress(OSError):
            await asyncio.to_thread((self.folder / str(int(user_id))).unlink, missing_ok=True)

    def noted(self) -> list[int]:
        """The people noted as reading a label."""
        if not self.folder.is_dir():
            return []
        return sorted(int(entry.name) for entry in os.scandir(self.folder) if entry.name.isdigit())

    def start(self, user_id: int, update_id: int | None) -> None:
        """Read the photo, in a task of its own (once, however often it is asked for)."""
        key = (user_id, update_id)
        if key not in self._tasks:
            # A context of its own: not the update's (its working slot, bot/lanes.py) it was started from.
            task = asyncio.create_task(
                self._run(user_id, update_id), name=f"label-reading-{user_id}", context=contextvars.Context()
            )
            self._tasks[key] = task
            task.add_done_callback(lambda _: self._tasks.pop(key, None))

    async def _run(self, user_id: int, update_id: int | None) -> None:
        assert self.work is not None
        pause = RETRY_FIRST
        while True:
            try:
                still = await self.work(user_id, update_id)
                break
            except StoreUnavailable as error:  # read again, and committed, once the store is back
                log.warning("a label reading was not committed (%s); again in %.0f s", error.why, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, RETRY_MOST)
            except Damaged:  # the person's data can't be read: nothing to resume
                still = False
                break
            except Exception:  # the note stays: read again at the next start-up
                log.exception("a label reading failed")
                return
        if not still:
            await self._done(user_id)

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """One of the :data:`AT_ONCE` places to fetch and read a photo in."""
        async with self._turns:
            yield

    def recover(self) -> None:
        """At start-up: every person noted is looked at again (see the module's notes)."""
        for user_id in self.noted():
            self.start(user_id, None)

    async def drain(self) -> None:
        """Until every reading started is done."""
        while self._tasks:
            await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def close(self) -> None:
        """The bot is stopping: readings still going are dropped, their notes kept for the next start."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
