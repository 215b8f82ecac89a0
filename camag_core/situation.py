"""What the rules look at: one person's answers with their intakes, reference values and ratio."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from camag_core.answers import Answers, Condition, DietServings, Medication, Sex, Supplement
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.medications import medication_notes
from camag_core.nutrients import CALCIUM, MAGNESIUM, NUTRIENTS, VITAMIN_D, Nutrient, Quantity, name
from camag_core.ratio import RatioRange, Verdict
from camag_core.reference import MIN_AGE, Limit, ReferenceRow, lowest_reference


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
        intake[supplement.nutrient] += Quantity.unknown() if per_day is None else per_day
    return intake


_NONE_TAKEN = Quantity.of(0.0)
# TRANSLATORS: completes "…: talk to your doctor"; starts in lower case
WHILE_EXPECTING = N_("while pregnant or breastfeeding, supplements should only be changed with your doctor or midwife")


@dataclass(slots=True)
class Situation:
    """What every rule looks at. Built once per assessment and only read (not frozen: a frozen
    dataclass takes twice as long to build). ``texts`` is the person's language: every reason a
    rule gives is worded in it."""

    answers: Answers
    intake: dict[Nutrient, NutrientIntake]
    reference: Mapping[Nutrient, ReferenceRow] | None  # shared between people: read-only
    limits: Mapping[Nutrient, Limit]  # the upper limits that apply, as far as the answers tell
    ratio: RatioRange
    verdict: Verdict
    taken: frozenset[Nutrient]  # nutrients any named supplement provides, with or without its dose
    estimates: tuple[str, ...] = ()  # how the diet estimate was made
    reference_note: str | None = None  # why reference values are missing, if they are
    typical: frozenset[Nutrient] = frozenset()  # nutrients whose food figure is a survey's, not the person's
    texts: Texts = ENGLISH

    def takes(self, nutrient: Nutrient) -> bool:
        """Whether any supplement of ``nutrient`` was named (with or without its dose)."""
        return nutrient in self.taken

    def supplements_of(self, nutrient: Nutrient) -> list[Supplement]:
        return [s for s in self.answers.supplements or () if s.nutrient is nutrient]

    @property
    def expecting(self) -> bool:
        return self.answers.life_stage is not None

    @property
    def plant_based(self) -> bool:
        """A plant-based (vegan) diet: foods from animals are not suggested."""
        return isinstance(self.answers.diet, DietServings) and self.answers.diet.plant_based

    @property
    def child(self) -> bool:
        """Under 9: no food model, no totals, no advice (see balance.py)."""
        return self.answers.age is not None and self.answers.age < MIN_AGE

    @property
    def magnesium_supplement_above_ul(self) -> bool:
        """Whether supplemental magnesium is, or may be, above its limit."""
        limit = self.limits[MAGNESIUM].amount
        return limit is not None and self.intake[MAGNESIUM].supplements.high > limit

    @property
    def magnesium_supplement_at_ul(self) -> bool:
        """Whether supplemental magnesium may already reach its limit (no room for more)."""
        limit = self.limits[MAGNESIUM].amount
        return limit is None or self.intake[MAGNESIUM].supplements.high >= limit

    def why_not_more_magnesium(self) -> str | None:
        """Why CaMag must not encourage more magnesium for this person, if it must not: where the
        official notes say to see a doctor first, or where nothing can safely be said."""
        conditions = self.answers.conditions
        t = self.texts
        # TRANSLATORS: the reasons below complete "…: talk to your doctor"; they start in lower case
        if self.child:
            return t._("children's needs are best judged with their doctor")
        if conditions is None:
            return t._(
                "you didn't say whether you have kidney disease, and with kidney disease magnesium needs a doctor"
            )
        if Condition.KIDNEY_DISEASE in conditions:
            return t._("with kidney disease, magnesium should only be changed with your doctor")
        if self.expecting:
            return t._(WHILE_EXPECTING)
        if self.answers.medications is None:
            return t._(
                "you didn't say which medicines you take, and with a prescription medicine magnesium "
                "supplements need your doctor or pharmacist first"
            )
        if why := self._medicine_says(MAGNESIUM):
            return why
        if self.magnesium_supplement_at_ul:
            return t._("magnesium from your supplements may already be at the official upper limit")
        return None

    def _medicine_says(self, nutrient: Nutrient) -> str | None:
        """Why not, where a medicine's note says to ask a doctor before supplements of ``nutrient``."""
        notes = medication_notes()
        if any(nutrient in notes[m].doctor_before for m in self.answers.medications or ()):
            return self.texts._(
                "with the medicines you take, {nutrient} supplements should only be added "
                "with your doctor or pharmacist",
                nutrient=name(nutrient, t=self.texts),
            )
        return None

    @property
    def vitamin_d_may_be_above_ul(self) -> bool:
        """Whether vitamin D from food and supplements may be above its limit (the limit exists
        because of too much calcium in the blood)."""
        limit = self.limits[VITAMIN_D].amount
        total = self.intake[VITAMIN_D].total
        if limit is None:
            return False
        return total.high > limit if total.bounded else total.low >= limit

    def why_not_more(self, nutrient: Nutrient) -> str | None:
        """Why CaMag must not suggest more of ``nutrient``, if it must not (see safety.md)."""
        if nutrient is MAGNESIUM:
            return self.why_not_more_magnesium()
        t = self.texts
        if Condition.KIDNEY_DISEASE in (self.answers.conditions or ()):
            return t._("with kidney disease, calcium and vitamin D should only be changed with your doctor")
        if why := self._medicine_says(nutrient):
            return why
        if nutrient is CALCIUM and self.vitamin_d_may_be_above_ul:
            limit = self.limits[VITAMIN_D].amount or 0.0
            if self.intake[VITAMIN_D].total.low > limit:
                return t._("your vitamin D is above its upper limit, set because of too much calcium in the blood")
            return t._("your vitamin D may be above its upper limit, set because of too much calcium in the blood")
        return None

    def calcium_supplement_room(self) -> float:
        """How far calcium from supplements could come down and still leave total calcium at or
        above the RDA/AI, counting only what is surely taken; 0 when it can't come down."""
        if self.reference is None or self.child:
            return 0.0
        total = self.intake[CALCIUM]
        own_food = Quantity.of(0.0) if CALCIUM in self.typical else total.diet
        room = own_food.low + total.supplements.low - self.reference[CALCIUM].amount
        return max(0.0, min(room, total.supplements.low))

    def reference_floor(self, nutrient: Nutrient) -> ReferenceRow:
        """This person's RDA/AI row, or, with age or sex not known, the lowest one they could have."""
        if self.reference is not None:
            return self.reference[nutrient]
        answers = self.answers
        return lowest_reference(nutrient, answers.age, answers.sex, answers.life_stage)

    @property
    def magnesium_gap(self) -> bool:
        """Whether magnesium from food and supplements is surely below the RDA (the lowest that
        could apply when age or sex is not known)."""
        total = self.intake[MAGNESIUM].total
        return total.bounded and total.high < self.reference_floor(MAGNESIUM).amount

    @property
    def calcium_for_the_doctor(self) -> str | None:
        """Why only a doctor should weigh taking less calcium, completing "With {why}, …": a condition
        whose note asks for a doctor (osteoporosis, kidney disease), or a medicine whose note does."""
        conditions = self.answers.conditions or ()
        medications = self.answers.medications or ()
        t = self.texts
        # TRANSLATORS: the reasons below complete "With {why}, whether to change your calcium supplement… is
        # for your doctor"
        if Condition.OSTEOPOROSIS in conditions:
            return t._("osteoporosis")
        if Condition.KIDNEY_DISEASE in conditions:
            return t._("kidney disease")
        if Medication.BISPHOSPHONATE in medications:
            return t._("a bisphosphonate")
        notes = medication_notes()
        if any(notes[m].talk_to_doctor for m in medications):
            return t._("the medicines you take")
        return None

    @property
    def calcium_change_for_the_doctor(self) -> bool:
        """Whether less supplemental calcium is only for a doctor (or, while pregnant or
        breastfeeding, a doctor or midwife) to weigh: CaMag then names no amount it could come down by."""
        return self.expecting or self.calcium_for_the_doctor is not None

    @property
    def postmenopausal_age(self) -> bool:
        """A woman of 51 or over: the age at which the calcium reference rises for women."""
        return self.answers.sex is Sex.FEMALE and (self.answers.age or 0) >= 51
