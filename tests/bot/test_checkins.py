"""Daily check-ins end to end: /remind, the reminder, the answers, /history, blocking, retries."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.callbacks import Action, encode
from tests.bot.conftest import FakeClock, Harness, start_bot, stop_bot

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)

BERLIN_9PM = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)  # Saturday, 21:00 in Berlin


async def set_reminder(h: Harness) -> None:
    ada = h.client()
    await ada.send("/remind")
    assert "Which time zone" in ada.last().text
    await ada.send("Atlantis")
    assert "I don't know the time zone" in ada.last().text
    await ada.send("Berlin")
    assert "When should I check in" in ada.last().text
    await ada.send("25:00")
    assert "⚠️" in ada.last().text
    await ada.send("9pm")
    assert "every day at <b>21:00</b> (Europe/Berlin)" in ada.last().text


async def test_remind_sets_time_and_zone_and_settings_shows_them(running: Harness):
    await set_reminder(running)
    ada = running.client()
    await ada.send("/settings")
    assert "<b>21:00</b>" in ada.last().text
    assert "Europe/Berlin" in ada.last().text
    await ada.click("Add a time")
    await ada.click("08:00")
    assert "every day at <b>08:00</b>" in ada.last().text
    assert "every day at <b>21:00</b>" in ada.last().text  # added, not replaced
    await ada.send("/remind off")
    assert "off" in ada.last().text
    assert (await running.reminder(42)) is None


async def test_several_times_a_day_and_weekly_ones_are_added_moved_and_dropped(running: Harness):
    await set_reminder(running)
    ada = running.client()
    await ada.send("/remind")
    assert "Your reminders now: every day at <b>21:00</b>" in ada.last().text
    await ada.send("after breakfast")
    assert "What time is “breakfast” for you?" in ada.last().text  # asked, nothing set
    await ada.send("7:00 and 21:00")  # 21:00 is there already: kept once
    assert "every day at <b>07:00</b>\n• every day at <b>21:00</b>" in ada.last().text
    await ada.send("/remind Mondays 6:30")
    assert "every Monday at <b>06:30</b>" in ada.last().text
    plan = await running.reminder(42)
    assert plan is not None
    assert [(d.number, d.at, d.weekday) for d in plan.doses] == [
        (1, time(21, 0), None),
        (2, time(7, 0), None),
        (3, time(6, 30), 0),
    ]
    await ada.send("/settings")
    await ada.click("Move 07:00")
    assert "<b>Move the reminder every day at 07:00 to which time?</b>" in ada.last().text  # no bold in bold
    await ada.send("7:30")
    await ada.send("/settings")
    await ada.click("Drop 21:00")
    plan = await running.reminder(42)
    assert plan is not None
    assert [(d.number, d.at) for d in plan.doses] == [(2, time(7, 30)), (3, time(6, 30))]
    assert "21:00" not in ada.last().text


async def test_the_check_in_arrives_at_the_local_time_and_answers_are_kept_per_day(running: Harness):
    await set_reminder(running)
    running.clock.current = BERLIN_9PM - timedelta(minutes=1)
    assert await running.tick() == 0
    running.clock.current = BERLIN_9PM
    assert await running.tick() == 1
    ada = running.client()
    checkin = ada.last()
    assert "Daily check-in, Sat 21 Nov" in checkin.text
    assert "Snooze 1 hour" in checkin.button_texts()[4]
    await ada.click("✅ Took everything as usual", checkin)
    await ada.click("⭕ Took none", ada.last())  # a later answer for the same day replaces it
    days = await running.checkins(42)
    assert [(c.day, c.status) for c in days] == [(date(2026, 11, 21), "none")]
    assert await running.tick() == 0  # nothing sent twice


async def test_a_week_old_button_counts_for_its_own_day(running: Harness):
    await set_reminder(running)
    running.clock.current = BERLIN_9PM
    await running.tick()
    old = running.client().last()
    running.clock.current = BERLIN_9PM + timedelta(days=7)
    await running.client().click("🌓 Took part of it", old)
    assert [(c.day, c.status) for c in (await running.checkins(42))] == [(date(2026, 11, 21), "some")]


async def checkin_open(h: Harness):
    """Ada with a reminder at 21:00 Berlin and Saturday's check-in just sent."""
    await set_reminder(h)
    h.clock.current = BERLIN_9PM
    await h.tick()
    return h.client()


async def quick_check(h: Harness, diet: str, supplements: str) -> None:
    """A man of 45 from /check to his result, with one diet button and one typed supplement line."""
    ada = h.client()
    await ada.send("/check")
    await ada.send("45")
    await ada.click("Male")
    await ada.click(diet)
    await ada.click("0")
    await ada.send(supplements)
    await ada.click("None of these")
    await ada.click("None of these")
    await ada.click("✅ Show my balance")


async def test_logging_what_was_taken_records_supplements_food_and_the_days_ratio(running: Harness):
    ada = running.client()
    await quick_check(running, "Mostly vegetables", "calcium 500 mg")
    await set_reminder(running)
    running.clock.current = BERLIN_9PM
    await running.tick()
    await ada.click("📝 Log what I took")
    assert "which supplements did you take" in ada.last().text
    await ada.send("lots")
    assert "⚠️" in ada.last().text
    await ada.send("magnesium 250 mg")
    assert "Anything notable" in ada.last().text
    await ada.send("spinach <b>salad</b>")
    assert "logged what you took" in ada.last().text
    (day,) = await running.checkins(42)
    assert day.status == "logged"
    assert day.note == "spinach <b>salad</b>"
    assert [s.amount for s in day.supplements or []] == [250]
    assert day.ratio == 1.49  # survey calcium for men 31-50, 1,118 mg, over Lam's 500 mg + 250 mg logged


async def test_history_shows_the_streak_and_the_days(running: Harness):
    await set_reminder(running)
    ada = running.client()
    statuses = ["✅ Took everything as usual", "🌓 Took part of it"]
    for offset in range(2):
        running.clock.current = BERLIN_9PM + timedelta(days=offset)
        await running.tick()
        await ada.click(statuses[offset], ada.last())
    await ada.send("/history")
    history = running.api.chat(42)[-1]
    assert "Streak: 2 days in a row" in history.text
    assert "Since your first check-in (2 days)" in history.text  # days before the start are no misses
    assert "Checked in on 2 of 2 days" in history.text
    assert "Adherence 75%" in history.text  # a day of "part" is part of it, never all
    assert history.photo is None  # no ratio to draw (no result yet): no empty chart


async def test_history_draws_the_ratio_with_a_caption_once_there_is_one(running: Harness):
    ada = running.client()
    await quick_check(running, "Typical Western diet", "magnesium 200 mg")
    await set_reminder(running)
    running.clock.current = BERLIN_9PM
    await running.tick()
    await ada.click("✅ Took everything as usual", ada.last())
    await ada.send("/history")
    picture = running.api.chat(42)[-1]
    assert picture.photo is not None
    assert "ratio on the days it could be worked out, over 1 day" in (picture.caption or "")


async def test_sundays_check_in_carries_a_summary_of_the_week(running: Harness):
    await set_reminder(running)
    ada = running.client()
    running.clock.current = BERLIN_9PM  # Saturday
    await running.tick()
    await ada.click("✅ Took everything as usual", ada.last())
    running.clock.current = BERLIN_9PM + timedelta(days=1)  # Sunday 22 Nov
    await running.tick()
    text = ada.last().text
    # counted from the first check-in sent (Saturday): Sunday's is not answered yet, so not missed yet
    assert "<b>Your week</b>: checked in on 1 of 1 day; adherence 100%;" in text
    await ada.send("/history")
    assert "Checked in on 1 of 1 day" in ada.last().text
    assert "Adherence 100%" in ada.last().text  # the week's summary and /history agree
    assert "Today's check-in is waiting for your answer" in ada.last().text
    await ada.click("⭕ Took none", ada.last_with_buttons())
    await ada.send("/history")
    assert "Checked in on 2 of 2 days" in ada.last().text
    assert "Adherence 50%" in ada.last().text
    assert "waiting" not in ada.last().text


async def test_history_while_the_first_check_in_waits_says_it_waits(running: Harness):
    ada = await checkin_open(running)
    await ada.send("/history")
    said = ada.last().text
    assert "Today's check-in is waiting for your answer" in said
    assert "comes" not in said
    assert "0 of" not in said
    await ada.click("🌓 Took part of it", ada.last_with_buttons())
    await ada.send("/history")
    assert "Checked in on 1 of 1 day: 1 day partly taken\n" in ada.last().text


async def test_blocking_pauses_and_coming_back_resumes(running: Harness):
    await set_reminder(running)
    running.api.blocked.add(42)
    running.clock.current = BERLIN_9PM
    await running.tick()
    assert (await running.reminder(42)).paused
    running.api.blocked.discard(42)
    await running.client().send("hi again")
    assert not (await running.reminder(42)).paused
    member = {
        "chat": {"id": 42, "type": "private", "first_name": "Ada"},
        "from": {"id": 42, "is_bot": False, "first_name": "Ada"},
        "date": 0,
        "old_chat_member": {"status": "member", "user": {"id": 7000001, "is_bot": True, "first_name": "CaMag"}},
        "new_chat_member": {
            "status": "kicked",
            "until_date": 0,
            "user": {"id": 7000001, "is_bot": True, "first_name": "CaMag"},
        },
    }
    await running.client().send_update({"my_chat_member": member})
    assert (await running.reminder(42)).paused
    back = {**member, "old_chat_member": member["new_chat_member"], "new_chat_member": member["old_chat_member"]}
    await running.client().send_update({"my_chat_member": back})
    assert not (await running.reminder(42)).paused


async def test_retry_after_is_honoured_and_the_check_in_is_sent_once(tmp_path: Path):
    running = await start_bot(tmp_path / "data", paced=True)  # the bot's limiter waits and retries
    await set_reminder(running)
    running.api.fail_once["sendMessage"] = (429, "Too Many Requests: retry after 1", {"retry_after": 1})
    running.clock.current = BERLIN_9PM
    await running.tick()
    sent = [m for m in running.api.chat(42) if (m.text or "").startswith("<b>Daily check-in")]
    assert len(sent) == 1
    assert len(running.api.method_calls("sendMessage")) >= 2  # the refused try, then the delivery
    await stop_bot(running)


async def test_after_a_restart_reminders_are_back_and_a_missed_one_comes_once(tmp_path: Path):
    data = tmp_path / "data"
    first = await start_bot(data)
    await set_reminder(first)
    await stop_bot(first)
    first.clock.current = BERLIN_9PM + timedelta(hours=1, minutes=30)  # down at 21:00, back at 22:30
    second = await start_bot(data, api=first.api, clock=first.clock)
    for _ in range(50):
        if second.services.dispatcher.sent:
            break
        await asyncio.sleep(0.02)
    await second.tick()
    checkins = [m for m in second.api.chat(42) if (m.text or "").startswith("<b>Daily check-in")]
    assert len(checkins) == 1
    assert (await second.reminder(42)).doses[0].last_sent == date(2026, 11, 21)
    await stop_bot(second)


async def test_a_reminder_set_after_its_time_today_starts_tomorrow_even_after_a_restart(tmp_path: Path):
    data = tmp_path / "data"
    first = await start_bot(data, clock=FakeClock(BERLIN_9PM + timedelta(hours=1)))  # 22:00 in Berlin
    await set_reminder(first)  # for 21:00: nothing was missed today
    await stop_bot(first)
    second = await start_bot(data, api=first.api, clock=first.clock)
    try:
        assert await second.tick() == 0
        second.clock.current = BERLIN_9PM + timedelta(days=1)
        assert await second.tick() == 1
        assert "Daily check-in, Sun 22 Nov" in second.client().last().text
    finally:
        await stop_bot(second)


@pytest.mark.parametrize(
    ("zone_name", "at", "fires_utc", "local_day"),
    [
        # east of UTC: the local date is a day ahead of UTC's when the check-in fires
        ("Asia/Tokyo", "07:00", datetime(2026, 11, 20, 22, 0, tzinfo=UTC), date(2026, 11, 21)),
        ("Pacific/Auckland", "08:00", datetime(2026, 11, 20, 19, 0, tzinfo=UTC), date(2026, 11, 21)),
        # west of UTC: the local date is a day behind UTC's
        ("America/Los_Angeles", "21:00", datetime(2026, 11, 22, 5, 0, tzinfo=UTC), date(2026, 11, 21)),
        ("Pacific/Pago_Pago", "22:00", datetime(2026, 11, 22, 9, 0, tzinfo=UTC), date(2026, 11, 21)),
    ],
)
async def test_a_check_in_counts_for_the_persons_own_day_on_both_sides_of_utc(
    running: Harness, zone_name, at, fires_utc, local_day
):
    running.clock.current = fires_utc - timedelta(hours=3)
    ada = running.client()
    await ada.send("/remind")
    await ada.send(zone_name)
    await ada.send(at)
    assert f"({zone_name})" in ada.last().text
    running.clock.current = fires_utc
    assert await running.tick() == 1
    checkin = ada.last()
    assert local_day.strftime("%a %-d %b") in checkin.text
    await ada.click("✅ Took everything as usual", checkin)
    assert [(c.day, c.status) for c in (await running.checkins(42))] == [(local_day, "all")]
    # a forged button for the person's tomorrow (UTC's today, west of UTC) is refused
    tomorrow = encode(Action.CHECKIN, (local_day + timedelta(days=1)).isoformat(), "none")
    await ada.click_data(tomorrow, checkin)
    assert [c.day for c in (await running.checkins(42))] == [local_day]


async def test_a_forged_check_in_before_the_person_first_came_is_refused(running: Harness):
    ada = await checkin_open(running)
    checkin = ada.last()
    await ada.click_data(encode(Action.CHECKIN, "0001-01-01", "all"), checkin)
    assert "expired" in running.api.answers[-1]["text"]
    assert (await running.checkins(42)) == []


async def test_the_same_answer_tapped_twice_is_normal_use_not_an_error(running: Harness, caplog):
    ada = await checkin_open(running)
    checkin = ada.last()
    await ada.click("✅ Took everything as usual", checkin)
    running.api.fail_once["editMessageText"] = (
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the "
        "same as a current content and reply markup of the message",
        {},
    )
    await ada.click_data(encode(Action.CHECKIN, "2026-11-21", "all"), checkin)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert all(a.get("callback_query_id") for a in running.api.answers)


async def test_snooze_is_confirmed_in_the_chat_not_only_in_a_toast(running: Harness):
    ada = await checkin_open(running)
    await ada.click("⏰ Snooze 1 hour", ada.last())
    assert "Snoozed: I'll ask again at 22:00" in ada.last().text


async def test_snooze_on_a_check_in_already_answered_says_so_and_asks_nothing_again(running: Harness):
    ada = await checkin_open(running)
    checkin = ada.last()
    snooze = next(b["callback_data"] for b in checkin.buttons() if "Snooze" in b["text"])
    await ada.click("✅ Took everything as usual", checkin)
    await ada.click_data(snooze, checkin)  # the button as it was sent (a second device, a slow edit)
    said = running.api.answers[-1]
    assert said["text"] == "✅ The check-in for Sat 21 Nov is answered already, so I won't ask about it again."
    assert said.get("show_alert")
    assert "Snoozed" not in ada.last().text
    plan = await running.reminder(42)
    assert plan is not None
    assert plan.snoozes() == []
    running.clock.current += timedelta(hours=1)
    assert await running.tick() == 0


async def test_a_check_in_tapped_after_forget_says_the_data_was_erased(running: Harness):
    ada = await checkin_open(running)
    checkin = ada.last()
    await ada.send("/forget")
    await ada.send("yes")
    assert "erased" in ada.last().text
    await ada.click("✅ Took everything as usual", checkin)
    said = running.api.answers[-1]["text"]
    assert said.startswith("Your data was erased, reminders included, so I didn't note this check-in.")
    assert "Send /check to start again." in said
    assert await running.person(42) is None
    assert await running.checkins(42) == []


async def test_logging_asks_for_a_missing_amount_and_says_back_what_was_logged(running: Harness):
    ada = await checkin_open(running)
    await ada.click("📝 Log what I took", ada.last())
    await ada.send("2 mag pills")
    assert "not how much is in each" in ada.last().text
    assert (await running.checkins(42)) == []  # nothing is taken silently
    await ada.send("2 pills of mag citrate 200mg")
    assert "logged 200 mg magnesium (as magnesium citrate), 2 a day" in ada.last().text
    assert "Anything notable" in ada.last().text
    await ada.send("no")
    (day,) = await running.checkins(42)
    assert [(s.amount, s.per_day) for s in day.supplements or []] == [(200, 2)]
    assert day.note is None  # "2 pills of mag citrate 200mg" did not become the food note


async def test_logging_without_knowing_the_amount_logs_the_supplement_without_one(running: Harness):
    ada = await checkin_open(running)
    await ada.click("📝 Log what I took", ada.last())
    await ada.send("2 mag pills")
    await ada.send("don't know")
    assert "logged magnesium: amount not known, 2 a day" in ada.last().text


@pytest.mark.parametrize(
    ("typed", "logged"),
    [
        ("2 calcium carbonate tablets", "calcium (as calcium carbonate): amount not known, 2 a day"),
        ("2 magnesium citrate capsules", "magnesium (as magnesium citrate): amount not known, 2 a day"),
        ("2 vitamin D3 softgels", "vitamin D: amount not known, 2 a day"),
    ],
)
async def test_a_count_of_tablets_is_how_many_never_an_amount(running: Harness, typed, logged):
    """ "2 calcium carbonate tablets" is two servings of an amount not given: asked about, never 2 mg."""
    ada = await checkin_open(running)
    await ada.click("📝 Log what I took", ada.last())
    await ada.send(typed)
    assert "not how much is in each" in ada.last().text
    await ada.send("don't know")
    assert f"logged {logged}" in ada.last().text
    (day,) = await running.checkins(42)
    assert [(s.amount, s.per_day) for s in day.supplements or []] == [(None, 2)]


@pytest.mark.parametrize(
    ("typed", "status"),
    [("yeah took em all 👍", "all"), ("only some of them", "some"), ("forgot them today", "none")],
)
async def test_a_check_in_answered_in_words_is_understood(running: Harness, typed, status):
    ada = await checkin_open(running)
    await ada.send(typed)
    assert [(c.day, c.status) for c in (await running.checkins(42))] == [(date(2026, 11, 21), status)]
    assert "Noted!" in ada.last().text


async def test_words_without_an_open_check_in_get_the_usual_hint(running: Harness):
    ada = running.client()
    await ada.send("yeah took em all")
    assert (await running.checkins(42)) == []
    assert "/check" in ada.last().text


async def test_an_answer_typed_before_the_day_s_check_in_says_when_it_comes(running: Harness):
    await set_reminder(running)  # Saturday 10:00 in Berlin, the check-in at 21:00
    ada = running.client()
    await ada.send("took them all")
    assert ada.last().text == "Today's check-in comes at <b>21:00</b>: answer it then."
    assert (await running.checkins(42)) == []
    running.clock.current = datetime(2026, 11, 21, 21, 30, tzinfo=UTC)  # 22:30: today's was never sent
    await ada.send("took them all")
    assert ada.last().text == "Your next check-in comes on Sunday at <b>21:00</b>: answer it then."


async def test_an_answer_typed_again_after_the_check_in_was_answered_says_so(running: Harness):
    ada = await checkin_open(running)
    await ada.send("took them all")
    assert "Noted!" in ada.last().text
    await ada.send("forgot them")
    assert ada.last().text.startswith("Today's check-in is answered already.")
    assert [c.status for c in await running.checkins(42)] == ["all"]


async def test_before_any_check_in_history_settings_and_mydata_say_when_reminders_come(running: Harness):
    await set_reminder(running)  # Saturday 10:00 in Berlin
    ada = running.client()
    await ada.send("/history")
    assert "No check-ins yet" not in ada.last().text
    assert "the first check-in comes today at <b>21:00</b>" in ada.last().text
    await ada.send("/remind Mondays 6:30")
    await ada.send("/settings")
    await ada.click("Drop 21:00")  # only the weekly one is left
    await ada.send("/history")
    assert "the first check-in comes on Monday at <b>06:30</b>" in ada.last().text
    await ada.send("/settings")
    assert "Daily check-ins" not in ada.last().text
    assert "every Monday at <b>06:30</b>" in ada.last().text
    await ada.send("/mydata")
    assert "Reminder: Mondays 06:30 (Europe/Berlin)" in ada.last().text
