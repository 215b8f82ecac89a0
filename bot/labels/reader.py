"""The label photo reader: the OCR engine behind a port, in a process of its own.

The engine (:mod:`bot.labels.engine`) needs about 100 MB loaded and a few hundred more while it
reads a photo, and holds a core for a second or two. So it runs in one worker process, at a lower
priority than the bot's (``nice`` 10), started on the first photo and stopped after
:data:`IDLE_SECONDS` without one: the bot's own memory, its start-up and everyone else's replies
stay as they were (the reading is done outside the photo's update, :mod:`bot.labels.readings`).
Photos sent at once are read one after another.

Where the engine is not installed, :func:`label_reader` says why in one line at start-up and
every photo is answered with the typed way (:class:`NoReader`); where it is installed but fails to
load (a system library missing), the first photo finds out, the reason is logged once, and so on.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.labels.engine import EngineUnavailable, lower_priority, missing, rapidocr
from camag_core.labels import Box, LabelReading, read_label

log = logging.getLogger(__name__)

# What the bot needs of an OCR engine: a photo's bytes in, the pieces of text found out.
Reader = Callable[[bytes], Awaitable[list[Box]]]

IDLE_SECONDS = 300.0


OFF = "Label photos are off: %s. A photo is answered with the typed way; `make run` installs the OCR engine."


class ReaderFailed(RuntimeError):
    """The reader's process died while reading (out of memory, killed): another try may work."""


class NoReader:
    """Label photos where the engine can't load: every photo gets the typed way."""

    def __init__(self, why: str) -> None:
        self.why = why

    async def __call__(self, photo: bytes) -> list[Box]:
        raise EngineUnavailable(self.why)


def label_reader() -> Reader:
    """The reader for this machine: the engine's process, or, where the engine is not installed,
    :class:`NoReader` and one line in the log that says why."""
    why = missing()
    if why is None:
        return OcrProcess()
    log.warning(OFF, why)
    return NoReader(why)


class OcrProcess:
    """RapidOCR in a worker process, started when first needed and stopped when idle."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS, read: Callable[[bytes], list[Box]] = rapidocr) -> None:
        self.idle_seconds = idle_seconds
        self._read = read
        self._pool: ProcessPoolExecutor | None = None
        self._reading = 0
        self._idle: asyncio.TimerHandle | None = None
        self._off: str | None = None  # why the engine did not load: no process is started again

    async def __call__(self, photo: bytes) -> list[Box]:
        if self._off is not None:
            raise EngineUnavailable(self._off)
        loop = asyncio.get_running_loop()
        if self._idle is not None:
            self._idle.cancel()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=lower_priority
            )
        self._reading += 1
        try:
            return await loop.run_in_executor(self._pool, self._read, photo)
        except EngineUnavailable as error:  # it will not load here until the bot is restarted
            self._off = str(error)
            log.warning(OFF, self._off)
            raise
        except BrokenProcessPool:  # the worker died (out of memory, killed): a new one next time
            log.warning("the label reader's process died; a new one starts with the next photo")
            self._pool = None
            raise ReaderFailed("the label reader's process died") from None
        finally:
            self._reading -= 1
            if self._reading == 0:
                self._idle = loop.call_later(0 if self._off else self.idle_seconds, self.stop)

    @property
    def running(self) -> bool:
        return self._pool is not None

    def stop(self) -> None:
        """Let the worker process go (its memory with it); the next photo starts another."""
        if self._pool is not None and self._reading == 0:
            self._pool.shutdown(wait=False)
            self._pool = None

    def close(self) -> None:
        """The bot is stopping: the worker goes, with any photo still waiting."""
        if self._idle is not None:
            self._idle.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


async def read_photo(reader: Reader, photo: bytes) -> LabelReading:
    """What the label on ``photo`` says."""
    return read_label(await reader(photo))
