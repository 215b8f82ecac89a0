"""The routine built on what a person takes: a day plan by the official timing rules, reminders
per dose, and a week of it (twice-daily calcium, magnesium at night, a weekly bisphosphonate)."""

from __future__ import annotations

from datetime import UTC, datetime, time

from tests.bot.conftest import Harness

ON_BOTH_BACKENDS = True

START = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)  # Sunday, 12:00 in Tokyo


async def check_with_medicines(h: Harness) -> None:
    """A woman of 60 in Tokyo: Caltrate twice a day, magnesium at night, and alendronate."""
    ada = h.client()
    await ada.send("/check")
    await ada.send("60")
    await ada.click("Female")
    await ada.click("Typical Western diet")
    await ada.click("0")
    await ada.send("calcium carbonate 600 mg twice a day, vitamin D 400 IU twice a day, magnesium glycinate 200 mg")
    await ada.click("The mineral itself")
    await ada.click("None of these")
    await ada.click("Alendronate or similar")
    await ada.click("Done")
    await ada.click("✅ Show my balance")


async def test_the_plan_from_what_she_takes_with_its_sources(running: Harness):
    running.clock.current = START
    ada = running.client()
    await check_with_medicines(running)
    await ada.click("🗓 Plan reminders for what I take", running.api.chat(42)[-2])  # on the result
    assert "Which time zone" in ada.last().text
    await ada.send("Tokyo")
    await ada.click("🗓 Plan my day from what I take")
    shown = ada.last().text
    assert "every day at <b>06:30</b>: Bisphosphonate" in shown
    assert "every day at <b>13:00</b>: Calcium carbonate 600 mg, Vitamin D 400 IU" in shown
    assert "every day at <b>19:00</b>: Calcium carbonate 600 mg, Vitamin D 400 IU" in shown
    assert "every day at <b>21:30</b>: Magnesium glycinate 200 mg" in shown
    assert "FOSAMAX label (Organon) sections 2.6 and 7.1" in shown
    assert "Heaney RP" in shown
    await ada.click("Mo")  # alendronate once a week, on Mondays
    assert "every Monday at <b>06:30</b>: Bisphosphonate" in ada.last().text
    await ada.click("✅ Use this plan")
    plan = await running.reminder(42)
    assert plan is not None
    assert [(d.at, d.weekday) for d in plan.doses] == [
        (time(6, 30), 0),
        (time(13, 0), None),
        (time(19, 0), None),
        (time(21, 30), None),
    ]
    # Sunday 13:00 in Tokyo: the lunch dose, named
    running.clock.current = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)
    assert await running.tick() == 1
    checkin = ada.last()
    assert "Due this afternoon (13:00):\n• Calcium carbonate 600 mg\n• Vitamin D 400 IU" in checkin.text
    # Monday 06:30 in Tokyo is still Sunday in UTC: the alendronate, for Monday
    running.clock.current = datetime(2026, 11, 22, 21, 30, tzinfo=UTC)
    await running.tick()
    assert "Mon 23 Nov" in ada.last().text
    assert "Bisphosphonate" in ada.last().text
