"""/mydata and /forget, the same on both stores (the data folder's own checks: test_privacy.py)."""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest
from psycopg import sql

from bot import views
from bot.store.interface import FlowName
from camag_core.i18n import ENGLISH
from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Client
from tests.bot.test_checkins import BERLIN_9PM, set_reminder
from tests.bot.test_privacy import NOTE, PERSON, full_history

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)
TABLES = ["people", "assessments", "checkins", "reminder_plans", "reminder_claims", "set_aside"]


async def test_mydata_sends_everything_as_a_json_file(running: Harness):
    await full_history(running, PERSON)
    ada = running.client(PERSON)
    await ada.send("/mydata")
    document, summary = running.api.chat(PERSON)[-2:]
    assert document.document is not None
    assert "What CaMag keeps about you" in summary.text  # readable, beside the file
    assert "Your latest answers: Age: 45;" in summary.text
    assert "Reminder: 21:00 (Europe/Berlin)" in summary.text
    assert "An unfinished check with 1 answer" in summary.text
    data = json.loads(document.document)
    assert data["user_id"] == PERSON
    assert data["assessments"][0]["answers"]["age"] == 45
    assert data["checkins"][0]["note"] == NOTE
    assert data["person"]["reminder"]["doses"][0]["at"] == "21:00:00"
    assert data["person"]["interview"]["draft"] == {"age": 50.0}
    assert data["person"]["zone"] == "Europe/Berlin"


async def test_forget_leaves_nothing_of_the_person_and_nobody_else_is_touched(
    running: Harness, backend: str, request: pytest.FixtureRequest
):
    await full_history(running, PERSON)
    await set_reminder(running)  # someone else (user 42)
    ada = running.client(PERSON)
    await ada.send("/forget")
    await ada.click("Yes, erase everything")
    assert "has been erased" in ada.last().text
    assert await running.store.export(PERSON) == {"person": None, "assessments": [], "checkins": []}
    assert await running.person(PERSON) is None
    assert await running.person(42) is not None
    if backend == "postgres":
        with psycopg.connect(request.getfixturevalue("postgres_url")) as conn:
            for table in TABLES:
                query = sql.SQL("SELECT count(*) FROM {} WHERE user_id = %s").format(sql.Identifier(table))
                found = conn.execute(query, (PERSON,)).fetchone()
                assert found == (0,), table
    running.clock.current = BERLIN_9PM + timedelta(days=1)
    assert await running.tick() == 1  # user 42's check-in, not the erased person's
    assert all("Daily check-in" not in (m.text or "") for m in running.api.chat(PERSON)[-1:])
    mydata = json.loads(await _mydata(running))
    assert (mydata["person"], mydata["assessments"], mydata["checkins"]) == (None, [], [])
    assert NOTE not in json.dumps(mydata)


async def _mydata(h: Harness) -> str:
    ada = h.client(PERSON)
    await ada.send("/mydata")
    document = h.api.chat(PERSON)[-2].document  # the readable summary comes after it
    assert document is not None
    return document if isinstance(document, str) else document.decode()


async def test_a_typed_yes_to_forget_erases_like_the_button_and_the_buttons_stay(running: Harness):
    await full_history(running, PERSON)  # an interview in progress too: the question comes first
    ada = running.client(PERSON)
    await ada.send("/forget")
    question = ada.last()
    assert (await running.person(PERSON)).flow.name is FlowName.FORGET  # stored with the person
    await ada.send("Yes, delete!")
    assert ada.last().text == views.forgotten(ENGLISH)
    assert await running.store.export(PERSON) == {"person": None, "assessments": [], "checkins": []}
    assert question.button_texts() == ["Yes, erase everything", "No, keep it"]  # the buttons stay


@pytest.mark.parametrize("typed", ["ys", "ok", "yes but keep my reminder", "no", "what does that mean?", "да нет"])
async def test_anything_but_a_clear_yes_keeps_everything_and_says_so(running: Harness, typed: str):
    ada = await _with_a_record(running)
    await ada.send("/forget")
    question = ada.last()
    await ada.send(typed)
    assert ada.last().text == views.kept_typed(ENGLISH)
    await ada.send("yes")  # the question was answered: a later yes answers nothing
    assert await running.person(PERSON) is not None
    await ada.click("Yes, erase everything", question)  # the old button works as before
    assert await running.person(PERSON) is None


async def test_a_yes_after_no_or_after_another_flow_or_long_after_erases_nothing(running: Harness):
    ada = await _with_a_record(running)
    await ada.send("/forget")
    await ada.click("No, keep it")
    await ada.send("yes")
    await ada.send("/forget")
    await ada.send("/check")  # another question takes the person's flow
    await ada.send("yes")
    await ada.send("/forget")
    running.clock.current += timedelta(days=7)  # the question, left a week
    await ada.send("yes")
    assert await running.person(PERSON) is not None
    assert views.forgotten(ENGLISH) not in ada.texts()


async def test_forget_asked_by_someone_with_nothing_stored_keeps_no_record(running: Harness):
    ada = running.client(PERSON)
    await ada.send("/forget")
    assert await running.person(PERSON) is None
    await ada.send("yes")
    assert ada.last().text == views.not_in_a_check(ENGLISH)  # no question was waiting
    shown = await ada.click("Yes, erase everything")
    assert [m.text for m in shown] == [views.forgotten(ENGLISH)]  # the question, edited
    assert await running.person(PERSON) is None


async def _with_a_record(h: Harness) -> Client:
    ada = h.client(PERSON)
    await ada.send("/remind")
    await ada.send("Berlin")
    await ada.send("21:00")
    assert await h.person(PERSON) is not None
    return ada
