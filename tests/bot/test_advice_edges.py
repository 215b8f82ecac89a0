"""Advice at the edges, through the real Application: pregnancy weighs like a doctor's note, and a
shortfall from a range of intakes is said as a range."""

from __future__ import annotations

from tests.bot.conftest import Harness
from tests.bot.test_interview import begin

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)


async def _finish(client) -> None:
    await client.click("None of these")  # conditions
    await client.click("None of these")  # medicines
    await client.click("✅ Show my balance")


async def test_a_pregnant_woman_is_not_told_how_far_her_calcium_supplement_could_come_down(running: Harness):
    ada = running.client()
    await begin(ada, "30")
    await ada.click("Female")
    await ada.click("Pregnant")
    await ada.click("Answer a few food questions (best)")
    for _ in range(10):
        await ada.send("1")
    await ada.send("0")  # soft drinks
    await ada.send("600 mg calcium")
    await _finish(ada)
    summary = running.api.chat(42)[-2].text
    assert "ask your doctor or midwife before starting, stopping or changing any supplement" in summary
    assert "is for your doctor or midwife to decide" in summary
    assert "come down by" not in summary
    await ada.click("📊 Totals and food ideas", running.api.chat(42)[-2])
    assert "come down by" not in ada.last().text


async def test_a_shortfall_from_a_range_is_said_as_the_range_and_no_far_gap_is_left_out(running: Harness):
    """The walk's 16-year-old: calcium "at least 23% of your RDA" was "about 663 mg short" (the
    range's best end); "Most worth doing" named magnesium alone."""
    ada = running.client()
    await begin(ada, "16")
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Answer a few food questions (best)")
    await ada.click("🤷 I don't know")  # dairy
    for _ in range(9):
        await ada.send("0")
    await ada.send("0")  # soft drinks
    await ada.click("None")  # supplements
    await _finish(ada)
    summary = running.api.chat(42)[-2].text
    worth = summary.split("Most worth doing</b>\n")[1]
    assert worth.startswith("Magnesium is ")
    assert "would make up at least" in worth
    assert "Calcium and vitamin D may also be under half of your RDA" in worth
    await ada.click("📊 Totals and food ideas", running.api.chat(42)[-2])
    totals = ada.last().text
    calcium = next(line for line in totals.split("\n") if line.startswith("Calcium is "))
    assert "–" in calcium.split(" a day short")[0]  # a range, not the best end
