"""What the rules look at: one person's answers with their intakes, reference values and ratio."""

from __future__ import annotations

from dataclasses import dataclass

from camag_core.answers import Answers, Sex, Supplement
from camag_core.nutrients import MAGNESIUM, Nutrient, Quantity, total
from camag_core.ratio import RatioRange, Verdict
from camag_core.reference import ReferenceRow


@dataclass(frozen=True, slots=True)
class NutrientIntake:
    diet: Quantity
    supplements: Quantity
    total: Quantity

    @staticmethod
    def of(diet: Quantity, supplements: Quantity) -> NutrientIntake:
        return NutrientIntake(diet, supplements, diet + supplements)


def supplement_intake(supplements: list[Supplement] | None, nutrient: Nutrient) -> Quantity:
    """Elemental mg (IU for vitamin D) a day from supplements; unknown doses make it a lower bound."""
    if supplements is None:
        return Quantity.unknown()
    amounts = [s.per_day_amount() for s in supplements if s.nutrient is nutrient]
    return total([Quantity.unknown() if a is None else Quantity(a) for a in amounts])


@dataclass(frozen=True, slots=True)
class Situation:
    answers: Answers
    intake: dict[Nutrient, NutrientIntake]
    reference: dict[Nutrient, ReferenceRow] | None
    ratio: RatioRange
    verdict: Verdict
    estimates: tuple[str, ...] = ()  # how the diet estimate was made
    reference_note: str | None = None  # why reference values are missing, if they are

    def takes(self, nutrient: Nutrient) -> bool:
        """Whether any supplement of ``nutrient`` was named (with or without its dose)."""
        return any(s.nutrient is nutrient for s in self.answers.supplements or ())

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
