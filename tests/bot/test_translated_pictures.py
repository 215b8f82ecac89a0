"""The pictures and the doctor's PDF in the person's language: titles, axes and legends through the
catalog, and a PDF whose font has the letters of Russian, Spanish and German."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium

from bot import chart
from bot.doctor_report import adherence_chart, pdf
from camag_core.daily import Period
from camag_core.report import Line, Section, Style
from tests.bot.test_chart import example
from tests.translated import texts_with

TODAY = date(2026, 12, 7)
RU = texts_with(
    "ru",
    {
        "Calcium : magnesium about {figure} : 1   (articles: 1 : 1)": "Кальций : магний около {figure} : 1",
        "Calcium": "Кальций",
        "Share of your RDA/AI (%)": "% вашей нормы",
        ("Last {n} day · adherence {share}", "Last {n} days · adherence {share}"): (
            "Последний {n} день · приём {share}",
            "Последние {n} дня · приём {share}",
            "Последние {n} дней · приём {share}",
        ),
        "Adherence": "Соблюдение",
        "CaMag · information, not medical advice · page {page}": "CaMag · информация, не совет врача · стр. {page}",
    },
)


def test_the_balance_picture_is_titled_and_labelled_through_the_catalog():
    result = example("food_questions_man")
    assert chart._title(result, RU).startswith("Кальций : магний около ")
    assert "," in chart._title(result, RU)  # the ratio's figure written the Russian way: 1,6
    unit, bars = chart.rows(result, t=RU)
    assert unit == "% вашей нормы"
    assert bars[0].label == "Кальций"
    assert chart.Frame.of(unit, bars, t=RU) != chart.Frame.of(*chart.rows(result))  # each language its frame
    assert chart.render(result, t=RU).startswith(b"\xff\xd8\xff")


def test_the_history_title_picks_its_plural_form_and_the_dates_are_the_locales():
    def month(days: int) -> Period:
        return Period(days, 1, 1, 0, 0, 0, (), 0.5)

    assert chart.history_title(month(21), t=RU).startswith("Последний 21 день")
    assert chart.history_title(month(3), t=RU).startswith("Последние 3 дня")
    assert chart.history_title(month(30), t=RU).startswith("Последние 30 дней")
    assert chart.history_dates(month(1), TODAY, t=RU) == ["7 дек."]
    assert chart.history_title(month(1)) == "Last 1 day · adherence 50%"


def test_the_pdf_renders_cyrillic_and_accented_letters_and_keeps_the_chart_after_adherence():
    words = "Отчёт CaMag: кальций 900 мг · Añadir, corazón, ¿sí? · Größe, Übelkeit"
    sections = (
        Section(words, (Line("Информация для разговора с врачом.", Style.NOTE),)),
        Section("Соблюдение", (Line("Последние 30 дней: 80 %"),)),
    )
    document = pdf(sections, adherence_chart([], TODAY, t=RU), t=RU)
    page = pdfium.PdfDocument(document)[0]
    text = page.get_textpage().get_text_range()
    assert "Отчёт CaMag: кальций 900 мг" in text
    assert "Añadir, corazón, ¿sí?" in text
    assert "Übelkeit" in text
    assert "информация, не совет врача · стр. 1" in text
    assert any(obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())  # the chart, after Соблюдение


def test_each_language_has_its_history_frame_and_neither_shows_in_the_other():
    days = Period(30, 2, 2, 0, 0, 0, ((date(2026, 12, 6), 1.4), (TODAY, 1.1)), 2.0)
    assert chart.HistoryFrame.of(days, TODAY, t=RU) != chart.HistoryFrame.of(days, TODAY)
    english = chart.render_history(days, TODAY)
    assert chart.render_history(days, TODAY, t=RU) != english
    assert chart.render_history(days, TODAY) == english
