"""The answers a person gives: the core's input contract, shared by every front end.

A missing or ``null`` answer (or the string ``"unknown"``) means "I don't know": the
assessment then reports "at least ..." instead of counting the answer as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from itertools import groupby
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from camag_core.foods import food_group_ids
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import VITAMIN_D, Nutrient, Quantity, dose_text, name
from camag_core.supplements import (
    MAX_DOSES_PER_DAY,
    MAX_PER_DAY,
    MAX_PER_DOSE,
    Basis,
    Implausible,
    Unit,
    counting_factor,
    find_form,
    form_name,
)

MAX_AGE = 120
MAX_SERVINGS_PER_DAY = 20.0
MAX_SODA_PER_DAY = 30.0
UNKNOWN_WORDS = frozenset({"unknown", "i don't know", "don't know", "i dont know", "dont know", "not sure", "idk"})


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class LifeStage(StrEnum):
    PREGNANT = "pregnant"
    LACTATING = "lactating"


class Condition(StrEnum):
    KIDNEY_DISEASE = "kidney_disease"
    KIDNEY_STONES = "kidney_stones"
    OSTEOPOROSIS = "osteoporosis"


class Medication(StrEnum):
    """Medicines with an official interaction note; the notes, groups and sources are data
    (``data/medications.csv``, in the same order)."""

    BISPHOSPHONATE = "bisphosphonate"
    QUINOLONE = "quinolone"
    TETRACYCLINE = "tetracycline"
    ANTIBIOTIC = "antibiotic"  # another antibiotic, or not sure which
    PPI = "ppi"
    THIAZIDE = "thiazide"
    LOOP_DIURETIC = "loop_diuretic"
    POTASSIUM_SPARING = "potassium_sparing"
    DIURETIC = "diuretic"  # another water pill, or not sure which
    LEVOTHYROXINE = "levothyroxine"
    CORTICOSTEROID = "corticosteroid"
    DIGOXIN = "digoxin"
    CALCIUM_CHANNEL_BLOCKER = "calcium_channel_blocker"
    LITHIUM = "lithium"
    ANTICONVULSANT = "anticonvulsant"
    INTEGRASE_INHIBITOR = "integrase_inhibitor"
    OTHER_PRESCRIPTION = "other_prescription"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    _unknown_is_a_value: ClassVar[frozenset[str]] = frozenset()  # fields where "unknown" is a value of its own

    @model_validator(mode="before")
    @classmethod
    def _unknown_to_none(cls, data: Any) -> Any:
        """Accept "unknown" (or "I don't know"-like words) wherever ``null`` is accepted."""
        if isinstance(data, dict):
            return {
                key: None
                if key not in cls._unknown_is_a_value
                and isinstance(value, str)
                and value.strip().lower() in UNKNOWN_WORDS
                else value
                for key, value in data.items()
            }
        return data


class DietPattern(_Model):
    """A whole-diet shortcut with the articles' magnesium figures."""

    pattern: Literal["western", "high_vegetable"]


class DietServings(_Model):
    """Servings a day of each questionnaire food group; ``null`` for "I don't know"."""

    servings: dict[str, Annotated[float, Field(ge=0, le=MAX_SERVINGS_PER_DAY)] | None]
    plant_based: bool = False  # a plant-based (vegan) diet: no food from animals is suggested

    @model_validator(mode="after")
    def _known_groups(self) -> DietServings:
        unknown = sorted(set(self.servings) - set(food_group_ids()))
        if unknown:
            raise ValueError(f"unknown food group {', '.join(unknown)}; known groups: {', '.join(food_group_ids())}")
        return self


Diet = DietPattern | DietServings


class Supplement(_Model):
    """One supplement as its label or its taker describes it."""

    _unknown_is_a_value: ClassVar[frozenset[str]] = frozenset({"basis"})
    nutrient: Nutrient
    form: str | None = None
    amount: Annotated[float, Field(gt=0)] | None = None
    unit: Unit = Unit.MG
    basis: Basis = Basis.ELEMENTAL
    per_day: Annotated[float, Field(gt=0, le=MAX_DOSES_PER_DAY)] | None = 1.0
    product: str | None = None  # the brand as named ("Caltrate 600+D3"), when the amounts came from its data

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """Default the unit to the nutrient's own and spell a known form as the table does."""
        if not isinstance(data, dict) or data.get("nutrient") not in set(Nutrient):
            return data
        nutrient = Nutrient(data["nutrient"])
        data = dict(data)
        if "basis" in data and data["basis"] is None:  # "I don't know" whether mineral or compound
            data["basis"] = Basis.UNKNOWN
        if data.get("unit") is None:
            data["unit"] = Unit.IU if nutrient is VITAMIN_D else Unit.MG
        form = data.get("form")
        if isinstance(form, str) and nutrient is not VITAMIN_D:
            found = find_form(nutrient, form)
            data["form"] = found.name if found else form.strip()
        return data

    @model_validator(mode="after")
    def _plausible(self) -> Supplement:
        amount = self.dose_amount()
        if amount is None:
            return self
        dose = amount.high
        counting = self.nutrient.unit
        nutrient = self.nutrient
        most = MAX_PER_DOSE[nutrient]
        if dose > most:
            raise Implausible(
                N_(
                    "{amount} of {nutrient} in one dose is not a plausible amount; please check the label "
                    "(at most {most} a dose)."
                ),
                amount=lambda t: t.amount(dose, counting),
                nutrient=lambda t: name(nutrient, t=t),
                most=lambda t: t.amount(most, counting),
            )
        if self.per_day is not None and dose * self.per_day > MAX_PER_DAY[nutrient]:
            daily = dose * self.per_day
            raise Implausible(
                N_(
                    "{amount} of {nutrient} a day is not a plausible amount; please check the label and the "
                    "number of doses."
                ),
                amount=lambda t: t.amount(daily, counting),
                nutrient=lambda t: name(nutrient, t=t),
            )
        return self

    def what(self, *, t: Texts = ENGLISH) -> str:
        """What it is, without its amount: "magnesium (as magnesium citrate)"."""
        what = name(self.nutrient, t=t)
        form = self.form_name(t=t)
        if form:
            # TRANSLATORS: a nutrient and the compound it comes as, e.g. "magnesium (as magnesium citrate)"
            what = t._("{nutrient} (as {form})", nutrient=what, form=form)
        if self.basis is Basis.COMPOUND:
            what = t._("{compound} (compound weight)", compound=form or name(self.nutrient, t=t))
        elif self.basis is Basis.UNKNOWN and self.amount is not None and self.nutrient is not VITAMIN_D:
            what = t._("{supplement}, mineral or compound weight not known", supplement=what)
        return what

    def form_name(self, *, t: Texts = ENGLISH) -> str | None:
        """The compound as given, in the person's language where CaMag knows it."""
        return form_name(self.nutrient, self.form, t=t)

    def describe(self, *, alone: bool = True, t: Texts = ENGLISH) -> str:
        """The supplement in words: "250 mg magnesium (as magnesium citrate), 2 a day"; not
        ``alone``, without its product and how often (said once for the product)."""
        what = self.what(t=t)
        if self.amount is None:
            # TRANSLATORS: a supplement whose dose was not given, e.g. "magnesium: amount not known"
            said = t._("{supplement}: amount not known", supplement=what)
        else:
            # TRANSLATORS: e.g. "250 mg magnesium (as magnesium citrate)"
            said = t._("{dose} {supplement}", dose=dose_text(self.amount, self.unit.value, t=t), supplement=what)
        if not alone:
            return said
        # TRANSLATORS: a supplement, then how often: "250 mg magnesium, 2 a day"
        said = t._("{supplement}, {often}", supplement=said, often=self.often(t=t))
        # TRANSLATORS: a supplement named by its brand, then what it holds
        return t._("{product}: {supplement}", product=self.product, supplement=said) if self.product else said

    def often(self, *, t: Texts = ENGLISH) -> str:
        if self.per_day is None:
            return t._("how often not known")
        if self.per_day >= 1:
            return t._("{n} a day", n=t.decimal(self.per_day, 2))
        return t._("{n} a week", n=t.decimal(self.per_day * 7, 2))

    def dose_amount(self) -> Quantity | None:
        """Elemental mg (IU for vitamin D) in one dose, a range where the label's basis or the salt
        leaves it open; ``None`` when the dose is not known."""
        if self.amount is None:
            return None
        low, high = counting_factor(self.nutrient, self.unit, self.form, self.basis)
        return Quantity(self.amount * low, self.amount * high)

    def per_day_amount(self) -> Quantity | None:
        """Elemental mg (IU for vitamin D) a day, or ``None`` when not known."""
        dose = self.dose_amount()
        return None if dose is None or self.per_day is None else dose.scaled(self.per_day)


class Answers(_Model):
    """Everything the assessment needs; every field may be unknown (``null``)."""

    age: Annotated[float, Field(ge=0, le=MAX_AGE)] | None = None
    sex: Sex | None = None
    life_stage: LifeStage | None = None
    diet: Diet | None = None
    soda_per_day: Annotated[float, Field(ge=0, le=MAX_SODA_PER_DAY)] | None = None
    supplements: list[Supplement] | None = None
    conditions: list[Condition] | None = None
    medications: list[Medication] | None = None
    # medicines said to be taken once a week, with the weekday named (0 = Monday; null: not said)
    weekly_medications: dict[Medication, Annotated[int, Field(ge=0, le=6)] | None] | None = None

    @model_validator(mode="after")
    def _life_stage_fits_age(self) -> Answers:
        if self.life_stage is not None and self.sex is Sex.MALE:
            raise Implausible(
                N_(
                    "Pregnancy and breastfeeding go with the female reference values; please answer sex as "
                    "female, or leave the pregnancy answer out."
                )
            )
        age = self.age
        if self.life_stage is not None and age is not None and not 14 <= age < 51:
            raise Implausible(
                N_("Reference values for pregnancy and breastfeeding cover ages 14 to 50, not {age}."),
                age=lambda t: t.decimal(age),
            )
        return self


def taken_as(supplements: Sequence[Supplement]) -> list[list[Supplement]]:
    """The supplements as they are taken: the nutrients of one product named by brand (one tablet
    or serving, as often as the product is taken) together, every other supplement alone."""
    return [list(g) for _, g in groupby(supplements, key=lambda s: (s.product, s.per_day if s.product else id(s)))]


def describe_all(supplements: Sequence[Supplement], *, t: Texts = ENGLISH) -> str:
    """Supplements in words, one product once however many nutrients it holds: "Caltrate 600+D3,
    2 a day: 600 mg calcium (as calcium carbonate) and 800 IU vitamin D"."""
    said: list[str] = []
    for parts in taken_as(supplements):
        if len(parts) == 1:
            said.append(parts[0].describe(t=t))
        elif all(p.amount is None for p in parts):
            said.append(
                # TRANSLATORS: a product, how often, then what it holds: "Caltrate, 2 a day: calcium and vitamin D, …"
                t._(
                    "{product}, {often}: {contents}, amounts not known",
                    product=parts[0].product,
                    often=parts[0].often(t=t),
                    contents=t.join(p.what(t=t) for p in parts),
                )
            )
        else:
            said.append(
                t._(
                    "{product}, {often}: {contents}",
                    product=parts[0].product,
                    often=parts[0].often(t=t),
                    contents=t.join(p.describe(alone=False, t=t) for p in parts),
                )
            )
    return "; ".join(said)
