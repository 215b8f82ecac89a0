"""The report for the doctor: one or two pages of what CaMag knows, as plain sections (a front
end lays them out: the bot as a PDF). Totals against the reference values and upper limits, each
supplement with its dose and when it is reminded, the medicines with their official timing
notes, adherence over 30 and 90 days, every caution, and the sources."""

from __future__ import annotations

from datetime import date

from camag_core.answers import Answers, Supplement
from camag_core.assessment import Assessment
from camag_core.daily import Period
from camag_core.medications import medication_notes
from camag_core.report import Line, Section, Style, totals_lines
from camag_core.routine import propose, supplement_name
from camag_core.schedule import WEEKDAYS, Plan

REFERENCE_SOURCE = (
    "Reference values and upper limits: Dietary Reference Intakes, National Academies (Institute of Medicine, "
    "1997, 2000 and 2011)"
)


def _when(supplement: Supplement, plan: Plan | None) -> str:
    """When the supplement is reminded of, from the plan's items that begin with its label."""
    name = supplement_name(supplement)
    times = [
        f"{d.at:%H:%M}" + ("" if d.weekday is None else f" ({WEEKDAYS[d.weekday].title()}s)")
        for d in sorted(plan.doses if plan else (), key=lambda d: d.at)
        if any(item.startswith(name) for item in d.what)
    ]
    return f"reminded at {', '.join(times)}" if times else "no reminder set"


def _adherence(name: str, p: Period) -> Line:
    return Line(
        f"{name}: {p.adherence:.0%} of the supplements due were taken (checked in on {p.checked_in} of "
        f"{p.days} days; all taken {p.took_all}, part {p.took_some}, none {p.took_none}, skipped {p.skipped})"
    )


def doctor_report(
    answers: Answers, assessment: Assessment, plan: Plan | None, month: Period, quarter: Period, today: date
) -> tuple[Section, ...]:
    sections = [
        Section(
            f"CaMag report, {today:%d %B %Y}",
            (
                Line(assessment.balance.headline),
                Line("Information for a conversation with your doctor, not medical advice or a diagnosis.", Style.NOTE),
            ),
        )
    ]
    if assessment.scope_note is None:
        sections.append(Section("Daily totals against the reference values", tuple(totals_lines(assessment))))
    supplements = [Line(f"{s.describe()}: {_when(s, plan)}") for s in answers.supplements or []]
    sections.append(Section("Supplements and when they are taken", tuple(supplements) or (Line("None"),)))
    notes = medication_notes()
    medicines: list[Line] = []
    for medication in answers.medications or []:
        note = notes[medication]
        medicines += [Line(note.label), Line(note.message, Style.CAVEAT)]
    proposal = propose(answers)
    for rule in proposal.rules if proposal else ():
        medicines.append(Line(f"Timing: {rule.rule}", Style.CAVEAT))
    sections.append(Section("Medicines and their timing notes", tuple(medicines) or (Line("None"),)))
    sections.append(Section("Adherence", (_adherence("Last 30 days", month), _adherence("Last 90 days", quarter))))
    cautions = tuple(Line(w.message, Style.CAUTION) for w in assessment.warnings)
    if cautions:
        sections.append(Section("Cautions", cautions))
    sources = [Line(REFERENCE_SOURCE)]
    sources += [Line(notes[m].source) for m in answers.medications or []]
    sources += [Line(f"{r.source} {r.url}".strip()) for r in (proposal.rules if proposal else ())]
    sections.append(Section("Sources", tuple(dict.fromkeys(sources))))
    return tuple(sections)
