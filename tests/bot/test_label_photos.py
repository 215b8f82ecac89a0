"""A supplement label sent as a photo, end to end: the real Application, the fake Bot API serving
the photo (getFile and its download), and the reading said back and taken only with a yes.

A stand-in OCR engine is put behind the reader's port (the text of each photo given);
tests/bot/test_label_engine.py reads generated label photos with the real engine."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

from bot import polling
from bot.app import build_application
from bot.labels import views as label_views
from bot.labels.engine import EngineUnavailable
from bot.labels.reader import ReaderFailed
from bot.services import KEY
from bot.store.interface import FlowName
from bot.store.tinydb_store import TinyDBStore
from camag_core.labels import Box
from tests.bot.conftest import FakeClock, Harness, make_settings, start_bot, stop_bot
from tests.bot.test_checkins import checkin_open
from tests.bot.test_not_applied import wait_until
from tests.bot.test_webhook import SECRET, hooked, post, update
from tests.fake_api_server import FakeBotApiServer

__all__ = ["hooked"]  # the webhook fixture, used here too

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)

CALTRATE = b"\xff\xd8\xff photo of a calcium + D label"
BLURRED = b"\xff\xd8\xff photo of nothing legible"
MISREAD = b"\xff\xd8\xff photo whose calcium reads 800 mg at 46%"
GAPPED = b"\xff\xd8\xff photo where a line of the table was not found"
TUMS = b"\xff\xd8\xff photo of an antacid's Drug Facts"
TUMS_COMPOUND_ONLY = b"\xff\xd8\xff photo of a Drug Facts panel without its other information"
PHOTO_TEXT = {
    CALTRATE: [
        "Supplement Facts",
        "Serving Size 2 Tablets",
        "Amount Per Serving",
        "Calcium (as calcium carbonate) 600 mg 46%",
        "Vitamin D3 (as cholecalciferol) 20 mcg (800 IU) 100%",
    ],
    BLURRED: ["Sup", "Fa"],
    GAPPED: ["Supplement Facts", "Vitamin C 60 mg 67%", "", "Calcium 500 mg 38%", "Zinc 11 mg 100%"],
    MISREAD: ["Supplement Facts", "Serving Size 1 Tablet", "Calcium (as calcium carbonate) 800 mg 46%"],
    TUMS: [
        "Drug Facts",
        "Active ingredient (in each chewable tablet) Purpose",
        "Calcium carbonate USP 750 mg ......... Antacid",
        "Other information • each chewable tablet contains: elemental calcium 300 mg, sodium 2 mg",
    ],
    TUMS_COMPOUND_ONLY: ["Drug Facts", "Active ingredient (in each tablet)", "Calcium carbonate USP 1000 mg  Antacid"],
}


async def stand_in(photo: bytes) -> list[Box]:
    """The engine's boxes for a known photo: one per line."""
    rows = PHOTO_TEXT.get(photo, [])
    return [
        Box(text, ((0, 30 * i), (400, 30 * i), (400, 30 * i + 20), (0, 30 * i + 20)), 0.97)
        for i, text in enumerate(rows)
        if text  # an empty row: a line the engine did not find
    ]


def with_stand_in(h: Harness) -> None:
    h.app.bot_data[KEY] = dataclasses.replace(h.services, label_reader=stand_in)  # type: ignore[attr-defined]


async def at_supplements(h: Harness):
    ada = h.client()
    await ada.send("/check")
    await ada.send("45")
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Typical Western diet")
    await ada.click("1")
    assert "Which calcium, magnesium or vitamin D supplements" in ada.last().text
    return ada


async def test_a_label_at_the_supplement_question_is_said_back_and_taken_with_a_yes(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(CALTRATE))[-1]
    assert "This is what I read on the label" in said.text
    assert "Serving size: 2 tablets" in said.text
    assert "• Calcium (as calcium carbonate): 600 mg" in said.text
    assert "• Vitamin D (as cholecalciferol): 20 mcg (800 IU)" in said.text
    assert "How many servings of 2 tablets do you take a day?" in said.text
    assert said.button_texts() == [
        "✅ 1 a day",
        "✅ 2 a day",
        "✅ 3 a day",
        "✏️ Correct a figure",
        "⌨️ Type it instead",
        "Not now",
    ]
    assert (await running.interview()).draft.get("supplements") is None  # nothing taken before the yes
    stored = (await running.person()).flow
    assert stored is not None
    assert stored.label is not None  # the reading waits in the store
    await ada.click("✅ 2 a day", said)
    assert "Added from the label: 600 mg calcium (as calcium carbonate), 2 a day; 20 mcg vitamin D" in ada.texts()[-2]
    assert "Do any of these apply to you?" in ada.last().text  # the check goes on to the next question
    supplements = (await running.interview()).draft["supplements"]
    assert [(i["supplement"]["amount"], i["supplement"]["unit"], i["supplement"]["per_day"]) for i in supplements] == [
        (600.0, "mg", 2.0),
        (20.0, "mcg", 2.0),
    ]
    assert all(i["supplement"]["basis"] == "elemental" and i["basis_stated"] for i in supplements)
    assert (await running.person()).flow is None
    assert [c for c in running.api.calls if c[0] == "download"]  # the photo was fetched from Telegram
    methods = {s.labels["method"] for m in REGISTRY.collect() if m.name == "camag_replies" for s in m.samples}
    assert "file_download" in methods  # counted by what it is, not by the photo's path
    assert not [m for m in methods if ".jpg" in m or "/" in m]


async def test_an_antacids_drug_facts_count_its_elemental_calcium_per_tablet(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(TUMS))[-1]
    assert "Drug Facts, per 1 chewable tablet:" in said.text
    assert (
        "• Calcium (as calcium carbonate): 300 mg (its 750 mg of calcium carbonate is the whole compound's weight)"
        in said.text
    )
    assert "Counting per 1 chewable tablet: how many do you take a day?" in said.text
    await ada.click("✅ 2 a day", said)
    assert "Added from the label: 300 mg calcium (as calcium carbonate), 2 a day" in ada.texts()[-2]
    supplements = (await running.interview()).draft["supplements"]
    assert [(i["supplement"]["amount"], i["supplement"]["basis"]) for i in supplements] == [(300.0, "elemental")]


async def test_an_antacid_with_only_its_compounds_weight_says_how_the_calcium_was_worked_out(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(TUMS_COMPOUND_ONLY))[-1]
    assert (
        "• Calcium (as calcium carbonate): 400 mg, worked out from its 1,000 mg of calcium carbonate, "
        "40% of which is calcium" in said.text
    )
    assert "Elemental share from CaMag's table of supplement forms: calcium carbonate: 40% (HealthLinkBC" in said.text
    assert "✅ 1 a day" in said.button_texts()


async def test_servings_can_be_typed_and_a_wrong_figure_corrected_before_the_yes(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(MISREAD))[-1]
    assert "• Calcium: ❓ its amount and its %DV don't agree" in said.text
    assert "✅ 1 a day" not in said.button_texts()  # no yes to a figure in doubt
    await ada.send("2")  # servings before the figure is settled: the reading is shown again
    assert "❓" in ada.last().text
    await ada.click("✏️ Correct a figure", said)
    assert "Type the figure as it is on the label" in ada.last().text
    await ada.send("calcium about a lot")
    assert "⚠️" in ada.last().text
    await ada.send("Calcium 600 mg")
    assert "• Calcium (as calcium carbonate): 600 mg" in ada.last().text
    await ada.send("lots")
    assert "How many servings a day?" in ada.last().text
    await ada.send("twice a day")
    supplements = (await running.interview()).draft["supplements"]
    assert [(i["supplement"]["amount"], i["supplement"]["per_day"]) for i in supplements] == [(600.0, 2.0)]


async def test_a_line_not_read_at_all_is_shown_and_the_person_checks_it(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(GAPPED))[-1]
    assert "One line of the label I couldn't read at all" in said.text
    assert said.button_texts() == ["✅ Nothing missing", "✏️ Correct a figure", "⌨️ Type it instead"]
    await ada.click("✅ Nothing missing", said)
    assert "✅ 1 a day" in said.button_texts()  # the same message, now ready for the yes
    await ada.click("✅ 1 a day", said)
    (item,) = (await running.interview()).draft["supplements"]
    assert item["supplement"]["amount"] == 500.0


async def test_a_photo_that_can_not_be_read_gets_a_kind_answer_and_the_typed_way(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(BLURRED))[-1]
    assert "I couldn't read this label" in said.text
    assert "600 mg calcium carbonate" in said.text  # the typed way
    await ada.send("500 mg calcium citrate")  # the question still waits for the typed answer
    assert len((await running.interview()).draft["supplements"]) == 1
    person = await running.person()
    assert person is not None
    assert person.flow is None


async def test_a_caption_is_read_as_typed_when_the_label_can_not_be(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    shown = await ada.send_photo(BLURRED, caption="2 tablets of 500 mg calcium citrate")
    assert "Reading your label" in shown[0].text
    assert "I read your caption instead" in shown[1].text
    (item,) = (await running.interview()).draft["supplements"]
    assert (item["supplement"]["amount"], item["supplement"]["per_day"]) == (500.0, 2.0)


async def test_type_it_instead_returns_to_the_question(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(CALTRATE))[-1]
    await ada.click("⌨️ Type it instead", said)
    assert "Which calcium, magnesium or vitamin D supplements" in ada.last().text
    await ada.send("none")
    assert (await running.interview()).draft["supplements"] == []


async def test_a_label_while_logging_a_check_in_logs_that_day(running: Harness):
    ada = await checkin_open(running)
    with_stand_in(running)
    await ada.click("📝 Log what I took", ada.last())
    said = (await ada.send_photo(CALTRATE))[-1]
    assert "How many servings of 2 tablets" in said.text
    await ada.click("✅ 1 a day", said)
    assert "Anything notable" in ada.last().text
    (day,) = await running.checkins(42)
    assert day.status == "logged"
    assert [(s.nutrient, s.amount, s.per_day) for s in day.supplements or []] == [
        ("calcium", 600, 1),
        ("vitamin_d", 20, 1),
    ]


async def test_a_label_any_other_time_is_offered_for_the_supplements_and_not_now_keeps_nothing(running: Harness):
    with_stand_in(running)
    ada = running.client()
    said = (await ada.send_photo(CALTRATE))[-1]
    assert "Add it to your supplements? How many servings" in said.text
    await ada.click("Not now", said)
    assert "nothing was added" in ada.last().text
    person = await running.person()
    assert person is not None
    assert person.flow is None
    assert person.interview is None
    said = (await ada.send_photo(CALTRATE))[-1]
    await ada.click("✅ 1 a day", said)
    assert "How old are you?" in ada.last().text  # a check begun with the product in it
    assert len((await running.interview()).draft["supplements"]) == 2


async def test_a_label_after_a_result_is_added_to_that_results_answers_not_a_new_check(running: Harness):
    """Sent with no check in progress, after a result: beside what the person said they take, on the
    review of the latest result's answers, never a check started over with only the label in it."""
    with_stand_in(running)
    ada = await at_supplements(running)
    await ada.send("magnesium glycinate 100 mg")
    await ada.click("The mineral itself")
    await ada.click("None of these")
    await ada.click("None of these")
    await ada.click("Show my balance")
    assert (await running.person()).assessments == 1
    said = (await ada.send_photo(CALTRATE))[-1]
    await ada.click("✅ 1 a day", said)
    assert "added to your latest check's answers, beside what you take already" in ada.texts()[-2]
    review = ada.last().text
    assert "How old are you?" not in review
    assert "Age: <b>45</b>" in review
    assert "Tap an answer to change it, or see your balance." in review
    supplements = (await running.interview()).draft["supplements"]
    assert [(i["supplement"]["nutrient"], i["supplement"]["amount"]) for i in supplements] == [
        ("magnesium", 100.0),
        ("calcium", 600.0),
        ("vitamin_d", 20.0),
    ]


async def test_an_old_reading_button_is_answered_and_harmless(running: Harness):
    with_stand_in(running)
    ada = running.client()
    said = (await ada.send_photo(CALTRATE))[-1]
    old = said.buttons()[1]["callback_data"]  # "2 a day"
    await ada.click("Not now", said)
    assert said.buttons() == []  # its buttons are done
    await ada.click_data(old, said)  # tapped all the same, on a copy of the chat that still shows them
    assert running.api.answers[-1].get("text")  # answered, with a word on why nothing happened
    assert (await running.person()).interview is None


async def test_a_redelivered_photo_is_applied_once(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    said = (await ada.send_photo(CALTRATE))[-1]
    await ada.click("✅ 2 a day", said)
    assert await ada.redeliver() == []
    assert len((await running.interview()).draft["supplements"]) == 2


async def test_the_photo_is_not_kept_and_privacy_says_so(running: Harness):
    with_stand_in(running)
    ada = await at_supplements(running)
    await ada.send_photo(CALTRATE)
    stored = json.dumps((await running.store.export(42)), default=str)
    assert "photo of a calcium" not in stored
    assert "file_id" not in stored
    await ada.send("/privacy")
    assert "photo of a label is read and then dropped" in ada.last().text
    assert "while a photo is being read, Telegram's id for it and its caption" in ada.last().text


async def test_a_photo_telegram_can_not_hand_over_is_asked_again(running: Harness):
    ada = running.client()
    photo = {"file_id": "gone", "file_unique_id": "g", "width": 10, "height": 10}
    message = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "A"},
    }
    shown = await ada.send_update({"message": {**message, "photo": [photo]}})
    assert "couldn't get that photo" in shown[-1].text
    assert (await running.person()).flow is None


async def test_without_the_engine_a_photo_is_answered_plainly(running: Harness):
    async def missing(photo: bytes) -> list[Box]:
        raise EngineUnavailable("libGL.so.1: cannot open shared object file")

    running.app.bot_data[KEY] = dataclasses.replace(running.services, label_reader=missing)  # type: ignore[attr-defined]
    ada = await at_supplements(running)
    said = (await ada.send_photo(CALTRATE))[-1]
    assert "Photos of labels can't be read on this server" in said.text
    assert "Type what the label says" in said.text
    assert "Which calcium, magnesium or vitamin D supplements" in ada.texts()[-3]  # the question still waits


async def test_a_reader_that_died_asks_for_the_photo_again(running: Harness):
    async def died(photo: bytes) -> list[Box]:
        raise ReaderFailed("the label reader's process died")

    running.app.bot_data[KEY] = dataclasses.replace(running.services, label_reader=died)  # type: ignore[attr-defined]
    said = (await running.client().send_photo(CALTRATE))[-1]
    assert "Something went wrong while I read this photo. Please send it again" in said.text
    assert "on this server" not in said.text


class HeldEngine:
    """A slow engine: a photo is read (as :func:`stand_in` reads it) only once let go. It counts the
    photos it was given and how many it read at once."""

    def __init__(self, *, let_go: bool = False) -> None:
        self.let_go = asyncio.Event()
        if let_go:
            self.let_go.set()
        self.photos: list[bytes] = []
        self.reading = 0
        self.most = 0

    async def __call__(self, photo: bytes) -> list[Box]:
        self.photos.append(photo)
        self.reading += 1
        self.most = max(self.most, self.reading)
        try:
            await self.let_go.wait()
            return await stand_in(photo)
        finally:
            self.reading -= 1


def with_engine(h: Harness, engine: HeldEngine) -> None:
    h.app.bot_data[KEY] = dataclasses.replace(h.services, label_reader=engine)  # type: ignore[attr-defined]


async def test_everyone_elses_replies_are_not_held_while_a_label_is_read(tmp_path: Path):
    """Long polling against the fake Bot API over HTTP: a photo being read (for as long as it takes)
    holds none of the 150 updates that arrive behind it (a getUpdates answer holds at most 100)."""
    server = FakeBotApiServer().start()
    engine = HeldEngine()
    data = tmp_path / "data"
    settings = make_settings(
        data, telegram_api_base_url=server.base_url, telegram_api_base_file_url=server.base_file_url
    )
    clock = FakeClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    app = build_application(settings, TinyDBStore(data, clock), clock, rate_limiter=None)
    app.bot_data[KEY] = dataclasses.replace(app.bot_data[KEY], label_reader=engine)
    await app.initialize()
    assert app.post_init is not None
    await app.post_init(app)
    await app.start()
    stop = asyncio.Event()
    polling_task = asyncio.create_task(polling.poll(app, ["message", "callback_query"], stop, wait=0.2))
    others = range(1, 151)
    try:
        server.photo(900, CALTRATE)
        await wait_until(lambda: engine.reading == 1)
        for user in others:
            server.message(user, "hello")
        await wait_until(lambda: all(server.sent[user] for user in others), 30)
        assert engine.reading == 1  # every one answered while the photo is still being read
        assert [m["text"] for m in server.sent[900]] == [label_views.reading_now()]
        engine.let_go.set()
        await wait_until(lambda: len(server.sent[900]) == 2)
        assert "This is what I read on the label" in server.sent[900][1]["text"]
    finally:
        engine.let_go.set()
        stop.set()
        await polling_task
        await app.stop()
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
        server.stop()


@pytest.mark.parametrize("kept_by_telegram", [True, False])
async def test_a_label_being_read_when_the_bot_stops_is_read_at_the_next_start(tmp_path: Path, kept_by_telegram):
    data = tmp_path / "data"
    engine = HeldEngine()
    first = await start_bot(data, label_reader=engine)
    ada = await at_supplements(first)
    shown = await ada.send_photo(CALTRATE, read=False)
    assert shown[-1].text == label_views.reading_now()
    await wait_until(lambda: engine.reading == 1)
    await stop_bot(first)  # while the photo is being read
    if not kept_by_telegram:
        first.api.files.clear()
    second = await start_bot(data, api=first.api, label_reader=stand_in)
    try:
        await second.services.readings.drain()
        person = await second.person()
        assert person is not None
        assert person.flow is not None if kept_by_telegram else person.flow is None
        said = second.api.chat(42)[-1].text or ""
        if kept_by_telegram:  # read again from Telegram's copy, and said back
            assert "This is what I read on the label" in said
            assert person.flow is not None
            assert person.flow.name is FlowName.LABEL
            await second.client().click("✅ 2 a day")
            assert len((await second.interview()).draft["supplements"]) == 2
        else:  # told kindly, with the typed way; the question still waits for it
            assert "couldn't get that photo from Telegram" in said
            assert "type what the label says" in said
            await second.client().send("none")
            assert (await second.interview()).draft["supplements"] == []
        assert second.services.readings.noted() == []
    finally:
        await stop_bot(second)


async def test_an_answer_typed_while_the_label_is_read_wins_and_the_reading_is_dropped(running: Harness):
    engine = HeldEngine()
    with_engine(running, engine)
    ada = await at_supplements(running)
    await ada.send_photo(CALTRATE, read=False)
    await wait_until(lambda: engine.reading == 1)
    await ada.send("none")  # the supplement question, answered by typing meanwhile
    assert "Do any of these apply to you?" in ada.last().text
    engine.let_go.set()
    await running.services.readings.drain()
    assert not [text for text in ada.texts() if "This is what I read" in text]  # a stale reading is not offered
    assert (await running.interview()).draft["supplements"] == []
    assert (await running.person()).flow is None
    assert "file_id" not in json.dumps(await running.store.export(42), default=str)
    assert running.services.readings.noted() == []


async def test_a_second_photo_while_the_first_is_read_takes_its_place(running: Harness):
    engine = HeldEngine()
    with_engine(running, engine)
    ada = running.client()
    await ada.send_photo(TUMS, read=False)
    await wait_until(lambda: engine.reading == 1)
    await ada.send_photo(CALTRATE, read=False)
    engine.let_go.set()
    await running.services.readings.drain()
    said = [text for text in ada.texts() if "This is what I read" in text]
    assert len(said) == 1
    assert "Serving size: 2 tablets" in said[0]  # the second photo's label
    assert "Add it to your supplements?" in said[0]
    assert running.services.readings.noted() == []


async def test_photos_of_several_people_are_read_one_at_a_time_and_each_once(running: Harness):
    engine = HeldEngine()
    with_engine(running, engine)
    people = [running.client(user) for user in (41, 42, 43)]
    for person in people:
        await person.send_photo(CALTRATE, read=False)
    assert await people[-1].redeliver() == []  # Telegram's second delivery of a photo: not read again
    await wait_until(lambda: engine.reading == 1)
    await asyncio.sleep(0.1)
    assert engine.reading == 1  # the others wait their turn
    engine.let_go.set()
    await running.services.readings.drain()
    assert engine.most == 1
    assert len(engine.photos) == 3
    for person in people:
        assert "This is what I read on the label" in person.last().text


async def test_the_webhook_answers_a_photo_before_its_label_is_read(hooked):
    """A webhook's connection (and the chat's next update, which Telegram holds until this one is
    answered) is not held while the label is read."""
    server, api = hooked
    engine = HeldEngine()
    app = server.application
    app.bot_data[KEY] = dataclasses.replace(app.bot_data[KEY], label_reader=engine)
    api.files["photo1"] = CALTRATE
    url = f"http://127.0.0.1:{server.port}/telegram"
    photo = update(1, "")
    del photo["message"]["text"]
    photo["message"]["photo"] = [{"file_id": "photo1", "file_unique_id": "p", "width": 9, "height": 9}]
    try:
        assert await asyncio.wait_for(asyncio.to_thread(post, url, photo, SECRET), 10) == 200
        assert engine.reading == 1
        assert [m.text for m in api.chat(42)] == [label_views.reading_now()]
        help_command = update(2, "/help")
        help_command["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": 5}]
        assert await asyncio.to_thread(post, url, help_command, SECRET) == 200  # the chat's next one
        assert engine.reading == 1
    finally:
        engine.let_go.set()
    await app.bot_data[KEY].readings.drain()
    assert "This is what I read on the label" in (api.chat(42)[-1].text or "")


async def test_supplements_typed_while_a_check_ins_label_is_read_are_logged_instead(running: Harness):
    ada = await checkin_open(running)
    engine = HeldEngine()
    with_engine(running, engine)
    await ada.click("📝 Log what I took", ada.last())
    await ada.send_photo(CALTRATE, read=False)
    await wait_until(lambda: engine.reading == 1)
    await ada.send("500 mg calcium citrate")  # typed meanwhile: that day's log, as without the photo
    assert "Anything notable" in ada.last().text
    engine.let_go.set()
    await running.services.readings.drain()
    assert not [text for text in ada.texts() if "This is what I read" in text]
    (day,) = await running.checkins(42)
    assert [(s.nutrient, s.amount) for s in day.supplements or []] == [("calcium", 500)]
