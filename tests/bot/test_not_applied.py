"""An update the store could not take (the database down, the disk full) is not acknowledged: the
webhook answers 500, so Telegram delivers it again; long polling leaves it unconfirmed and applies
it once the store is back. The person is told the truth once: it is not recorded yet."""

from __future__ import annotations

import asyncio
import errno
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Update

from bot import views
from bot.polling import Ledger
from bot.store import journal, tinydb_store
from bot.store.interface import Person
from bot.store.postgres_store import PostgresStore
from camag_core.i18n import ENGLISH
from tests.bot.conftest import FakeClock
from tests.bot.test_process import start, stop
from tests.bot.test_webhook import SECRET, hooked, post, update
from tests.fake_api_server import FakeBotApiServer
from tests.postgres import empty_database, migrate, outage

__all__ = ["hooked"]  # the webhook fixture, used here too

FIRST_QUESTION = "How old are you?"


def check(update_id: int) -> dict:  # type: ignore[type-arg]
    """/check, as Telegram sends it (marked as a command)."""
    sent = update(update_id, "/check")
    sent["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
    return sent


def full_disk(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every write of the data folder (the journal's, a file's) fails with ENOSPC while the flag
    returned is set."""
    full = [True]
    real_file, real_journal = tinydb_store.write_atomically, journal.write_all

    def write_file(path: Path, text: str, **kwargs: bool) -> None:
        if full[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_file(path, text, **kwargs)

    def write_journal(fd: int, data: bytes) -> None:
        if full[0]:
            os.write(fd, data[: len(data) // 2])  # as far as the disk had room for
            raise OSError(errno.ENOSPC, "No space left on device")
        real_journal(fd, data)

    monkeypatch.setattr(tinydb_store, "write_atomically", write_file)
    monkeypatch.setattr(journal, "write_all", write_journal)
    return full


async def wait_until(predicate, seconds: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "never happened"
        await asyncio.sleep(0.02)


async def test_the_webhook_answers_500_until_the_store_takes_the_update(hooked, monkeypatch):
    server, api = hooked
    url = f"http://127.0.0.1:{server.port}/telegram"
    full = full_disk(monkeypatch)
    assert await asyncio.to_thread(post, url, check(7), SECRET) == 500
    assert await asyncio.to_thread(post, url, check(7), SECRET) == 500  # Telegram's retry
    said = [m.text for m in api.chat(42)]
    assert said == [views.not_saved_yet(ENGLISH)]  # told once, and truly: nothing was saved
    store = server.application.bot_data["services"].store
    async with store.person(42) as session:
        assert session.person is None
    full[0] = False
    assert await asyncio.to_thread(post, url, check(7), SECRET) == 200
    await wait_until(lambda: FIRST_QUESTION in api.chat(42)[-1].text)
    async with store.person(42) as session:
        assert session.person is not None
        assert session.person.interview is not None
    assert await asyncio.to_thread(post, url, check(7), SECRET) == 200  # applied: not again
    assert sum(FIRST_QUESTION in (m.text or "") for m in api.chat(42)) == 1


def test_the_ledger_confirms_only_up_to_the_oldest_update_not_applied():
    ledger = Ledger(first=1.0, most=4.0)
    batch = [Update.de_json(update(n, "x"), None) for n in (1, 2, 3)]
    assert [u.update_id for u in ledger.take(batch, 0.0)] == [1, 2, 3]
    assert ledger.take(batch, 0.0) == []  # in hand: not again
    ledger.settle(2, True, 0.0)
    ledger.settle(1, False, 0.0)
    assert ledger.offset == 1  # 1 is kept at Telegram
    assert ledger.take(batch, 0.5) == []  # 1 waits its pause; 2 was applied; 3 is in hand
    assert [u.update_id for u in ledger.take(batch, 1.0)] == [1]
    ledger.settle(1, False, 1.0)
    assert ledger.pending[1] == (3.0, 2.0)  # the pause doubles
    ledger.settle(1, True, 3.0)
    ledger.settle(3, True, 3.0)
    assert ledger.offset == 4  # all applied: all confirmed


def test_polling_confirms_an_update_only_once_the_database_took_it(tmp_path: Path):
    """PostgreSQL down past the pool's wait: the update fails, is told about once, stays at Telegram,
    and is applied when the database is back."""
    with empty_database() as url:
        asyncio.run(migrate(url))
        server = FakeBotApiServer().start()
        try:
            bot = start(server, tmp_path, CAMAG_DATABASE_URL=url, CAMAG_DATABASE_WAIT_SECONDS="1")
            try:
                assert server.wait_for(lambda: "getUpdates" in server.methods(), 30), "the bot never polled"
                with outage(url):
                    server.message(42, "/check")
                    assert server.wait_for(lambda: len(server.sent[42]) >= 1, 20)
                    time.sleep(3)  # tried again meanwhile, in vain
                assert server.wait_for(lambda: FIRST_QUESTION in server.sent[42][-1]["text"], 60)
            finally:
                log = stop(bot)
        finally:
            server.stop()

        async def stored() -> Person | None:
            now = datetime.now(UTC)
            store = PostgresStore(url, FakeClock(now))
            await store.open(now)
            async with store.person(42) as session:
                found = session.person
            await store.close()
            return found

        person = asyncio.run(stored())
    texts = [m["text"] for m in server.sent[42]]
    assert texts[0] == views.not_saved_yet(ENGLISH), texts
    assert texts.count(views.not_saved_yet(ENGLISH)) == 1
    assert sum(FIRST_QUESTION in t for t in texts) == 1
    assert person is not None
    assert person.interview is not None
    assert "not applied, to be delivered again" in log


def test_a_second_poller_on_the_same_database_is_refused_and_the_first_goes_on(tmp_path: Path):
    with empty_database() as url:
        asyncio.run(migrate(url))
        server = FakeBotApiServer().start()
        try:
            first = start(server, tmp_path, CAMAG_DATABASE_URL=url)
            try:
                assert server.wait_for(lambda: "getUpdates" in server.methods(), 30), "the bot never polled"
                (tmp_path / "second").mkdir()
                second = start(server, tmp_path / "second", CAMAG_DATABASE_URL=url)
                try:
                    _, said = second.communicate(timeout=60)
                finally:
                    if second.poll() is None:
                        second.kill()
                        second.wait()
                assert second.returncode == 2
                assert "another process is taking this bot's updates" in said
                assert "Traceback" not in said
                server.message(42, "/help")
                assert server.wait_for(lambda: len(server.sent[42]) >= 1, 20)  # the first still serves
            finally:
                stop(first)
        finally:
            server.stop()
