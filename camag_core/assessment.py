"""The assessment: the core's output contract, rendered by every front end and served as JSON.

The core builds these from answers it has already validated, so they are plain dataclasses, not
validating models: a pydantic model costs about three times as much to build, and an assessment
is ten of them. At the JSON edge, :data:`ASSESSMENT_JSON` (a pydantic ``TypeAdapter``) dumps,
validates and describes them. Values shared between assessments (quotes, fixed warnings, foods)
are frozen; the rest are built fresh for each assessment and are read-only by convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from camag_core.answers import Medication
from camag_core.ratio import Bound, Verdict


@dataclass(slots=True)
class Intake:
    """One nutrient a day: from food, from supplements, and in all. ``diet``, ``supplements`` and
    ``total`` are the known amounts (the lower end of a range); the ``*_max`` fields are the upper
    ends, equal when exact and ``None`` when nothing caps them: parts not known count as nothing
    and make the total a lower bound ("at least")."""

    unit: Literal["mg", "IU"]
    diet: float
    supplements: float
    total: float
    diet_known: bool  # exact (no range, no unknown part)
    supplements_known: bool
    at_least: bool  # the total has no upper end
    diet_max: float | None = None
    supplements_max: float | None = None
    total_max: float | None = None
    diet_typical: bool = False  # food is a survey's typical figure, not worked out from the answers


@dataclass(slots=True)
class Reference:
    """This person's official reference value and upper limit for one nutrient."""

    kind: Literal["RDA", "AI"]
    amount: float
    unit: str
    upper_limit: float | None
    upper_limit_covers: Literal["total", "supplemental"]
    group: str
    percent: float | None  # None when nothing of the intake is known
    percent_at_least: bool
    source: str


@dataclass(slots=True)
class Balance:
    verdict: Verdict
    headline: str
    explanation: str


@dataclass(slots=True)
class UpperLimit:
    """The upper limit that applies, shown even when the reference values can't be (age or sex
    not given): then the lowest limit the person could have, and ``assumed`` says why."""

    amount: float | None
    unit: str
    covers: Literal["total", "supplemental"]
    group: str
    assumed: str | None


WarningKind = Literal["upper_limit", "medicine", "condition", "note"]
_KIND = "What the warning is about, most harmful first: upper_limit, medicine, condition, note."
"""What a warning is about, in order of harm: a limit crossed (or possibly crossed), a medicine's
note, a condition's or life stage's doctor note, then information."""

HARM_ORDER: tuple[WarningKind, ...] = ("upper_limit", "medicine", "condition", "note")


class WarningCode(StrEnum):
    MAGNESIUM_SUPPLEMENT_ABOVE_UL = "magnesium_supplement_above_ul"
    MAGNESIUM_SUPPLEMENT_INFANT = "magnesium_supplement_infant"
    CALCIUM_ABOVE_UL = "calcium_above_ul"
    CALCIUM_NEAR_UL = "calcium_near_ul"
    VITAMIN_D_ABOVE_UL = "vitamin_d_above_ul"
    KIDNEY_DISEASE = "kidney_disease"
    KIDNEY_DISEASE_MAGNESIUM = "kidney_disease_magnesium"
    KIDNEY_STONES_CALCIUM_SUPPLEMENT = "kidney_stones_calcium_supplement"
    KIDNEY_STONES = "kidney_stones"
    PREGNANCY = "pregnancy"
    CALCIUM_DOSE_SIZE = "calcium_dose_size"
    SUPPLEMENT_AMOUNT_UNKNOWN = "supplement_amount_unknown"
    SODA = "soda"


@dataclass(frozen=True, slots=True)
class SafetyWarning:
    """One warning. ``kind`` says what it is about: "upper_limit" (a limit crossed, or possibly
    crossed), "medicine" (a medicine's official note), "condition" (a condition's or life stage's
    doctor note) or "note" (information); an assessment lists its warnings in that order, the
    most harmful first."""

    code: WarningCode | Medication  # a medicine's note has the medicine's own code
    level: Literal["caution", "info"]
    message: str
    talk_to_doctor: bool = False
    kind: Annotated[WarningKind, Field(description=_KIND)] = "note"


@dataclass(frozen=True, slots=True)
class SuggestedFood:
    food: str
    serving: str
    amount: float
    unit: str


@dataclass(slots=True)
class Suggestion:
    code: str
    nutrient: str
    message: str
    foods: tuple[SuggestedFood, ...] = ()
    change: float | None = None  # the change a day it suggests, in the nutrient's unit (negative: less)
    gap_max: float | None = None  # where the answers leave a range: the gap at its largest (``change``: its smallest)
    far_below: bool = False  # a gap: the intake may be under half of the RDA/AI (the lowest that could apply)


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    author: str
    source: str
    topics: tuple[str, ...]
    caveat: str | None = None
    advice: tuple[str, ...] = ()  # what the passage urges: "more_magnesium", "less_calcium_supplement"
    summary: str = ""  # the passage in one sentence of CaMag's own (English; guidance.summary() translates it)


@dataclass(slots=True)
class Assessment:
    calcium_mg: Intake
    magnesium_mg: Intake
    vitamin_d_iu: Intake
    ratio: float | None
    ratio_bound: Bound
    balance: Balance
    reference: dict[str, Reference] | None
    reference_note: str | None
    warnings: tuple[SafetyWarning, ...]
    suggestions: tuple[Suggestion, ...]
    quotes: tuple[Quote, ...]
    estimates: tuple[str, ...]
    unknowns: tuple[str, ...]
    disclaimer: str
    ratio_low: float | None = None  # the range the ratio lies in (None: no bound that way)
    ratio_high: float | None = None
    upper_limits: dict[str, UpperLimit] | None = None
    scope_note: str | None = None  # set when CaMag gives no totals for this person (children under 9)


ASSESSMENT_JSON: TypeAdapter[Assessment] = TypeAdapter(Assessment)
"""Assessments to and from JSON (``dump_json``, ``validate_json``, ``json_schema``)."""
