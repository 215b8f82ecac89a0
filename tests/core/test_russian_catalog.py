"""Olga, 67, reads CaMag in Russian: the shipped Russian catalog words her totals, her reference
group, her units and every count in the form Russian needs after its number (1 день, 3 дня, 5 дней;
"из 21 дня", "из 25 дней" in the doctor's report)."""

from __future__ import annotations

from datetime import date

import pytest

from camag_core import assess
from camag_core.answers import Answers, Basis, Condition, Supplement
from camag_core.daily import Period
from camag_core.doctor import doctor_report
from camag_core.i18n import shipped, texts
from camag_core.nutrients import MAGNESIUM
from camag_core.report import details

pytestmark = pytest.mark.skipif("ru" not in shipped(), reason="the Russian catalog does not ship")

RU = texts("ru")
OLGA = Answers(
    age=67,
    sex="female",
    diet=None,
    supplements=[
        Supplement(nutrient=MAGNESIUM, form="magnesium citrate", amount=200, unit="mg", basis=Basis.ELEMENTAL)
    ],
    conditions=[Condition.OSTEOPOROSIS],
    medications=[],
)


def test_olgas_totals_are_in_russian_with_her_group_and_units():
    lines = [line.text for section in details(assess(OLGA, t=RU), "totals", t=RU) for line in section.lines]
    assert lines[0].startswith("Кальций: ")
    assert lines[1].startswith("Магний: ")
    assert lines[2].startswith("Витамин D: ")
    assert " мг в день (пища — " in lines[0]
    assert "МЕ" in lines[2]
    assert "рекомендуемая норма для вас" in lines[0]
    assert "Нормы для группы «женщины 51–70 лет» (National Academies)." in lines


@pytest.mark.parametrize(
    ("n", "said"),
    [(1, "Последний 1 день"), (3, "Последние 3 дня"), (5, "Последние 5 дней"), (11, "Последние 11 дней"),
     (21, "Последний 21 день"), (22, "Последние 22 дня")],
)  # fmt: skip
def test_a_count_of_days_takes_the_russian_form_its_number_needs(n: int, said: str):
    assert RU.ngettext("Last {n} day", "Last {n} days", n) == said


@pytest.mark.parametrize(("days", "of"), [(21, "из 21 дня"), (22, "из 22 дней"), (25, "из 25 дней")])
def test_the_doctors_report_counts_days_after_iz_in_the_genitive(days: int, of: str):
    period = Period(days, 1, 1, 0, 0, 0, (), 1.0)
    sections = doctor_report(OLGA, assess(OLGA, t=RU), None, None, period, period, date(2026, 12, 7), t=RU)
    assert sections[0].title == "Отчёт CaMag, 7 декабря 2026\u202fг."
    adherence = next(s for s in sections if s.title == "Регулярность приёма")
    assert f"отметки есть за 1 {of}: всё принято — 1 день)" in adherence.lines[0].text
