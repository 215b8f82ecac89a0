"""Answers that complete what a re-prompt asked about part of a typed answer, through the real
Application and the fake Bot API: a number answering "how many times a week?" is a week's count, and
a supplement list with one unclear item keeps the others while that one is asked about."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Client


class Russian(Client):
    def _user(self) -> dict[str, Any]:
        return {**super()._user(), "language_code": "ru"}


async def _to_the_food_questions(person: Client, age: str, sex: str, diet: str) -> None:
    for typed in ["/start", "/check", age, sex, diet]:
        await person.send(typed)


async def test_a_number_answering_how_many_a_week_is_a_weeks_count(running: Harness):
    sam = running.client()
    await _to_the_food_questions(sam, "45", "man", "answer the questions")
    await sam.send("sometimes")  # dairy
    assert "how many times a week" in sam.last().text
    await sam.send("4")
    assert "Dairy, 4 a week" in sam.last().text
    await sam.send("2 a day")  # the next question: a day, as asked
    record = await running.interview()
    assert record is not None
    assert record.draft["servings.dairy"] == 4 / 7
    assert list(record.draft.values())[-1] == 2


async def test_a_russian_number_answering_how_many_a_week_is_a_weeks_count(running: Harness):
    olga = Russian(running.app, running.api)  # type: ignore[arg-type]
    await _to_the_food_questions(olga, "мне 62 года", "женщина", "ответить на вопросы")
    await olga.send("иногда")
    await olga.send("3")
    record = await running.interview()
    assert record is not None
    assert record.draft["servings.dairy"] == 3 / 7


async def test_one_unclear_supplement_is_asked_about_and_the_others_are_kept(running: Harness):
    sam = running.client()
    await _to_the_food_questions(sam, "45", "man", "typical western")
    await sam.send("none")  # soft drinks
    record = await running.interview()
    assert record is not None
    assert "supplements" not in record.draft
    await sam.send("Caltrate 600+D3 twice a day, 500 mg magnesium oxide, 5000 IU vitamin D, Tums 2 a day")
    asked = sam.last().text
    assert "§" not in asked
    assert "I couldn't read “Tums 2 a day”: Which Tums is it?" in asked
    kept_said = asked.split("I've kept the rest: ")[1]
    assert "Caltrate 600+D3" in kept_said
    assert "5,000 IU vitamin D" in kept_said
    await sam.send("Tums Extra Strength 750, 2 a day")
    record = await running.interview()
    assert record is not None
    kept = [(item["supplement"]["product"], item["supplement"]["nutrient"]) for item in record.draft["supplements"]]
    assert kept == [
        ("Caltrate 600+D3", "calcium"),
        ("Caltrate 600+D3", "vitamin_d"),
        (None, "magnesium"),
        (None, "vitamin_d"),
        ("TUMS Extra Strength 750", "calcium"),
    ]
    said = "\n".join(sam.texts()[-2:])
    for part in ("Got it: Supplements", "Caltrate 600+D3", "magnesium oxide", "TUMS Extra Strength 750"):
        assert part in said


async def test_none_then_a_doctors_advice_is_none_said_back(running: Harness):
    sam = running.client()
    await _to_the_food_questions(sam, "45", "man", "typical western")
    await sam.send("none")  # soft drinks
    await sam.send("none, my doctor said 500 mg calcium might help")
    assert "Got it: Supplements, None." in sam.last().text
    record = await running.interview()
    assert record is not None
    assert record.draft["supplements"] == []


async def test_a_food_named_beside_one_counted_is_asked_about(running: Harness):
    sam = running.client()
    await _to_the_food_questions(sam, "45", "man", "answer the questions")
    await sam.send("a glass of milk in the morning and some cheese")
    assert "How many of each?" in sam.last().text
    await sam.send("a glass of milk and 2 slices of cheese")
    assert "Dairy, 3 a day" in sam.last().text


async def test_a_birth_year_typed_as_the_age_is_said_back_as_the_age_it_means(running: Harness):
    running.clock.current = datetime(2027, 1, 1, 5, 0, tzinfo=UTC)  # New Year's Day in Tokyo, still 2026 in UTC
    sam = running.client()
    for typed in ["/start", "/timezone", "Tokyo", "/check"]:
        await sam.send(typed)
    await sam.send("born in 2010")
    assert "Born in 2010? Then you are 16 or 17" in sam.last().text  # Tokyo's year
    await sam.send("16")
    assert "Got it: Age, 16." in sam.last().text


async def test_reminder_times_with_a_part_of_the_day_are_read(running: Harness):
    ada = running.client()
    for typed in ["/remind", "Berlin", "7pm and 8 in the morning"]:
        await ada.send(typed)
    said = ada.last().text
    assert "What time is" not in said  # it asked: What time is “morning” for you?
    assert "<b>08:00</b>" in said
    assert "<b>19:00</b>" in said
