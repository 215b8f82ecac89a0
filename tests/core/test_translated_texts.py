"""The reminders, the reports and their re-prompts are worded through the person's catalog, in
whole messages, with their plural forms and the locale's dates and numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from camag_core import assess, balance, schedule
from camag_core.answers import Answers, Basis, Medication, Supplement, Unit
from camag_core.daily import Period, period
from camag_core.doctor import doctor_report
from camag_core.i18n import texts
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM
from camag_core.parsing import ParseError
from camag_core.report import details, report, short_report
from camag_core.routine import mentioned, propose
from camag_core.safety import safety_warnings
from camag_core.schedule import Plan, Wanted, parse_times, repeats
from tests.core.test_routine import CALTRATE, MAGNESIUM
from tests.translated import texts_with

TODAY = date(2026, 12, 7)
RU = texts_with(
    "ru",
    {
        "every day": "каждый день",
        "every Wednesday": "каждую среду",
        "{repeats} at {times}": "{repeats} в {times}",
        "{when}: {what}": "{when}: {what}",
        "Reminders ({zone})": "Напоминания ({zone})",
        "CaMag report, {day}": "Отчёт CaMag, {day}",
        "Your medicines": "Ваши лекарства",
        "Food first": "Сначала еда",
        ("{n} day", "{n} days"): ("{n} день", "{n} дня", "{n} дней"),
        "Calcium": "Кальций",
        'Which time? Please type it as a time, like "8:00" or "7:00 and 21:00".': "Во сколько? Напишите время.",
    },
)


def test_a_reminder_says_how_often_in_the_persons_words_as_one_phrase():
    assert repeats(None, t=RU) == "каждый день"
    assert repeats(2, t=RU) == "каждую среду"  # the weekday's whole phrase: "every" agrees with it
    assert repeats(2) == "every Wednesday"


def test_the_doctors_report_heading_reminders_and_dates_go_through_the_catalog():
    answers = Answers(supplements=[CALTRATE, MAGNESIUM])
    found = propose(answers, t=RU)
    assert found is not None
    plan = found.plan("Europe/Moscow", datetime(2026, 12, 7, 3, tzinfo=UTC))
    month = period([], TODAY, 30, TODAY)
    sections = doctor_report(answers, assess(answers), plan, "Europe/Moscow", month, month, TODAY, t=RU)
    assert sections[0].title == "Отчёт CaMag, 7 декабря 2026\u202fг."
    reminders = next(s for s in sections if s.title == "Напоминания (Europe/Moscow)")
    assert reminders.lines[0].text == "каждый день в 08:00: Calcium carbonate 600 мг"  # a form is kept as named


def test_the_adherence_line_picks_the_russian_plural_form():
    said = {
        days: doctor_report(
            Answers(), assess(Answers()), None, None, *[Period(days, 1, 1, 0, 0, 0, (), 1.0)] * 2, TODAY, t=RU
        )
        for days in (21, 22, 25)
    }
    lines = {days: next(s for s in sections if s.title == "Adherence").lines[0].text for days, sections in said.items()}
    assert "1 of 21 день" in lines[21]
    assert "1 of 22 дня" in lines[22]
    assert "1 of 25 дней" in lines[25]


def test_report_headings_go_through_the_catalog_and_cautions_are_marked_as_such():
    answers = Answers(age=40, sex="female", medications=[Medication.LEVOTHYROXINE], diet=None)
    result = assess(answers)
    sections = report(result, t=RU)
    cautions = [s for s in sections if s.caution]
    assert [s.title for s in cautions] == ["Ваши лекарства"]
    assert all(not s.caution for s in short_report(result, t=RU) if s.title != "Ваши лекарства")
    assert details(result, "totals", t=RU)[0].lines[0].text.startswith("Кальций: ")


def test_a_typed_time_reprompt_is_in_the_persons_language():
    with pytest.raises(ParseError, match="Во сколько"):
        parse_times("and", t=RU)


def test_a_medicine_note_is_official_wording_translated_as_a_whole_message():
    note = medication_notes()[Medication.LEVOTHYROXINE].message
    own = texts_with("de", {note: "Amtlicher Hinweis (übersetzt)."})
    answers = Answers(age=40, sex="female", medications=[Medication.LEVOTHYROXINE])
    situation = balance.situation(answers)
    messages = [w.message for w in safety_warnings(situation, t=own)]
    assert "Amtlicher Hinweis (übersetzt)." in messages
    assert note in [w.message for w in safety_warnings(situation)]


def test_a_plan_made_in_a_language_keeps_the_medicine_in_it():
    answers = Answers(medications=[Medication.LEVOTHYROXINE])
    found = propose(answers, t=texts_with("es", {"Levothyroxine, on an empty stomach": "Levotiroxina, en ayunas"}))
    assert found is not None
    assert found.doses[0].what == ("Levotiroxina, en ayunas",)
    assert isinstance(Plan.daily(time(7)), Plan)


def test_a_dose_named_in_the_plans_own_language_is_found():
    items = ["Магний 200 мг", "Кальций 600 мг", "Calcio 500 mg"]
    assert mentioned("только магний", items) == ["Магний 200 мг"]
    assert mentioned("solo el calcio", items) == ["Calcio 500 mg"]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("Montags 7:00", [Wanted(time(7), 0)]),
        ("mittwochs um 21 Uhr", [Wanted(time(21), 2)]),
        ("los sábados a las 9", [Wanted(time(9), 5)]),
        ("sabado 9:00", [Wanted(time(9), 5)]),
        ("по средам в 21:00", [Wanted(time(21), 2)]),
        ("в пятницу 8:00", [Wanted(time(8), 4)]),
        ("7:00 und 21:00", [Wanted(time(7)), Wanted(time(21))]),
        ("8:00 y 20:00", [Wanted(time(8)), Wanted(time(20))]),
        ("9:00 и 21:00", [Wanted(time(9)), Wanted(time(21))]),
    ],
)
def test_reminder_times_with_weekdays_typed_in_german_spanish_and_russian(typed, wanted):
    assert parse_times(typed) == wanted


def test_a_word_that_only_begins_like_a_weekday_is_not_one():
    assert schedule._weekday_named("среди дня") == (None, "среди дня")  # "in the middle of", not среда
    assert schedule._weekday_named("без четверти 9") == (None, "без четверти 9")  # a quarter, not четверг
    assert schedule._weekday_named("по четвергам 9:00")[0] == 3


def test_a_known_form_is_named_in_the_persons_language_on_the_plan():
    german = texts_with("de", {"calcium carbonate": "Calciumcarbonat", "{name} {amount}": "{name} {amount}"})
    found = propose(Answers(supplements=[CALTRATE]), t=german)
    assert found is not None
    assert found.doses[0].what == ("Calciumcarbonat 600 mg",)


def test_spanish_sentences_have_their_article_and_about_agrees_with_the_unit():
    answers = Answers(
        age=35,
        sex="female",
        diet={"pattern": "western"},
        soda_per_day=0,
        supplements=[Supplement(nutrient=CALCIUM, amount=1500, unit=Unit.MG, basis=Basis.ELEMENTAL, per_day=2)],
        conditions=[],
        medications=[],
    )
    said = assess(answers, t=texts("es"))
    assert said.warnings[0].message.startswith("El calcio de los alimentos y los suplementos suma 3.864 mg al día")
    assert [e.split(":")[0] for e in said.estimates[1:4]] == [
        "El calcio de los alimentos",
        "El magnesio de los alimentos",
        "La vitamina D de los alimentos",
    ]
    assert "(NHANES 2003–2006), no la tuya" in said.estimates[1]
    vitamin_d = next(s.message for s in said.suggestions if s.nutrient == "vitamin_d")
    assert "faltan 324–456 UI al día" in vitamin_d  # the survey's range; unidades: never "unos 324 UI"


def test_german_writes_iu_as_ie_so_a_sentence_ending_on_it_has_one_full_stop():
    answers = Answers(age=35, sex="female", diet={"pattern": "western"}, soda_per_day=0, supplements=[])
    said = assess(answers, t=texts("de"))
    vitamin_d = next(s.message for s in said.suggestions if s.nutrient == "vitamin_d")
    assert "324–456 IE täglich" in vitamin_d
    assert ".." not in vitamin_d


def test_the_survey_s_note_for_older_people_is_in_the_person_s_language_around_its_quote():
    answers = Answers(age=75, sex="female", diet={"pattern": "western"}, soda_per_day=0, supplements=[])
    said = assess(answers, t=texts("ru"))
    magnesium = next(e for e in said.estimates if e.startswith("Магний из пищи"))
    assert "(CSFII 1994), а не ваше" in magnesium
    assert magnesium.endswith("поэтому типичное значение может оказаться для вас завышенным.")
    assert "«In both sexes, intake decreased at age 70 and older»" in magnesium  # the report's words, as written
