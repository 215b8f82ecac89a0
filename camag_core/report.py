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
    if assumed and "age" not in a.unknowns:  # without the age, the note above says what was assumed
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


LIMITS_TITLE = "Official upper limits"
MEDICINES_TITLE = "Your medicines"
NOTES_TITLE = "Please note"
FOOD_TITLE = "Food first"
_CAUTION_TITLES = (("upper_limit", LIMITS_TITLE), ("medicine", MEDICINES_TITLE), ("condition", NOTES_TITLE))
CAUTION_TITLES = frozenset(title for _, title in _CAUTION_TITLES)


def _in_the_summary(w: SafetyWarning) -> bool:
    """A caution, or a note on an upper limit (calcium close to its limit)."""
    return w.level == "caution" or w.kind == "upper_limit"


def _cautions(a: Assessment) -> list[Section]:
    """Every caution, most harmful first: limits crossed (or nearly), medicines, then conditions' notes."""
    sections = []
    for kind, title in _CAUTION_TITLES:
        lines = tuple(_warning(w) for w in a.warnings if _in_the_summary(w) and w.kind == kind)
        if lines:
            sections.append(Section(title, lines))
    return sections


def official_amounts(a: Assessment) -> Line | None:
    """The official amounts for a child's age, in one line (CaMag gives children no totals)."""
    if a.reference is None:
        return None
    limits = a.upper_limits or {}
    parts = []
    for nutrient in (CALCIUM, MAGNESIUM, VITAMIN_D):
        row = a.reference[nutrient.value]
        name = "vitamin D" if nutrient is VITAMIN_D else nutrient.label.lower()
        text = f"{name} {row.kind} {_amount(row.amount, row.unit)}"
        limit = limits.get(nutrient.value)
        if limit is not None and limit.amount is not None:
            scope = " from supplements" if limit.covers == "supplemental" else ""
            text += f" (upper limit{scope} {_amount(limit.amount, row.unit)})"
        elif limit is not None:
            text += " (no upper limit set: don't give it as a supplement without the doctor)"
        parts.append(text)
    group = a.reference[CALCIUM.value].group
    return Line(f"Official amounts a day for {group}: {'; '.join(parts)} (National Academies).", Style.NOTE)


def _balance_section(a: Assessment) -> Section:
    lines = [Line(a.balance.explanation)]
    if a.scope_note is not None and (amounts := official_amounts(a)):
        lines.append(amounts)
    return Section(a.balance.headline, tuple(lines))


def short_report(a: Assessment) -> tuple[Section, ...]:
    """What a person came for, in order of harm: any limit crossed first, then medicines and
    doctors' notes (never left for later), the one thing most worth doing, the ratio and its
    verdict, and the not-medical-advice note."""
    sections = _cautions(a)
    worth = most_worth_doing(a)
    if worth:
        sections.append(Section("Most worth doing", (Line(worth),)))
    sections.append(_balance_section(a))
    if "age" in a.unknowns and a.reference_note:  # what was assumed, and the age asked for
        sections.append(Section("", (Line(a.reference_note, Style.NOTE),)))
    sections.append(Section("", (Line(SHORT_DISCLAIMER, Style.NOTE),)))
    return tuple(sections)


SHORT_DISCLAIMER = "Information, not medical advice or a diagnosis: talk to your doctor before you change a supplement."


def details(a: Assessment, part: str) -> tuple[Section, ...]:
    """One part of the result in full: "totals" (with every suggestion and note), "quotes", or
    "notes" (every caution, for a first message too long to hold them all)."""
    if part == "quotes":
        return (Section("What the articles say", tuple(_quote_lines(a))),) if a.quotes else ()
    if part == "notes":  # one section a caution, each kind's title on its first, to fit into messages
        return tuple(
            Section(section.title if index == 0 else "", (line,))
            for section in _cautions(a)
            for index, line in enumerate(section.lines)
        )
    sections = [Section("Your daily totals", tuple(totals_lines(a)))]
    if food := _food_after_the_summary(a):
        sections.append(Section(FOOD_TITLE, food))
    notes = tuple(_warning(w) for w in a.warnings if not _in_the_summary(w))
    if notes:
        sections.append(Section("Good to know", notes))
    return tuple(sections)


def _food_after_the_summary(a: Assessment) -> tuple[Line, ...]:
    """Every suggestion but the first, which the summary gave as the one most worth doing: of
    that one, only the foods the summary did not name, so nothing is said twice."""
    if not a.suggestions:
        return ()
    top, *rest = a.suggestions
    lines = [Line(s.message) for s in rest]
    if top.change is not None and len(top.foods) > 1:
        name = "vitamin D" if top.nutrient == VITAMIN_D.value else top.nutrient
        others = "; ".join(f"{f.food}, {f.serving}: {f.amount:,.0f} {f.unit}" for f in top.foods[1:])
        lines.insert(0, Line(f"Other foods rich in {name}, per serving: {others}."))
    return tuple(lines)


def report(a: Assessment) -> tuple[Section, ...]:
    """The whole result, for the terminal and for /summary's parts, in order of harm: limits,
    medicines, doctors' notes, food for gaps, then the ratio and the rest."""
    sections = _cautions(a)
    if a.suggestions:
        sections.append(Section(FOOD_TITLE, tuple(Line(s.message) for s in a.suggestions)))
    sections.append(_balance_section(a))
    if a.scope_note is None:
        sections.append(Section("Your daily totals", tuple(totals_lines(a))))
    notes = tuple(_warning(w) for w in a.warnings if not _in_the_summary(w))
    if notes:
        sections.append(Section("Good to know", notes))
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
