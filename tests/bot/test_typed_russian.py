"""A Russian-speaking person who types every answer in Russian, through the real Application and the
fake Bot API: the check, the reminder, the check-in and the history. The replies are in whatever
language the catalogs speak; what is asserted is what the bot understood."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Client

MOSCOW_9PM = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)  # Saturday, 21:00 in Moscow


class Russian(Client):
    def _user(self) -> dict[str, Any]:
        return {**super()._user(), "first_name": "Ольга", "language_code": "ru"}


async def test_olga_types_everything_in_russian_and_gets_her_result_reminder_check_in_and_history(running: Harness):
    olga = Russian(running.app, running.api)  # type: ignore[arg-type]
    await olga.send("/start")
    await olga.send("Привет! Проверь мой баланс, пожалуйста")
    for typed in [
        "мне 62 года",
        "женщина",
        "ответить на вопросы",
        "два стакана молока в день",  # dairy
        "нет",  # fortified drinks
        "у меня 3 кошки",  # leafy greens: a number about something else
        "иногда, раз в неделю",  # leafy greens again
        "никогда",  # spinach
        "горсть миндаля",  # nuts
        "редко",  # beans
        "овсянка каждое утро",  # whole grains
        "не ем тофу",
        "раз в неделю сардины",
        "нет",  # other fish
        "не пью газировку",
        "две таблетки кальция карбонат по 500 мг в день, витамин D3 1000 МЕ",
        "соединение",  # 500 mg is the whole compound
        "остеопороз",
        "эутирокс",
    ]:
        await olga.send(typed)
    record = await running.interview(42)
    assert record is not None
    draft = record.draft
    assert draft["age"] == 62
    assert draft["sex"] == "female"
    assert draft["diet"] == "servings"
    assert draft["servings.dairy"] == 2
    assert draft["servings.leafy_greens"] == 1 / 7  # the cats were not counted
    assert draft["servings.nuts_seeds"] == 1
    assert draft["servings.beans_lentils"] == 1 / 30
    assert draft["servings.tofu"] == 0
    assert draft["servings.fish_with_bones"] == 1 / 7
    assert draft["soda_per_day"] == 0
    calcium, vitamin_d = (item["supplement"] for item in draft["supplements"])
    assert (calcium["form"], calcium["amount"], calcium["per_day"]) == ("calcium carbonate", 500, 2)
    assert (vitamin_d["nutrient"], vitamin_d["amount"], vitamin_d["unit"]) == ("vitamin_d", 1000, "IU")
    assert draft["supplement_basis"] == "compound"
    assert draft["conditions"] == ["osteoporosis"]
    assert draft["medications"] == ["levothyroxine"]

    await olga.send("измени возраст")  # at the review: that question again
    await olga.send("мне 63")
    await olga.send("покажи мой баланс")
    result = await running.latest_assessment(42)
    assert result is not None
    assert result.answers.age == 63
    assert result.answers.sex is not None
    assert result.answers.sex.value == "female"

    await olga.send("/remind")
    await olga.send("Москва")
    await olga.send("в девять")  # morning or evening? asked back, nothing set
    assert "09:00" in olga.last().text
    assert "21:00" in olga.last().text
    await olga.send("в 9 вечера")
    plan = await running.reminder(42)
    assert plan is not None
    assert [d.at for d in plan.doses] == [time(21, 0)]
    assert (await running.person(42)).zone == "Europe/Moscow"

    running.clock.current = MOSCOW_9PM
    assert await running.tick() == 1
    await olga.send("всё выпила")
    (day,) = await running.checkins(42)
    assert (day.day, day.status) == (date(2026, 11, 21), "all")

    running.clock.current = MOSCOW_9PM + timedelta(minutes=5)
    typed = await olga.send("покажи историю")
    command = await olga.send("/history")
    assert typed  # the history, the same as the command's
    assert [(m.text, m.caption) for m in typed] == [(m.text, m.caption) for m in command]
