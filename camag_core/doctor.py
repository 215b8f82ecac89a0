"""The report for the doctor: one or two pages of what CaMag knows, as plain sections (a front
end lays them out: the bot as a PDF). Totals against the reference values and upper limits, each
supplement with its dose and when it is reminded, the medicines with their official timing
notes, adherence over 30 and 90 days, every caution, and the sources."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from babel.dates import format_date

from camag_core.answers import Answers, Medication, Supplement, describe_all, taken_as
from camag_core.assessment import Assessment
from camag_core.citation import cited
from camag_core.daily import Period, days_went
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM
from camag_core.reference import REFERENCE_SOURCE
from camag_core.report import Line, Section, Style, totals_lines
from camag_core.routine import (
    BOTH_FIRST_THING,
    PLANNED_MEDICINES,
    WHOLE_TABLET,
    TimingRule,
    propose,
    supplement_name,
)
from camag_core.schedule import Dose, Plan, repeats

# The section the adherence chart follows (bot/doctor_report.py puts the picture after it).
ADHERENCE_TITLE = N_("Adherence")
# Which medicine each timing rule is about, to say it under that medicine (the others are the calcium's).
RULES_OF = {
    Medication.LEVOTHYROXINE: ("levothyroxine_morning", "levothyroxine_minerals"),
    Medication.BISPHOSPHONATE: ("bisphosphonate_first",),
    Medication.QUINOLONE: ("quinolone_window",),
    Medication.TETRACYCLINE: ("tetracycline_window",),
    Medication.ANTIBIOTIC: ("quinolone_window", "tetracycline_window"),
    Medication.INTEGRASE_INHIBITOR: ("integrase_window",),
}


def _times(doses: Iterable[Dose], t: Texts) -> str:
    return t.join(t.time(d.at) for d in doses)


def _when(doses: Iterable[Dose], zone: str | None, t: Texts) -> str:
    """When the doses come, as the plan has them: "every day at 13:00 and 19:00; every Monday at
    06:30 (Asia/Tokyo)"."""
    by_day: dict[int | None, list[Dose]] = {}
    for dose in sorted(doses, key=lambda d: (d.weekday is not None, d.weekday or 0, d.at)):
        by_day.setdefault(dose.weekday, []).append(dose)
    if not by_day:
        return t._("no reminder set")
    # TRANSLATORS: how often and when: "every day at 13:00 and 19:00"
    said = "; ".join(
        t._("{repeats} at {times}", repeats=repeats(day, t=t), times=_times(ds, t)) for day, ds in by_day.items()
    )
    if zone:
        # TRANSLATORS: {said}: "every day at 13:00 and 19:00; every Monday at 06:30"; {zone}: a time zone
        return t._("reminded {said} ({zone})", said=said, zone=zone)
    return t._("reminded {said}", said=said)


def _reminded(plan: Plan | None, names: Iterable[str]) -> list[Dose]:
    """The plan's doses with an item that begins with one of ``names`` (a name in English or in the
    person's language: the plan keeps its items as worded when it was made)."""
    begins = tuple(dict.fromkeys(names))
    return [d for d in plan.doses if any(i.startswith(begins) for i in d.what)] if plan else []


def _timing(rule: TimingRule, t: Texts) -> Line:
    # TRANSLATORS: an official timing rule: "Timing: Calcium carbonate needs stomach acid: take it with food."
    return Line(t._("Timing: {rule}", rule=t._(rule.rule)), Style.CAVEAT)


def _supplement(parts: list[Supplement], plan: Plan | None, zone: str | None, t: Texts) -> Line:
    """A supplement, or a product with all it holds, how it is taken and when it is reminded: a
    once-a-day amount the plan splits into several doses says so ("1 a day, taken as 3 doses of 400 mg")."""
    supplement = parts[0]
    if supplement.product and len(parts) > 1:
        # a plan made before products were one item holds its parts: found by their names
        parted = (n for p in parts for n in (supplement_name(p), supplement_name(p, t=t)))
        doses = _reminded(plan, (supplement.product,)) or _reminded(plan, parted)
        return Line(t._("{supplement}: {when}", supplement=describe_all(parts, t=t), when=_when(doses, zone, t)))
    doses = _reminded(plan, (supplement_name(supplement), supplement_name(supplement, t=t)))
    said = supplement.describe(t=t)
    daily = sum(d.weekday is None for d in doses)
    if supplement.amount is not None and supplement.per_day == 1 and daily > 1:
        said = t.ngettext(
            "{supplement}, taken as {n} dose of {amount}",
            "{supplement}, taken as {n} doses of {amount}",
            daily,
            supplement=said,
            amount=t.amount(supplement.amount / daily, supplement.unit.value),
        )
    return Line(t._("{supplement}: {when}", supplement=said, when=_when(doses, zone, t)))


def _reminders(plan: Plan | None, zone: str | None, t: Texts) -> Section:
    """Every reminder of the plan as it stands: how often, when, in which zone, and what is taken."""
    if plan is None:
        return Section(t._("Reminders"), (Line(t._("None set")),))
    lines = []
    for d in sorted(plan.doses, key=lambda d: (d.at, d.weekday is not None, d.weekday or 0)):
        when = t._("{repeats} at {times}", repeats=repeats(d.weekday, t=t), times=t.time(d.at))
        # TRANSLATORS: a reminder and what it is for: "every day at 13:00: Calcium carbonate 600 mg"
        lines.append(Line(t._("{when}: {what}", when=when, what=", ".join(d.what)) if d.what else when))
    if plan.paused:
        lines.append(Line(t._("Paused: the reminders could not be delivered."), Style.NOTE))
    if zone:
        return Section(t._("Reminders ({zone})", zone=zone), tuple(lines))
    return Section(t._("Reminders (time zone not set)"), tuple(lines))


def _adherence(name: str, p: Period, t: Texts) -> Line:
    if not p.checked_in:  # nothing answered: nothing measured, so no figure
        return Line(t._("{period}: no check-ins yet, so no adherence figure", period=name))
    # TRANSLATORS: {period}: "Last 30 days"; {days}: "30 days" (a plural form); {went}: how the days went,
    # "2 days all taken and 1 day skipped"
    return Line(
        t._(
            "{period}: {share} of the supplements due were taken (checked in on {checked} of {days}: {went})",
            period=name,
            share=t.percent(p.adherence),
            checked=t.number(p.checked_in),
            days=t.ngettext("{n} day", "{n} days", p.counted),
            went=days_went(p, t=t),
        )
    )


def doctor_report(
    answers: Answers,
    assessment: Assessment,
    plan: Plan | None,
    zone: str | None,
    month: Period,
    quarter: Period,
    today: date,
    *,
    t: Texts = ENGLISH,
) -> tuple[Section, ...]:
    """The report's sections; ``plan`` and ``zone``: the person's reminders as stored."""
    sections = [
        Section(
            # TRANSLATORS: the report's heading; {day}: "7 December 2026"
            t._("CaMag report, {day}", day=format_date(today, "long", locale=t.locale)),
            (
                Line(assessment.balance.headline),
                Line(
                    t._("Information for a conversation with your doctor, not medical advice or a diagnosis."),
                    Style.NOTE,
                ),
            ),
        )
    ]
    if assessment.scope_note is None:
        sections.append(Section(t._("Daily totals against the reference values"), tuple(totals_lines(assessment, t=t))))
    proposal = propose(answers, t=t)
    rules, whole = (proposal.rules, proposal.whole) if proposal else ((), ())
    medicines_rules = {r for ids in RULES_OF.values() for r in ids}
    supplements: list[Line] = []
    calcium_rules = [_timing(r, t) for r in rules if r.id not in medicines_rules]  # under the first calcium
    for parts in taken_as(answers.supplements or []):
        supplements.append(_supplement(parts, plan, zone, t))
        supplements += [
            Line(t._(WHOLE_TABLET, product=product, amount=t.amount(mg, "mg")), Style.CAVEAT)
            for product, mg in whole
            if len(parts) > 1 and product == parts[0].product
        ]
        if any(p.nutrient is CALCIUM for p in parts):
            supplements += calcium_rules
            calcium_rules = []
    none = (Line(t._("None")),)
    sections.append(Section(t._("Supplements and when they are taken"), tuple(supplements) or none))
    if plan is not None:
        sections.append(_reminders(plan, zone, t))
    notes = medication_notes()
    medicines: list[Line] = []
    for medication in answers.medications or []:
        note = notes[medication]
        planned = PLANNED_MEDICINES.get(medication)
        doses = _reminded(plan, (planned, t._(planned))) if planned else []
        label = t._(note.label)
        named = t._("{medicine}: {when}", medicine=label, when=_when(doses, zone, t)) if doses else label
        medicines += [Line(named), Line(t._(note.message), Style.CAVEAT)]
        medicines += [_timing(r, t) for r in rules if r.id in RULES_OF.get(medication, ())]
        if medication is Medication.BISPHOSPHONATE and proposal is not None and proposal.both_first_thing:
            medicines.append(Line(t._(BOTH_FIRST_THING), Style.CAVEAT))
    sections.append(Section(t._("Medicines and their timing notes"), tuple(medicines) or none))
    adherence = (_adherence(t._("Last 30 days"), month, t), _adherence(t._("Last 90 days"), quarter, t))
    sections.append(Section(t._(ADHERENCE_TITLE), adherence))
    cautions = tuple(Line(w.message, Style.CAUTION) for w in assessment.warnings)
    if cautions:
        sections.append(Section(t._("Cautions"), cautions, caution=True))
    sources = [Line(t._(REFERENCE_SOURCE))]
    sources += [Line(cited(notes[m].cited)) for m in answers.medications or []]
    sources += [Line(cited(t._(r.cited), r.url)) for r in rules]
    sections.append(Section(t._("Sources"), tuple(dict.fromkeys(sources))))
    return tuple(sections)
