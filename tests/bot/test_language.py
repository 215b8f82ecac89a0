"""The person's language: Telegram's on first contact, /language to change it, kept with the
person and used by every reply and by the reminders sent later.

Until a translation ships only English does; the ``german`` fixture (tests/conftest.py) ships a
tiny German catalog so that switching can be seen, and the tests over ``shipped()`` cover each
real catalog as soon as it is added."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot import views
from camag_core import i18n
from camag_core.i18n import NATIVE_NAMES, shipped, texts
from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Client
from tests.conftest import MARK, latin_words
from tests.english_words import english_words


@pytest.mark.parametrize("language", shipped())
async def test_someone_new_gets_their_telegram_apps_language_and_keeps_it(running: Harness, language: str):
    ada = running.client()
    ada.language_code = language
    await ada.send("/start")
    assert ada.last().text == views.welcome(texts(language), "Ada").text
    await ada.send("/summary")
    assert ada.last().text == views.nothing_to_show(texts(language))
    await ada.send("/check")  # a step that keeps the person
    person = await running.person(42)
    assert person is not None
    assert person.language == language


async def test_a_telegram_language_camag_does_not_speak_is_english(running: Harness):
    ada = running.client()
    ada.language_code = "ja"
    await ada.send("/summary")
    assert ada.last().text == views.nothing_to_show(texts("en"))
    await ada.send("/check")
    person = await running.person(42)
    assert person is not None
    assert person.language == "en"


async def test_someone_whose_telegram_is_german_gets_german_once_it_ships(german: None, running: Harness):
    ada = running.client()
    ada.language_code = "de-AT"
    await ada.send("/start")
    assert ada.last().text.startswith("Hallo Ada!")
    assert ada.last().button_texts() == ["Meine Bilanz prüfen"]
    await ada.send("/summary")
    assert ada.last().text == "Noch kein Ergebnis. Sende /check, um deine Bilanz zu berechnen."
    await ada.send("/check")
    person = await running.person(42)
    assert person is not None
    assert person.language == "de"


async def test_language_lists_what_ships_and_says_truthfully_what_does_not(running: Harness):
    ada = running.client()
    await ada.send("/language")
    assert ada.last().button_texts() == [NATIVE_NAMES[code] for code in shipped()]
    coming = [NATIVE_NAMES[code] for code in i18n.LANGUAGES if code not in shipped()]
    for name in coming:
        assert name in ada.last().text
    assert ("Until they are done, I answer in English." in ada.last().text) == bool(coming)


async def test_language_switches_and_the_reply_speaks_the_new_one(german: None, running: Harness):
    ada = running.client()  # Telegram in English
    await ada.send("/language")
    assert ada.last().text.startswith("Which language should I speak with you?")
    assert ada.last().button_texts() == [NATIVE_NAMES[code] for code in shipped()]  # German among them
    await ada.click("Deutsch")
    assert ada.last().text == "Ab jetzt spreche ich Deutsch mit dir. /language ändert das."
    person = await running.person(42)
    assert person is not None
    assert person.language == "de"
    await ada.send("/start")  # a fixed text reads the stored choice, over Telegram's English
    assert ada.last().text.startswith("Hallo Ada!")
    await ada.send("/language")
    assert ada.last().text.startswith("Welche Sprache soll ich mit dir sprechen?")
    await ada.click("English")
    assert ada.last().text == "From now on I speak English with you. /language changes it."


async def test_a_check_in_progress_asks_its_question_again_in_the_new_language(running: Harness):
    ada = running.client()
    await ada.send("/check")
    await ada.send("45")
    asked = "Official reference values differ by sex. Which should I use?"
    assert asked in ada.last().text
    await ada.send("/language")
    await ada.click("Español")
    assert "A partir de ahora te hablo en este idioma" in ada.texts()[-2]
    assert texts("es")._(asked) in ada.last().text
    await ada.click(texts("es")._("Female"))
    assert (await running.interview()).draft["sex"] == "female"


async def test_a_language_button_for_one_that_does_not_ship_changes_nothing(running: Harness):
    ada = running.client()
    await ada.send("/language")
    await ada.click_data("ln||xx", ada.last())
    assert running.api.answers[-1]["text"] == views.expired_button(texts("en"))
    person = await running.person(42)
    assert person is None or person.language == "en"


async def test_the_reminder_speaks_the_stored_language(german: None, running: Harness):
    ada = running.client()
    await ada.send("/remind")
    await ada.send("Berlin")
    await ada.send("9pm")
    await ada.send("/language")
    await ada.click("Deutsch")
    running.clock.current = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)  # 21:00 in Berlin
    assert await running.tick() == 1
    assert ada.last().text.startswith("<b>Tägliche Abfrage, Sa., 21. Nov.</b>")


async def _tour(ada: Client) -> list[str]:
    """What someone sees looking around and going through a check by its buttons (each question's
    first choice, "None of these", or else "I don't know"), then /history: every message and toast."""
    for command in ("/start", "/help", "/sources", "/privacy", "/guidance", "/summary", "/history", "/language"):
        await ada.send(command)
    await ada.send("/check")
    for _ in range(40):  # each question answered, then the review's "Show my balance"
        last = ada.last_with_buttons()
        data = [b["callback_data"] for b in last.buttons()]
        tap = next((d for prefix in ("a|", "d|", "s|") for d in data if d.startswith(prefix)), None)
        if tap is None:
            await ada.click_data("ok", last)
            break
        await ada.click_data(tap, last)
    await ada.send("/history")
    await ada.send("/settings")
    return [*ada.texts(), *(a.get("text") or "" for a in ada.api.answers)]


@pytest.mark.parametrize("language", [code for code in shipped() if code != "en"])
async def test_every_reply_in_another_language_has_no_english_outside_quotes(running: Harness, language: str):
    ada = running.client()
    ada.language_code = language
    said = await _tour(ada)
    assert any("CaMag" in text for text in said)  # the tour was seen
    assert {text[:60]: english_words(text) for text in said if english_words(text)} == {}


async def test_the_scan_catches_english_left_in_a_reply(german: None, running: Harness):
    """The tiny German catalog translates a few messages: those pass the scan, the rest (English,
    as the catalog falls back) are caught."""
    ada = running.client()
    ada.language_code = "de"
    said = await _tour(ada)
    assert english_words("Noch kein Ergebnis. Sende /check, um deine Bilanz zu berechnen.") == []
    assert "Noch kein Ergebnis. Sende /check, um deine Bilanz zu berechnen." in said
    assert any(english_words(text) for text in said)


def _unmarked(text: str) -> list[str]:
    """The lines of ``text`` outside its quoted passages that hold no message of the catalog."""
    outside = re.sub(r"<blockquote>.*?</blockquote>", "", text, flags=re.DOTALL)
    return [line for line in outside.splitlines() if line.strip() and MARK[0] not in line]


async def test_every_line_of_a_check_by_buttons_goes_through_the_catalog(marked: None, running: Harness):
    """Through a catalog that marks every message, each line a German speaker reads on the tour (each
    message, its buttons, each toast), outside the quoted passages, is marked: a text worded in code
    without the person's language would show up here unmarked."""
    ada = running.client()
    ada.language_code = "de"
    await _tour(ada)
    sent = running.api.chat(ada.chat_id)
    result = next(m for m in reversed(sent) if any(b["callback_data"].startswith("dt|") for b in m.buttons()))
    for data in [b["callback_data"] for b in result.buttons() if b["callback_data"].startswith("dt|")]:
        await ada.click_data(data, result)  # each part of the result: notes, totals, passages, sources
    topics = next(m for m in sent if any(b["callback_data"].startswith("g|") for b in m.buttons()))
    await ada.click_data(topics.buttons()[0]["callback_data"], topics)  # the library's first topic
    said = [*ada.texts(), *(a.get("text") or "" for a in ada.api.answers)]
    buttons = [b for m in running.api.chat(ada.chat_id) for b in m.button_texts()]
    assert any("<blockquote>" in text for text in said)  # the passages were seen, and left as they are
    assert {text[:80]: _unmarked(text) for text in said if _unmarked(text)} == {}
    assert latin_words(said) == set()
    figures_or_names = re.compile(r"[\d½¼¾.,–-]+|" + "|".join(NATIVE_NAMES.values()))
    assert [b for b in buttons if _unmarked(b) and not figures_or_names.fullmatch(b)] == []


async def test_every_line_of_reminders_and_check_ins_goes_through_the_catalog(marked: None, running: Harness):
    """The same through /remind (by its buttons), the daily check-in it sends, its answer, /history,
    /settings and /refill."""
    ada = running.client()
    ada.language_code = "de"
    await ada.send("/remind")
    for _ in range(4):  # the first button each time (the zone, a time) until the reminder is set
        person = await running.person(42)
        if person is not None and person.reminder is not None:
            break
        await ada.click_data(ada.last().buttons()[0]["callback_data"], ada.last())
    assert person is not None
    assert person.reminder is not None
    sent = 0
    start = running.clock.current.replace(minute=0, second=0, microsecond=0)
    for hour in range(1, 25):  # the day's hours, until the reminder comes
        running.clock.current = start + timedelta(hours=hour)
        if sent := await running.tick():
            break
    assert sent == 1
    checkin = ada.last()
    await ada.click_data(checkin.buttons()[0]["callback_data"], checkin)  # took everything
    for command in ("/history", "/settings", "/refill", "/summary"):
        await ada.send(command)
    said = [*ada.texts(), *(a.get("text") or "" for a in ada.api.answers)]
    buttons = [b for m in running.api.chat(ada.chat_id) for b in m.button_texts()]
    assert {text[:80]: _unmarked(text) for text in said if _unmarked(text)} == {}
    assert latin_words([*said, *buttons]) == set()
    assert [b for b in buttons if _unmarked(b) and not re.fullmatch(r"[\d:.,½]+", b)] == []


async def test_every_line_of_typed_answers_re_prompts_and_the_data_pages_goes_through_the_catalog(
    marked: None, running: Harness
):
    """The same for a typed answer not understood (its re-prompt), one said back, a week-old button,
    /cancel, /mydata and /forget."""
    ada = running.client()
    ada.language_code = "de"
    await ada.send("/check")
    asked = ada.last_with_buttons()
    await ada.send("a lot, maybe")  # not an answer to any question: re-prompted
    await ada.send("42")
    await ada.click_data(asked.buttons()[0]["callback_data"], asked)  # a button of a question gone by
    for command in ("/cancel", "/mydata", "/forget"):
        await ada.send(command)
    await ada.click_data(ada.last().buttons()[-1]["callback_data"], ada.last())  # keep my data
    said = [*ada.texts(), *(a.get("text") or "" for a in ada.api.answers)]
    assert len(said) >= 8
    assert {text[:80]: _unmarked(text) for text in said if _unmarked(text)} == {}
    assert latin_words(said) == set()
