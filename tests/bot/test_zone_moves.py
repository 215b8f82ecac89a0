"""A person who moves west across the date line (walk of 7 Dec): the day answered in Auckland
stays answered and counted, and the next check-in is the next one at its time in Honolulu that is
not for a day already answered."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.bot.conftest import Harness
from tests.bot.test_checkins import quick_check
from tests.bot.test_report import report_sent

AUCKLAND_SIX = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # Tue 8 Dec 06:00 in Auckland, Mon 7 07:00 in Honolulu


async def test_moving_west_over_the_date_line_keeps_the_day_answered_and_asks_the_next_one(running: Harness):
    running.clock.current = AUCKLAND_SIX
    ada = running.client()
    await quick_check(running, "Mostly vegetables", "calcium 500 mg")  # a result, for /report
    await ada.send("/remind")
    await ada.send("Auckland")
    await ada.send("07:00")
    running.clock.current = AUCKLAND_SIX + timedelta(hours=1)
    assert await running.tick() == 1
    assert "Daily check-in, Tue 8 Dec" in ada.last().text
    await ada.click("✅ Took everything as usual", ada.last())

    await ada.send("/settings")
    await ada.click("Change time zone")
    await ada.send("Honolulu")  # Mon 7 Dec 08:00 there
    await ada.send("/settings")
    await ada.click("Move 07:00")
    await ada.send("09:03")
    history = (await ada.send("/history"))[0].text
    assert "Checked in on 1 of 1 day" in history
    assert "Adherence 100%" in history
    text, rows = await report_sent(running)
    assert "Last 30 days: 100% of the supplements due were taken (checked in on 1 of 1 day: 1 day all taken)" in text
    assert [(r["day"], r["status"]) for r in rows] == [("2026-12-08", "all taken")]

    running.clock.current = datetime(2026, 12, 7, 19, 3, tzinfo=UTC)  # Mon 7 Dec 09:03 in Honolulu
    assert await running.tick() == 1
    assert "Daily check-in, Mon 7 Dec" in ada.last().text
    await ada.click("⭕ Took none", ada.last())
    history = (await ada.send("/history"))[0].text
    assert "Checked in on 2 of 2 days" in history
    assert "Adherence 50%" in history
    running.clock.current += timedelta(days=1)  # Tue 8 Dec 09:03 in Honolulu: answered in Auckland
    assert await running.tick() == 0
    running.clock.current += timedelta(days=1)
    assert await running.tick() == 1
    assert "Daily check-in, Wed 9 Dec" in ada.last().text
    assert [(c.day, c.status) for c in await running.checkins()] == [
        (date(2026, 12, 7), "none"),
        (date(2026, 12, 8), "all"),
    ]
