"""Issue #12: one damaged file never stops the bot or costs anyone else's data."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot import reminders as reminders_module
from bot.__main__ import main
from bot.persistence import ConversationPersistence
from bot.reminders import ReminderBook
from tests.bot.conftest import Harness, start_bot, stop_bot

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
GOOD = {"u": 1, "c": 1, "at": "21:00", "z": "Europe/Berlin", "p": False, "s": None}
DAMAGE = [
    "[1, 2, 3]",  # valid JSON of the wrong shape
    json.dumps({"u": 2, "c": 2, "at": "25:99", "z": "UTC"}),  # a bad time
    json.dumps({"u": 3, "c": 3, "at": "08:00", "z": "Mars/Olympus_Mons"}),  # a zone tzdata doesn't have
    json.dumps({"u": "four", "c": 4, "at": "08:00", "z": "UTC"}),
    "not json at all: private text",
]


def aside(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.damaged-*"))


@pytest.mark.parametrize("bad", DAMAGE)
def test_a_damaged_journal_line_is_set_aside_and_every_good_reminder_kept(tmp_path, caplog, bad):
    journal = tmp_path / "reminders.jsonl"
    journal.write_text(json.dumps(GOOD) + "\n" + bad + "\n" + json.dumps({**GOOD, "u": 5, "c": 5}) + "\n")
    book = ReminderBook(journal)
    with caplog.at_level(logging.WARNING):
        book.load(NOW)
    assert set(book.reminders) == {1, 5}
    (kept,) = aside(tmp_path, "reminders.jsonl")
    assert bad in kept.read_text()  # the damaged original is kept, whole
    assert bad not in journal.read_text()  # and the live journal holds only what could be read
    assert "reminders.jsonl" in caplog.text
    assert "private text" not in caplog.text  # the log names the file, never its contents
    assert set(ReminderBook(journal).reminders) == set()  # (a fresh book before load knows nothing)
    again = ReminderBook(journal)
    again.load(NOW)
    assert set(again.reminders) == {1, 5}


def test_a_torn_last_line_never_swallows_the_next_entry(tmp_path):
    journal = tmp_path / "reminders.jsonl"
    journal.write_text(json.dumps(GOOD) + "\n" + '{"u": 7, "c": 7, "at": "0')  # a crash mid-append
    book = ReminderBook(journal)  # appended to before any load, as after a crash the file may be
    book.set(8, 8, time(7, 30), "Asia/Tokyo", NOW)
    book.close()
    restarted = ReminderBook(journal)
    restarted.load(NOW)
    assert set(restarted.reminders) == {1, 8}
    assert aside(tmp_path, "reminders.jsonl") == []  # a torn tail is a crash, not damage


def test_every_journal_entry_is_fsynced(tmp_path, monkeypatch):
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(reminders_module.os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    book = ReminderBook(tmp_path / "reminders.jsonl")
    book.load(NOW)
    book.set(1, 1, time(21, 0), "UTC", NOW)
    book.pause(1)
    assert len(synced) == 2


def test_a_truncated_conversations_file_is_set_aside(tmp_path):
    states = tmp_path / "conversations.json"
    states.write_text('{"camag": {"42,42": "ask')
    persistence = ConversationPersistence(states)
    assert persistence._states == {}
    assert len(aside(tmp_path, "conversations.json")) == 1


async def test_the_bot_starts_with_damaged_shared_files_and_keeps_the_good_reminders(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "reminders.jsonl").write_text(json.dumps(GOOD) + "\n" + "\n".join(DAMAGE) + "\n")
    (data / "conversations.json").write_text("{not json")
    harness = await start_bot(data)
    try:
        assert set(harness.services.reminders.reminders) == {1}
        shown = await harness.client().send("/help")
        assert "/check" in shown[-1].text
    finally:
        await stop_bot(harness)


async def test_a_person_whose_file_is_damaged_is_told_and_can_start_again(running: Harness):
    ada = running.client()
    running.store.path(42).write_text('{"profile": {"1": {"user_id": 42, "chat_id"')  # torn by hand
    await ada.send("/summary")
    offer = ada.last()
    assert "couldn't read the data I had saved for you" in offer.text
    await ada.click("Start again", offer)
    assert "put aside" in ada.last().text
    assert len(aside(running.store.users, "42.json")) == 1
    await ada.send("/check")
    assert "How old are you?" in ada.last().text


async def test_a_record_of_the_wrong_shape_is_damage_too(running: Harness):
    running.store.path(42).write_text(json.dumps({"checkins": {"1": {"day": "yesterday"}}}))
    await running.client().send("/history")
    assert "couldn't read the data" in running.client().last().text


@pytest.mark.parametrize("kind", ["a file", "inside a file"])
def test_an_unusable_data_folder_is_one_clear_line_and_exit_2(tmp_path, monkeypatch, capsys, kind):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    folder = blocker if kind == "a file" else blocker / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:secret-token")
    monkeypatch.setenv("CAMAG_DATA_DIR", str(folder))
    assert main() == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "can't keep data in" in err
    assert "Traceback" not in err
