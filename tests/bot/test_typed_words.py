"""People who only type, through the real Application and a fake Bot API: what they mean is read,
said back, and asked about when unsure."""

from __future__ import annotations

from bot import views
from camag_core.i18n import ENGLISH
from tests.bot.conftest import Harness


async def test_a_very_long_message_outside_any_flow_gets_the_pointer_not_an_error(running: Harness):
    ada = running.client()
    await ada.send("/start")
    shown = await ada.send("took them all " * 100)
    assert [m.text for m in shown] == [views.not_in_a_check(ENGLISH)]


async def type_all(client, answers: list[str]) -> list[str]:
    """Type each answer in turn; the bot's last message after each."""
    seen = []
    for text in answers:
        await client.send(text)
        seen.append(client.last().text)
    return seen


async def test_ruth_68_types_everything_with_typos_and_is_read_and_said_back(running: Harness):
    ruth = running.client()
    await ruth.send("/check")
    seen = await type_all(
        ruth,
        [
            "im 68",
            "femal",
            "food questions",
            "a glass of milk every morning",  # dairy
            "no",  # fortified drinks
            "sometimes, maybe twice a week",  # leafy greens
            "never",  # spinach
            "a handful of almonds",
            "rarely",  # beans
            "oatmeal every morning",
            "none",  # tofu
            "just 1 glas of water and coffee",  # canned fish: about something else
            "once a week sardines",
            "no",  # other fish
            "i dont drink soda",
            "Caltrate 600+D3, 2 a day",
            "osteoperosis",
            "alendronat once a week",
        ],
    )
    assert "Got it: Age, 68." in seen[0]
    assert "Got it: Sex, Female." in seen[1]
    assert "Got it: Dairy, 1 a day." in seen[3]
    assert "Got it: Leafy greens (not spinach), 2 a week." in seen[5]
    assert "Got it: Beans and lentils, 1 a month." in seen[8]
    assert "about something else (water, coffee)" in seen[11]
    assert "Canned fish with bones" in seen[11]  # the same question again
    assert "Got it: Canned fish with bones, 1 a week." in seen[12]
    assert "Got it: Soft drinks, 0 a day." in seen[14]
    assert "Caltrate 600+D3, 2 a day: 600 mg calcium (as calcium carbonate) and 800 IU vitamin D" in seen[15]
    assert "check them against your pack" in seen[15]
    assert "Got it: Conditions, Osteoporosis." in seen[16]
    assert "Your answers" in seen[17]
    record = await running.interview(42)
    assert record is not None
    assert record.draft["servings.fish_with_bones"] == 1 / 7
    assert record.draft["medications"] == ["bisphosphonate"]


async def test_maria_pregnant_names_her_prenatal_in_her_own_words(running: Harness):
    maria = running.client()
    await maria.send("/check")
    seen = await type_all(
        maria,
        ["32", "woman", "pregnent", "western", "none", "a prenatal multivitamin, one a day, not sure whats in it"],
    )
    assert "Got it: Pregnancy, Pregnant." in seen[2]
    assert "Got it: Soft drinks, 0 a day." in seen[4]
    assert "Prenatal vitamin, 1 a day: calcium, magnesium and vitamin D, amounts not known" in seen[5]
    assert "Supplement Facts" in seen[5]  # how to count it
    seen = await type_all(maria, ["back", "200 mg calcium, 150 mg magnesium, 400 IU vitamin D", "nah", "none"])
    assert "Your answer so far: <b>Prenatal vitamin, 1 a day: calcium, magnesium and vitamin D" in seen[0]
    assert "Got it: Supplements, 200 mg calcium, 1 a day; 150 mg magnesium, 1 a day; 400 IU vitamin D" in seen[1]
    assert "Do any of these apply to you?" in seen[1]
    assert "Your answers" in seen[3]


async def test_sam_15_in_a_hurry_taps_nothing(running: Harness):
    sam = running.client()
    await sam.send("/check")
    seen = await type_all(sam, ["15", "m", "veggies", "2 cans of coke a day", "no", "nah", "aspirin lol", "none"])
    assert "Got it: Sex, Male." in seen[1]
    assert "Got it: Diet, Mostly vegetables, e.g. traditional Asian." in seen[2]
    assert "Got it: Soft drinks, 2 a day." in seen[3]
    assert "couldn't match “aspirin lol”" in seen[6]
    assert len(seen[6]) < 1000  # the re-prompt, with the question again
    assert "Your answers" in seen[-1]


async def test_after_a_result_check_offers_one_answer_changed_on_the_last_answers(running: Harness):
    """Typed only: "check my balance", the answers, "show my balance" at the review; then /check
    again changes one answer without the rest being asked again."""
    lee = running.client()
    await lee.send("check my balance")
    await type_all(lee, ["58", "male", "western", "1", "250 mg magnesium citrate", "mineral", "none", "none"])
    assert "Your answers" in lee.last().text
    await lee.send("whats my ratio")
    assert (await running.latest_assessment(42)) is not None
    assert (await running.interview(42)) is None
    await lee.send("/check")
    assert "Change one of its answers" in lee.last().text
    await lee.click("✏️ Change an answer")
    review = lee.last().text
    assert "Your answers" in review
    assert "Age: <b>58</b>" in review
    assert "250 mg magnesium (as magnesium citrate), 1 a day" in review
    await lee.send("change soft drinks")
    assert "soft drink" in lee.last().text
    assert "Your answer so far: <b>1 a day</b>" in lee.last().text
    await lee.send("none")
    assert "Got it: Soft drinks, 0 a day." in lee.last().text
    assert "Your answers" in lee.last().text  # back on the review, nothing else asked
    await lee.send("show my balance")
    latest = await running.latest_assessment(42)
    assert latest is not None
    assert latest.answers.soda_per_day == 0
    assert latest.answers.age == 58
    assert latest.answers.supplements is not None
    assert latest.answers.supplements[0].amount == 250


async def test_changing_the_diet_from_the_review_keeps_the_way_back_to_it(running: Harness):
    kim = running.client()
    await kim.send("/check")
    await type_all(kim, ["40", "female", "neither", "western", "0", "none", "none", "none"])
    await kim.send("change my diet")
    await kim.send("food questions")
    assert "Dairy" in kim.last().text
    assert "⬅️ Back to the review" in kim.last().button_texts()
    await kim.send("2 glasses of milk")
    assert "Got it: Dairy, 2 a day." in kim.last().text
    assert "⬅️ Back to the review" in kim.last().button_texts()
    await kim.send("back")
    review = kim.last().text
    assert "Your answers" in review
    assert "Dairy: <b>2 a day</b>" in review
    assert "Spinach: <b>I don't know</b>" in review


def _photo(message_id: int, caption: str | None) -> dict:
    message = {
        "message_id": message_id,
        "date": 0,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "A"},
        "photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
    }
    return {"message": message if caption is None else {**message, "caption": caption}}


async def test_intent_typed_anywhere_and_a_photos_caption_read_as_typed(running: Harness):
    ada = running.client()
    await ada.send("/start")
    shown = await ada.send("what is magnesium good for?")
    assert "can't answer questions typed in words" in shown[-1].text
    assert "/check" in shown[-1].text
    shown = await ada.send_update(
        {
            "message": {
                **_photo(1, None)["message"],
                "photo": None,
                "voice": {"file_id": "v", "file_unique_id": "v", "duration": 3},
            }
        }
    )
    assert "/help shows what I can do" in shown[-1].text
    await ada.send("show my balance")  # outside a check: starts one
    assert "How old are you?" in ada.last().text
    await ada.send_update(_photo(2, "52 years old"))  # a photo of the label, with the answer typed
    assert "Got it: Age, 52." in ada.last().text
    shown = await ada.send_update(_photo(3, None))
    assert "couldn't get that photo" in shown[-1].text  # read as a label, and this one isn't at Telegram
    await ada.send("/remind")
    await ada.send("Berlin")
    await ada.send("21:00")
    assert (await running.reminder(42)) is not None
    await ada.send("/cancel")
    said = (await ada.send("please stop the reminders"))[-1].text
    assert (await running.reminder(42)) is None
    assert "their times are cleared. /remind sets new ones." in said  # not "turns them on again"
    await ada.send("/remind")
    assert "When should I check in?" in ada.last().text


async def test_a_vegan_who_types_gets_no_dairy_or_fish_questions(running: Harness):
    vi = running.client()
    await vi.send("/check")
    seen = await type_all(vi, ["27", "female", "neither", "vegan", "1 glass of soy milk"])
    assert "Got it: Diet, Plant-based (vegan), worked out from the food questions." in seen[3]
    assert "Fortified plant milk or juice" in seen[3]  # not dairy first
    assert "food 1 of 7" in seen[3]
    seen = await type_all(
        vi, ["a cup of kale", "never", "a handful of almonds", "3 a week", "2 slices of bread", "tofu most days"]
    )
    assert "Other fish" not in seen[-1]
    assert "soft drink" in seen[-1]
    record = await running.interview(42)
    assert record is not None
    assert "servings.dairy" not in record.draft
    assert record.draft["servings.tofu"] == 5 / 7


async def test_the_age_question_asks_for_typing_and_keeps_the_age_typed(running: Harness):
    tam = running.client()
    await tam.send("/check")
    asked = tam.last()
    assert "How old are you? Please type it." in asked.text
    assert 'like 42 (a baby\'s in months, like "6 months")' in asked.text
    assert asked.button_texts() == ["🤷 I don't know"]  # nothing else to tap: typing is the way
    await tam.send("i'm 58")
    assert "Got it: Age, 58." in tam.last().text
    await tam.click("⬅️ Back")
    assert "Your answer so far: <b>58</b>" in tam.last().text  # the age typed, as typed
