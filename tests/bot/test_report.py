"""/report: the doctor's PDF, its pages rendered to images and read, and the check-ins as CSV."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, date, datetime, timedelta

import pypdfium2 as pdfium
import pytest
from PIL import Image

from bot.doctor_report import checkins_csv
from camag_core.daily import CheckIn, DoseAnswer, Status
from camag_core.i18n import texts
from tests.bot.conftest import Harness
from tests.bot.test_routine import START, routine_in_tokyo

ON_BOTH_BACKENDS = True
BLUE = (0x15, 0x65, 0xC0)  # the chart's bars (bot.chart.YOU_COLOUR)


def pages(data: bytes) -> list[tuple[Image.Image, str]]:
    document = pdfium.PdfDocument(data)
    found = []
    for page in document:
        text = page.get_textpage().get_text_range()
        found.append((page.render(scale=1.5).to_pil().convert("RGB"), text))
    return found


async def report_sent(h: Harness) -> tuple[str, list[dict[str, str]]]:
    """/report: the PDF's text (one space between words) and the CSV's rows."""
    await h.client().send("/report")
    report, checkins = h.api.chat(42)[-2:]
    assert report.document is not None
    assert checkins.document is not None
    text = " ".join(" ".join(t.split()) for _, t in pages(report.document))
    return text, list(csv.DictReader(io.StringIO(checkins.document.decode("utf-8-sig"))))


def has_colour(image: Image.Image, colour: tuple[int, int, int], least: int) -> bool:
    near = sum(
        count
        for count, rgb in image.getcolors(1 << 20) or []
        if all(abs(a - b) <= 12 for a, b in zip(rgb, colour, strict=True))
    )
    return near >= least


async def test_the_report_shows_totals_supplements_medicines_adherence_cautions_and_sources(running: Harness):
    running.clock.current = START
    ada = running.client()
    await ada.send("/report")
    assert "No result yet" in ada.last().text
    await routine_in_tokyo(running)
    now = START
    for _ in range(3 * 48):  # three days, every dose taken but the night's on the second
        now += timedelta(minutes=30)
        running.clock.current = now
        before = len(running.api.chat(42))
        await running.tick()
        for message in running.api.chat(42)[before:]:
            skip = "21:30" in (message.text or "") and now.day == 23
            await ada.click("⏭️ Skip this one" if skip else "✅ Took it", message)
    await ada.send("/report")
    report, checkins = running.api.chat(42)[-2:]
    assert report.document is not None
    assert checkins.document is not None
    shown = pages(report.document)
    if os.environ.get("CAMAG_KEEP_REPORT"):  # to look at the pages
        for n, (image, _) in enumerate(shown, 1):
            image.save(f"{os.environ['CAMAG_KEEP_REPORT']}-{n}.png")
    assert 1 <= len(shown) <= 2
    text = " ".join(" ".join(t.split()) for _, t in shown)
    for expected in (
        "Daily totals against the reference values",
        "Calcium: ",
        "of your RDA of 1,200 mg",
        "upper limit",
        "600 mg calcium (as calcium carbonate), 2 a day: reminded every day at 13:00 and 19:00 (Asia/Tokyo)",
        "200 mg magnesium (as magnesium glycinate), 1 a day: reminded every day at 21:30 (Asia/Tokyo)",
        "Reminders (Asia/Tokyo)",
        "every Monday at 06:30: Bisphosphonate (e.g. alendronate), with plain water, before food",
        "Bisphosphonate (e.g. alendronate): reminded every Monday at 06:30 (Asia/Tokyo)",
        "Take FOSAMAX" if "Take FOSAMAX" in text else "Timing: Alendronate first thing",
        "Last 30 days:",
        "Last 90 days:",
        "Cautions",
        "dailymed.nlm.nih.gov",
        "Dietary Reference Intakes",
    ):
        assert expected in text, expected
    assert "100% of the supplements due" not in text  # a night skipped
    assert any(has_colour(image, BLUE, 500) for image, _ in shown)  # the adherence chart's bars
    rows = list(csv.DictReader(io.StringIO(checkins.document.decode("utf-8-sig"))))
    assert [r["day"] for r in rows] == ["2026-11-22", "2026-11-23", "2026-11-24"]
    assert rows[1]["status"] == "part taken"
    assert "4: skipped" in rows[1]["doses"]


async def test_a_dose_not_due_yet_counts_nowhere_in_madrid(running: Harness):
    """Reminders at 15:16 and 21:00 in Madrid (west of nothing: UTC+1), the 15:16 one taken: at
    16:00 everything due so far was taken, in /history, the PDF and the CSV alike; at 21:30,
    with the 21:00 one waiting for its answer, still all (the day isn't over); the next day, half."""
    running.clock.current = START
    ada = running.client()
    await routine_in_tokyo(running)  # a result to report on
    await ada.send("/remind off")
    running.clock.current = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # Monday 09:00 in Madrid
    await ada.send("/settings")
    await ada.click("Change time zone")
    await ada.send("Madrid")
    await ada.send("/remind 15:16 and 21:00")
    running.clock.current = datetime(2026, 12, 7, 14, 16, tzinfo=UTC)
    await running.tick()
    await ada.click("✅ Took it", ada.last())
    running.clock.current = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # 16:00 in Madrid
    history = (await ada.send("/history"))[-1].text
    assert "Adherence 100%" in history
    assert "Checked in on 1 of 1 day: 1 day all taken\n" in history
    text, rows = await report_sent(running)
    assert "Last 30 days: 100% of the supplements due were taken" in text
    assert [(r["day"], r["status"], r["doses due"], r["share taken"]) for r in rows] == [
        ("2026-12-07", "all taken", "1", "1.00")
    ]
    running.clock.current = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)  # 21:30: the 21:00 one sent, not answered
    await running.tick()
    history = (await ada.send("/history"))[-1].text
    assert "Adherence 100%" in history
    assert "Today's check-in is waiting for your answer" in history
    running.clock.current = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)  # Tuesday 09:00: Monday is over
    assert "Adherence 50%" in (await ada.send("/history"))[-1].text


@pytest.mark.parametrize(
    ("language", "heading", "row"),
    [
        ("ru", ["дата", "итог дня", "доля принятого"], ["2026-12-07", "принята часть", "0,75", "2"]),
        ("de", ["Datum", "Tagesergebnis", "Anteil eingenommen"], ["2026-12-07", "teilweise genommen", "0,75", "2"]),
        ("es", ["fecha", "resultado del día", "parte tomada"], ["2026-12-07", "una parte tomada", "0,75", "2"]),
    ],
)
def test_the_check_ins_csv_speaks_the_person_s_language_and_their_spreadsheet_s_numbers(language, heading, row):
    day = CheckIn(
        day=date(2026, 12, 7),
        status=Status.SOME,
        at=datetime(2026, 12, 7, 20, tzinfo=UTC),
        doses={1: DoseAnswer(status=Status.ALL), 2: DoseAnswer(status=Status.SOME, taken=("calcium",), of=2)},
        expected=2,
        ratio=1.625,
    )
    data = checkins_csv([day], t=texts(language))
    assert data.startswith("\ufeff".encode())  # UTF-8 said, for a spreadsheet that would guess another
    first, second = csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    assert first[:3] == heading
    assert second[:4] == row
    assert second[-1] == "1,62"
