"""Every source a person reads names the official source, never CaMag's file names or its
provenance bookkeeping (what was attributed, what was read where)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot import views
from camag_core import assess
from camag_core.answers import Answers, Medication
from camag_core.citation import cited
from camag_core.daily import period
from camag_core.doctor import doctor_report
from camag_core.i18n import ENGLISH
from camag_core.medications import medication_notes
from camag_core.routine import propose, timing_rules
from tests.core.test_routine import CALTRATE, MAGNESIUM

INTERNAL = re.compile(
    r"\.md\b|\.csv\b|\.json\b|\bsection \d+\)|attributed|not read|openFDA|data files|secondary cop|\[[A-Za-z-]+\]",
    re.IGNORECASE,
)


def internal_notes(text: str) -> list[str]:
    return INTERNAL.findall(text)


def test_the_scan_finds_what_the_walk_found():
    for leaked in (
        "UAB School of Health Professions, Calcium supplement tips (safety.md section 4)",
        "(supplement_forms.csv)",
        "SYNTHROID label [openFDA]",
        "the 500 mg wording is attributed to NIH ODS, not read on its page",
        "the sources named in CaMag's data files",
    ):
        assert internal_notes(leaked), leaked


@pytest.mark.parametrize("rule", sorted(timing_rules()))
def test_each_timing_rule_reads_as_its_official_source(rule: str):
    r = timing_rules()[rule]
    assert r.cited
    assert r.source
    assert internal_notes(f"{r.rule} {r.quote} {cited(r.cited, r.url)}") == []


@pytest.mark.parametrize("medication", list(medication_notes()))
def test_each_medicine_note_reads_as_its_official_source(medication: Medication):
    note = medication_notes()[medication]
    assert note.cited
    assert note.source
    assert internal_notes(f"{note.message} {cited(note.cited)}") == []


def test_the_day_plan_the_sources_and_the_doctors_report_carry_no_internal_notes():
    answers = Answers(supplements=[CALTRATE, MAGNESIUM], medications=[m.value for m in medication_notes()])
    found = propose(answers)
    assert found is not None
    assert found.rules
    shown = [views.sources_text(ENGLISH), views.proposal(ENGLISH, found, "Europe/Berlin", None, None, "1.").text]
    month = period([], date(2026, 11, 22), 30, date(2026, 11, 22))
    report = doctor_report(answers, assess(answers), None, None, month, month, date(2026, 11, 22))
    sources = next(s for s in report if s.title == "Sources")
    assert len(sources.lines) > len(found.rules)
    shown += [line.text for line in sources.lines]
    assert [(text[:60], internal_notes(text)) for text in shown if internal_notes(text)] == []


def test_every_medicine_note_names_the_official_source_it_was_checked_against():
    unchecked = [
        medication.value
        for medication, note in medication_notes().items()
        if "no official source" in note.cited.lower() or "not verified" in note.source.lower()
    ]
    assert unchecked == []


def test_the_lithium_note_is_no_stronger_than_the_regulator_s_words_it_quotes():
    note = medication_notes()[Medication.LITHIUM]
    assert "Medsafe" in note.cited
    assert "'Up to 10% of patients on long-term lithium treatment experience hypercalcaemia.'" in note.source
    assert "'Serum calcium levels should be measured at least once a year in patients taking lithium.'" in note.source
    assert note.message.startswith("Long-term lithium can raise blood calcium (hypercalcaemia).")
    assert "about checking your calcium" in note.message


def test_the_fda_s_magnesium_advice_keeps_its_strength():
    """The FDA (2 March 2011) says doctors 'should consider obtaining serum magnesium levels': a
    consideration for the doctor, not an instruction to check."""
    saying = {m.value: n.message for m, n in medication_notes().items() if "FDA advises" in n.message}
    assert sorted(saying) == ["digoxin", "diuretic", "loop_diuretic"]
    assert [m for m, said in saying.items() if "FDA advises doctors to consider checking magnesium" not in said] == []
