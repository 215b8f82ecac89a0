"""The assessment as a short report of sections and lines, free of any markup.

Front ends style it: the terminal prints it as text, the Telegram bot as escaped HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from camag_core.assessment import Assessment, Intake, Reference, SafetyWarning, UpperLimit
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient, amount_text
from camag_core.suggestions import servings_to_close


class Style(StrEnum):
    TEXT = "text"
    CAUTION = "caution"
    QUOTE = "quote"
    ATTRIBUTION = "attribution"
    CAVEAT = "caveat"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    style: Style = Style.TEXT


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    lines: tuple[Line, ...]


def _amount(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}"


def intake_line(
    nutrient: Nutrient, intake: Intake, reference: Reference | None, limit: UpperLimit | None = None
) -> str:
    """E.g. "Magnesium: 367 mg a day (food 367 mg, supplements 0 mg), 115% of your RDA of 320 mg"."""
    unit = intake.unit
    food = amount_text(intake.diet, intake.diet_max, unit) + (", typical" if intake.diet_typical else "")
    pills = amount_text(intake.supplements, intake.supplements_max, unit)
    total = amount_text(intake.total, intake.total_max, unit)
    text = f"{nutrient.label}: {total}" if total == "not known" else f"{nutrient.label}: {total} a day"
    text += f" (food {food}, supplements {pills})"
    if reference is not None:
        if reference.percent is None:
            text += f"; your {reference.kind} is {_amount(reference.amount, unit)}"
        else:
            share = ("at least " if reference.percent_at_least else "") + f"{reference.percent:.0f}%"
            text += f", {share} of your {reference.kind} of {_amount(reference.amount, unit)}"
    if limit is not None and limit.amount is not None:
        scope = " from supplements" if limit.covers == "supplemental" else ""
        text += f"; upper limit{scope} {_amount(limit.amount, unit)}"
    return text


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def most_worth_doing(a: Assessment) -> str | None:
    """The one suggestion most worth acting on, in a sentence or two (suggestions come in order of
    importance); ``None`` when there is none."""
    if not a.suggestions:
        return None
    top = a.suggestions[0]
    if top.foods and top.change is not None:
        food = top.foods[0]
        servings = servings_to_close(top.change, food.amount)
        amount = "half a serving" if servings == 0.5 else f"{servings:g} serving{'' if servings == 1 else 's'}"
        return (
            f"{_first_sentence(top.message)[:-1]}: for example, {amount} of {food.food} "
            f"({food.serving}) a day would close it."
        )
    return top.message


def totals_lines(a: Assessment) -> list[Line]:
    reference = a.reference or {}
    limits = a.upper_limits or {}
    totals = [
        Line(intake_line(n, intake, reference.get(n.value), limits.get(n.value)))
        for n, intake in (
            (CALCIUM, a.calcium_mg),
            (MAGNESIUM, a.magnesium_mg),
            (VITAMIN_D, a.vitamin_d_iu),
        )
    ]
    if a.reference is not None:
        totals.append(Line(f"Reference values for {a.reference['calcium'].group} (National Academies).", Style.NOTE))
    elif a.reference_note:
        totals.append(Line(a.reference_note, Style.NOTE))
    assumed = next((limit.assumed for limit in limits.values() if limit.assumed), None)
    if assumed:
        totals.append(Line(f"Upper limits: {assumed}.", Style.NOTE))
    return totals


def _quote_lines(a: Assessment) -> list[Line]:
    lines: list[Line] = []
    caveats: set[str] = set()
    for q in a.quotes:
        lines.append(Line(q.text, Style.QUOTE))
        lines.append(Line(f"{q.author}, in {q.source}", Style.ATTRIBUTION))
        if q.caveat and q.caveat not in caveats:  # the same official note once, under its first passage
            caveats.add(q.caveat)
            lines.append(Line(q.caveat, Style.CAVEAT))
    return lines


def _warning(w: SafetyWarning) -> Line:
    return Line(w.message, Style.CAUTION if w.level == "caution" else Style.TEXT)


def short_report(a: Assessment) -> tuple[Section, ...]:
    """What a person came for, first: the ratio and its verdict, the one thing most worth doing,
    every caution (limits and doctors are never left for later), and the not-medical-advice note."""
    sections = [Section(a.balance.headline, (Line(a.balance.explanation),))]
    worth = most_worth_doing(a)
    if worth:
        sections.append(Section("Most worth doing", (Line(worth),)))
    cautions = tuple(_warning(w) for w in a.warnings if w.level == "caution")
    if cautions:
        sections.append(Section("Please note", cautions))
    sections.append(Section("", (Line(SHORT_DISCLAIMER, Style.NOTE),)))
    return tuple(sections)


SHORT_DISCLAIMER = "Information, not medical advice or a diagnosis: talk to your doctor before you change a supplement."


def details(a: Assessment, part: str) -> tuple[Section, ...]:
    """One part of the result in full: "totals" (with every suggestion and note), "quotes"."""
    if part == "quotes":
        return (Section("What the articles say", tuple(_quote_lines(a))),) if a.quotes else ()
    sections = [Section("Your daily totals", tuple(totals_lines(a)))]
    notes = tuple(_warning(w) for w in a.warnings if w.level != "caution")
    if notes:
        sections.append(Section("Good to know", notes))
    if a.suggestions:
        sections.append(Section("Food first", tuple(Line(s.message) for s in a.suggestions)))
    return tuple(sections)


def report(a: Assessment) -> tuple[Section, ...]:
    """The whole result, for the terminal and for /summary's parts."""
    sections = [Section(a.balance.headline, (Line(a.balance.explanation),))]
    if a.scope_note is None:
        sections.append(Section("Your daily totals", tuple(totals_lines(a))))
    if a.warnings:
        sections.append(Section("Please note", tuple(_warning(w) for w in a.warnings)))
    if a.suggestions:
        sections.append(Section("Food first", tuple(Line(s.message) for s in a.suggestions)))
    if a.quotes:
        sections.append(Section("What the articles say", tuple(_quote_lines(a))))
    sections.append(Section("", (Line(a.disclaimer, Style.NOTE),)))
    return tuple(sections)


def plain_text(sections: tuple[Section, ...]) -> str:
    """The report as plain text, for the terminal."""
    out: list[str] = []
    for section in sections:
        if section.title:
            out.append(section.title.upper())
        for line in section.lines:
            prefix = {
                Style.CAUTION: "! ",
                Style.QUOTE: "  “",
                Style.ATTRIBUTION: "    — ",
                Style.CAVEAT: "    ",
            }.get(line.style, "")
            suffix = "”" if line.style is Style.QUOTE else ""
            out.append(f"{prefix}{line.text}{suffix}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
