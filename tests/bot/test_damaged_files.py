"""Issue #12: one damaged file never stops the bot or costs anyone else's data."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot.__main__ import main
from tests.bot.conftest import FakeClock, Harness, start_bot, stop_bot
from tests.bot.test_reminders import set_reminder, store_at

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
GOOD = {"zone": "Europe/Berlin", "at": "21:00", "paused": False, "last_sent": None}
DAMAGE = [
    "[1, 2, 3]",  # valid JSON of the wrong shape
    json.dumps({"2": {**GOOD, "at": "25:99"}}),  # a bad time
    json.dumps({"3": {**GOOD, "zone": "Mars/Olympus_Mons"}}),  # a zone tzdata doesn't have
    json.dumps({"four": GOOD}),
    "not json at all: private text",
]


def aside(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.damaged-*"))


@pytest.mark.parametrize("bad", DAMAGE)
async def test_a_damaged_index_shard_is_set_aside_and_built_again_from_the_people(tmp_path, caplog, bad):
    clock = FakeClock(NOW)
    store = await store_at(tmp_path, clock)
    for user in (1, 65, 2):  # 1 and 65 share a shard of the reminder index
        await set_reminder(store, user, time(21, 0))
    shard = tmp_path / "reminders" / "01.json"
    shard.write_text(bad)
    with caplog.at_level(logging.WARNING):
        again = await store_at(tmp_path, clock)
    assert set(again.index.entries) == {1, 2, 65}
    (kept,) = aside(tmp_path / "reminders", "01.json")
    assert kept.read_text() == bad  # the damaged original is kept, whole
    assert "01.json" in caplog.text
    assert "private text" not in caplog.text  # the log names the file, never its contents
    assert set((await store_at(tmp_path, clock)).index.entries) == {1, 2, 65}


async def test_the_bot_starts_with_a_damaged_index_and_keeps_the_good_reminders(tmp_path):
    data = tmp_path / "data"
    store = await store_at(data, FakeClock(NOW))
    await set_reminder(store, 1, time(21, 0))
    for shard in range(2, 6):
        (data / "reminders" / f"{shard:02d}.json").write_text(DAMAGE[shard - 1])
    harness = await start_bot(data)
    try:
        assert set(harness.store.index.entries) == {1}
        shown = await harness.client().send("/help")
        assert "/check" in shown[-1].text
    finally:
        await stop_bot(harness)


async def test_a_person_whose_file_is_damaged_is_told_and_can_start_again(running: Harness):
    ada = running.client()
    await ada.send("/check")
    await running.at_rest()
    person = running.store.folder(42) / "person.json"
    person.write_text('{"person": {"1": {"user_id": 42, "chat_id"')  # torn by hand
    await ada.send("/summary")
    offer = ada.last()
    assert "couldn't read the data I had saved for you" in offer.text
    await ada.click("Start again", offer)
    assert "put aside" in ada.last().text
    assert len(aside(running.store.people, "42")) == 1
    await ada.send("/check")
    assert "How old are you?" in ada.last().text


async def test_a_record_of_the_wrong_shape_is_damage_too(running: Harness):
    await running.client().send("/remind")
    await running.at_rest()
    running.store.folder(42).joinpath("person.json").write_text(json.dumps({"person": {"1": {"day": "yesterday"}}}))
    await running.client().send("/history")
    assert "couldn't read the data" in running.client().last().text


@pytest.mark.parametrize("kind", ["a file", "inside a file"])
def test_an_unusable_data_folder_is_one_clear_line_and_exit_2(tmp_path, monkeypatch, capsys, kind):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    folder = blocker if kind == "a file" else blocker / "data"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:secret-token-of-a-good-shape")
    monkeypatch.setenv("CAMAG_DATA_DIR", str(folder))
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "can't keep data in" in err
    assert "Traceback" not in err
