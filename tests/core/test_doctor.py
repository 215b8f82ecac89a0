"""The doctor's report: each reminder as the person's plan has it, beside what is taken then."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from camag_core import assess
from camag_core.answers import Answers, Medication
from camag_core.citation import cited
from camag_core.daily import period
from camag_core.doctor import doctor_report
from camag_core.i18n import texts
from camag_core.medications import medication_notes
from camag_core.report import Section
from camag_core.routine import BOTH_FIRST_THING, propose, timing_rules
from camag_core.schedule import Dose, Plan
from tests.conftest import MARK, latin_words
from tests.core.test_routine import CALTRATE, MAGNESIUM

NOW = datetime(2026, 11, 22, 3, tzinfo=UTC)
TODAY = date(2026, 11, 22)


def report(answers: Answers, plan: Plan | None, zone: str | None) -> dict[str, list[str]]:
    month = period([], TODAY, 30, TODAY)
    sections: tuple[Section, ...] = doctor_report(answers, assess(answers), plan, zone, month, month, TODAY)
    return {s.title: [line.text for line in s.lines] for s in sections}


def planned(answers: Answers, zone: str, weekday: int | None = None) -> Plan:
    found = propose(answers, bisphosphonate_weekday=weekday)
    assert found is not None
    return found.plan(zone, NOW)


def test_a_weekly_bisphosphonate_is_shown_on_its_weekday_beside_the_medicine_with_its_note():
    answers = Answers(supplements=[CALTRATE, MAGNESIUM], medications=["bisphosphonate"])
    shown = report(answers, planned(answers, "America/New_York", weekday=0), "America/New_York")
    note = medication_notes()[Medication.BISPHOSPHONATE]
    assert shown["Medicines and their timing notes"][:2] == [
        "Bisphosphonate (e.g. alendronate): reminded every Monday at 06:30 (America/New_York)",
        note.message,
    ]
    assert shown["Reminders (America/New_York)"] == [
        "every Monday at 06:30: Bisphosphonate (e.g. alendronate), with plain water, before food",
        "every day at 13:00: Calcium carbonate 600 mg",
        "every day at 19:00: Calcium carbonate 600 mg",
        "every day at 21:30: Magnesium glycinate 200 mg",
    ]
    assert shown["Supplements and when they are taken"][0].endswith(
        "reminded every day at 13:00 and 19:00 (America/New_York)"
    )
    assert note.cited in shown["Sources"]


def test_levothyroxine_shows_its_daily_reminder_and_a_moved_time_as_stored():
    answers = Answers(supplements=[CALTRATE], medications=["levothyroxine", "thiazide"])
    plan = planned(answers, "Asia/Tokyo")
    plan = plan.moved(plan.doses[0].number, time(5, 45), "Asia/Tokyo", NOW)
    medicines = report(answers, plan, "Asia/Tokyo")["Medicines and their timing notes"]
    assert "Thyroid hormone (levothyroxine): reminded every day at 05:45 (Asia/Tokyo)" in medicines
    assert "Thiazide (e.g. hydrochlorothiazide)" in medicines  # no reminder: named alone


def test_without_a_plan_nothing_is_said_to_be_reminded():
    answers = Answers(supplements=[CALTRATE], medications=["bisphosphonate"])
    shown = report(answers, None, None)
    assert "Reminders" not in " ".join(shown)
    assert shown["Supplements and when they are taken"][0].endswith("no reminder set")
    assert shown["Medicines and their timing notes"][0] == "Bisphosphonate (e.g. alendronate)"


def test_without_check_ins_no_adherence_figure_is_given():
    shown = report(Answers(supplements=[CALTRATE]), None, None)["Adherence"]
    assert shown == [
        "Last 30 days: no check-ins yet, so no adherence figure",
        "Last 90 days: no check-ins yet, so no adherence figure",
    ]
    assert "%" not in " ".join(shown)


def test_every_line_of_the_report_goes_through_the_catalog_but_the_sources_names(marked: None):
    """Through a catalog that marks every line of every message, each title and line of the report
    (its supplements, medicines with their notes and timing, reminders, adherence and cautions) is
    marked: only the sources' official names stay as they are published."""
    german = texts("de")
    answers = Answers(age=70, sex="female", supplements=[CALTRATE, MAGNESIUM], medications=["bisphosphonate"])
    found = propose(answers, bisphosphonate_weekday=0, t=german)
    assert found is not None
    month = period([], TODAY, 30, TODAY)
    sections = doctor_report(
        answers,
        assess(answers, t=german),
        found.plan("Europe/Berlin", NOW),
        "Europe/Berlin",
        month,
        month,
        TODAY,
        t=german,
    )
    sources = {cited(note.cited) for note in medication_notes().values()} | {
        cited(rule.cited, rule.url) for rule in timing_rules().values()
    }
    texts_shown = [s.title for s in sections] + [line.text for s in sections for line in s.lines]
    assert [text for text in texts_shown if MARK[0] not in text and text not in sources] == []
    assert latin_words(texts_shown) == set()


def test_a_once_a_day_amount_split_into_doses_says_so():
    answers = Answers(
        supplements=[{"nutrient": "calcium", "form": "calcium carbonate", "amount": 1200}],
        medications=["levothyroxine"],
    )
    shown = report(answers, planned(answers, "America/Chicago"), "America/Chicago")
    assert shown["Supplements and when they are taken"][0] == (
        "1,200 mg calcium (as calcium carbonate), 1 a day, taken as 2 doses of 600 mg: "
        "reminded every day at 13:00 and 19:00 (America/Chicago)"
    )


def test_a_product_is_one_line_with_what_it_holds_and_each_rule_sits_under_its_own_heading():
    caltrate = [
        {"nutrient": "calcium", "form": "calcium carbonate", "amount": 600, "per_day": 2, "product": "Caltrate 600+D3"},
        {"nutrient": "vitamin_d", "amount": 800, "per_day": 2, "product": "Caltrate 600+D3"},
    ]
    answers = Answers(supplements=caltrate, medications=["levothyroxine", "bisphosphonate"])
    sections = doctor_report(
        answers,
        assess(answers),
        planned(answers, "America/Chicago"),
        "America/Chicago",
        *[period([], TODAY, 30, TODAY)] * 2,
        TODAY,
    )
    lines = {s.title: [(line.text, line.style.value) for line in s.lines] for s in sections}
    supplements = lines["Supplements and when they are taken"]
    assert supplements[0] == (
        "Caltrate 600+D3, 2 a day: 600 mg calcium (as calcium carbonate) and 800 IU vitamin D: "
        "reminded every day at 13:00 and 19:00 (America/Chicago)",
        "text",
    )
    assert sum("Caltrate" in text for text, _ in supplements) == 1
    assert [text for text, style in supplements[1:]] == [
        "Timing: " + timing_rules()["calcium_dose"].rule,
        "Timing: " + timing_rules()["calcium_carbonate_food"].rule,
    ]
    medicines = [text for text, _ in lines["Medicines and their timing notes"]]
    levothyroxine = medicines.index("Thyroid hormone (levothyroxine): reminded every day at 06:30 (America/Chicago)")
    alendronate = medicines.index("Bisphosphonate (e.g. alendronate)")  # not planned: no reminder said
    assert levothyroxine < alendronate  # in the order of the answers
    under_levothyroxine, under_alendronate = medicines[levothyroxine:alendronate], medicines[alendronate:]
    assert "Timing: " + timing_rules()["levothyroxine_minerals"].rule in under_levothyroxine
    assert not any("Alendronate" in text or "500–600 mg" in text for text in under_levothyroxine)
    assert "Timing: " + timing_rules()["bisphosphonate_first"].rule not in medicines  # not planned: no timing
    assert under_alendronate[-1] == texts("en")._(BOTH_FIRST_THING)
    assert "Ask your pharmacist or doctor which goes first." in under_alendronate[-1]


def test_a_products_reminders_are_its_own_and_an_older_plan_of_its_parts_still_shows_them():
    mag_d = [
        {"nutrient": "magnesium", "amount": 100, "product": "Mag-D"},
        {"nutrient": "vitamin_d", "amount": 400, "product": "Mag-D"},
    ]
    answers = Answers(supplements=[*mag_d, {"nutrient": "vitamin_d", "amount": 1000}])
    shown = report(answers, planned(answers, "Europe/Berlin"), "Europe/Berlin")
    assert shown["Supplements and when they are taken"] == [
        "Mag-D, 1 a day: 100 mg magnesium and 400 IU vitamin D: reminded every day at 21:30 (Europe/Berlin)",
        "1,000 IU vitamin D, 1 a day: reminded every day at 08:00 (Europe/Berlin)",
    ]
    older = Plan(doses=(Dose(number=1, at=time(21), what=("Magnesium 100 mg", "Vitamin D 400 IU")),))
    shown = report(answers, older, "Europe/Berlin")
    assert shown["Supplements and when they are taken"][0].endswith("reminded every day at 21:00 (Europe/Berlin)")


def test_a_tablet_planned_whole_still_has_the_calcium_rules_under_it():
    """Its caveat (too much calcium at once to split) sits under it, and the calcium rules after."""
    product = [
        {"nutrient": "calcium", "form": "calcium carbonate", "amount": 1000, "product": "Calcium 1000+D"},
        {"nutrient": "vitamin_d", "amount": 800, "product": "Calcium 1000+D"},
    ]
    answers = Answers(supplements=product)
    sections = doctor_report(
        answers, assess(answers), planned(answers, "UTC"), "UTC", *[period([], TODAY, 30, TODAY)] * 2, TODAY
    )
    lines = {s.title: [line.text for line in s.lines] for s in sections}
    supplements = lines["Supplements and when they are taken"]
    assert "Timing: " + timing_rules()["calcium_dose"].rule in supplements
    assert "Timing: " + timing_rules()["calcium_carbonate_food"].rule in supplements
