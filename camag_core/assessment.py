"""The assessment: the core's output contract, rendered by every front end and served as JSON."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field

from camag_core.ratio import Bound, Verdict


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Intake(_Model):
    """One nutrient a day: from food, from supplements, and in all. Parts not known count as
    nothing, and make the total a lower bound ("at least")."""

    unit: Literal["mg", "IU"]
    diet: float
    supplements: float
    total: float
    diet_known: bool
    supplements_known: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def at_least(self) -> bool:
        return not (self.diet_known and self.supplements_known)


class Reference(_Model):
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


class Balance(_Model):
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


class SafetyWarning(_Model):
    code: WarningCode
    level: Literal["caution", "info"]
    message: str
    talk_to_doctor: bool = False


class SuggestedFood(_Model):
    food: str
    serving: str
    amount: float
    unit: str


class Suggestion(_Model):
    code: str
    nutrient: str
    message: str
    foods: tuple[SuggestedFood, ...] = ()


class Quote(_Model):
    id: str
    text: str
    author: str
    source: str
    topics: tuple[str, ...]
    caveat: str | None = None


class Assessment(_Model):
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
