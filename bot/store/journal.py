"""The embedded store's write-ahead journal: each unit of work appended as one line, and synced
once together with every other unit of work waiting at that moment (group commit).

    <data>/journal-<n>.log      ``<crc32, 8 hex digits> <JSON>\\n`` a line, the oldest journal first

A line holds what one unit of work changed of one person (:func:`unit_line`: their record whole,
the check-ins and assessments it staged), the whole of what a person has in the journals (the
same shape, written when journals are compacted), or the end of a person's data (:func:`end_line`:
``erase`` or ``aside``). One writer thread appends all the lines waiting in one ``write`` and one
``fdatasync`` and then wakes their units of work, so nothing is acknowledged before its line is
on the disk. A line a crash cut short (its unit of work never acknowledged) fails its checksum,
and reading stops there. A write that fails is cut back off the file, so no torn line is ever
followed by an acknowledged one.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.store.files import FILE_MODE, sync_folder

log = logging.getLogger(__name__)

ERASE, ASIDE = "erase", "aside"


def journal_path(folder: Path, number: int) -> Path:
    return folder / f"journal-{number}.log"


def journal_numbers(folder: Path) -> list[int]:
    """The journals in ``folder``, oldest first."""
    found = (p.name.removeprefix("journal-").removesuffix(".log") for p in folder.glob("journal-*.log"))
    return sorted(int(n) for n in found if n.isdigit())


def _line(payload: str) -> bytes:
    data = payload.encode()
    return b"%08x %s\n" % (zlib.crc32(data), data)


def unit_line(user_id: int, person: str, checkins: list[str], assessments: dict[int, str]) -> bytes:
    """A person's record (JSON) and the rows staged with it (JSON each), as one line."""
    parts = ['{"u":', str(user_id), ',"p":', person]
    if checkins:
        parts += [',"c":[', ",".join(checkins), "]"]
    if assessments:
        parts += [',"a":{', ",".join(f'"{number}":{row}' for number, row in assessments.items()), "}"]
    parts.append("}")
    return _line("".join(parts))


def end_line(user_id: int, action: str) -> bytes:
    """The end of everything the journals hold of a person (``erase`` or ``aside``)."""
    return _line(json.dumps({"u": user_id, "x": action}))


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """A journal's lines in order, up to the first one that is torn or damaged."""
    data = path.read_bytes()
    for number, line in enumerate(data.split(b"\n")[:-1], start=1):  # the part after the last newline: torn
        crc, _, payload = line.partition(b" ")
        try:
            whole = int(crc, 16) == zlib.crc32(payload)
            found = json.loads(payload) if whole else None
        except ValueError:
            found = None
        if not isinstance(found, dict) or not isinstance(found.get("u"), int):
            log.warning("%s: line %d is torn or damaged; what follows it is not read", path.name, number)
            return
        yield found


def write_all(fd: int, data: bytes) -> None:
    """Append ``data`` whole (a short write goes on where it stopped)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


_Result = tuple["asyncio.Future[None]", OSError | None]  # a line's future, and why it failed


class JournalBroken(OSError):
    """A failed write or sync that could not be undone: nothing more is written to this journal."""


class _Switch:
    """In the queue: the lines after it go to a new journal."""

    def __init__(self, number: int) -> None:
        self.number = number


class Journal:
    """Appends lines to ``<folder>/journal-<number>.log`` from a writer thread of its own."""

    def __init__(self, folder: Path, number: int) -> None:
        self.folder = folder
        self.number = number  # where the lines appended from now on go (on the event loop's side)
        self._loop = asyncio.get_running_loop()
        self._condition = threading.Condition()
        self._queue: list[tuple[bytes | _Switch, asyncio.Future[None]]] = []
        self._closing = False
        self._broken: OSError | None = None
        self._fd = self._create(number)
        self.size = os.fstat(self._fd).st_size  # bytes in the journal being written
        self._thread = threading.Thread(target=self._run, name="camag-journal", daemon=True)
        self._thread.start()

    def _create(self, number: int) -> int:
        fd = os.open(journal_path(self.folder, number), os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        try:
            sync_folder(self.folder)  # the new file's name on the disk before any line in it counts
        except OSError:
            os.close(fd)
            raise
        return fd

    def append(self, line: bytes) -> asyncio.Future[None]:
        """Done once ``line`` (one or more lines) is on the disk; fails with the ``OSError`` that kept it
        off. Lines are written in the order they are appended."""
        return self._enqueue(line)

    def start_next(self) -> tuple[int, asyncio.Future[None]]:
        """Send the lines appended from now on to a new journal: its number, and done once it is on
        the disk and every line appended before it is."""
        self.number += 1
        return self.number, self._enqueue(_Switch(self.number))

    def _enqueue(self, item: bytes | _Switch) -> asyncio.Future[None]:
        future: asyncio.Future[None] = self._loop.create_future()
        with self._condition:
            if self._closing:
                future.set_exception(JournalBroken(errno.ESHUTDOWN, "the journal is closed"))
            else:
                self._queue.append((item, future))
                self._condition.notify()
        return future

    async def close(self) -> None:
        """Write what is waiting, then stop the writer and close the file."""
        with self._condition:
            self._closing = True
            self._condition.notify()
        await asyncio.to_thread(self._thread.join)
        os.close(self._fd)

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._queue and not self._closing:
                    self._condition.wait()
                batch, self._queue = self._queue, []
                if not batch:
                    return
            results: list[_Result] = []
            lines: list[tuple[bytes, asyncio.Future[None]]] = []
            for item, future in batch:
                if isinstance(item, bytes):
                    lines.append((item, future))
                    continue
                results += self._write(lines)
                lines = []
                results.append((future, self._switch(item.number)))
            results += self._write(lines)
            self._loop.call_soon_threadsafe(_settle, results)

    def _write(
        self, lines: list[tuple[bytes, asyncio.Future[None]]]
    ) -> list[tuple[asyncio.Future[None], OSError | None]]:
        if not lines:
            return []
        error = self._broken
        if error is None:
            data = b"".join(line for line, _ in lines)
            try:
                write_all(self._fd, data)
                os.fdatasync(self._fd)
                self.size += len(data)
            except OSError as failed:
                error = failed
                self._undo(failed)
        return [(future, error) for _, future in lines]

    def _undo(self, error: OSError) -> None:
        """Cut a failed write back off the file; if that fails too, the journal takes no more lines
        until the next one is started."""
        try:
            os.ftruncate(self._fd, self.size)
        except OSError as again:
            log.error("the journal %s can't be written: %s", self.number, type(again).__name__)
            self._broken = JournalBroken(error.errno, "the journal can't be written")

    @property
    def broken(self) -> bool:
        return self._broken is not None

    def _switch(self, number: int) -> OSError | None:
        try:
            fd = self._create(number)
        except OSError as error:
            return error
        os.close(self._fd)
        self._fd, self._broken, self.size = fd, None, os.fstat(fd).st_size
        return None


def _settle(results: list[_Result]) -> None:
    for future, error in results:
        if future.cancelled():
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)
