"""The report for the doctor: one or two pages of what CaMag knows, as plain sections (a front
end lays them out: the bot as a PDF). Totals against the reference values and upper limits, each
supplement with its dose and when it is reminded, the medicines with their official timing
notes, adherence over 30 and 90 days, every caution, and the sources."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from camag_core.answers import Answers
from camag_core.assessment import Assessment
from camag_core.citation import cited
from camag_core.daily import Period
from camag_core.medications import medication_notes
from camag_core.report import Line, Section, Style, totals_lines
from camag_core.routine import PLANNED_MEDICINES, propose, supplement_name
from camag_core.schedule import Dose, Plan

REFERENCE_SOURCE = (
    "Reference values and upper limits: Dietary Reference Intakes, National Academies (Institute of Medicine, "
    "1997, 2000 and 2011)"
)


def _when(doses: Iterable[Dose], zone: str | None) -> str:
    """When the doses come, as the plan has them: "every day at 13:00 and 19:00; every Monday at
    06:30 (Asia/Tokyo)"."""
    by_day: dict[str, list[str]] = {}
    for dose in sorted(doses, key=lambda d: (d.weekday is not None, d.weekday or 0, d.at)):
        by_day.setdefault(dose.repeats, []).append(f"{dose.at:%H:%M}")
    if not by_day:
        return "no reminder set"
    said = "; ".join(f"{day} at {' and '.join(times)}" for day, times in by_day.items())
    return f"reminded {said}" + (f" ({zone})" if zone else "")


def _reminded(plan: Plan | None, item_begins: str) -> list[Dose]:
    """The plan's doses with an item that begins with ``item_begins``."""
    return [d for d in plan.doses if any(i.startswith(item_begins) for i in d.what)] if plan else []


def _reminders(plan: Plan | None, zone: str | None) -> Section:
    """Every reminder of the plan as it stands: how often, when, in which zone, and what is taken."""
    if plan is None:
        return Section("Reminders", (Line("None set"),))
    lines = [
        Line(f"{d.repeats} at {d.at:%H:%M}" + (f": {', '.join(d.what)}" if d.what else ""))
        for d in sorted(plan.doses, key=lambda d: (d.at, d.weekday is not None, d.weekday or 0))
    ]
    if plan.paused:
        lines.append(Line("Paused: the reminders could not be delivered.", Style.NOTE))
    return Section(f"Reminders ({zone or 'time zone not set'})", tuple(lines))


def _adherence(name: str, p: Period) -> Line:
    if not p.checked_in:  # nothing answered: nothing measured, so no figure
        return Line(f"{name}: no check-ins yet, so no adherence figure")
    return Line(
        f"{name}: {p.adherence:.0%} of the supplements due were taken (checked in on {p.checked_in} of "
        f"{p.days} days; all taken {p.took_all}, part {p.took_some}, none {p.took_none}, skipped {p.skipped})"
    )


def doctor_report(
    answers: Answers,
    assessment: Assessment,
    plan: Plan | None,
    zone: str | None,
    month: Period,
    quarter: Period,
    today: date,
) -> tuple[Section, ...]:
    """The report's sections; ``plan`` and ``zone``: the person's reminders as stored."""
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
    supplements = [
        Line(f"{s.describe()}: {_when(_reminded(plan, supplement_name(s)), zone)}") for s in answers.supplements or []
    ]
    sections.append(Section("Supplements and when they are taken", tuple(supplements) or (Line("None"),)))
    if plan is not None:
        sections.append(_reminders(plan, zone))
    notes = medication_notes()
    medicines: list[Line] = []
    for medication in answers.medications or []:
        note = notes[medication]
        planned = PLANNED_MEDICINES.get(medication)
        doses = _reminded(plan, planned) if planned else []
        when = f": {_when(doses, zone)}" if doses else ""
        medicines += [Line(f"{note.label}{when}"), Line(note.message, Style.CAVEAT)]
    proposal = propose(answers)
    for rule in proposal.rules if proposal else ():
        medicines.append(Line(f"Timing: {rule.rule}", Style.CAVEAT))
    sections.append(Section("Medicines and their timing notes", tuple(medicines) or (Line("None"),)))
    sections.append(Section("Adherence", (_adherence("Last 30 days", month), _adherence("Last 90 days", quarter))))
    cautions = tuple(Line(w.message, Style.CAUTION) for w in assessment.warnings)
    if cautions:
        sections.append(Section("Cautions", cautions))
    sources = [Line(REFERENCE_SOURCE)]
    sources += [Line(cited(notes[m].cited)) for m in answers.medications or []]
    sources += [Line(cited(r.cited, r.url)) for r in (proposal.rules if proposal else ())]
    sections.append(Section("Sources", tuple(dict.fromkeys(sources))))
    return tuple(sections)
