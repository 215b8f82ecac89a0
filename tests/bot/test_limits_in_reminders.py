"""A plan, its check-ins and its running-low notes never read as endorsing an amount above the
official upper limit: beside a dose that keeps a nutrient above it, they say the result's caution,
with the official figure, its source and "talk to your doctor"."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.bot.conftest import Harness
from tests.bot.test_routine import plan_after_typing

ON_BOTH_BACKENDS = True

HIGH = "calcium carbonate 600 mg twice a day, vitamin D 5000 IU twice a day, magnesium glycinate 500 mg"
MAGNESIUM_OVER = (
    "⚠️ Magnesium from supplements comes to 500 mg a day, above the official upper limit of 350 mg a day for "
    "supplemental magnesium (women 51–70; magnesium from food does not count)."
)
VITAMIN_D_OVER = "above the official upper limit of 4,000 IU a day (women 51–70)"
SOURCE = "<i>Reference values and upper limits: Dietary Reference Intakes, National Academies"


async def plan_shown(h: Harness, supplements: str = HIGH) -> str:
    """A woman of 60 taking ``supplements`` and alendronate (on Mondays): the day plan offered."""
    await plan_after_typing(h, None, supplements=supplements)
    return (await h.client().click("Mo"))[-1].text


async def test_the_plan_says_the_caution_beside_the_doses_above_the_limit(running: Harness):
    shown = await plan_shown(running)
    lines = shown.split("\n")
    magnesium = lines.index("• every day at <b>21:30</b>: Magnesium glycinate 500 mg")
    assert lines[magnesium + 1].startswith(MAGNESIUM_OVER)
    assert lines[magnesium + 1].endswith("talk to your doctor.")
    lunch = lines.index("• every day at <b>13:00</b>: Calcium carbonate 600 mg, Vitamin D 5,000 IU")
    assert VITAMIN_D_OVER in lines[lunch + 1]
    assert lines[lunch + 1].endswith("Talk to your doctor about your supplements.")
    # the dinner dose holds the same vitamin D: marked, the caution not said twice
    assert "• every day at <b>19:00</b>: Calcium carbonate 600 mg, Vitamin D 5,000 IU ⚠️" in lines
    assert shown.count(VITAMIN_D_OVER) == 1
    assert SOURCE in shown
    assert "Bisphosphonate (e.g. alendronate), with plain water, before food\n" in shown  # no caution on it


async def test_a_plan_within_the_limits_says_none(running: Harness):
    shown = await plan_shown(
        running, "calcium carbonate 600 mg twice a day, vitamin D 400 IU twice a day, magnesium glycinate 200 mg"
    )
    assert "⚠️ Magnesium" not in shown
    assert "upper limit" not in shown
    assert SOURCE not in shown


async def test_the_plan_set_and_its_check_ins_say_it_too(running: Harness):
    ada = running.client()
    await plan_shown(running)
    await ada.click("✅ Use this plan")
    done = ada.last().text
    assert MAGNESIUM_OVER in done
    assert SOURCE in done
    running.clock.current = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)  # 13:00 in Tokyo
    assert await running.tick() == 1
    lunch = ada.last().text
    assert "Due this afternoon (13:00):\n• Calcium carbonate 600 mg\n• Vitamin D 5,000 IU\n⚠️ Vitamin D" in lunch
    assert VITAMIN_D_OVER in lunch
    assert "Magnesium from supplements" not in lunch  # not what this dose holds
    ticked = (await ada.click("▫️ Calcium carbonate 600 mg"))[-1].text  # the check-in shown again, ticked
    assert VITAMIN_D_OVER in ticked
    running.clock.current = datetime(2026, 11, 22, 12, 30, tzinfo=UTC)  # 21:30 (the 19:00 one is caught up too)
    before = len(running.api.chat(42))
    await running.tick()
    [night] = [m.text for m in running.api.chat(42)[before:] if m.text and "Due tonight" in m.text]
    assert "Due tonight (21:30):\n• Magnesium glycinate 500 mg\n" + MAGNESIUM_OVER in night
    assert night.index(SOURCE) < night.index("Did you take it?")


async def test_running_low_on_a_supplement_above_the_limit_says_so(running: Harness):
    ada = running.client()
    await plan_shown(running)
    await ada.click("✅ Use this plan")
    await ada.send("/refill")
    await ada.click("Magnesium glycinate 500 mg")
    await ada.send("6")
    running.clock.current = datetime(2026, 11, 22, 12, 30, tzinfo=UTC)  # 21:30 in Tokyo
    await running.tick()
    [night] = [m for m in running.api.chat(42) if m.text and "Due tonight" in m.text]
    await ada.click("✅ Took it", night)
    low = ada.last().text
    assert "Running low" in low
    assert "• Magnesium glycinate 500 mg: 5 left, about 5 days\n" + MAGNESIUM_OVER in low
    assert SOURCE in low


async def test_settings_and_a_moved_reminder_say_it_too(running: Harness):
    ada = running.client()
    await plan_shown(running)
    await ada.click("✅ Use this plan")
    settings = (await ada.send("/settings"))[-1].text
    assert "• every day at <b>21:30</b>: Magnesium glycinate 500 mg\n" + MAGNESIUM_OVER in settings
    assert SOURCE in settings
    await ada.click("Move 21:30")
    moved = (await ada.send("22:00"))[-1].text
    assert "• every day at <b>22:00</b>: Magnesium glycinate 500 mg\n" + MAGNESIUM_OVER in moved
    await ada.send("/remind 7:15")  # a time of her own added: the plan is said again, cautions and all
    assert MAGNESIUM_OVER in ada.last().text


async def test_a_medicine_that_asks_for_a_doctor_first_is_said_beside_the_doses_it_concerns(running: Harness):
    """Lithium's note asks for a doctor's word before calcium or vitamin D: the plan of someone on
    lithium says it beside the first dose that holds them (within their limits: no limits' source)."""
    shown = (
        await plan_after_typing(
            running, "lithium", supplements="calcium carbonate 500 mg, vitamin D 400 IU, magnesium glycinate 200 mg"
        )
    ).text
    lithium = "⚠️ Long-term lithium can raise blood calcium (hypercalcaemia). Talk to your doctor"
    assert shown.count(lithium) == 1
    lines = shown.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("• every day") and "Calcium carbonate" in line)
    assert lines[first + 1].startswith(lithium)
    assert SOURCE not in shown
    assert "upper limit" not in shown
