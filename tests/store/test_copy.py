"""Moving a bot over: a TinyDB data folder copied into PostgreSQL, with `camag-bot copy-tinydb`."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg
from psycopg_pool import AsyncConnectionPool

from bot.__main__ import main
from bot.store.interface import Person
from bot.store.postgres_store import PostgresStore
from bot.store.schema import VERSION
from bot.store.tinydb_store import TinyDBStore
from camag_core.daily import CheckIn, Status
from camag_core.schedule import Plan
from tests.bot.conftest import FakeClock
from tests.bot.fake_telegram import TOKEN
from tests.conftest import REPO
from tests.postgres import empty_database
from tests.store.test_contract import record

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
LAYOUT_1 = REPO / "tests" / "bot" / "data" / "layout1"


async def test_a_data_folder_is_copied_whole_and_a_second_run_changes_nothing(
    tmp_path, postgres_url, monkeypatch, capsys
):
    source = TinyDBStore(tmp_path / "data", FakeClock(NOW))
    await source.open(NOW)
    async with source.person(1) as session:
        session.person = Person(
            user_id=1, chat_id=1, created_at=NOW, updated_at=NOW, zone="Asia/Tokyo", last_update_id=41
        )
        session.person.reminder = Plan.daily(time(8, 0))
        for day in (date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 20)):
            session.record_checkin(CheckIn(day=day, status=Status.SOME, note="kale", at=NOW))
        session.add_assessment(record())
        session.add_assessment(record())
    async with source.person(2) as session:
        session.person = Person(user_id=2, chat_id=2, created_at=NOW, updated_at=NOW)
    (tmp_path / "data" / "people" / "3").mkdir()
    (tmp_path / "data" / "people" / "3" / "person.json").write_text("{torn")
    monkeypatch.setenv("CAMAG_DATABASE_URL", postgres_url)
    monkeypatch.chdir(tmp_path)

    assert await asyncio.to_thread(main, ["copy-tinydb", str(tmp_path / "data")]) == 0
    said = capsys.readouterr().out
    assert "copied 2 people (2 results, 3 check-ins)" in said
    assert said.rstrip().endswith("): 1")  # could not be read: one
    target = PostgresStore(postgres_url, FakeClock(NOW))
    await target.open(NOW)
    assert await target.export(1) == await source.export(1)
    assert await target.export(2) == await source.export(2)
    # Planned when copied, from the real clock: asked at the next 08:00 in Tokyo itself (a day ahead
    # would be more than an hour past it whenever Tokyo's date is ahead, and so a missed one).
    tokyo = datetime.now(ZoneInfo("Asia/Tokyo"))
    eight = tokyo.replace(hour=8, minute=0, second=0, microsecond=0)
    planned = await target.due((eight if eight > tokyo else eight + timedelta(days=1)).astimezone(UTC))
    assert [(due.user_id, due.snoozed) for due in planned] == [(1, False)]
    await target.close()

    assert await asyncio.to_thread(main, ["copy-tinydb", str(tmp_path / "data")]) == 0
    again = capsys.readouterr().out
    assert "copied 0 people" in again
    assert "already there: 2" in again


async def test_a_data_folder_of_the_first_layout_is_brought_up_to_date_and_copied(tmp_path, postgres_url, monkeypatch):
    shutil.copytree(LAYOUT_1, tmp_path / "data")
    monkeypatch.setenv("CAMAG_DATABASE_URL", postgres_url)
    monkeypatch.chdir(tmp_path)
    assert await asyncio.to_thread(main, ["copy-tinydb", str(tmp_path / "data")]) == 0
    source = TinyDBStore(tmp_path / "data", FakeClock(NOW))
    await source.open(NOW)
    target = PostgresStore(postgres_url, FakeClock(NOW))
    await target.open(NOW)
    people = source.user_ids()
    assert len(people) >= 3
    for user_id in people:
        assert await target.export(user_id) == await source.export(user_id)
    await target.close()


def test_copy_needs_a_database_and_a_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CAMAG_DATABASE_URL", raising=False)
    assert main(["copy-tinydb", str(tmp_path)]) == 2
    assert "set CAMAG_DATABASE_URL" in capsys.readouterr().err
    monkeypatch.setenv("CAMAG_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["copy-tinydb", str(tmp_path)]) == 2
    assert "holds no CaMag data folder" in capsys.readouterr().err


def test_migrate_reports_the_version_and_a_database_it_cannot_reach(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    with empty_database() as url:
        monkeypatch.setenv("CAMAG_DATABASE_URL", url)
        assert main(["migrate"]) == 0
        assert main(["migrate"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"camag-bot migrate: schema version {VERSION} (was 0)",
        f"camag-bot migrate: schema version {VERSION}",
    ]
    monkeypatch.setenv("CAMAG_DATABASE_URL", "postgresql://nobody:hunter2-secret@127.0.0.1:1/none")
    assert main(["migrate"]) == 2
    err = capsys.readouterr().err
    assert "hunter2-secret" not in err
    assert "OperationalError" in err


def test_an_address_the_driver_cannot_read_fails_at_once_without_its_password(monkeypatch, capsys, tmp_path):
    """The driver quotes the part of the address it could not read: an unencoded space or "%" in
    the password, or a parameter it does not know (with the password elsewhere in the URL). No
    connection is tried: the pool would try such an address again and again until its start-up
    wait ran out (30 s), and then blame the network."""

    async def no_connection(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was tried")

    monkeypatch.setattr(AsyncConnectionPool, "open", no_connection)
    monkeypatch.setattr(psycopg.AsyncConnection, "connect", no_connection)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people").mkdir()
    for url, secret in [
        ("postgresql://camag:hunter2 secret@127.0.0.1:1/none", "hunter2"),
        ("postgresql://camag:hunter2%zzsecret@127.0.0.1:1/none", "hunter2"),
        ("postgresql://camag:hunter2%secret@127.0.0.1:1/none", "hunter2"),
        ("postgresql://camag:hunter2@127.0.0.1:1/none?hunter2x=1", "hunter2"),
    ]:
        monkeypatch.setenv("CAMAG_DATABASE_URL", url)
        for command in (["migrate"], ["copy-tinydb", str(tmp_path)], []):
            assert main(command) == 2, url
            (err,) = capsys.readouterr().err.splitlines()
            assert secret not in err, err
            assert "CAMAG_DATABASE_URL" in err, err
