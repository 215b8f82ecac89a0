"""A Spanish-speaking person in Mexico City (west of UTC: at her 21:00 UTC's date is already the next
day) who types every answer in Spanish, through the real Application and the fake Bot API: the check,
the reminder, the check-in and the history. What is asserted is what the bot understood, and that
the replies she sees are in Spanish."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Client

MEXICO_9PM = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)  # Saturday 21 November, 21:00 in Mexico City


class Spanish(Client):
    def _user(self) -> dict[str, Any]:
        return {**super()._user(), "first_name": "Lucía", "language_code": "es"}


async def test_lucia_types_everything_in_spanish_and_gets_her_result_reminder_check_in_and_history(
    running: Harness,
):
    lucia = Spanish(running.app, running.api)  # type: ignore[arg-type]
    await lucia.send("/start")
    assert "Soy <b>CaMag</b>" in lucia.last().text
    await lucia.send("¡Hola! Quiero revisar mi equilibrio, por favor")
    seen = []
    for typed in [
        "mi hija tiene 12 años",  # a number about someone else: asked again
        "tengo 58 años",
        "mujr",  # mujer, with a typo
        "responder las preguntas",
        "dos vasos de leche al día",  # dairy
        "no",  # fortified drinks
        "tengo 3 gatos",  # leafy greens: a number about something else
        "a veces, una vez a la semana",  # leafy greens again
        "nunca",  # spinach
        "un puñado de almendras",  # nuts
        "rara vez",  # beans
        "avena todas las mañanas",  # whole grains
        "no como tofu",
        "sardinas una vez a la semana",
        "no",  # other fish
        "dos latas de coca cola al día",
        "dos comprimidos de carbonato de calcio de 500 mg al día, vitamina D3 1000 UI",
        "el compuesto",  # 500 mg is the whole compound
        "osteoporosis",
        "levotiroxina",
    ]:
        await lucia.send(typed)
        seen.append(lucia.last().text)
    assert "Eso parece tratar de otra cosa (hija, tiene)" in seen[0]
    assert "Entendido: Sexo, Mujer." in seen[2]
    assert "Entendido: Refrescos, 2 al día." in seen[15]
    record = await running.interview(42)
    assert record is not None
    draft = record.draft
    assert draft["age"] == 58
    assert draft["sex"] == "female"
    assert draft["diet"] == "servings"
    assert draft["servings.dairy"] == 2
    assert draft["servings.leafy_greens"] == 1 / 7  # the cats were not counted
    assert draft["servings.spinach"] == 0
    assert draft["servings.nuts_seeds"] == 1
    assert draft["servings.tofu"] == 0
    assert draft["servings.fish_with_bones"] == 1 / 7
    assert draft["soda_per_day"] == 2
    calcium, vitamin_d = (item["supplement"] for item in draft["supplements"])
    assert (calcium["form"], calcium["amount"], calcium["per_day"]) == ("calcium carbonate", 500, 2)
    assert (vitamin_d["nutrient"], vitamin_d["amount"], vitamin_d["unit"]) == ("vitamin_d", 1000, "IU")
    assert draft["supplement_basis"] == "compound"
    assert draft["conditions"] == ["osteoporosis"]
    assert draft["medications"] == ["levothyroxine"]

    await lucia.send("cambiar mi edad")  # at the review: that question again
    await lucia.send("tengo 59")
    await lucia.send("mostrar mi equilibrio")
    result = await running.latest_assessment(42)
    assert result is not None
    assert result.answers.age == 59

    await lucia.send("/remind")
    await lucia.send("Ciudad de México")
    await lucia.send("a las 9 de la noche")
    plan = await running.reminder(42)
    assert plan is not None
    assert [d.at for d in plan.doses] == [time(21, 0)]
    assert (await running.person(42)).zone == "America/Mexico_City"
    assert "21:00" in lucia.last().text

    running.clock.current = MEXICO_9PM
    assert await running.tick() == 1
    assert lucia.last().text.startswith("<b>Registro diario,")
    await lucia.send("me lo tomé todo")
    (day,) = await running.checkins(42)
    assert (day.day, day.status) == (date(2026, 11, 21), "all")  # her Saturday, not UTC's Sunday

    running.clock.current = MEXICO_9PM + timedelta(minutes=5)
    command = await lucia.send("/history")
    history = command[0].text or ""
    assert history.startswith("<b>Tu historial</b>")
    assert "Racha: 1 día seguido" in history
