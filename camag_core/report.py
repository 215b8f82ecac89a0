"""The assessment as a short report of sections and lines, free of any markup.

Front ends style it: the terminal prints it as text, the Telegram bot as escaped HTML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from camag_core.assessment import Assessment, Intake, Reference, SafetyWarning, Suggestion, UpperLimit
from camag_core.guidance import QUOTED_IN_ENGLISH, attribution, summary
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient, amount_text
from camag_core.reference import kind_name
from camag_core.suggestions import food_listing, servings_to_close


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
    caution: bool = False  # a caution's section: shown first, never left behind a button unsaid


def intake_line(
    nutrient: Nutrient,
    intake: Intake,
    reference: Reference | None,
    limit: UpperLimit | None = None,
    *,
    t: Texts = ENGLISH,
) -> str:
    """E.g. "Magnesium: 367 mg a day (food 367 mg, supplements 0 mg), 115% of your RDA of 320 mg"."""
    unit = intake.unit
    values = {
        "nutrient": t._(nutrient.label),
        "total": amount_text(intake.total, intake.total_max, unit, t=t),
        "food": amount_text(intake.diet, intake.diet_max, unit, t=t),
        "pills": amount_text(intake.supplements, intake.supplements_max, unit, t=t),
    }
    known = intake.total > 0 or (intake.total_max is not None and not math.isinf(intake.total_max))
    if intake.diet_typical:
        # TRANSLATORS: {food}: food's amount, a typical figure for the person's age and sex, not their own
        text = (
            t._("{nutrient}: {total} a day (food {food}, typical, supplements {pills})", **values)
            if known
            else t._("{nutrient}: {total} (food {food}, typical, supplements {pills})", **values)
        )
    else:
        text = (
            t._("{nutrient}: {total} a day (food {food}, supplements {pills})", **values)
            if known
            else t._("{nutrient}: {total} (food {food}, supplements {pills})", **values)
        )
    if reference is not None:
        kind, amount = kind_name(reference.kind, t=t), t.amount(reference.amount, unit)
        if reference.percent is None:
            # TRANSLATORS: {line} is the line so far ("Calcium: 900 mg a day (...)"); {kind}: RDA or AI
            text = t._("{line}; your {kind} is {amount}", line=text, kind=kind, amount=amount)
        else:
            message = (
                N_("{line}, at least {share} of your {kind} of {amount}")
                if reference.percent_at_least
                else N_("{line}, {share} of your {kind} of {amount}")
            )
            text = t._(message, line=text, share=t.percent(reference.percent / 100), kind=kind, amount=amount)
    if limit is not None and limit.amount is not None:
        amount = t.amount(limit.amount, unit)
        if limit.covers == "supplemental":
            text = t._("{line}; upper limit from supplements {amount}", line=text, amount=amount)
        else:
            text = t._("{line}; upper limit {amount}", line=text, amount=amount)
    return text


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def _servings(servings: float, t: Texts) -> str:
    if servings == 0.5:
        return t._("half a serving")
    return t.ngettext("{n} serving", "{n} servings", servings)


def _also_short(a: Assessment, top: Suggestion, t: Texts) -> str | None:
    """The other nutrients with a gap that may be far below their RDA/AI (under half of it), in a
    sentence: the one most worth doing must not hide them."""
    names = [t._(_IN_A_SENTENCE[Nutrient(s.nutrient)]) for s in a.suggestions if s is not top and s.far_below]
    if not names:
        return None
    said = t.join(names)
    # TRANSLATORS: {nutrients}: "Calcium", "Calcium and vitamin D"
    return t.ngettext(
        "{nutrients} may also be under half of your RDA.",
        "{nutrients} may also be under half of your RDA.",
        len(names),
        nutrients=said[:1].upper() + said[1:],
    )


def most_worth_doing(a: Assessment, *, t: Texts = ENGLISH) -> str | None:
    """The one suggestion most worth acting on, in a sentence or two (suggestions come in order of
    importance), and the other nutrients that may be far below their RDA; ``None`` when there is none."""
    if not a.suggestions:
        return None
    top = a.suggestions[0]
    said = top.message
    if top.foods and top.change is not None:
        food = top.foods[0]
        values = {
            "advice": _first_sentence(top.message)[:-1],
            "amount": _servings(servings_to_close(top.change, food.amount), t),
            "food": food.food,
            "serving": food.serving,
        }
        if top.gap_max is None:
            # TRANSLATORS: {advice}: the suggestion's first sentence, without its full stop; {amount}: "2 servings"
            said = t._("{advice}: for example, {amount} of {food} ({serving}) a day would close it.", **values)
        else:  # a gap that is a range: the amount closes it at its smallest
            # TRANSLATORS: {least}: the gap at its smallest, e.g. "380 mg"
            said = t._(
                "{advice}: for example, {amount} of {food} ({serving}) a day would make up at least {least} of it.",
                least=t.amount(top.change, food.unit),
                **values,
            )
    also = _also_short(a, top, t)
    return f"{said} {also}" if also else said


def totals_lines(a: Assessment, *, t: Texts = ENGLISH) -> list[Line]:
    reference = a.reference or {}
    limits = a.upper_limits or {}
    totals = [
        Line(intake_line(n, intake, reference.get(n.value), limits.get(n.value), t=t))
        for n, intake in (
            (CALCIUM, a.calcium_mg),
            (MAGNESIUM, a.magnesium_mg),
            (VITAMIN_D, a.vitamin_d_iu),
        )
    ]
    if a.reference is not None:
        # TRANSLATORS: {group}: the life stage, e.g. "women 31–50"
        note = t._("Reference values for {group} (National Academies).", group=a.reference["calcium"].group)
        totals.append(Line(note, Style.NOTE))
    elif a.reference_note:
        totals.append(Line(a.reference_note, Style.NOTE))
    assumed = next((limit.assumed for limit in limits.values() if limit.assumed), None)
    if assumed and "age" not in a.unknowns:  # without the age, the note above says what was assumed
        totals.append(Line(t._("Upper limits: {assumed}.", assumed=assumed), Style.NOTE))
    return totals


def _quote_lines(a: Assessment, t: Texts) -> list[Line]:
    lines = [Line(t._(QUOTED_IN_ENGLISH), Style.NOTE)]
    caveats: set[str] = set()
    for q in a.quotes:
        lines.append(Line(q.text, Style.QUOTE))
        lines.append(Line(attribution(q, t=t), Style.ATTRIBUTION))
        lines.append(Line(summary(q, t=t), Style.TEXT))
        if q.caveat and q.caveat not in caveats:  # the same official note once, under its first passage
            caveats.add(q.caveat)
            lines.append(Line(q.caveat, Style.CAVEAT))
    return lines


def _warning(w: SafetyWarning) -> Line:
    return Line(w.message, Style.CAUTION if w.level == "caution" else Style.TEXT)


LIMITS_TITLE = N_("Official upper limits")
MEDICINES_TITLE = N_("Your medicines")
NOTES_TITLE = N_("Please note")
FOOD_TITLE = N_("Food first")
TOTALS_TITLE = N_("Your daily totals")
GOOD_TO_KNOW_TITLE = N_("Good to know")
QUOTES_TITLE = N_("What the articles say")
_CAUTION_TITLES = (("upper_limit", LIMITS_TITLE), ("medicine", MEDICINES_TITLE), ("condition", NOTES_TITLE))


def _in_the_summary(w: SafetyWarning) -> bool:
    """A caution, or a note on an upper limit (calcium close to its limit)."""
    return w.level == "caution" or w.kind == "upper_limit"


def _cautions(a: Assessment, t: Texts) -> list[Section]:
    """Every caution, most harmful first: limits crossed (or nearly), medicines, then conditions' notes."""
    sections = []
    for kind, title in _CAUTION_TITLES:
        lines = tuple(_warning(w) for w in a.warnings if _in_the_summary(w) and w.kind == kind)
        if lines:
            sections.append(Section(t._(title), lines, caution=True))
    return sections


def official_amounts(a: Assessment, *, t: Texts = ENGLISH) -> Line | None:
    """The official amounts for a child's age, in one line (CaMag gives children no totals)."""
    if a.reference is None:
        return None
    limits = a.upper_limits or {}
    parts = []
    for nutrient in (CALCIUM, MAGNESIUM, VITAMIN_D):
        row = a.reference[nutrient.value]
        values = {
            "nutrient": t._(_IN_A_SENTENCE[nutrient]),
            "kind": kind_name(row.kind, t=t),
            "amount": t.amount(row.amount, row.unit),
        }
        limit = limits.get(nutrient.value)
        if limit is not None and limit.amount is not None:
            values["limit"] = t.amount(limit.amount, row.unit)
            if limit.covers == "supplemental":
                text = t._("{nutrient} {kind} {amount} (upper limit from supplements {limit})", **values)
            else:
                text = t._("{nutrient} {kind} {amount} (upper limit {limit})", **values)
        elif limit is not None:
            text = t._(
                "{nutrient} {kind} {amount} (no upper limit set: don't give it as a supplement without the doctor)",
                **values,
            )
        else:
            text = t._("{nutrient} {kind} {amount}", **values)
        parts.append(text)
    group = a.reference[CALCIUM.value].group
    # TRANSLATORS: {group}: the child's life stage; {amounts}: each nutrient's amounts, separated by "; "
    said = t._(
        "Official amounts a day for {group}: {amounts} (National Academies).", group=group, amounts="; ".join(parts)
    )
    return Line(said, Style.NOTE)


# The nutrients as they stand inside a sentence.
_IN_A_SENTENCE = {CALCIUM: N_("calcium"), MAGNESIUM: N_("magnesium"), VITAMIN_D: N_("vitamin D")}


def _balance_section(a: Assessment, t: Texts) -> Section:
    lines = [Line(a.balance.explanation)]
    if a.scope_note is not None and (amounts := official_amounts(a, t=t)):
        lines.append(amounts)
    return Section(a.balance.headline, tuple(lines))


def short_report(a: Assessment, *, t: Texts = ENGLISH) -> tuple[Section, ...]:
    """What a person came for, in order of harm: any limit crossed first, then medicines and
    doctors' notes (never left for later), the one thing most worth doing, the ratio and its
    verdict, and the not-medical-advice note."""
    sections = _cautions(a, t)
    worth = most_worth_doing(a, t=t)
    if worth:
        sections.append(Section(t._("Most worth doing"), (Line(worth),)))
    sections.append(_balance_section(a, t))
    if "age" in a.unknowns and a.reference_note:  # what was assumed, and the age asked for
        sections.append(Section("", (Line(a.reference_note, Style.NOTE),)))
    sections.append(Section("", (Line(t._(SHORT_DISCLAIMER), Style.NOTE),)))
    return tuple(sections)


SHORT_DISCLAIMER = N_(
    "Information, not medical advice or a diagnosis: talk to your doctor before you change a supplement."
)


def details(a: Assessment, part: str, *, t: Texts = ENGLISH) -> tuple[Section, ...]:
    """One part of the result in full: "totals" (with every suggestion and note), "quotes", or
    "notes" (every caution, for a first message too long to hold them all)."""
    if part == "quotes":
        return (Section(t._(QUOTES_TITLE), tuple(_quote_lines(a, t))),) if a.quotes else ()
    if part == "notes":  # one section a caution, each kind's title on its first, to fit into messages
        return tuple(
            Section(section.title if index == 0 else "", (line,), caution=True)
            for section in _cautions(a, t)
            for index, line in enumerate(section.lines)
        )
    sections = [Section(t._(TOTALS_TITLE), tuple(totals_lines(a, t=t)))]
    if food := _food_after_the_summary(a, t):
        sections.append(Section(t._(FOOD_TITLE), food))
    notes = tuple(_warning(w) for w in a.warnings if not _in_the_summary(w))
    if notes:
        sections.append(Section(t._(GOOD_TO_KNOW_TITLE), notes))
    return tuple(sections)


_OTHER_FOODS = {
    CALCIUM: N_("Other foods rich in calcium, per serving: {foods}."),
    MAGNESIUM: N_("Other foods rich in magnesium, per serving: {foods}."),
    VITAMIN_D: N_("Other foods rich in vitamin D, per serving: {foods}."),
}


def _food_after_the_summary(a: Assessment, t: Texts) -> tuple[Line, ...]:
    """Every suggestion but the first, which the summary gave as the one most worth doing: of
    that one, only the foods the summary did not name, so nothing is said twice."""
    if not a.suggestions:
        return ()
    top, *rest = a.suggestions
    lines = [Line(s.message) for s in rest]
    if top.change is not None and len(top.foods) > 1:
        others = food_listing(top.foods[1:], t=t)
        lines.insert(0, Line(t._(_OTHER_FOODS[Nutrient(top.nutrient)], foods=others)))
    return tuple(lines)


def report(a: Assessment, *, t: Texts = ENGLISH) -> tuple[Section, ...]:
    """The whole result, for the terminal and for /summary's parts, in order of harm: limits,
    medicines, doctors' notes, food for gaps, then the ratio and the rest."""
    sections = _cautions(a, t)
    if a.suggestions:
        sections.append(Section(t._(FOOD_TITLE), tuple(Line(s.message) for s in a.suggestions)))
    sections.append(_balance_section(a, t))
    if a.scope_note is None:
        sections.append(Section(t._(TOTALS_TITLE), tuple(totals_lines(a, t=t))))
    notes = tuple(_warning(w) for w in a.warnings if not _in_the_summary(w))
    if notes:
        sections.append(Section(t._(GOOD_TO_KNOW_TITLE), notes))
    if a.quotes:
        sections.append(Section(t._(QUOTES_TITLE), tuple(_quote_lines(a, t))))
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
