"""The routine built on what a person takes: a day plan by the official timing rules, reminders
per dose, and a week of it (twice-daily calcium, magnesium at night, a weekly bisphosphonate)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import views
from camag_core import Answers
from camag_core.answers import Medication
from camag_core.i18n import texts
from camag_core.routine import BOTH_FIRST_THING, WHOLE_TABLET, propose
from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Sent

ON_BOTH_BACKENDS = True

START = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)  # Sunday, 12:00 in Tokyo


async def check_with_medicines(
    h: Harness,
    typed: str | None = None,
    *,
    age: str = "60",
    supplements: str = "calcium carbonate 600 mg twice a day, vitamin D 400 IU twice a day, magnesium glycinate 200 mg",
    basis: str | None = "The mineral itself",
) -> str:
    """A woman of 60 in Tokyo: Caltrate twice a day, magnesium at night, and alendronate (tapped,
    or ``typed`` at the medicines question); or of ``age``, taking ``supplements`` (the ``basis`` of
    their figures tapped when asked). Returns how the supplements were said back."""
    ada = h.client()
    await ada.send("/check")
    await ada.send(age)
    await ada.click("Female")
    await ada.click("Typical Western diet")
    await ada.click("0")
    said = (await ada.send(supplements))[0].text  # the supplements said back
    if basis is not None:  # asked for what the label's figures are of
        await ada.click(basis)
    await ada.click("None of these")
    if typed is None:
        await ada.click("Alendronate or similar")
        await ada.click("Done")
    else:
        await ada.send(typed)
    await ada.click("✅ Show my balance")
    return said


async def routine_in_tokyo(h: Harness, weekday: str | None = "Mo") -> None:
    """The check above, then /remind in Tokyo with the plan from it (alendronate on ``weekday``)."""
    ada = h.client()
    await check_with_medicines(h)
    await ada.send("/remind")
    await ada.send("Tokyo")
    await ada.click("🗓 Plan my day from what I take")
    if weekday is not None:
        await ada.click(weekday)
    await ada.click("✅ Use this plan")


async def test_the_plan_from_what_she_takes_with_its_sources(running: Harness):
    """From the result's button: the zone (not known yet), then straight on to the plan."""
    running.clock.current = START
    ada = running.client()
    await check_with_medicines(running)
    await ada.click("🗓 Plan reminders for what I take", running.api.chat(42)[-2])  # on the result
    assert "Which time zone" in ada.last().text
    said = await ada.send("Tokyo")
    assert "Time zone set to <b>Asia/Tokyo</b>" in said[0].text
    assert "An offset stays the same all year" not in said[0].text
    shown = ada.last().text
    assert "A day plan from what you take" in shown
    assert "When should I check in?" not in shown
    assert "every day at <b>06:30</b>: Bisphosphonate" in shown
    assert "every day at <b>13:00</b>: Calcium carbonate 600 mg, Vitamin D 400 IU" in shown
    assert "every day at <b>19:00</b>: Calcium carbonate 600 mg, Vitamin D 400 IU" in shown
    assert "every day at <b>21:30</b>: Magnesium glycinate 200 mg" in shown
    assert "FOSAMAX (alendronate) label, sections 2.6 and 7.1, DailyMed" in shown
    assert "Heaney RP" in shown
    await ada.click("Mo")  # alendronate once a week, on Mondays
    assert "every Monday at <b>06:30</b>: Bisphosphonate" in ada.last().text
    assert "Take the bisphosphonate once a week?" not in ada.last().text  # tapped: not asked again
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
    assert "<b>Weekly check-in, Mon 23 Nov</b>" in ada.last().text  # not "Daily"
    assert "Bisphosphonate" in ada.last().text


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


async def test_a_week_of_the_routine_answered_dose_by_dose(running: Harness):
    """Caltrate twice a day, magnesium at night, alendronate on Mondays, in Tokyo; each day answered
    differently, the transcript printed (pytest -s)."""
    running.clock.current = START
    ada = running.client()
    await routine_in_tokyo(running)
    transcript: list[str] = []
    sent: dict[tuple[date, time], Sent] = {}

    async def say(text: str) -> str:
        transcript.append(f"  Ada: {text}")
        said = [m.text or f"[picture] {m.caption}" for m in await ada.send(text)]
        transcript.extend("  CaMag: " + _plain(one).replace("\n", "\n         ") for one in said)
        return "\n".join(said)

    async def tap(label: str, message: Sent) -> Sent:
        transcript.append(f"  Ada taps [{label}]")
        shown = (await ada.click(label, message))[-1]
        ticked = [b for b in shown.button_texts() if b.startswith("✅ ") and b != "✅ Took it"]
        transcript.append("  CaMag: " + _plain(shown.text).replace("\n", "\n         "))
        if ticked:
            transcript.append(f"         (ticked: {', '.join(ticked)})")
        return shown

    now = START  # Sunday 12:00 in Tokyo
    end = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)  # the next Monday 00:00 in Tokyo
    while now < end:
        running.clock.current = now
        before = len(running.api.chat(42))
        await running.tick()
        local = now.astimezone(ZoneInfo("Asia/Tokyo"))
        for message in running.api.chat(42)[before:]:
            sent[(local.date(), local.time())] = message
            transcript.append(f"{local:%a %d %b %H:%M} CaMag: " + _plain(message.text).replace("\n", "\n         "))
            day, at = local.date(), local.time()
            if day <= date(2026, 11, 23):  # Sunday and Monday: every dose tapped "took it"
                await tap("✅ Took it", message)
            elif day == date(2026, 11, 24) and at == time(13, 0):  # the calcium only: ticked
                ticked = await tap("▫️ Calcium carbonate", message)
                await tap("☑️ Only the ticked ones", ticked)
            elif day == date(2026, 11, 24) and at == time(19, 0):
                await tap("⏰ Snooze 1 hour", message)
            elif day == date(2026, 11, 24) and at == time(20, 0):  # snoozed, sent again
                await say("took em all")
            elif day == date(2026, 11, 24) and at == time(21, 30):
                await say("only the magnesium")
            elif day == date(2026, 11, 25) and at == time(21, 30):
                await say("partly")
            elif day == date(2026, 11, 27):
                await tap("⏭️ Skip this one", message)
            elif day == date(2026, 11, 29) and at == time(21, 30):  # the week's summary and /history agree
                summary = re.search(r"adherence (\d+%)", message.text)
                history = await say("/history")
                assert summary is not None
                assert f"Adherence {summary[1]}" in history
                await say("took em all")
            elif day == date(2026, 11, 28) and at == time(21, 30):
                await say("took em all")
            # Thursday 26th: nothing answered until Friday morning, when the old 21:30 message is tapped
        if local.date() == date(2026, 11, 27) and local.time() == time(7, 0):
            transcript.append(f"{local:%a %d %b %H:%M} (Ada finds Thursday's 21:30 check-in)")
            await tap("✅ Took it", sent[(date(2026, 11, 26), time(21, 30))])
        now += timedelta(minutes=30)
    print("\n".join(transcript))
    days = {c.day: c for c in await running.checkins(42)}
    assert days[date(2026, 11, 23)].status == "all"
    assert days[date(2026, 11, 23)].expected == 4  # the alendronate too, on Monday
    tuesday = days[date(2026, 11, 24)]
    assert tuesday.doses[2].taken == ("Calcium carbonate 600 mg",)  # part of the 13:00 dose
    assert tuesday.status == "some"
    assert 0 < tuesday.share < 1
    assert days[date(2026, 11, 26)].doses == {4: days[date(2026, 11, 26)].doses[4]}  # Thursday's late answer
    assert days[date(2026, 11, 26)].status == "some"  # one of three doses
    assert days[date(2026, 11, 25)].share == 0.5 / 3  # "partly" for the one dose answered of three


async def test_a_refill_counts_down_and_says_before_it_runs_out(running: Harness):
    running.clock.current = START
    ada = running.client()
    await routine_in_tokyo(running, weekday=None)
    await ada.send("/refill")
    assert "Magnesium glycinate 200 mg: not counted" in ada.last().text
    await ada.click("Magnesium glycinate 200 mg")
    await ada.send("a few")
    assert "⚠️" in ada.last().text
    await ada.send("6")
    assert "6 tablets of <b>Magnesium glycinate 200 mg</b>. At 1 a day, that lasts about 6 days." in ada.last().text
    running.clock.current = datetime(2026, 11, 22, 12, 30, tzinfo=UTC)  # 21:30 in Tokyo
    await running.tick()
    await ada.click("✅ Took it")
    assert "Running low" in ada.last().text
    assert "Magnesium glycinate 200 mg: 5 left, about 5 days" in ada.last().text
    plan = await running.reminder(42)
    assert plan is not None
    assert [(p.item, p.left) for p in plan.packs] == [("Magnesium glycinate 200 mg", 5)]


async def plan_after_typing(h: Harness, typed: str | None, **check: str) -> Sent:
    """The check with the medicine ``typed`` (``None``: alendronate tapped; ``check``: other answers
    of :func:`check_with_medicines`), then /remind in Tokyo: the day plan offered."""
    h.clock.current = START
    ada = h.client()
    await check_with_medicines(h, typed=typed, **check)
    await ada.send("/remind")
    await ada.send("Tokyo")
    await ada.click("🗓 Plan my day from what I take")
    return ada.last()


async def test_alendronate_typed_once_a_week_is_planned_weekly_on_the_day_she_taps(running: Harness):
    ada = running.client()
    shown = await plan_after_typing(running, "alendronat once a week")
    assert "Bisphosphonate" not in " ".join(re.findall(r"every day at[^\n]*", shown.text))
    assert "once a week, on the day you tap below: Bisphosphonate" in shown.text
    assert "On which day do you take the bisphosphonate?" in shown.text
    assert not [b for b in shown.button_texts() if "every day" in b]
    await ada.click("Th")
    assert "every Thursday at <b>06:30</b>: Bisphosphonate" in ada.last().text


async def test_alendronate_typed_on_a_weekday_is_planned_on_that_day(running: Harness):
    ada = running.client()
    shown = await plan_after_typing(running, "alendronate every Saturday")
    assert "every Saturday at <b>06:30</b>: Bisphosphonate" in shown.text
    assert "On which day" not in shown.text  # it was said
    assert "Another day for the bisphosphonate? Tap it." in shown.text
    await ada.click("✅ Use this plan")
    plan = await running.reminder(42)
    assert plan is not None
    assert (plan.doses[0].at, plan.doses[0].weekday) == (time(6, 30), 5)


async def test_fosamax_typed_once_a_week_on_sundays_is_not_asked_its_day(running: Harness):
    shown = await plan_after_typing(running, "Fosamax 70 mg once a week on Sundays")
    assert "every Sunday at <b>06:30</b>: Bisphosphonate" in shown.text
    assert "On which day" not in shown.text
    assert "once a week, on the day you tap below" not in shown.text


async def levothyroxine_plan_in_chicago(
    h: Harness, supplements: str = "1200 mg calcium carbonate and 1000 IU vitamin D"
) -> None:
    """A woman of 72 on levothyroxine with calcium carbonate and vitamin D (or ``supplements``),
    her plan used: levothyroxine at 06:30, the first calcium with vitamin D at 13:00."""
    h.clock.current = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # 09:00 in Chicago
    ada = h.client()
    await check_with_medicines(h, "levothyroxine", age="72", supplements=supplements)
    await ada.send("/remind")
    await ada.send("Chicago")
    await ada.click("🗓 Plan my day from what I take")
    await ada.click("✅ Use this plan")


async def test_a_move_that_breaks_the_labels_4_hours_is_not_applied_and_quotes_the_label(running: Harness):
    ada = running.client()
    await levothyroxine_plan_in_chicago(running)
    before = await running.reminder(42)
    assert before is not None
    assert [d.at for d in before.doses][:2] == [time(6, 30), time(13, 0)]
    await ada.send("/settings")
    await ada.click("Move 13:00")
    said = (await ada.send("8:08 am"))[-1].text
    assert "Done" not in said
    assert "less than 4 hours from the one at 06:30 (Levothyroxine, on an empty stomach)" in said
    assert "<i>“Administer SYNTHROID at least 4 hours apart from these agents.”</i>" in said
    assert "SYNTHROID and TIROSINT (levothyroxine) labels, section 7.1, DailyMed" in said
    assert "This gap is in the official text itself, so the reminder stays at 13:00: keep it, or pick a time" in said
    buttons = ada.last().button_texts()
    assert "Keep 13:00" in buttons
    assert "Pick another time" in buttons
    assert not [b for b in buttons if "agreed" in b]  # the label's own words: no setting it aside
    assert await running.reminder(42) == before
    await ada.click("Keep 13:00")
    assert "every day at <b>13:00</b>" in ada.last().text
    # the levothyroxine moved next to the calcium: the same rule, from the other side
    await ada.send("/settings")
    await ada.click("Move 06:30")
    said = (await ada.send("11:00"))[-1].text
    assert "less than 4 hours from the one at 13:00" in said
    assert await running.reminder(42) == before
    # 4 hours apart is fine
    await ada.click("Pick another time")
    said = (await ada.send("9:00"))[-1].text
    assert "Done" in said
    assert "every day at <b>09:00</b>: Levothyroxine" in said


async def test_a_move_against_a_precaution_applies_once_the_doctor_agreed(running: Harness):
    """Magnesium 4 hours from levothyroxine is the plan's precaution, not the label's words."""
    ada = running.client()
    await levothyroxine_plan_in_chicago(running, "magnesium glycinate 200 mg")
    await ada.send("/settings")
    await ada.click("Move 21:30")
    said = (await ada.send("8:00"))[-1].text
    assert "precaution" in said
    await ada.click("My doctor or pharmacist agreed 08:00")
    assert "every day at <b>08:00</b>: Magnesium glycinate 200 mg" in ada.last().text


async def test_an_old_use_this_plan_button_does_not_undo_later_changes(running: Harness):
    running.clock.current = START
    ada = running.client()
    await check_with_medicines(running)
    await ada.send("/remind")
    await ada.send("Tokyo")
    await ada.click("🗓 Plan my day from what I take")
    await ada.click("Mo")
    proposed = ada.last()
    accept = next(b["callback_data"] for b in proposed.buttons() if b["text"] == "✅ Use this plan")
    assert len(accept.encode()) <= 64
    await ada.click_data(accept, proposed)
    await ada.send("/settings")
    await ada.click("Move 21:30")
    await ada.send("22:15")
    moved = await running.reminder(42)
    assert moved is not None
    assert time(22, 15) in [d.at for d in moved.doses]
    said = (await ada.click_data(accept, proposed))[-1]  # the earlier message, tapped again
    assert "have changed since that plan was shown, so I didn't use it" in said.text
    assert await running.reminder(42) == moved
    await ada.click("✅ Use this plan", said)  # the plan shown afresh: used
    plan = await running.reminder(42)
    assert plan is not None
    assert time(21, 30) in [d.at for d in plan.doses]


async def test_an_old_check_in_is_not_taken_for_the_dose_that_replaced_it(running: Harness):
    """A check-in for 07:00, then a new plan whose first dose is another: the old message's
    "Didn't take it" notes nothing, and says why."""
    running.clock.current = START  # Sunday 12:00 in Tokyo
    ada = running.client()
    await check_with_medicines(running)
    await ada.send("/remind")
    await ada.send("Tokyo")
    await ada.send("7:00 and 21:00")
    running.clock.current = datetime(2026, 11, 22, 22, 0, tzinfo=UTC)  # Monday 07:00 in Tokyo
    await running.tick()
    old = ada.last()
    assert "07:00" in old.text
    await ada.send("/remind")
    await ada.click("🗓 Plan my day from what I take")
    await ada.click("Tu")
    await ada.click("✅ Use this plan")
    plan = await running.reminder(42)
    assert plan is not None
    assert plan.dose(1) is not None
    assert plan.dose(1).at != time(7, 0)
    await ada.click("⭕ Didn't take it", old)
    assert "has changed since, so I didn't note anything" in running.api.answers[-1]["text"]
    assert len(running.api.answers[-1]["text"]) <= 200
    assert await running.checkins(42) == []
    # the new plan's own check-ins are answered as before
    running.clock.current = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # 13:00
    await running.tick()
    await ada.click("✅ Took it", ada.last())
    assert "13:00: took it" in ada.last().text


async def test_a_refill_counts_every_dose_of_a_split_amount(running: Harness):
    """1,200 mg of calcium carbonate once a day, split into 2 doses of 600 mg: one pack, 2 a day."""
    ada = running.client()
    await levothyroxine_plan_in_chicago(running)
    await ada.send("/refill")
    listed = ada.last()
    calcium = [b for b in listed.button_texts() if b.startswith("Calcium")]
    assert len(calcium) == 1
    await ada.click(calcium[0], listed)
    await ada.send("120")
    assert "At 2 a day, that lasts about 60 days." in ada.last().text


async def test_history_without_a_days_ratio_gives_the_latest_checks(running: Harness):
    """Two doses a day, only the first answered: that day has no ratio of its own, and /history
    says so, with the latest check's ratio, instead of "no ratios yet"."""
    running.clock.current = START
    ada = running.client()
    await routine_in_tokyo(running, weekday=None)
    running.clock.current = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)  # 13:00 in Tokyo
    await running.tick()
    await ada.click("✅ Took it", ada.last())
    history = (await ada.send("/history"))[-1].text
    assert "no ratios yet" not in history
    assert "no day's own ratio yet" in history
    assert re.search(r"your latest check: about \d+\.\d:1", history), history


async def test_an_offset_for_a_zone_is_said_to_stay_the_same_all_year(running: Harness):
    running.clock.current = START
    ada = running.client()
    await ada.send("/remind")
    said = await ada.send("UTC-8")
    assert "Time zone set to <b>UTC-08:00</b>." in said[0].text
    assert "An offset stays the same all year: if your clocks change in summer, type a city instead" in said[0].text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_plan_too_long_for_one_message_keeps_the_pharmacist_warning_and_whole_rules(language: str):
    """Every medicine on the list: the rules that don't fit give way one by one, never the warning
    that some timing is for the pharmacist to settle, and no rule is cut in the middle."""
    answers = Answers.model_validate(
        {
            "age": 72,
            "sex": "female",
            "supplements": [
                {"nutrient": "calcium", "amount": 600, "form": "calcium carbonate", "per_day": 2},
                {"nutrient": "magnesium", "amount": 200, "form": "magnesium oxide"},
            ],
            "conditions": [],
            "medications": [m.value for m in Medication],
        }
    )
    t = texts(language)
    found = propose(answers, t=t)
    assert found is not None
    assert found.ask_pharmacist
    text = views.proposal(t, found, "Europe/Moscow", None, None, "1.").text
    assert len(text) <= 4096
    assert t._("Some of what you take has timing rules I can't settle for you: ask your pharmacist.") in text
    assert t._(BOTH_FIRST_THING) in text
    assert t._("…and more rules.") in text or text.count("<i>“") == len(found.rules)  # every rule, or said so
    assert text.count("<i>“") == text.count("”</i>")  # each rule shown has its quote whole


async def test_the_plan_asked_for_from_a_result_comes_below_it_and_the_result_stays(running: Harness):
    running.clock.current = START
    ada = running.client()
    await ada.send("/remind")
    await ada.send("Tokyo")  # the zone known, so the result's button goes straight to the plan
    await check_with_medicines(running)
    result = running.api.chat(42)[-2]
    assert "🗓 Plan reminders for what I take" in result.button_texts()
    await ada.click("🗓 Plan reminders for what I take", result)
    assert "A day plan from what you take" in ada.last().text
    assert ada.last().message_id != result.message_id
    kept = next(m for m in running.api.chat(42) if m.message_id == result.message_id)
    assert kept.text == result.text  # the balance is still in the chat, with its buttons


async def test_a_prenatal_tablet_is_one_item_planned_checked_in_and_refilled_whole(running: Harness):
    running.clock.current = START
    ada = running.client()
    typed = "a prenatal vitamin (200 mg calcium, 50 mg magnesium, 400 IU D) and vegan D3 1000 IU"
    said = await check_with_medicines(running, "none", age="55", supplements=typed, basis=None)
    assert "Prenatal vitamin, 1 a day: 200 mg calcium, 50 mg magnesium and 400 IU vitamin D" in said
    await ada.send("/remind")
    await ada.send("Tokyo")
    await ada.click("🗓 Plan my day from what I take")
    shown = ada.last()
    prenatal = "Prenatal vitamin (Calcium 200 mg, Magnesium 50 mg and Vitamin D 400 IU)"
    assert f"• every day at <b>08:00</b>: {prenatal}, Vitamin D 1,000 IU" in shown.text
    assert "Magnesium 50 mg" not in shown.text.replace(prenatal, "")  # not at another time on its own
    await ada.click("✅ Use this plan")
    plan = await running.reminder(42)
    assert plan is not None
    assert [d.what for d in plan.doses] == [(prenatal, "Vitamin D 1,000 IU")]
    running.clock.current = datetime(2026, 11, 22, 23, 0, tzinfo=UTC)  # 08:00 on Monday in Tokyo
    assert await running.tick() == 1
    assert f"• {prenatal}\n• Vitamin D 1,000 IU" in ada.last().text
    await ada.send("/refill")
    assert f"{prenatal}: not counted" in _plain(ada.last().text)
    assert ada.last().button_texts()[0].startswith("Prenatal vitamin")
    assert len(ada.last().button_texts()) == 2  # the prenatal and the vitamin D: a pack each


async def test_levothyroxine_and_alendronate_name_their_clash_and_quote_no_rule_for_the_one_left_out(running: Harness):
    shown = await plan_after_typing(running, "levothyroxine and alendronate")
    t = texts("en")
    assert t._(BOTH_FIRST_THING) in _plain(shown.text)
    assert "ask your pharmacist or doctor which goes first" in shown.text.lower()
    assert "Bisphosphonate" not in shown.text.split("Why these times")[0].replace(t._(BOTH_FIRST_THING), "")
    assert "FOSAMAX" not in shown.text  # its dose is not planned: its rule is not quoted
    assert "SYNTHROID" in shown.text
    assert "Some of what you take has timing rules I can't settle" not in shown.text


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_tablet_planned_whole_says_why_beside_the_plan(language: str):
    answers = Answers.model_validate(
        {
            "supplements": [
                {"nutrient": "calcium", "form": "calcium citrate", "amount": 1000, "product": "Bone <Plus>"},
                {"nutrient": "vitamin_d", "amount": 1000, "product": "Bone <Plus>"},
            ]
        }
    )
    t = texts(language)
    found = propose(answers, t=t)
    assert found is not None
    text = views.proposal(t, found, "Europe/Berlin", None, None, "1.").text
    said = t._(WHOLE_TABLET, product="Bone &lt;Plus&gt;", amount=t.amount(1000, "mg"))
    assert "⚠️ " + said in text
    assert "500–600 mg" in said


@pytest.mark.parametrize(
    ("language", "cited", "link"),
    [
        ("ru", "Инструкция к SYNTHROID (levothyroxine), раздел 2.1, DailyMed", "ссылка"),
        ("es", "Etiqueta de SYNTHROID (levothyroxine), sección 2.1, DailyMed", "enlace"),
        ("de", "Packungsbeilage von SYNTHROID (levothyroxine), Abschnitt 2.1, DailyMed", "Link"),
    ],
)
def test_a_timing_rule_s_source_is_named_in_the_person_s_language(language: str, cited: str, link: str):
    """The quote stays as the label words it; the words around the label's name are translated."""
    answers = Answers.model_validate(
        {"age": 50, "sex": "female", "supplements": [], "conditions": [], "medications": ["levothyroxine"]}
    )
    t = texts(language)
    found = propose(answers, t=t)
    assert found is not None
    text = views.proposal(t, found, "Europe/Moscow", None, None, "1.").text
    assert "<i>“Administer SYNTHROID as a single daily dose" in text
    assert f"— {cited}" in text
    assert "label, section" not in text
    assert f">{link}</a>" in text
