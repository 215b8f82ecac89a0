"""The whole interview through the real Application and a fake Bot API."""

from __future__ import annotations

import copy
from datetime import timedelta

from tests.bot.conftest import Harness

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)


async def test_start_to_summary_with_picture_by_tapping(running: Harness):
    ada = running.client()
    shown = await ada.send("/start")
    assert "CaMag" in shown[0].text
    assert "not medical advice" in shown[0].text
    await ada.click("Check my balance")
    assert "How old are you?" in ada.last().text
    await ada.send("45")
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Typical Western diet")
    await ada.click("1")  # soft drinks
    await ada.send("2 tablets of 500 mg calcium carbonate, 1000 IU vitamin D")
    await ada.click("The whole compound")
    await ada.click("None of these")  # conditions
    await ada.click("None of these")  # medicines
    review = ada.last()
    assert "Your answers" in review.text
    assert "500 mg calcium carbonate (compound weight), 2 a day" in review.text
    await ada.click("✅ Show my balance")
    summary, picture = running.api.chat(42)[-2:]
    assert "Calcium far ahead of magnesium" in summary.text
    assert "Most worth doing" in summary.text
    assert "not medical advice" in summary.text
    assert len(summary.text) <= 900  # a phone screen
    assert picture.photo is not None
    assert picture.photo.startswith(b"\xff\xd8\xff")  # a JPEG, as Telegram keeps photos
    assert "Your answers" in running.api.chat(42)[0].text or any(
        "Your answers" in (m.text or "") for m in running.api.chat(42)
    )  # the review stays in the chat
    assert "not medical advice" in shown[0].text  # and so does the welcome with its note
    await ada.click("📊 Totals and food ideas", summary)
    totals = ada.last().text
    assert "Calcium: 1,264 mg a day (food 864 mg, typical, supplements 400 mg)" in totals
    assert "Magnesium: 228 mg a day (food 228 mg, typical" in totals
    await ada.click("📖 What the articles say", summary)
    assert "<blockquote>" in ada.last().text
    stored = await running.latest_assessment(42)
    assert stored is not None
    assert stored.result.calcium_mg.supplements == 400
    assert (await running.interview(42)) is None
    assert all(a.get("callback_query_id") for a in running.api.answers)


async def test_a_young_child_gets_the_kind_explanation_and_no_picture(running: Harness):
    ada = running.client()
    await ada.send("/check")
    await ada.send("3")
    await ada.click("Male")
    assert "Which calcium, magnesium or vitamin D supplements" in ada.last().text  # no food model: no food questions
    await ada.click("None")  # supplements
    await ada.click("None of these")
    await ada.click("None of these")
    await ada.click("✅ Show my balance")
    last = ada.last()
    assert "estimates are for ages 9 and over" in last.text
    assert "Your daily totals" not in last.text
    assert last.photo is None
    assert all(m.photo is None for m in running.api.chat(42))


async def begin(client, age: str = "45") -> None:
    await client.send("/check")
    await client.send(age)


async def test_back_returns_to_the_previous_question_and_replaces_its_answer(running: Harness):
    ada = running.client()
    await begin(ada)
    await ada.click("Male")
    assert "How would you like to describe" in ada.last().text
    await ada.click("⬅️ Back")
    assert "Which should I use?" in ada.last().text
    await ada.click("Female")
    assert "pregnant or breastfeeding" in ada.last().text
    record = await running.interview(42)
    assert record is not None
    assert record.draft["sex"] == "female"


async def test_bad_typed_answers_get_a_friendly_reprompt_and_lose_nothing(running: Harness):
    ada = running.client()
    await begin(ada)
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Typical Western diet")
    before = await running.interview(42)
    for bad in ("lots", "-3", "999", "🍕🍕", "x" * 4000):
        shown = await ada.send(bad)
        assert "⚠️" in shown[-1].text
        assert "soft drink" in shown[-1].text  # the same question again
    after = await running.interview(42)
    assert after is not None
    assert before is not None
    assert after.model_dump(exclude={"updated_at"}) == before.model_dump(exclude={"updated_at"})
    await ada.send("2")
    await ada.send("I take 400 IU of calcium")  # a supplement answer that can't be right
    assert "measured in mg, not IU" in ada.last().text
    assert "Which calcium, magnesium or vitamin D supplements" in ada.last().text


async def test_review_lets_one_answer_change_and_the_result_follows(running: Harness):
    ada = running.client()
    await begin(ada, "30")
    await ada.click("Male")
    await ada.click("Mostly vegetables")
    await ada.click("0")
    await ada.click("None")  # supplements
    await ada.click("None of these")
    await ada.click("None of these")
    assert "Your answers" in ada.last().text
    await ada.click("✏️ Supplements")
    assert "Which calcium, magnesium" in ada.last().text
    await ada.send("magnesium 600 mg")
    assert "Your answers" in ada.last().text
    assert "600 mg magnesium" in ada.last().text
    await ada.click("✅ Show my balance")
    stored = await running.latest_assessment(42)
    assert stored is not None
    assert [w.code for w in stored.result.warnings] == ["magnesium_supplement_above_ul"]
    assert "above the official upper limit of 350 mg" in running.api.chat(42)[-2].text


async def test_every_button_press_is_answered(running: Harness):
    ada = running.client()
    await ada.send("/start")
    await ada.click("Check my balance")
    await ada.send("52")
    await ada.click("Male")
    await ada.click("⬅️ Back")
    await ada.click("🤷 I don't know")
    clicks = 4
    assert len(running.api.answers) == clicks


async def test_an_old_button_is_recognised_as_stale(running: Harness):
    ada = running.client()
    await begin(ada)
    sex_question = ada.last_with_buttons()
    on_screen = copy.deepcopy(sex_question)  # an old copy of the message, still on another device
    await ada.click("Female", sex_question)
    await ada.click("Male", on_screen)
    assert running.api.answers[-1]["text"] == "That button belongs to an earlier question."
    record = await running.interview(42)
    assert record is not None
    assert record.draft["sex"] == "female"
    assert "pregnant or breastfeeding" in ada.last().text


async def test_forged_or_foreign_buttons_are_answered_and_harmless(running: Harness):
    ada = running.client()
    await begin(ada)
    message = ada.last_with_buttons()
    for data in ("a|age|200", "zz", "a|nope|1", "t|sex|female", "a|sex|robot"):
        await ada.click_data(data, message)
    assert len(running.api.answers) == 5
    record = await running.interview(42)
    assert record is not None
    assert record.draft == {"age": 45.0}


async def test_cancel_keeps_the_answers_for_continue_and_cancel_outside_a_check_explains(running: Harness):
    ada = running.client()
    await begin(ada)
    await ada.send("/cancel")
    assert "answers so far are kept" in ada.last().text
    record = await running.interview(42)
    assert record is not None
    assert record.paused
    assert record.draft == {"age": 45.0}
    await ada.send("female")  # no longer an answer
    assert "Send /check" in ada.last().text
    await ada.send("/cancel")
    assert "Send /check" in ada.last().text
    await ada.send("/check")
    await ada.click("Continue")
    assert "Which should I use?" in ada.last().text
    await ada.send("female")
    assert "Got it: Sex, Female." in ada.last().text


async def test_check_again_offers_to_resume_or_start_over(running: Harness):
    ada = running.client()
    await begin(ada)
    await ada.click("Female")
    await ada.send("/check")
    assert "unfinished check with 2 answers" in ada.last().text
    await ada.click("Continue")
    assert "pregnant or breastfeeding" in ada.last().text
    await ada.send("/check")
    await ada.click("Start over")
    assert "How old are you?" in ada.last().text
    record = await running.interview(42)
    assert record is not None
    assert record.draft == {}


async def test_stray_text_outside_a_check_gets_a_hint(running: Harness):
    ada = running.client()
    shown = await ada.send("hello?")
    assert "Send /check" in shown[-1].text


async def test_an_unknown_command_is_answered(running: Harness):
    ada = running.client()
    await ada.send("/check")
    shown = await ada.send("/frobnicate now")
    assert shown[-1].text == "I don't know /frobnicate. /help lists what I can do."


async def quick_to_medicines(client) -> None:
    await begin(client)
    await client.click("Female")
    await client.click("Neither")
    await client.click("Typical Western diet")
    await client.click("0")
    await client.click("None")  # supplements
    await client.click("▫️ Kidney stones (now or before)")
    await client.click("▫️ Osteoporosis")
    await client.click("Done")
    assert "medicines" in client.last().text


async def test_back_shows_each_earlier_answer_as_given(running: Harness):
    ada = running.client()
    await quick_to_medicines(ada)
    await ada.click("⬅️ Back")
    conditions = ada.last()
    assert "Do any of these apply" in conditions.text
    assert "✅ Kidney stones (now or before)" in conditions.button_texts()
    assert "✅ Osteoporosis" in conditions.button_texts()
    assert "Done" in conditions.button_texts()  # not "None of these": the ticks are back
    await ada.click("⬅️ Back")
    await ada.click("⬅️ Back")
    assert "soft drink" in ada.last().text
    assert "Your answer so far: <b>0 a day</b>" in ada.last().text
    await ada.click("⬅️ Back")
    assert "✓ Typical Western diet" in ada.last().button_texts()
    await ada.click("✓ Typical Western diet")  # kept: on to the next question, with its answer
    assert "soft drink" in ada.last().text
    await ada.click("↩️ Keep: 0")
    assert "Which calcium, magnesium" in ada.last().text
    record = await running.interview(42)
    assert record is not None
    assert record.draft["conditions"] == ["kidney_stones", "osteoporosis"]  # nothing was forgotten


async def test_back_while_changing_an_answer_from_the_review_returns_to_the_review(running: Harness):
    ada = running.client()
    await quick_to_medicines(ada)
    await ada.click("None of these")
    assert "Your answers" in ada.last().text
    await ada.click("✏️ Sex")
    assert "✓ Female" in ada.last().button_texts()
    await ada.click("⬅️ Back to the review")
    assert "Your answers" in ada.last().text
    assert "Sex: <b>Female</b>" in ada.last().text


async def test_progress_is_shown_by_part_and_never_jumps(running: Harness):
    ada = running.client()
    await ada.send("/check")
    seen = [ada.last().text.split("\n")[0]]
    steps = ["45", "Female", "Neither", "Answer a few food questions (best)", *["1"] * 10, "0", "None"]
    for step in steps:
        await (ada.send(step) if step.isdigit() else ada.click(step))
        seen.append(next(line for line in ada.last().text.split("\n") if line and not line.startswith("✓ Got it")))
    parts = [int(line.split("Part ")[1].split(" ")[0]) for line in seen if "Part " in line]
    assert parts == sorted(parts)  # only ever forwards
    assert all("of 4" in line for line in seen if "Part " in line)
    assert "food 3 of 10" in "\n".join(seen)


async def test_the_review_says_what_the_diet_answer_was_not_the_button(running: Harness):
    ada = running.client()
    await ada.send("/check")
    for step in ["45", "Female", "Neither", "Answer a few food questions (best)", *["1"] * 10, "0", "None"]:
        await (ada.send(step) if step.isdigit() else ada.click(step))
    await ada.click("None of these")
    await ada.click("None of these")
    review = ada.last().text
    assert "Your answers" in review
    assert "Diet: <b>Worked out from the food questions</b>" in review
    assert "Answer a few food questions" not in review


async def test_the_mineral_or_compound_question_names_the_product(running: Harness):
    ada = running.client()
    await begin(ada)
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Typical Western diet")
    await ada.click("0")
    await ada.send("500 mg calcium carbonate")
    text = ada.last().text
    assert "You gave calcium carbonate (500 mg)" in text
    assert "calcium itself" in text
    assert "magnesium citrate" not in text


async def test_a_product_taken_twice_is_one_product_twice_a_day(running: Harness):
    """ "Caltrate 600+D3 twice": one product (its calcium and vitamin D said back together) taken
    twice a day, not two entries once a day."""
    ada = running.client()
    await begin(ada, "60")
    await ada.click("Female")
    await ada.click("Typical Western diet")
    await ada.click("0")
    said = (await ada.send("Caltrate 600+D3 twice"))[0].text
    assert "Caltrate 600+D3, 2 a day: 600 mg calcium (as calcium carbonate) and 800 IU vitamin D" in said
    assert said.count("Caltrate 600+D3") == 2  # said back once, and named once in the label's note
    await ada.click("None of these")
    await ada.click("None of these")
    await ada.click("✅ Show my balance")
    stored = await running.latest_assessment(42)
    assert stored is not None
    assert stored.result.calcium_mg.supplements == 1200


async def result_for(client, age: str, supplements: str, *, female_of_childbearing_age: bool = False) -> None:
    """A woman on a typical Western diet, no soft drinks, conditions or medicines, from /check to
    her result, with one typed supplement whose amount is the mineral itself."""
    await begin(client, age)
    await client.click("Female")
    if female_of_childbearing_age:
        await client.click("Neither")
    await client.click("Typical Western diet")
    await client.click("0")
    await client.send(supplements)
    await client.click("The mineral itself")
    await client.click("None of these")
    await client.click("None of these")
    await client.click("✅ Show my balance")


async def test_food_first_does_not_repeat_what_is_most_worth_doing(running: Harness):
    """The summary's "Most worth doing" (magnesium, with its first food) is said once: the totals'
    "Food first" adds only the other foods for it, and the other gaps in full."""
    ada = running.client()
    await result_for(ada, "60", "500 mg calcium citrate")
    summary = running.api.chat(42)[-2]
    assert "Most worth doing</b>\nMagnesium with typical food is about 92 mg a day short" in summary.text
    await ada.click("📊 Totals and food ideas", summary)
    totals = ada.last().text
    assert "92 mg a day short" not in totals
    assert "roasted pumpkin seeds" not in totals
    assert "Other foods rich in magnesium, per serving: almonds, 1 ounce (28 g): 79 mg; cooked spinach" in totals
    assert "Vitamin D with typical food is 324–456 IU a day short" in totals  # the survey's range


async def test_an_unknown_age_is_said_plainly_and_asked_for(running: Harness):
    """A woman who gives no age: CaMag says what it assumed (the lowest figures at any age from 9),
    never a group that doesn't fit her ("girls 9–13"), and how to give the age."""
    ada = running.client()
    await result_for(ada, "I don't know", "300 mg magnesium glycinate", female_of_childbearing_age=True)
    summary = running.api.chat(42)[-2]
    assert "short of 1,000 mg, the lowest RDA at any age from 9 (age not given)" in summary.text
    assert "Vitamin D may also be under half of your RDA." in summary.text
    assert "Age not given, so these are not your own official figures" in summary.text
    assert "/check, then “Change an answer”" in summary.text
    await ada.click("📊 Totals and food ideas", summary)
    assert all("9–13" not in m.text for m in running.api.chat(42) if m.text)
    await ada.send("/check")
    await ada.click("✏️ Change an answer")
    assert "Your answers" in ada.last().text


async def test_calcium_near_its_limit_is_noted_in_the_result(running: Harness):
    """A woman of 60 with 1,200 mg of calcium a day and typical food: 99% of her upper limit of
    2,000 mg, said plainly in the result with the official figure, no doctor asked for."""
    ada = running.client()
    await result_for(ada, "60", "calcium carbonate 1200 mg a day")
    summary = running.api.chat(42)[-2].text
    assert "<b>Official upper limits</b>\nCalcium from food and supplements comes to 1,988 mg a day" in summary
    assert "99% of the official upper limit of 2,000 mg a day (women 51–70; National Academies)" in summary
    note = summary.split("<b>Official upper limits</b>")[1].split("\n\n")[0]
    assert "doctor" not in note


async def test_an_older_results_totals_say_which_day_they_are_from(running: Harness):
    """Totals opened from an earlier result's button are that day's figures, and say so; the latest
    result's are not marked."""
    ada = running.client()
    await result_for(ada, "60", "500 mg calcium citrate")
    first = running.api.chat(42)[-2]
    running.clock.advance(timedelta(days=3))
    await ada.send("/check")
    await ada.click("✏️ Change an answer")
    await ada.click("✅ Show my balance")
    latest = running.api.chat(42)[-2]
    await ada.click("📊 Totals and food ideas", latest)
    assert "not your latest" not in ada.texts()[-1]
    await ada.click("📊 Totals and food ideas", first)
    assert ada.texts()[-2].startswith("This is from your check of")
    assert "not your latest: /summary shows the latest." in ada.texts()[-2]


async def test_an_earlier_i_dont_know_is_not_offered_again_as_a_keep_button(running: Harness):
    ada = running.client()
    await ada.send("/check")
    await ada.click("🤷 I don't know")  # the age
    await ada.click("⬅️ Back")
    assert "Your answer so far: <b>I don't know</b>" in ada.last().text
    buttons = ada.last().button_texts()
    assert "🤷 I don't know" in buttons
    assert not [b for b in buttons if b.startswith("↩️")]  # not "↩️ Keep: I don't know" beside it
    await ada.send("45")
    await ada.click("⬅️ Back")
    assert "↩️ Keep: 45" in ada.last().button_texts()
