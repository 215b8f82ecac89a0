"""The throwaway PostgreSQL server the tests use (started by tests/services, as `make test` does)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import psycopg
import pytest

from bot.store import schema


def server_url() -> str:
    """The test server's URL; a skip without one (a failure under CI, where it must run)."""
    url = os.environ.get("CAMAG_TEST_DATABASE_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("CAMAG_TEST_DATABASE_URL is not set: run the tests through tests/services (make test does)")
    pytest.skip("no PostgreSQL: run the tests through tests/services (make test does)")


async def migrate(url: str) -> tuple[int, int]:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        return await schema.migrate(conn)


@contextmanager
def empty_database() -> Iterator[str]:
    """A database of its own, dropped afterwards (for what needs one: migrations, workers)."""
    url = server_url()
    name = f"camag_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"'.encode())
    try:
        yield f"{url.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)'.encode())


def clear(url: str) -> None:
    """Every row gone, the schema kept."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE people, set_aside CASCADE")


def migrated() -> str:
    """The test server's database, migrated (in a thread: an async fixture may be asking)."""
    url = server_url()
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, migrate(url)).result()
    return url


def _admin(url: str) -> tuple[str, str]:
    """The server's own database (to act on ``url``'s from outside it), and ``url``'s name."""
    base, name = url.rsplit("/", 1)
    return f"{base}/postgres", name


def cut_connections(url: str) -> int:
    """Every session on ``url``'s database ended, as a server restart ends them (AdminShutdown);
    returns how many there were."""
    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(rows)


@contextmanager
def outage(url: str) -> Iterator[None]:
    """``url``'s database down for the block: its sessions ended and no new one let in."""
    admin, name = _admin(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'.encode())
    cut_connections(url)
    try:
        yield
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'.encode())
