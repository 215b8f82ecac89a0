"""/summary, /guidance, /sources, /help, and the views' limits."""

from __future__ import annotations

import re

import pytest

from bot import views
from bot.store.interface import AssessmentRecord, Person
from camag_core import Answers, assess
from camag_core.answers import Medication
from camag_core.guidance import passages_on
from camag_core.i18n import ENGLISH
from tests.bot.conftest import Harness
from tests.conftest import REPO

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)


async def finish_quick_check(harness: Harness) -> None:
    ada = harness.client()
    await ada.send("/check")
    await ada.send("60")
    await ada.click("Male")
    await ada.click("Typical Western diet")
    await ada.click("0")
    await ada.send("calcium 600 mg twice a day")
    await ada.click("None of these")
    await ada.click("None of these")
    await ada.click("✅ Show my balance")


async def test_summary_shows_the_latest_result_again_with_its_picture(running: Harness):
    ada = running.client()
    await ada.send("/summary")
    assert "No result yet" in ada.last().text
    await finish_quick_check(running)
    first_summary = running.api.chat(42)[-2].text
    shown = await ada.send("/summary")
    assert [m.text for m in shown if m.text] == [first_summary]
    assert shown[-1].photo is not None


async def test_summary_works_a_stored_result_out_again_under_the_current_safety_rules(running: Harness):
    """A result saved by an older build may quote dose advice the current rules hold back."""
    answers = Answers.model_validate(
        {
            "age": 70,
            "sex": "female",
            "supplements": [{"nutrient": "magnesium", "amount": 250}],
            "conditions": ["kidney_disease"],
        }
    )
    stale = assess(answers)
    stale.balance.headline = "Stale headline from an older build"
    now = running.clock.now()
    async with running.store.person(42) as session:
        session.person = Person(user_id=42, chat_id=42, created_at=now, updated_at=now)
        session.add_assessment(AssessmentRecord(at=now, answers=answers, result=stale))
    await running.client().send("/summary")
    summary = running.api.chat(42)[-2].text
    assert "Stale headline" not in summary
    assert "talk to your doctor" in summary.lower()


async def test_guidance_browses_quotes_by_topic(running: Harness):
    ada = running.client()
    await ada.send("/guidance")
    assert "Pick a topic" in ada.last().text
    await ada.click("Kidney stones")
    text = ada.last().text
    for passage in passages_on("kidney_stones"):
        assert views.escape(passage.text) in text
    assert "Official limit" in text  # Lam's 500 mg passage comes with the official caveat


async def test_guidance_puts_a_persons_official_notes_beside_the_passages_they_bear_on(running: Harness):
    """Someone with kidney disease browsing Dr. Lam's "500 mg to 1000mg of magnesium": the kidney
    note stands beside it, not only the upper limit; someone without a result sees the library."""
    ada = running.client()
    await ada.send("/guidance")
    await ada.click("How much magnesium the articles suggest")
    kidney = "People with kidney disease should not take magnesium supplements without the advice"
    assert "500 mg to 1000mg of magnesium" in ada.last().text
    assert kidney not in ada.last().text
    await ada.send("/check")
    await ada.send("60")
    await ada.click("Male")
    await ada.click("Typical Western diet")
    await ada.click("0")
    await ada.click("None")  # supplements
    await ada.click("▫️ Kidney disease")
    await ada.click("Done")
    await ada.click("None of these")
    await ada.click("✅ Show my balance")
    await ada.send("/guidance")
    await ada.click("How much magnesium the articles suggest")
    text = ada.last().text
    passage, note = text.index("500 mg to 1000mg of magnesium"), text.index(kidney)
    assert passage < note < text.index("Official limit", passage)
    assert "With kidney disease, talk to your doctor before changing calcium" in text  # the passage's calcium


async def test_sources_and_help(running: Harness):
    ada = running.client()
    await ada.send("/sources")
    assert "Michael Lam" in ada.last().text
    assert "Dietary Reference Intakes" in ada.last().text
    await ada.send("/help")
    assert "/check" in ada.last().text


def test_the_summary_fits_one_message_even_with_everything_in_it():
    answers = Answers.model_validate(
        {
            "age": 30,
            "sex": "female",
            "life_stage": "pregnant",
            "diet": {"pattern": "western"},
            "soda_per_day": 4,
            "supplements": [
                {"nutrient": "calcium", "amount": 1500, "per_day": 2},
                {"nutrient": "magnesium", "form": "magnesium oxide", "amount": 500, "per_day": 2},
                {"nutrient": "vitamin_d", "amount": 10000},
                {"nutrient": "magnesium"},
            ],
            "conditions": ["kidney_disease", "kidney_stones", "osteoporosis"],
            "medications": ["bisphosphonate", "diuretic", "ppi", "antibiotic", "other_prescription"],
        }
    )
    result = assess(answers)
    text = views.summary(ENGLISH, result, 1).text
    assert len(text) <= views.MAX_MESSAGE
    assert "not medical advice" in text
    assert text.count("Talk to your doctor") + text.count("talk to your doctor") >= 5  # every caution is up front
    for part, _, _ in views.DETAILS:
        detail = views.details(ENGLISH, result, part)
        assert len(detail) <= views.MAX_MESSAGE
        assert detail.count("<blockquote>") == detail.count("</blockquote>")


def test_every_medicine_at_once_fits_limits_first_and_the_rest_behind_a_button():
    """All seventeen medicines, every condition, three limits crossed: the first message keeps
    to one message with the limits first, and every caution is one tap away, in full."""
    answers = Answers.model_validate(
        {
            "age": 30,
            "sex": "female",
            "life_stage": "pregnant",
            "diet": {"servings": {"dairy": 10}},
            "soda_per_day": 3,
            "supplements": [
                {"nutrient": "calcium", "amount": 1500, "per_day": 2},
                {
                    "nutrient": "magnesium",
                    "form": "magnesium lactate",
                    "amount": 1500,
                    "per_day": 2,
                    "basis": "compound",
                },
                {"nutrient": "vitamin_d", "amount": 50000},
            ],
            "conditions": ["kidney_disease", "kidney_stones", "osteoporosis"],
            "medications": [m.value for m in Medication],
        }
    )
    result = assess(answers)
    summary = views.summary(ENGLISH, result, 1)
    assert len(summary.text) <= views.MAX_MESSAGE
    assert summary.text.startswith("<b>Official upper limits</b>")
    assert views.more_notes(ENGLISH) in summary.text
    assert "not medical advice" in summary.text
    parts = [button.callback_data for row in summary.keyboard.inline_keyboard for button in row]
    assert any("notes" in str(data) for data in parts)
    notes = views.detail_messages(ENGLISH, result, "notes")
    assert all(len(message) <= views.MAX_MESSAGE for message in notes)
    everything = "\n".join(notes)
    assert all(views.escape(w.message) in everything for w in result.warnings if w.level == "caution")


@pytest.mark.parametrize("example", ["western_woman", "food_questions_man", "balanced_woman", "pregnant_with_unknowns"])
def test_the_first_message_fits_a_phone_screen(example):
    answers = Answers.model_validate_json((REPO / "examples" / f"{example}.json").read_text())
    visible = re.sub(r"<[^>]+>", "", views.summary(ENGLISH, assess(answers), 1).text)
    # about a phone screen, even with three cautions up front, a gap for the doctor and another nutrient far below
    assert len(visible) <= 1050


def test_user_text_is_escaped():
    assert "&lt;b&gt;" in views.welcome(ENGLISH, "<b>Eve</b>").text


async def test_privacy_says_what_is_stored_where_for_how_long_and_how_to_erase_it(running: Harness):
    text = (await running.client().send("/privacy"))[-1].text
    for words in ("What I store", "Where", "For how long", "/mydata", "/forget"):
        assert words in text
