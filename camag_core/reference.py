"""Official reference values (RDA/AI and upper limits) by life stage, from ``data/dri.csv``.

Age conventions follow SOURCES.md section E: whole-year rows run from the first birthday
named up to (not including) the birthday after the last one ("4-8 y" is 4.0 <= age < 9.0);
infant rows are 0-0.5 and 0.5-1 years; an empty upper age means no upper bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from camag_core._resources import read_csv
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import Nutrient

SEX_ANY = "any"
# CaMag's estimates are for ages 9 and over (where the reference values start to differ by sex):
# below it there is no food model and no totals; with age not known, it assumes someone this old or older.
MIN_AGE = 9.0

# Where the reference values and upper limits of ``data/dri.csv`` come from, as a person reads it.
REFERENCE_SOURCE = N_(
    "Reference values and upper limits: Dietary Reference Intakes, National Academies (Institute of Medicine, "
    "1997, 2000 and 2011)"
)
# The reference values' kinds, as the person reads them.
_KIND_NAMES = {"RDA": N_("RDA"), "AI": N_("AI")}


def kind_name(kind: str, *, t: Texts = ENGLISH) -> str:
    """A reference value's kind ("RDA", "AI") as the person's language abbreviates it."""
    return t._(_KIND_NAMES.get(kind, kind))


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    nutrient: Nutrient
    unit: str
    sex: str
    life_stage: str
    age_min: float
    age_max: float  # exclusive
    kind: Literal["RDA", "AI"]
    amount: float
    upper_limit: float | None  # None: not determinable
    ul_scope: Literal["total", "supplemental"]  # "supplemental": supplements and medicines only
    source: str
    group: str  # the life-stage group in plain English, e.g. "women 31–50" (group_text() translates it)

    def covers(self, age: float) -> bool:
        return self.age_min <= age < self.age_max


def _group(life_stage: str, sex: str, age_min: float, age_max: float, t: Texts = ENGLISH) -> str:
    """The life-stage group in plain words, e.g. "women 31–50" or "children 4–8"."""
    if life_stage == "infant":
        # TRANSLATORS: a life-stage group of the reference values, e.g. "infants 0–6 months"
        return t._("infants {low}–{high} months", low=t.number(age_min * 12), high=t.number(age_max * 12))
    if math.isinf(age_max):
        # TRANSLATORS: an age group with no upper end, e.g. "51+"
        ages = t._("{low}+", low=t.number(age_min))
    else:
        # TRANSLATORS: an age group, e.g. "31–50"
        ages = t._("{low}–{high}", low=t.number(age_min), high=t.number(age_max - 1))
    if life_stage == "pregnant":
        return t._("pregnancy, ages {ages}", ages=ages)
    if life_stage == "lactating":
        return t._("breastfeeding, ages {ages}", ages=ages)
    if sex == SEX_ANY:
        return t._("children {ages}", ages=ages)
    if life_stage == "adult":
        return t._("men {ages}", ages=ages) if sex == "male" else t._("women {ages}", ages=ages)
    return t._("boys {ages}", ages=ages) if sex == "male" else t._("girls {ages}", ages=ages)


def group_text(row: ReferenceRow, *, t: Texts = ENGLISH) -> str:
    """The row's life-stage group in the person's language: "women 31–50"."""
    return row.group if t is ENGLISH else _group(row.life_stage, row.sex, row.age_min, row.age_max, t)


# The table's words, checked: an unexpected one fails loudly at the first lookup.
_KINDS: dict[str, Literal["RDA", "AI"]] = {"RDA": "RDA", "AI": "AI"}
_UL_SCOPES: dict[str, Literal["total", "supplemental"]] = {"total": "total", "supplemental": "supplemental"}


def _row(raw: dict[str, str]) -> ReferenceRow:
    age_min = float(raw["age_min_years"])
    if not raw["age_max_years"]:
        age_max = math.inf
    elif raw["life_stage"] == "infant":
        age_max = float(raw["age_max_years"])
    else:
        age_max = float(raw["age_max_years"]) + 1
    return ReferenceRow(
        nutrient=Nutrient(raw["nutrient"]),
        unit=raw["unit"],
        sex=raw["sex"],
        life_stage=raw["life_stage"],
        age_min=age_min,
        age_max=age_max,
        kind=_KINDS[raw["kind"]],
        amount=float(raw["rda"]),
        upper_limit=float(raw["ul"]) if raw["ul"] else None,
        ul_scope=_UL_SCOPES[raw["ul_scope"]],
        source=raw["source"],
        group=_group(raw["life_stage"], raw["sex"], age_min, age_max),
    )


@cache
def reference_rows() -> tuple[ReferenceRow, ...]:
    return tuple(_row(raw) for raw in read_csv("dri.csv"))


class NoReference(LookupError):
    """No official row covers this person (the reason is the message)."""


@lru_cache(maxsize=4096)
def reference_for(
    nutrient: Nutrient, age: float, sex: str | None, life_stage: str | None = None, *, t: Texts = ENGLISH
) -> ReferenceRow:
    """The official row for one nutrient and one person.

    ``life_stage`` is ``"pregnant"``, ``"lactating"`` or ``None``. Pregnancy and lactation rows
    apply whatever ``sex`` says; below age 9 the rows are the same for everyone.
    """
    if age < 0:
        raise NoReference(t._("age cannot be negative"))
    for row in reference_rows():
        if row.nutrient is not nutrient or not row.covers(age):
            continue
        if life_stage is not None:
            if row.life_stage == life_stage:
                return row
        elif row.life_stage not in ("pregnant", "lactating") and row.sex in (SEX_ANY, sex):
            return row
    if life_stage == "pregnant":
        raise NoReference(t._("reference values for pregnancy cover ages 14 to 50"))
    if life_stage is not None:
        raise NoReference(t._("reference values for breastfeeding cover ages 14 to 50"))
    if sex is None:
        raise NoReference(t._("from age 9 the reference values differ by sex"))
    raise NoReference(t._("no reference values for age {age}", age=t.decimal(age, 1)))


@dataclass(frozen=True, slots=True)
class Limit:
    """The upper limit that applies to a person for one nutrient. With age or sex not known it is
    the lowest limit of any group the person could be in (from age 9 when age is not known), and
    ``assumed`` says so."""

    amount: float | None  # None: not determinable (magnesium for infants)
    scope: Literal["total", "supplemental"]
    group: str  # the group whose limit it is, e.g. "women 51+"
    assumed: str | None = None  # e.g. "age not given: the lowest limit from age 9"


def _possible_rows(nutrient: Nutrient, age: float | None, sex: str | None, stage: str | None) -> list[ReferenceRow]:
    rows = []
    for row in reference_rows():
        if row.nutrient is not nutrient:
            continue
        if age is None and row.age_min < MIN_AGE:
            continue
        if age is not None and not row.covers(age):
            continue
        if stage is not None:
            if row.life_stage == stage:
                rows.append(row)
        elif row.life_stage not in ("pregnant", "lactating") and (sex is None or row.sex in (SEX_ANY, sex)):
            rows.append(row)
    return rows


@lru_cache(maxsize=1024)
def limit_for(
    nutrient: Nutrient, age: float | None, sex: str | None, life_stage: str | None = None, *, t: Texts = ENGLISH
) -> Limit:
    """The upper limit for one nutrient and one person, as far as their answers tell (``group`` and
    ``assumed`` in the person's language)."""
    if age is not None:
        try:
            row = reference_for(nutrient, age, sex, life_stage)
        except NoReference:
            pass
        else:
            return Limit(row.upper_limit, row.ul_scope, group_text(row, t=t))
    rows = [row for row in _possible_rows(nutrient, age, sex, life_stage) if row.upper_limit is not None]
    lowest = min(rows, key=lambda row: (row.upper_limit or 0.0, row.age_min))
    if age is None and sex is None:
        assumed = t._("age and sex not given, so the lowest limit at any age from 9")
    elif age is None:
        assumed = t._("age not given, so the lowest limit at any age from 9")
    else:
        assumed = t._("sex not given, so the lowest limit for either sex at age {age}", age=t.decimal(age, 1))
    return Limit(lowest.upper_limit, lowest.ul_scope, group_text(lowest, t=t), assumed)


def not_given(age: float | None, sex: str | None, *, t: Texts = ENGLISH) -> str:
    """What the person left out that the official figures depend on: "age not given"."""
    if age is None and sex is None:
        return t._("age and sex not given")
    return t._("age not given") if age is None else t._("sex not given")


def lowest_of(age: float | None, *, t: Texts = ENGLISH) -> str:
    """Which groups a figure assumed for a person not fully known is the lowest of, said plainly
    (never one group's name: "girls 9–13" for a grown woman who gave no age would mislead)."""
    # TRANSLATORS: completes "the lowest RDA …": of every group from age 9, or of both sexes at one age
    return t._("at any age from 9") if age is None else t._("for either sex at age {age}", age=t.decimal(age, 1))


@lru_cache(maxsize=1024)
def lowest_reference(
    nutrient: Nutrient, age: float | None, sex: str | None, life_stage: str | None = None
) -> ReferenceRow:
    """The row with the lowest RDA/AI of any group the person could be in (from age 9 when age is
    not known): an intake below it is below every reference value that could apply."""
    return min(_possible_rows(nutrient, age, sex, life_stage), key=lambda row: (row.amount, row.age_min))
