"""A person's files that are not UTF-8, empty, unreadable or unwritable are that person's damage:
they are told what is true and offered a fresh start; nobody else notices, the bot starts, and
copy-tinydb reports them. A full disk keeps the bot from starting."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import shutil
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot import views
from bot.__main__ import main
from bot.store import files as files_module
from bot.store import tinydb_store
from camag_core.i18n import ENGLISH
from tests.bot.conftest import FakeClock, Harness, start_bot, stop_bot
from tests.bot.test_damaged_files import aside
from tests.bot.test_limits_in_reminders import plan_shown
from tests.bot.test_reminders import set_reminder, store_at
from tests.store.test_contract import record

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Reading anything in ``folder`` fails as it does for a folder of another owner, mode 700."""
    real = Path.read_text

    def read_text(path: Path, *args: object, **kwargs: object) -> str:
        if path.parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)


def unwritable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing in a folder holding ``.readonly`` fails as in a folder the bot may not write to."""
    real = tinydb_store.write_atomically

    def write(path: Path, text: str, **kwargs: bool) -> None:
        if (path.parent / ".readonly").exists():
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real(path, text, **kwargs)

    monkeypatch.setattr(tinydb_store, "write_atomically", write)


async def offered_a_fresh_start(running: Harness, user_id: int = 42) -> str:
    client = running.client(user_id)
    await client.send("/summary")
    offer = client.last()
    assert offer.button_texts() == ["Start again"], offer.text
    return offer.text or ""


@pytest.mark.parametrize("content", [b"", b"\xff\xfe not utf-8 \x80"], ids=["empty", "not utf-8"])
async def test_a_person_file_empty_or_not_utf8_is_damage_not_a_new_person(running: Harness, caplog, content):
    await running.client().send("/remind")
    await running.at_rest()
    person = running.store.folder(42) / "person.json"
    person.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        text = await offered_a_fresh_start(running)
    assert "couldn't read the data I had saved for you" in text
    assert person.read_bytes() == content  # not overwritten as someone new's
    assert "person.json" in caplog.text or "people/42" in caplog.text
    assert "Traceback" not in caplog.text


async def test_an_empty_assessments_file_is_damage_not_no_result(running: Harness):
    await running.client().send("/remind")
    async with running.store.person(42) as session:
        session.add_assessment(record())
    await running.at_rest()
    (running.store.folder(42) / "assessments.json").write_text("")
    text = await offered_a_fresh_start(running)
    assert views.nothing_to_show(ENGLISH) not in text


async def test_an_unreadable_person_folder_is_damage_and_others_go_on(running: Harness, monkeypatch):
    await running.client(42).send("/remind")
    await running.client(43).send("/remind")
    await running.at_rest()
    unreadable(monkeypatch, running.store.folder(42))
    await offered_a_fresh_start(running, 42)
    await running.client(43).send("/settings")
    assert running.client(43).last().button_texts() != ["Start again"]


async def test_an_unwritable_person_folder_is_said_so_and_set_aside_at_their_word(running: Harness, monkeypatch):
    ada = running.client()
    await ada.send("/remind")
    await running.client(43).send("/remind")
    unwritable(monkeypatch)
    (running.store.folder(42) / ".readonly").write_text("")
    await running.at_rest()  # their files can't be written: what they said stays in the journal
    assert (running.store.folder(43) / "person.json").exists()  # everyone else's are
    await ada.send("/check")
    offer = ada.last()
    assert "can't save anything more" in (offer.text or "")
    await ada.click("Start again", offer)
    assert ada.last().text == views.set_aside_done(ENGLISH)
    assert len(aside(running.store.people, "42")) == 1
    await ada.send("/check")
    assert "How old are you?" in (ada.last().text or "")


async def test_a_forged_start_again_button_sets_nothing_healthy_aside(running: Harness):
    ada = running.client()
    await ada.send("/remind")
    forged = views.damaged_data(ENGLISH).keyboard.inline_keyboard[0][0].callback_data  # type: ignore[union-attr]
    await ada.click_data(str(forged), ada.last())
    assert ada.last().text == views.nothing_to_set_aside(ENGLISH)
    assert aside(running.store.people, "42") == []
    assert (await running.person(42)) is not None


async def test_the_bot_starts_with_damaged_people_when_the_index_is_built_again(tmp_path: Path, monkeypatch, caplog):
    data = tmp_path / "data"
    store = await store_at(data, FakeClock(NOW))
    for user in (1, 2, 3):
        await set_reminder(store, user, time(21, 0))
    await store.close()
    (store.folder(2) / "person.json").write_bytes(b"\xff\xfe\x80")
    unreadable(monkeypatch, store.folder(3))
    shutil.rmtree(data / "due")  # to be built again from the people
    with caplog.at_level(logging.WARNING):
        harness = await start_bot(data)
    try:
        assert set(harness.store.index.entries) == {1}  # type: ignore[attr-defined]
        assert "people/2" in caplog.text
        assert "people/3" in caplog.text
    finally:
        await stop_bot(harness)


async def test_copy_tinydb_reports_damaged_people_and_copies_the_rest(
    tmp_path: Path, postgres_url, monkeypatch, capsys
):
    data = tmp_path / "data"
    store = await store_at(data, FakeClock(NOW))
    for user in (1, 2, 3, 4):
        await set_reminder(store, user, time(21, 0))
    await store.close()
    (store.folder(2) / "person.json").write_bytes(b"\xff\xfe\x80")
    (store.folder(3) / "person.json").write_text("")
    unreadable(monkeypatch, store.folder(4))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAMAG_DATABASE_URL", postgres_url)
    assert await asyncio.to_thread(main, ["copy-tinydb", str(data)]) == 0
    said = capsys.readouterr().out
    assert "copied 1 person" in said
    assert said.rstrip().endswith("): 3"), said


@pytest.mark.parametrize("free", [0, 512 * 1024])
def test_the_bot_refuses_to_start_on_a_full_disk(tmp_path: Path, monkeypatch, capsys, free):
    real = os.statvfs

    class Full:
        def __init__(self, folder: object) -> None:
            found = real(folder)  # type: ignore[arg-type]
            self.f_frsize = found.f_frsize
            self.f_bavail = free // found.f_frsize

    monkeypatch.setattr(files_module.os, "statvfs", Full)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456789:AAE-a-token-of-the-right-shape_0123")
    monkeypatch.setenv("CAMAG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")  # nothing there: never reached
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "full" in err
    assert err.count("\n") == 1


async def test_a_check_in_goes_out_though_the_results_it_would_quote_cautions_from_are_damaged(running: Harness):
    ada = running.client()
    await plan_shown(running)
    await ada.click("✅ Use this plan")
    await running.at_rest()
    (running.store.folder(42) / "assessments.json").write_text("")
    running.clock.current = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)  # 13:00 in Tokyo
    assert await running.tick() == 1
    checkin = ada.last().text
    assert "Due this afternoon (13:00):\n• Calcium carbonate 600 mg\n• Vitamin D 5,000 IU\nDid you take it?" in checkin
