"""The queue of label photos being read (bot/labels/readings.py), on its own: the notes that let a
restart resume them, and a reading the store could not take, tried again."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.labels import readings as module
from bot.labels.readings import Readings
from bot.store.interface import Damaged, StoreUnavailable


async def test_a_reading_the_store_could_not_take_is_tried_again_and_its_note_then_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(module, "RETRY_FIRST", 0.01)
    queue = Readings(tmp_path / "label-readings")
    tries: list[int | None] = []

    async def work(user_id: int, update_id: int | None) -> bool:
        tries.append(update_id)
        if len(tries) < 3:
            raise StoreUnavailable("the database is restarting")
        return False

    queue.work = work
    await queue.note(42)
    assert queue.noted() == [42]
    queue.start(42, 7)
    queue.start(42, 7)  # asked for twice: read once
    await queue.drain()
    assert tries == [7, 7, 7]
    assert queue.noted() == []


async def test_a_note_stays_while_the_person_still_awaits_a_reading_and_goes_with_damaged_data(tmp_path: Path):
    queue = Readings(tmp_path / "label-readings")
    outcomes: dict[int, bool | Exception] = {41: True, 42: Damaged("people/42/person.json")}

    async def work(user_id: int, update_id: int | None) -> bool:
        outcome = outcomes[user_id]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    queue.work = work
    for user_id in outcomes:
        await queue.note(user_id)
    queue.recover()  # as at start-up: everyone noted
    await queue.drain()
    assert queue.noted() == [41]  # a second photo of 41's is still being read


async def test_an_unwritable_folder_leaves_readings_going(tmp_path: Path):
    (tmp_path / "label-readings").write_text("a file where the folder should be")
    queue = Readings(tmp_path / "label-readings")
    read: list[int] = []

    async def work(user_id: int, update_id: int | None) -> bool:
        read.append(user_id)
        return False

    queue.work = work
    await queue.note(42)  # can't be noted: said in the log, and the photo is read all the same
    queue.start(42, 1)
    await queue.drain()
    assert read == [42]
    assert queue.noted() == []
