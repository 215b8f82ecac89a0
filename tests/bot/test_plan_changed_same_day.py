"""A day's check-in answer is kept when the plan changes that day: one daily check-in answered,
then a second reminder added (and back), answered typed or tapped, east and west of UTC."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.doctor_report import checkins_csv
from camag_core.daily import WHOLE_DAY, CheckIn, DoseAnswer, Status
from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Client
from tests.bot.test_checkins import quick_check
from tests.bot.test_report import report_sent

SATURDAY = date(2026, 11, 21)


async def the_day(h: Harness, day: date = SATURDAY) -> CheckIn:
    (checkin,) = await h.checkins(42)
    assert checkin.day == day
    return checkin


def by_dose(checkin: CheckIn) -> dict[int, str]:
    return {n: a.status.value for n, a in checkin.doses.items()}


async def part_at_nine_then_a_second_reminder(
    h: Harness, zone_name: str, nine: datetime, *, move_to: str | None = None
) -> None:
    """One daily check-in at 09:00 in ``zone_name`` (``nine``, in UTC), answered "part" in words,
    (moved to ``move_to`` from tomorrow on,) then at noon a second reminder at 20:00 added, and
    its check-in sent at 20:00."""
    h.clock.current = nine - timedelta(hours=2)
    ada = h.client()
    await ada.send("/remind")
    await ada.send(zone_name)
    await ada.send("9:00")
    h.clock.current = nine
    assert await h.tick() == 1
    await ada.send("took part of them")
    assert "took part of it. Noted!" in ada.last().text
    assert (await the_day(h)).status is Status.SOME
    h.clock.current = nine + timedelta(hours=3)
    if move_to is not None:
        await ada.send("/settings")
        await ada.click("Move 09:00")
        await ada.send(move_to)
    await ada.send("/remind 20:00")
    assert "every day at <b>20:00</b>" in ada.last().text
    h.clock.current = nine + timedelta(hours=11)
    assert await h.tick() == 1
    assert "20:00" in ada.last().text


async def first_one_taken(h: Harness, times: str, first: datetime) -> Client:
    """Reminders at ``times`` in Berlin, set that morning; the first sent at ``first`` (UTC) and taken."""
    h.clock.current = first - timedelta(hours=1)
    ada = h.client()
    await ada.send("/remind")
    await ada.send("Berlin")
    await ada.send(times)
    h.clock.current = first
    assert await h.tick() == 1
    await ada.click("✅ Took", ada.last())
    return ada


@pytest.mark.parametrize("answer", ["typed", "tapped"])
async def test_a_day_answered_whole_keeps_its_answer_when_a_dose_added_that_day_is_answered(
    running: Harness, answer: str
):
    await part_at_nine_then_a_second_reminder(running, "Berlin", datetime(2026, 11, 21, 8, 0, tzinfo=UTC))
    ada = running.client()
    if answer == "typed":
        await ada.send("took them")
    else:
        await ada.click("✅ Took it", ada.last())
    said = ada.last().text
    assert "20:00: took it" in said
    assert "09:00" not in said  # the morning's answer is not said to be changed
    checkin = await the_day(running)
    assert by_dose(checkin) == {1: "some", 2: "all"}  # the morning's "part" counts for the 09:00 dose
    assert checkin.status is Status.SOME
    assert checkin.share == pytest.approx(0.75)


async def test_a_dose_added_for_today_and_never_answered_counts_as_not_taken(running: Harness):
    """The 09:00 check-in answered whole, a 20:00 one added at noon and never answered: that day
    counts the 09:00 answer and, once it is over, the 20:00 dose missed (at 21:00 it still waits)."""
    ada = await first_one_taken(running, "9:00", datetime(2026, 11, 21, 8, 0, tzinfo=UTC))
    running.clock.current = datetime(2026, 11, 21, 11, 0, tzinfo=UTC)
    await ada.send("/remind 20:00")
    assert "Adherence 100%" in (await ada.send("/history"))[-1].text  # nothing more due yet
    running.clock.current = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)  # 21:00: the 20:00 one sent, not answered
    await running.tick()
    said = (await ada.send("/history"))[-1].text
    assert "Adherence 100%" in said  # the day isn't over: the 20:00 check-in waits for its answer
    assert "Today's check-in is waiting for your answer" in said
    checkin = await the_day(running)
    assert (by_dose(checkin), checkin.expected, checkin.share) == ({1: "all"}, 2, 0.5)
    running.clock.current = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)  # Sunday 08:00: nothing due yet today
    assert "Adherence 50%" in (await ada.send("/history"))[-1].text


async def test_a_dose_dropped_before_it_came_is_not_counted_as_missed(running: Harness):
    """08:00 and 13:00 in Berlin, the 08:00 one taken, the 13:00 one dropped at 11:00: the day
    was all taken, and stays so the next day."""
    ada = await first_one_taken(running, "8:00 and 13:00", datetime(2026, 11, 21, 7, 0, tzinfo=UTC))
    running.clock.current = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    await ada.send("/settings")
    await ada.click("Drop 13:00")
    checkin = await the_day(running)
    assert (checkin.status, checkin.expected, checkin.share) == (Status.ALL, 1, 1.0)
    running.clock.current = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)  # Sunday 07:00: nothing due yet today
    history = (await ada.send("/history"))[-1].text
    assert "Checked in on 1 of 1 day: 1 day all taken\n" in history
    assert "Adherence 100%" in history


async def test_the_mornings_answer_stays_with_its_dose_once_that_dose_moved_to_the_evening(running: Harness):
    """The 09:00 check-in answered, the reminder moved to 19:00 (from tomorrow on): "took them"
    at 20:00 answers the 20:00 dose only; the 09:00 one was answered already."""
    await part_at_nine_then_a_second_reminder(
        running, "Berlin", datetime(2026, 11, 21, 8, 0, tzinfo=UTC), move_to="19:00"
    )
    ada = running.client()
    await ada.send("took them")
    assert "19:00" not in ada.last().text
    checkin = await the_day(running)
    assert by_dose(checkin) == {1: "some", 2: "all"}
    assert checkin.share == pytest.approx(0.75)


async def test_a_later_answer_for_the_morning_dose_refines_only_that_dose(running: Harness):
    await part_at_nine_then_a_second_reminder(running, "Berlin", datetime(2026, 11, 21, 8, 0, tzinfo=UTC))
    ada = running.client()
    await ada.click("⭕ Didn't take it", ada.last())
    morning = next(m for m in running.api.chat(42) if "took part of it. Noted!" in (m.text or ""))
    await ada.click("✅ Took everything as usual", morning)  # the morning's answer, changed
    checkin = await the_day(running)
    assert by_dose(checkin) == {1: "all", 2: "none"}
    assert checkin.share == pytest.approx(0.5)


async def test_the_day_is_the_persons_own_west_of_utc(running: Harness):
    """Los Angeles: 20:00 on Saturday is 04:00 on Sunday in UTC; both answers are Saturday's."""
    await part_at_nine_then_a_second_reminder(running, "America/Los_Angeles", datetime(2026, 11, 21, 17, 0, tzinfo=UTC))
    assert running.clock.current == datetime(2026, 11, 22, 4, 0, tzinfo=UTC)
    ada = running.client()
    assert "Sat 21 Nov" in ada.last().text
    await ada.send("took them")
    checkin = await the_day(running, SATURDAY)
    assert by_dose(checkin) == {1: "some", 2: "all"}
    assert checkin.share == pytest.approx(0.75)
    await ada.send("/history")
    assert "Adherence 75%" in ada.last().text


async def morning_taken_then_dropped(h: Harness) -> None:
    """Reminders at 08:00 and 20:00 in Berlin, the 08:00 one taken, then dropped at noon: the
    20:00 one, now the only daily check-in, sent."""
    ada = await first_one_taken(h, "8:00 and 20:00", datetime(2026, 11, 21, 7, 0, tzinfo=UTC))
    h.clock.current = datetime(2026, 11, 21, 11, 0, tzinfo=UTC)
    await ada.send("/settings")
    await ada.click("Drop 08:00")
    h.clock.current = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
    assert await h.tick() == 1
    assert "Daily check-in" in ada.last().text


async def test_back_to_one_daily_check_in_keeps_the_doses_answered_before(running: Harness):
    """The 20:00 check-in, the only one left, is answered for itself; the 08:00 answer is kept."""
    await morning_taken_then_dropped(running)
    ada = running.client()
    await ada.click("⭕ Took none", ada.last())
    said = ada.last().text
    assert "20:00: didn't take it" in said
    assert "took none. Noted!" not in said  # not true of the day: the 08:00 dose was taken
    checkin = await the_day(running)
    assert by_dose(checkin) == {1: "all", 2: "none"}
    assert checkin.share == pytest.approx(0.5)
    await ada.send("forgot them")  # the same answer, typed: nothing more to note
    assert by_dose(await the_day(running)) == {1: "all", 2: "none"}


async def test_a_dose_still_open_after_going_back_to_one_check_in_is_answered_in_words(running: Harness):
    await morning_taken_then_dropped(running)
    ada = running.client()
    await ada.send("forgot them")
    assert "20:00: didn't take it" in ada.last().text
    assert by_dose(await the_day(running)) == {1: "all", 2: "none"}


async def test_history_report_and_csv_count_the_day_from_both_answers(running: Harness):
    running.clock.current = datetime(2026, 11, 21, 5, 0, tzinfo=UTC)
    await quick_check(running, "Mostly vegetables", "calcium 500 mg")
    await part_at_nine_then_a_second_reminder(running, "Berlin", datetime(2026, 11, 21, 8, 0, tzinfo=UTC))
    ada = running.client()
    await ada.send("took them")
    running.clock.current = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # Sunday: Saturday is a whole day past
    await ada.send("/history")
    # Sunday's 09:00 is sent, not answered: Sunday isn't over, so it counts once answered
    assert "Checked in on 1 of 1 day: 1 day partly taken\n" in ada.last().text
    assert "Adherence 75%" in ada.last().text
    text, rows = await report_sent(running)
    assert "Last 30 days: 75% of the supplements due were taken (checked in on 1 of 1 day: 1 day partly taken)" in text
    assert [(r["day"], r["status"], r["share taken"], r["doses"]) for r in rows] == [
        ("2026-11-21", "part taken", "0.75", "1: part taken; 2: all taken")
    ]


def test_the_csv_names_a_day_answered_whole_before_its_doses():
    doses = {WHOLE_DAY: DoseAnswer(status=Status.SOME), 2: DoseAnswer(status=Status.ALL)}
    day = CheckIn(
        day=SATURDAY, status=Status.SOME, at=datetime(2026, 11, 21, 19, 0, tzinfo=UTC), doses=doses, expected=2
    )
    (row,) = csv.DictReader(io.StringIO(checkins_csv([day]).decode("utf-8-sig")))
    assert (row["doses"], row["share taken"]) == ("whole day: part taken; 2: all taken", "0.75")


async def test_logging_what_was_taken_after_going_back_to_one_check_in_keeps_the_doses_answered(
    running: Harness,
):
    """ "Log what I took" on the 20:00 check-in, the only one left, and a note of food: the 08:00
    answer stays, the 20:00 one counts as logged."""
    await morning_taken_then_dropped(running)
    ada = running.client()
    await ada.click("📝 Log what I took", ada.last())
    await ada.send("magnesium 200 mg")
    await ada.send("nothing special")
    assert "logged what you took. Noted!" in ada.last().text
    checkin = await the_day(running)
    assert checkin.status is Status.SOME
    assert by_dose(checkin) == {1: "all", 2: "logged"}
    assert [s.describe() for s in checkin.supplements or []] == ["200 mg magnesium, 1 a day"]
    assert checkin.share == pytest.approx(0.75)
