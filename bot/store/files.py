"""Files on disk: written atomically, and set aside when damaged.

Every write goes to a temporary file that is renamed over the old one, so a crash leaves either
the old file or the new one, never a torn one. Each write waits for the disk on its own, or, when
many files are written at once (the embedded store's checkpoint), none does and one
:func:`sync_filesystem` follows them all. A file that can't be read is never deleted or
overwritten: it is renamed aside (``<name>.damaged-<UTC time>``) beside the original, and the log
names the file, never its contents.
"""

from __future__ import annotations

import ctypes
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700

log = logging.getLogger(__name__)


def write_atomically(path: Path, content: str | bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``content`` (text is written as UTF-8) so that a crash leaves the old
    or the new file, whole.

    ``durable`` also waits for the disk (fsync), so the new file survives a power cut too; without
    it a process crash still loses nothing, but a power cut may bring back the previous file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode() if isinstance(content, str) else content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Wait for a folder's entries (a rename, a new file) to reach the disk."""
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def set_aside(path: Path) -> Path:
    """Rename a damaged file out of the way, keeping it for whoever runs the bot; returns the new
    name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, aside)
    log.warning("set aside the damaged file %s as %s", path, aside.name)
    return aside


MIN_FREE_BYTES = 16 * 1024 * 1024  # room for a while of everyone's answers, and for the index
PROBE_BYTES = 64 * 1024  # a write as large as the largest file the bot keeps for a person


def check_writable(folder: Path) -> str | None:
    """Why the bot can't keep its data in ``folder``, or ``None`` when it can (created if missing):
    a real write of some size, fsynced (an empty file fits on a full disk), and room to spare."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        probe = folder / f".probe.{os.getpid()}.tmp"
        write_atomically(probe, " " * PROBE_BYTES)
        probe.unlink()
        disk = os.statvfs(folder)
    except OSError as error:
        return f"{error.strerror or error} ({type(error).__name__})"
    free = disk.f_bavail * disk.f_frsize
    if free < MIN_FREE_BYTES:
        return f"the disk is (nearly) full: {free // 1024} kB free, at least {MIN_FREE_BYTES // 2**20} MB needed"
    return None


_libc = ctypes.CDLL(None, use_errno=True)


def sync_filesystem(folder: Path) -> None:
    """Wait for everything written to the file system holding ``folder`` to reach the disk: one
    ``syncfs`` for many files written without a sync of their own (``sync`` where there is none)."""
    syncfs = getattr(_libc, "syncfs", None)
    if syncfs is None:
        os.sync()
        return
    directory = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(directory) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number))
    finally:
        os.close(directory)
