"""What the rules look at: one person's answers with their intakes, reference values and ratio."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from camag_core.answers import Answers, Sex, Supplement
from camag_core.nutrients import MAGNESIUM, NUTRIENTS, Nutrient, Quantity
from camag_core.ratio import RatioRange, Verdict
from camag_core.reference import ReferenceRow


class NutrientIntake(NamedTuple):
    diet: Quantity
    supplements: Quantity
    total: Quantity

    @staticmethod
    def of(diet: Quantity, supplements: Quantity) -> NutrientIntake:
        return NutrientIntake(diet, supplements, diet + supplements)


def supplement_intakes(supplements: list[Supplement] | None) -> dict[Nutrient, Quantity]:
    """Elemental mg (IU for vitamin D) a day from supplements, for each nutrient; a dose not known
    makes its nutrient's figure a lower bound, and no answer at all leaves every figure unknown."""
    if supplements is None:
        return dict.fromkeys(NUTRIENTS, Quantity.unknown())
    intake = dict.fromkeys(NUTRIENTS, _NONE_TAKEN)
    for supplement in supplements:
        per_day = supplement.per_day_amount()
        intake[supplement.nutrient] += Quantity.unknown() if per_day is None else Quantity(per_day)
    return intake


_NONE_TAKEN = Quantity(0.0)


@dataclass(slots=True)
class Situation:
    """What every rule looks at. Built once per assessment and only read (not frozen: a frozen
    dataclass takes twice as long to build)."""

    answers: Answers
    intake: dict[Nutrient, NutrientIntake]
    reference: Mapping[Nutrient, ReferenceRow] | None  # shared between people: read-only
    ratio: RatioRange
    verdict: Verdict
    taken: frozenset[Nutrient]  # nutrients any named supplement provides, with or without its dose
    estimates: tuple[str, ...] = ()  # how the diet estimate was made
    reference_note: str | None = None  # why reference values are missing, if they are

    def takes(self, nutrient: Nutrient) -> bool:
        """Whether any supplement of ``nutrient`` was named (with or without its dose)."""
        return nutrient in self.taken

    def supplements_of(self, nutrient: Nutrient) -> list[Supplement]:
        return [s for s in self.answers.supplements or () if s.nutrient is nutrient]

    @property
    def expecting(self) -> bool:
        return self.answers.life_stage is not None

    @property
    def magnesium_supplement_above_ul(self) -> bool:
        if self.reference is None:
            return False
        limit = self.reference[MAGNESIUM].upper_limit
        return limit is not None and self.intake[MAGNESIUM].supplements.value > limit

    @property
    def postmenopausal_age(self) -> bool:
        """A woman of 51 or over: the age at which the calcium reference rises for women."""
        return self.answers.sex is Sex.FEMALE and (self.answers.age or 0) >= 51
