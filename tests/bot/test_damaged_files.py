"""Issue #12: one damaged file never stops the bot or costs anyone else's data."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.store.due_index import SHARDS, read_shard, write_shard
from tests.bot.conftest import FakeClock, Harness, start_bot, stop_bot
from tests.bot.test_reminders import set_reminder, store_at

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
PRIVATE = b"not a shard at all: private text"


def _stranger(shard: Path) -> None:
    """A whole shard, with someone of another shard in it."""
    records = read_shard(shard, 1).copy()
    records["user"][0] = 2
    write_shard(shard, records)


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    return lambda shard: shard.write_bytes(change(shard.read_bytes()))


DAMAGE: list[Callable[[Path], None]] = [
    _bytes(lambda _: b""),  # an empty file
    _bytes(lambda _: PRIVATE),
    _bytes(lambda shard: shard[:-1]),  # cut short
    _bytes(lambda shard: shard[:-3] + bytes([shard[-3] ^ 1]) + shard[-2:]),  # a bit flipped: the checksum
    _bytes(lambda shard: b"camag-d2" + shard[8:]),  # a kind of file this code does not know
    _stranger,
]


def aside(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.damaged-*"))


@pytest.mark.parametrize("damage", DAMAGE)
async def test_a_damaged_index_shard_is_set_aside_and_built_again_from_the_people(tmp_path, caplog, damage):
    clock = FakeClock(NOW)
    store = await store_at(tmp_path, clock)
    for user in (1, 1 + SHARDS, 2):  # 1 and 1 + SHARDS share a shard of the reminder index
        await set_reminder(store, user, time(21, 0))
    await store.close()  # the checkpoint writes the index's shards
    shard = tmp_path / "due" / "0001.bin"
    damage(shard)
    bad = shard.read_bytes()
    with caplog.at_level(logging.WARNING):
        again = await store_at(tmp_path, clock)
    assert set(again.index.entries) == {1, 2, 1 + SHARDS}
    (kept,) = aside(tmp_path / "due", "0001.bin")
    assert kept.read_bytes() == bad  # the damaged original is kept, whole
    assert "0001.bin" in caplog.text
    assert "private text" not in caplog.text  # the log names the file, never its contents
    again = await store_at(tmp_path, clock)
    assert set(again.index.entries) == {1, 2, 1 + SHARDS}
    assert {d.user_id for d in await again.due(NOW.replace(hour=20))} == {1, 2, 1 + SHARDS}


async def test_a_shard_damaged_while_the_bot_runs_is_built_again_at_the_next_checkpoint(tmp_path, caplog):
    clock = FakeClock(NOW)
    store = await store_at(tmp_path, clock)
    for user in (1, 1 + SHARDS):
        await set_reminder(store, user, time(21, 0))
    await store.checkpoint()
    (tmp_path / "due" / "0001.bin").write_bytes(PRIVATE)
    await set_reminder(store, 1, time(22, 0))
    with caplog.at_level(logging.WARNING):
        await store.close()
    assert "0001.bin" in caplog.text
    assert len(aside(tmp_path / "due", "0001.bin")) == 1
    again = await store_at(tmp_path, clock)
    assert [(d.user_id, d.day) for d in await again.due(NOW.replace(hour=20))] == [(1 + SHARDS, NOW.date())]
    assert [d.user_id for d in await again.due(NOW.replace(hour=21))] == [1]


async def test_the_bot_starts_with_a_damaged_index_and_keeps_the_good_reminders(tmp_path):
    data = tmp_path / "data"
    store = await store_at(data, FakeClock(NOW))
    await set_reminder(store, 1, time(21, 0))
    for shard in range(2, 6):
        path = data / "due" / f"{shard:04d}.bin"
        path.write_bytes(PRIVATE)
        DAMAGE[shard - 1](path)
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
