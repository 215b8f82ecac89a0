"""A day plan from what a person takes, by the official timing rules only, each with its source.

The rules are data (``data/timing_rules.csv``, quoted from ``shared/reference/medicine_timing.md``
and ``safety.md``): calcium in doses of at most 500 mg, with food for carbonate; levothyroxine
alone before breakfast with calcium and magnesium 4 hours away; a bisphosphonate first thing with
the minerals at another time of the day; the antibiotic and integrase-inhibitor windows. Where no
official text settles a combination (levothyroxine and a bisphosphonate both "first thing"), the
plan leaves the bisphosphonate out and says which two clash and to ask the pharmacist or doctor,
instead of inventing a rule. A product of several nutrients is one tablet: one item, planned
whole with its calcium (else its magnesium, else its vitamin D). The times themselves (breakfast
at 8:00, bed at 21:30) are defaults the person moves; only the spacing is a rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache

from camag_core._resources import read_csv
from camag_core.answers import Answers, Medication, Supplement, taken_as
from camag_core.balance import assess
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D
from camag_core.parsing import in_english
from camag_core.reference import REFERENCE_SOURCE
from camag_core.safety import doctor_first, limits_crossed
from camag_core.schedule import Dose, Plan, new_dose
from camag_core.supplements import find_form

WAKE = time(6, 30)  # a medicine taken first thing
BREAKFAST, LUNCH, DINNER, BED = time(8, 0), time(13, 0), time(19, 0), time(21, 30)
AFTER_LEVOTHYROXINE = time(10, 30)  # 4 hours after it
AFTER_BISPHOSPHONATE = time(8, 30)  # another time of the day: 2 hours on, the conservative gap for magnesium
MAX_CALCIUM_DOSE_MG = 500.0
# The rule's "500–600 mg at one time": calcium carbonate, taken with food, is split into no more
# doses than there are meals to take it with, as long as none holds more than this.
MOST_CALCIUM_DOSE_MG = 600.0
# How a medicine the plan reminds of reads in it (and how the report finds its reminders); the
# plan keeps it in the person's language: ``t._(PLANNED_MEDICINES[...])``.
PLANNED_MEDICINES = {
    Medication.LEVOTHYROXINE: N_("Levothyroxine, on an empty stomach"),
    Medication.BISPHOSPHONATE: N_("Bisphosphonate (e.g. alendronate), with plain water, before food"),
}
# TRANSLATORS: a medicine taken once a week, as it stands alone in a sentence or on a button
WEEKLY_BISPHOSPHONATE = N_("Bisphosphonate")
# Why a plan with both leaves the bisphosphonate out: said beside the plan and in the doctor's report.
BOTH_FIRST_THING = N_(
    "Levothyroxine and alendronate (or a similar bisphosphonate) are each to be taken first thing, alone, "
    "on an empty stomach, and the official texts I have don't say which goes first, so I left the "
    "bisphosphonate out of this plan. Ask your pharmacist or doctor which goes first."
)
# A tablet of several nutrients is planned whole: one holding more calcium than is absorbed best at
# one time says so, beside the plan and in the doctor's report.
WHOLE_TABLET = N_(
    "{product}: one tablet holds {amount} of calcium, more than the 500–600 mg absorbed best at one time. "
    "I planned it whole, as it holds other nutrients too: ask your pharmacist whether to split it."
)
# What a dose of a plan holds, as the spacing rules know it (:attr:`camag_core.schedule.Dose.kinds`):
# the two medicines, and the nutrients by their ids ("calcium", "magnesium", "vitamin_d").
LEVOTHYROXINE, BISPHOSPHONATE = "levothyroxine", "bisphosphonate"


@dataclass(frozen=True, slots=True)
class TimingRule:
    id: str
    rule: str  # what the plan does, in the official wording's strength
    quote: str  # the source's own words
    cited: str  # the official source by its name, as a person reads it (see camag_core.citation)
    source: str  # provenance for maintainers: what was read, where, and what was only attributed
    url: str


@cache
def timing_rules() -> dict[str, TimingRule]:
    return {row["id"]: TimingRule(**row) for row in read_csv("timing_rules.csv")}


@dataclass(frozen=True, slots=True)
class ProposedDose:
    at: time
    what: tuple[str, ...]
    weekday: int | None = None  # 0 = Monday; None: every day
    kinds: tuple[str, ...] = ()  # what the timing rules know it by (see :data:`KINDS`)


@dataclass(frozen=True, slots=True)
class Proposal:
    doses: tuple[ProposedDose, ...]
    rules: tuple[TimingRule, ...]  # the rules that shaped it, in the order they apply
    ask_pharmacist: bool = False  # a combination no official text settles
    # levothyroxine and a bisphosphonate, both "first thing": the bisphosphonate is left out (BOTH_FIRST_THING)
    both_first_thing: bool = False
    whole: tuple[tuple[str, float], ...] = ()  # products planned whole with more calcium a tablet (WHOLE_TABLET)
    weekly_medicine: str | None = None  # a medicine in the plan that may be taken once a week
    said_weekly: bool = False  # the person said the weekly medicine is taken once a week: never every day

    @property
    def day_needed(self) -> bool:
        """Said to be weekly, its weekday not known yet: it waits for its day, out of the doses."""
        return self.said_weekly and all(d.weekday is None for d in self.doses)

    def plan(self, zone_name: str, now: datetime) -> Plan:
        """The proposal as the person's plan, each dose from its next occurrence on."""
        return Plan(
            doses=tuple(
                new_dose(n, d.at, zone_name, now, d.weekday, d.what, kinds=d.kinds) for n, d in enumerate(self.doses, 1)
            )
        )


def supplement_name(supplement: Supplement, *, t: Texts = ENGLISH) -> str:
    """The supplement's name without its amount: "Calcium carbonate", "Vitamin D"; a form the table
    knows in the person's language ("Карбонат кальция"), another as the person or the label named it."""
    if supplement.nutrient is VITAMIN_D or not supplement.form:
        return t._(supplement.nutrient.label)
    known = find_form(supplement.nutrient, supplement.form)
    name = t._(known.name) if known is not None and t is not ENGLISH else supplement.form
    return name.capitalize() if t is ENGLISH else name[:1].upper() + name[1:]


def product_label(parts: Sequence[Supplement], *, t: Texts = ENGLISH) -> str:
    """How a tablet of a product with several nutrients reads on a check-in, one item of the plan:
    "Caltrate 600+D3 (Calcium carbonate 600 mg and Vitamin D 800 IU)"."""
    # TRANSLATORS: a product named by its brand, then what one tablet holds
    return t._("{product} ({contents})", product=parts[0].product or "", contents=t.join(label(p, t=t) for p in parts))


def label(supplement: Supplement, parts: int | None = None, *, t: Texts = ENGLISH) -> str:
    """How a dose of the person's own supplement reads on a check-in: "Calcium carbonate 600 mg";
    ``parts``: the doses a once-a-day amount is split into, each a tablet of the same product
    (one item of the plan: its refills count them all)."""
    name = supplement_name(supplement, t=t)
    if supplement.amount is None:
        return name
    amount = t.amount(supplement.amount, supplement.unit.value)
    if parts is None:
        # TRANSLATORS: a supplement and its dose on a reminder: "Calcium carbonate 600 mg"
        return t._("{name} {amount}", name=name, amount=amount)
    # TRANSLATORS: each of the doses a day's amount is split into: "Calcium carbonate 400 mg (3 a day, 1,200 mg in all)"
    return t._(
        "{name} {amount} ({parts} a day, {whole} in all)",
        name=name,
        amount=t.amount(supplement.amount / parts, supplement.unit.value),
        parts=t.number(parts),
        whole=amount,
    )


class _Day:
    def __init__(self) -> None:
        self.slots: dict[tuple[time, int | None], list[str]] = {}
        self.kinds: dict[tuple[time, int | None], dict[str, None]] = {}

    def put(self, at: time, what: str, kinds: Iterable[str], weekday: int | None = None) -> None:
        self.slots.setdefault((at, weekday), []).append(what)
        self.kinds.setdefault((at, weekday), {}).update(dict.fromkeys(kinds))

    def times(self) -> set[time]:
        return {at for at, weekday in self.slots if weekday is None}

    def doses(self) -> tuple[ProposedDose, ...]:
        ordered = sorted(self.slots.items(), key=lambda item: (item[0][0], item[0][1] or 0))
        return tuple(
            ProposedDose(at, tuple(what), weekday, tuple(self.kinds[at, weekday])) for (at, weekday), what in ordered
        )


def _per_day(supplement: Supplement) -> int:
    return max(1, round(supplement.per_day or 1))


def _kinds(parts: Sequence[Supplement]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.nutrient.value for p in parts))


def _calcium_doses(tablet: Sequence[Supplement], meals: int, t: Texts) -> tuple[list[str], bool]:
    """One label per dose: the label's doses a day, a once-a-day amount above 500 mg split (then
    ``True``); calcium carbonate into no more doses than ``meals``, if 600 mg a dose allows. A
    product with several nutrients is one tablet a dose, never split."""
    supplement = tablet[0]
    if len(tablet) > 1:
        return [product_label(tablet, t=t)] * _per_day(supplement), False
    each = supplement.dose_amount()
    if _per_day(supplement) == 1 and each is not None and each.high > MAX_CALCIUM_DOSE_MG:
        parts = math.ceil(each.high / MAX_CALCIUM_DOSE_MG)
        if supplement.form == "calcium carbonate" and parts > meals:
            parts = max(meals, math.ceil(each.high / MOST_CALCIUM_DOSE_MG))
        return [label(supplement, parts, t=t)] * parts, True
    return [label(supplement, t=t)] * _per_day(supplement), False


def propose(answers: Answers, bisphosphonate_weekday: int | None = None, *, t: Texts = ENGLISH) -> Proposal | None:
    """The day plan for the person's supplements and medicines (``None``: nothing to remind of);
    a bisphosphonate taken once a week is reminded of on ``bisphosphonate_weekday``, else on the
    weekday the person named; said to be weekly without a day, it waits for its day, never daily.
    What each dose holds is worded in ``t``'s language (the plan keeps it so)."""
    medications = set(answers.medications or ())
    weekly = answers.weekly_medications or {}
    if bisphosphonate_weekday is None:
        bisphosphonate_weekday = weekly.get(Medication.BISPHOSPHONATE)
    day_needed = Medication.BISPHOSPHONATE in weekly and bisphosphonate_weekday is None
    supplements = answers.supplements or []
    rules = timing_rules()
    used: list[str] = []
    day = _Day()
    earliest = time(0, 0)
    ask = False
    if Medication.LEVOTHYROXINE in medications:
        day.put(WAKE, t._(PLANNED_MEDICINES[Medication.LEVOTHYROXINE]), [LEVOTHYROXINE])
        used += ["levothyroxine_morning", "levothyroxine_minerals"]
        earliest = AFTER_LEVOTHYROXINE
    both_first_thing = {Medication.LEVOTHYROXINE, Medication.BISPHOSPHONATE} <= medications
    if Medication.BISPHOSPHONATE in medications and not both_first_thing:
        if not day_needed:
            day.put(WAKE, t._(PLANNED_MEDICINES[Medication.BISPHOSPHONATE]), [BISPHOSPHONATE], bisphosphonate_weekday)
        used.append("bisphosphonate_first")
        earliest = max(earliest, AFTER_BISPHOSPHONATE)
    meals = [at for at in (BREAKFAST, DINNER, LUNCH) if at >= earliest]
    # what is taken as one tablet: a product with calcium goes with the calcium, with all it holds
    taken = taken_as(supplements)
    calcium = [parts for parts in taken if CALCIUM.value in _kinds(parts)]
    split = [(_calcium_doses(parts, len(meals), t), _kinds(parts)) for parts in calcium]
    calcium_doses = [(one, kinds) for (labels, _), kinds in split for one in labels]
    calcium_times = sorted([*meals, BED][: max(1, len(calcium_doses))])
    whole = tuple(
        (s.product or "", amount.high)
        for parts in calcium
        for s in parts
        if len(parts) > 1
        and s.nutrient is CALCIUM
        and (amount := s.dose_amount()) is not None
        and amount.high > MOST_CALCIUM_DOSE_MG
    )
    if calcium_doses:
        if len(calcium_doses) > 1 or whole or any(was_split for (_, was_split), _ in split):
            used.append("calcium_dose")
        if any(s.form == "calcium carbonate" for parts in calcium for s in parts):
            used.append("calcium_carbonate_food")
        for n, (what, kinds) in enumerate(calcium_doses):
            day.put(calcium_times[n % len(calcium_times)], what, kinds)
    for parts in taken:
        kinds = _kinds(parts)
        if CALCIUM.value in kinds:
            continue
        if MAGNESIUM.value in kinds:
            times = [BED, *reversed(meals)]
        else:  # vitamin D: with the calcium, or with a meal
            times = calcium_times if calcium_doses else [*meals, BED]
        what = product_label(parts, t=t) if len(parts) > 1 else label(parts[0], t=t)
        for n in range(_per_day(parts[0])):
            day.put(times[n % len(times)], what, kinds)
    if medications & {Medication.QUINOLONE, Medication.ANTIBIOTIC}:
        used.append("quinolone_window")
    if medications & {Medication.TETRACYCLINE, Medication.ANTIBIOTIC}:
        used.append("tetracycline_window")
        ask = True
    if Medication.INTEGRASE_INHIBITOR in medications:
        used.append("integrase_window")
        ask = True
    alone = Medication.BISPHOSPHONATE in medications and Medication.LEVOTHYROXINE not in medications
    if not day.slots and not (alone and day_needed):
        return None
    weekly_medicine = t._(WEEKLY_BISPHOSPHONATE) if alone else None
    said_weekly = alone and Medication.BISPHOSPHONATE in weekly
    return Proposal(
        day.doses(),
        tuple(rules[r] for r in dict.fromkeys(used)),
        ask,
        both_first_thing,
        whole,
        weekly_medicine,
        said_weekly,
    )


@dataclass(frozen=True, slots=True)
class Spacing:
    """Two kinds of dose kept apart by a rule: ``gap`` at the least, either way round the day.
    ``firm``: the official text says so itself; otherwise the gap is the plan's precaution, which
    the person may set aside once they have agreed it with their doctor or pharmacist."""

    rule: str  # a timing rule's id
    first: str
    other: str
    gap: timedelta
    firm: bool


SPACINGS = (
    # the labels name calcium carbonate (section 7.1): 4 hours, in the label's own words
    Spacing("levothyroxine_minerals", LEVOTHYROXINE, CALCIUM.value, timedelta(hours=4), firm=True),
    # magnesium 4 hours away is the rule's precaution, not label text
    Spacing("levothyroxine_minerals", LEVOTHYROXINE, MAGNESIUM.value, timedelta(hours=4), firm=False),
    # "at least one-half hour before the first food, beverage, or medication of the day"
    Spacing("bisphosphonate_first", BISPHOSPHONATE, CALCIUM.value, timedelta(minutes=30), firm=True),
    Spacing("bisphosphonate_first", BISPHOSPHONATE, MAGNESIUM.value, timedelta(minutes=30), firm=True),
    # "at a different time of the day": the plan's 2 hours
    Spacing("bisphosphonate_first", BISPHOSPHONATE, CALCIUM.value, timedelta(hours=2), firm=False),
    Spacing("bisphosphonate_first", BISPHOSPHONATE, MAGNESIUM.value, timedelta(hours=2), firm=False),
)


@dataclass(frozen=True, slots=True)
class Clash:
    """A spacing rule a moved dose would break: the rule, the dose it comes too close to, and
    whether the official text itself sets the gap (see :class:`Spacing`)."""

    rule: TimingRule
    near: Dose
    gap: timedelta
    firm: bool


def with_kinds(plan: Plan, answers: Answers, *, t: Texts = ENGLISH) -> Plan:
    """The plan with each dose's kinds, for doses kept before they carried them: an item named as
    a day plan names the check's medicines and supplements (in English or in ``t``'s language,
    the plan keeps its items as worded when it was made) is of that kind."""
    if all(d.kinds or not d.what for d in plan.doses):
        return plan
    names = _names(answers, t)
    doses = tuple(
        d if d.kinds or not d.what else d.model_copy(update={"kinds": _kinds_of(d.what, names)}) for d in plan.doses
    )
    return plan.model_copy(update={"doses": doses})


def _names(answers: Answers, t: Texts) -> tuple[tuple[str, str], ...]:
    """How a plan names each of the check's medicines and supplements (in English or in ``t``'s
    language: the plan keeps its items as worded when it was made), with the kind it is of."""
    names = [
        (name, kind)
        for medication, kind in ((Medication.LEVOTHYROXINE, LEVOTHYROXINE), (Medication.BISPHOSPHONATE, BISPHOSPHONATE))
        for name in (PLANNED_MEDICINES[medication], t._(PLANNED_MEDICINES[medication]))
    ]
    names += [
        (name, s.nutrient.value)
        for s in answers.supplements or []
        for name in (supplement_name(s), supplement_name(s, t=t), *([s.product] if s.product else []))
    ]
    return tuple(names)


def _kinds_of(items: Sequence[str], names: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The kinds of a plan's items: an item named as the check names one is of its kind."""
    return tuple(dict.fromkeys(kind for item in items for name, kind in names if item.startswith(name)))


@dataclass(frozen=True, slots=True)
class DoseCautions:
    """The latest result's cautions on what a dose has the person take, worded as the result words
    them: a nutrient above (or possibly above) its official upper limit, and the notes of their
    medicines and conditions that ask for a doctor's word on it. A plan, a check-in or a refill
    says them beside the doses they concern, so that scheduling an amount never reads as endorsing
    it; the limits' source follows an upper-limit caution."""

    by_kind: Mapping[str, tuple[str, ...]]  # a nutrient's kind ("magnesium") -> its cautions
    names: tuple[tuple[str, str], ...]  # how the plan names the check's items, with their kinds
    limits: frozenset[str]  # which of the cautions are about an upper limit
    source: str  # where the upper limits come from, as a person reads it

    def for_kinds(self, kinds: Iterable[str]) -> list[str]:
        """The cautions on those kinds, once each."""
        return list(dict.fromkeys(c for k in kinds for c in self.by_kind.get(k, ())))

    def for_items(self, items: Sequence[str]) -> list[str]:
        """The cautions on what the plan's items are (a supplement named as the check names it)."""
        return self.for_kinds(_kinds_of(items, self.names))

    def for_dose(self, dose: Dose | ProposedDose) -> list[str]:
        """The cautions on what a dose holds (a dose kept before doses carried kinds: by its items)."""
        return self.for_kinds(dose.kinds) if dose.kinds else self.for_items(dose.what)


def dose_cautions(answers: Answers, *, t: Texts = ENGLISH) -> DoseCautions:
    """The cautions of the result of ``answers`` on each nutrient (assessed afresh, in ``t``'s
    language): its upper limit's first, then the doctor's notes."""
    warnings = assess(answers, t=t).warnings
    crossed = limits_crossed(warnings)
    by_kind: dict[str, list[str]] = {}
    for nutrient, warning in [*crossed.items(), *doctor_first(warnings)]:
        by_kind.setdefault(nutrient.value, []).append(warning.message)
    return DoseCautions(
        {kind: tuple(cautions) for kind, cautions in by_kind.items()},
        _names(answers, t),
        frozenset(w.message for w in crossed.values()),
        t._(REFERENCE_SOURCE),
    )


def _apart(a: time, b: time) -> timedelta:
    """How far apart two times of the day are, the shorter way round the clock."""
    minutes = abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))
    return timedelta(minutes=min(minutes, 24 * 60 - minutes))


def clashes(plan: Plan, number: int, at: time) -> list[Clash]:
    """The spacing rules the plan's dose ``number`` would break at ``at``, one a rule and other
    dose, a firm one before a precaution: what a move must not apply silently."""
    moving = plan.dose(number)
    if moving is None:
        return []
    found: dict[tuple[str, int], Clash] = {}
    for spacing in sorted(SPACINGS, key=lambda s: not s.firm):
        for other in plan.doses:
            if other.number == number:
                continue
            pair = {*moving.kinds} & {spacing.first, spacing.other}, {*other.kinds} & {spacing.first, spacing.other}
            meets = (spacing.first in pair[0] and spacing.other in pair[1]) or (
                spacing.other in pair[0] and spacing.first in pair[1]
            )
            if meets and _apart(at, other.at) < spacing.gap and (spacing.rule, other.number) not in found:
                rule = timing_rules()[spacing.rule]
                found[spacing.rule, other.number] = Clash(rule, other, spacing.gap, spacing.firm)
    return list(found.values())


_NOT_NAMES = frozenset(
    {"the", "and", "only", "just", "took", "take", "taken", "all", "them", "some", "one", "not", "but", "didn"}
)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 3 and w not in _NOT_NAMES]


def mentioned(text: str, items: Sequence[str]) -> list[str]:
    """The items of a dose a typed answer names ("only the magnesium", "just the calcium and the
    vit D", "только магний" for a plan made in Russian or in English): a word of the answer, in any
    script or read in English, that begins a word of the item's name (at least three letters)."""
    said = {*_words(text), *_words(in_english(text))}
    return [item for item in items if any(name.startswith(word) for name in _words(item) for word in said)]
