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
from typing import Literal

from pydantic import TypeAdapter

from camag_core.ratio import Bound, Verdict


@dataclass(slots=True)
class Intake:
    """One nutrient a day: from food, from supplements, and in all. Parts not known count as
    nothing, and make the total a lower bound ("at least")."""

    unit: Literal["mg", "IU"]
    diet: float
    supplements: float
    total: float
    diet_known: bool
    supplements_known: bool
    at_least: bool  # not (diet_known and supplements_known)


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


class WarningCode(StrEnum):
    MAGNESIUM_SUPPLEMENT_ABOVE_UL = "magnesium_supplement_above_ul"
    MAGNESIUM_SUPPLEMENT_INFANT = "magnesium_supplement_infant"
    CALCIUM_ABOVE_UL = "calcium_above_ul"
    VITAMIN_D_ABOVE_UL = "vitamin_d_above_ul"
    KIDNEY_DISEASE = "kidney_disease"
    KIDNEY_DISEASE_MAGNESIUM = "kidney_disease_magnesium"
    KIDNEY_STONES_CALCIUM_SUPPLEMENT = "kidney_stones_calcium_supplement"
    PREGNANCY = "pregnancy"
    BISPHOSPHONATE = "bisphosphonate"
    ANTIBIOTIC = "antibiotic"
    PPI = "ppi"
    DIURETIC = "diuretic"
    OTHER_PRESCRIPTION = "other_prescription"
    CALCIUM_DOSE_SIZE = "calcium_dose_size"
    SUPPLEMENT_AMOUNT_UNKNOWN = "supplement_amount_unknown"
    SODA = "soda"


@dataclass(frozen=True, slots=True)
class SafetyWarning:
    code: WarningCode
    level: Literal["caution", "info"]
    message: str
    talk_to_doctor: bool = False


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


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    text: str
    author: str
    source: str
    topics: tuple[str, ...]
    caveat: str | None = None


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


ASSESSMENT_JSON: TypeAdapter[Assessment] = TypeAdapter(Assessment)
"""Assessments to and from JSON (``dump_json``, ``validate_json``, ``json_schema``)."""
