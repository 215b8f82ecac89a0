"""PostgreSQL for ``camag-bot`` (bot/__main__.py): the store as the settings ask for it, the errors
that mean the database can't be used, and the commands ``migrate`` and ``copy-tinydb``. Imported
only where PostgreSQL is used, so that a bot on its data folder never loads the driver."""

from __future__ import annotations

import re
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import PoolTimeout

from bot.clock import Clock, SystemClock
from bot.logs import MASK, redact
from bot.polling import AnotherPoller
from bot.settings import Settings
from bot.store import schema
from bot.store.copy import copy_folder
from bot.store.interface import StoreUnavailable
from bot.store.postgres_store import CONNECT_SECONDS, PostgresStore
from bot.store.tinydb_store import FolderInUse, TinyDBStore

ERRORS: tuple[type[Exception], ...] = (schema.SchemaOutdated, psycopg.OperationalError, PoolTimeout, StoreUnavailable)
# What ends ``migrate`` and ``copy-tinydb`` with one line rather than a traceback.
COMMAND_ERRORS: tuple[type[Exception], ...] = (schema.SchemaOutdated, psycopg.Error, PoolTimeout, StoreUnavailable)
QUOTED = re.compile(r'"[^"]*"')
POLLING_LOCK = 0x43614D6167  # an advisory lock's key ("CaMag"): held by the one process polling for the bot


def store(settings: Settings, url: str, clock: Clock) -> PostgresStore:
    return PostgresStore(
        url,
        clock,
        pool_size=settings.camag_database_pool_size,
        lease=timedelta(seconds=settings.camag_reminder_lease_seconds),
        wait=settings.camag_database_wait_seconds,
    )


def describe(error: Exception, secrets: Iterable[str] = ()) -> str:
    """What went wrong, in one line without the address or password: ``secrets`` masked, and, in
    the driver's complaint about the address itself, every part of it that it quotes."""
    if isinstance(error, schema.SchemaOutdated | StoreUnavailable):
        return str(error)
    if isinstance(error, PoolTimeout):
        return f"no connection within {CONNECT_SECONDS} s (is PostgreSQL running, and CAMAG_DATABASE_URL right?)"
    first = str(error).strip().splitlines()[0] if str(error).strip() else "no detail"
    if isinstance(error, psycopg.ProgrammingError):  # CAMAG_DATABASE_URL could not be read
        first = QUOTED.sub(f'"{MASK}"', first) + " (in CAMAG_DATABASE_URL)"
    return f"{type(error).__name__}: {redact(first, secrets)}"


def unreadable(url: str, secrets: Iterable[str] = ()) -> str | None:
    """Why the driver can't read ``url`` as an address (one line, as :func:`describe` puts it), or
    ``None``. Checked before connecting: the pool would try an address it can't read again and
    again until its start-up wait (``CONNECT_SECONDS``) ran out, and then blame the network."""
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        return describe(error, secrets)
    return None


@asynccontextmanager
async def polling_alone(url: str) -> AsyncIterator[None]:
    """Held while this process takes the bot's updates by long polling: a second process polling
    for the same database is refused (:class:`~bot.polling.AnotherPoller`) rather than run beside
    it (Telegram would answer each of them 409 in turn, and both would send check-ins). The lock
    is the session's: it goes with the process, however it ends."""
    async with await psycopg.AsyncConnection.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS) as conn:
        cursor = await conn.execute("SELECT pg_try_advisory_lock(%s)", (POLLING_LOCK,))
        row = await cursor.fetchone()
        if row is None or not row[0]:
            raise AnotherPoller("another CaMag process is polling for this database")
        yield


async def migrate(url: str, secrets: Iterable[str] = ()) -> int:
    try:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS) as conn:
            before, after = await schema.migrate(conn)
    except COMMAND_ERRORS as error:
        print(f"camag-bot migrate: {describe(error, secrets)}", file=sys.stderr)
        return 2
    print(f"camag-bot migrate: schema version {after}" + ("" if before == after else f" (was {before})"))
    return 0


async def copy(folder: Path, url: str, secrets: Iterable[str] = ()) -> int:
    if not (folder / "people").is_dir() and not (folder / "users").is_dir():
        print(f"camag-bot copy-tinydb: {folder} holds no CaMag data folder", file=sys.stderr)
        return 2
    clock = SystemClock()
    source, target = TinyDBStore(folder, clock), PostgresStore(url, clock, pool_size=2)
    try:
        await source.open(clock.now())
        await target.open(clock.now())
        copied = await copy_folder(source, target)
    except COMMAND_ERRORS as error:
        print(f"camag-bot copy-tinydb: {describe(error, secrets)}", file=sys.stderr)
        return 2
    except FolderInUse as error:
        print(f"camag-bot copy-tinydb: {error}: stop the bot that uses it first", file=sys.stderr)
        return 2
    finally:
        await target.close()
    print(
        f"camag-bot copy-tinydb: copied {copied.people} {'person' if copied.people == 1 else 'people'} "
        f"({copied.assessments} results, "
        f"{copied.checkins} check-ins); already there: {copied.already_there}"
        + (f"; could not be read (left in {folder}): {copied.damaged}" if copied.damaged else "")
    )
    return 0
