"""The day plan from what a person takes: official rules only, each with its source."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from camag_core.answers import Answers, Medication
from camag_core.i18n import texts
from camag_core.parsing import parse_supplements
from camag_core.questionnaire import answer_choice, answer_text, draft_from, question, shown, to_answers
from camag_core.routine import clashes, mentioned, propose, timing_rules, with_kinds
from camag_core.schedule import Dose, Plan
from tests.conftest import shared_dir

CALTRATE = {"nutrient": "calcium", "form": "calcium carbonate", "amount": 600, "per_day": 2}
MAGNESIUM = {"nutrient": "magnesium", "form": "magnesium glycinate", "amount": 200}


def times(answers: Answers, **kwargs: int) -> dict[time, tuple[str, ...]]:
    found = propose(answers, **kwargs)
    assert found is not None
    return {d.at: d.what for d in found.doses}


def test_every_rule_quotes_its_source_word_for_word():
    reference = " ".join(
        (shared_dir("reference") / name).read_text(encoding="utf-8") for name in ("medicine_timing.md", "safety.md")
    )
    reference += (shared_dir("reference") / "supplement_forms.csv").read_text(encoding="utf-8")
    flat = " ".join(reference.split())
    for rule in timing_rules().values():
        assert rule.source
        assert " ".join(rule.quote.split()) in flat, rule.id


def test_twice_daily_calcium_goes_with_two_meals_and_magnesium_at_night():
    plan = times(Answers(supplements=[CALTRATE, MAGNESIUM]))
    assert plan == {
        time(8, 0): ("Calcium carbonate 600 mg",),
        time(19, 0): ("Calcium carbonate 600 mg",),
        time(21, 30): ("Magnesium glycinate 200 mg",),
    }


def test_a_once_a_day_amount_above_500_mg_is_split():
    found = propose(Answers(supplements=[{"nutrient": "calcium", "form": "calcium citrate", "amount": 1000}]))
    assert found is not None
    assert [d.what for d in found.doses] == [
        ("Calcium citrate 500 mg (2 a day, 1,000 mg in all)",),
        ("Calcium citrate 500 mg (2 a day, 1,000 mg in all)",),
    ]
    assert [r.id for r in found.rules] == ["calcium_dose"]
    plan = found.plan("Europe/Madrid", datetime(2026, 12, 7, 8, tzinfo=UTC))
    assert plan.items() == ["Calcium citrate 500 mg (2 a day, 1,000 mg in all)"]  # one product: one pack
    assert plan.daily_use(plan.items()[0]) == 2


def test_levothyroxine_first_and_the_minerals_four_hours_later():
    found = propose(Answers(supplements=[CALTRATE, MAGNESIUM], medications=["levothyroxine"]))
    assert found is not None
    first, *rest = found.doses
    assert (first.at, first.what) == (time(6, 30), ("Levothyroxine, on an empty stomach",))
    assert all(d.at >= time(10, 30) for d in rest)
    assert {"levothyroxine_morning", "levothyroxine_minerals"} <= {r.id for r in found.rules}


def test_a_weekly_bisphosphonate_on_its_day_with_the_minerals_at_another_time():
    found = propose(Answers(supplements=[CALTRATE], medications=["bisphosphonate"]), bisphosphonate_weekday=0)
    assert found is not None
    assert (found.doses[0].at, found.doses[0].weekday) == (time(6, 30), 0)
    assert all(d.at >= time(8, 30) and d.weekday is None for d in found.doses[1:])
    assert found.weekly_medicine == "Bisphosphonate"
    plan = found.plan("Asia/Tokyo", datetime(2026, 11, 22, 3, tzinfo=UTC))
    assert [d.weekday for d in plan.doses] == [0, None, None]


@pytest.mark.parametrize(
    ("typed", "weekday"),
    [
        ("alendronat once a week", None),
        ("Alendronate weekly", None),
        ("alendronate on Sundays", 6),
        ("alendronate every Mon", 0),
    ],
)
def test_a_bisphosphonate_typed_as_weekly_is_never_proposed_every_day(typed: str, weekday: int | None):
    draft = answer_text({"supplements": []}, "medications", typed)
    answers = to_answers(draft)
    assert answers.medications == [Medication.BISPHOSPHONATE]
    assert answers.weekly_medications == {Medication.BISPHOSPHONATE: weekday}
    found = propose(
        Answers(supplements=[CALTRATE], medications=answers.medications, weekly_medications=answers.weekly_medications)
    )
    assert found is not None
    assert found.said_weekly
    medicine = [d for d in found.doses if "Bisphosphonate" in " ".join(d.what)]
    assert [d.weekday for d in medicine] == ([] if weekday is None else [weekday])
    assert found.day_needed is (weekday is None)
    assert [d.weekday for d in propose(answers, bisphosphonate_weekday=3).doses] == [3]  # type: ignore[union-attr]


def test_the_weekly_answer_is_said_back_and_survives_the_json():
    draft = answer_text({}, "medications", "alendronate on Fridays and levothyroxine")
    assert shown(question("medications"), draft) == "Alendronate or similar, every Friday, Levothyroxine"
    answers = to_answers(draft)
    assert Answers.model_validate_json(answers.model_dump_json()) == answers
    assert draft_from(answers)["medications.weekly"] == {"bisphosphonate": 4}
    assert Answers.model_validate({"medications": ["bisphosphonate"]}).weekly_medications is None
    tapped = answer_choice(draft, "medications", "bisphosphonate")
    assert to_answers(tapped).weekly_medications is None


@pytest.mark.parametrize(
    ("medications", "rule"),
    [
        (["quinolone"], "quinolone_window"),
        (["tetracycline"], "tetracycline_window"),
        (["integrase_inhibitor"], "integrase_window"),
    ],
)
def test_what_no_plan_can_settle_sends_to_the_pharmacist_or_states_the_window(medications, rule):
    found = propose(Answers(supplements=[CALTRATE], medications=medications))
    assert found is not None
    assert rule in {r.id for r in found.rules}
    assert found.ask_pharmacist == (medications != ["quinolone"])


def test_levothyroxine_and_a_bisphosphonate_both_first_thing_leave_it_out_and_say_so_not_its_rule():
    found = propose(Answers(supplements=[CALTRATE], medications=["levothyroxine", "bisphosphonate"]))
    assert found is not None
    assert found.both_first_thing
    assert not found.ask_pharmacist
    assert not any("Bisphosphonate" in item for d in found.doses for item in d.what)
    assert "bisphosphonate_first" not in {r.id for r in found.rules}  # no rule quoted for a dose not planned


def test_a_product_with_several_nutrients_is_one_item_at_one_time():
    """A prenatal (calcium, magnesium and vitamin D in one tablet) is not split over the day: it
    goes with the calcium's meal, holding all three, as one item (one pack, one check-in line)."""
    parsed = parse_supplements("a prenatal vitamin (200 mg calcium, 50 mg magnesium, 400 IU D) and vegan D3 1000 IU")
    assert isinstance(parsed, list)
    found = propose(Answers(supplements=[p.supplement for p in parsed]))
    assert found is not None
    prenatal = "Prenatal vitamin (Calcium 200 mg, Magnesium 50 mg and Vitamin D 400 IU)"
    assert [(d.at, d.what, d.kinds) for d in found.doses] == [
        (time(8, 0), (prenatal, "Vitamin D 1,000 IU"), ("calcium", "magnesium", "vitamin_d"))
    ]
    plan = found.plan("America/Chicago", datetime(2026, 12, 7, 8, tzinfo=UTC))
    assert plan.items() == [prenatal, "Vitamin D 1,000 IU"]


def test_a_brand_twice_a_day_goes_with_two_meals_whole_and_a_magnesium_only_product_at_night():
    caltrate = [
        {"nutrient": "calcium", "form": "calcium carbonate", "amount": 600, "per_day": 2, "product": "Caltrate 600+D3"},
        {"nutrient": "vitamin_d", "amount": 800, "per_day": 2, "product": "Caltrate 600+D3"},
    ]
    magnesium = [
        {"nutrient": "magnesium", "amount": 100, "product": "Mag-D"},
        {"nutrient": "vitamin_d", "amount": 400, "product": "Mag-D"},
    ]
    found = propose(Answers(supplements=[*caltrate, *magnesium], medications=["levothyroxine"]))
    assert found is not None
    both = "Caltrate 600+D3 (Calcium carbonate 600 mg and Vitamin D 800 IU)"
    assert {d.at: d.what for d in found.doses} == {
        time(6, 30): ("Levothyroxine, on an empty stomach",),
        time(13, 0): (both,),
        time(19, 0): (both,),
        time(21, 30): ("Mag-D (Magnesium 100 mg and Vitamin D 400 IU)",),
    }
    plan = found.plan("America/Chicago", datetime(2026, 12, 7, 8, tzinfo=UTC))
    assert plan.daily_use(both) == 2  # one pack, two tablets a day


def test_an_older_plan_of_a_products_parts_still_knows_their_kinds():
    answers = Answers(
        supplements=[
            {"nutrient": "calcium", "amount": 600, "form": "calcium carbonate", "product": "Caltrate 600+D3"},
            {"nutrient": "vitamin_d", "amount": 800, "product": "Caltrate 600+D3"},
        ]
    )
    old = Plan(doses=(Dose(number=1, at=time(8), what=("Calcium carbonate 600 mg", "Vitamin D 800 IU")),))
    assert with_kinds(old, answers).doses[0].kinds == ("calcium", "vitamin_d")
    new = Plan(
        doses=(Dose(number=1, at=time(8), what=("Caltrate 600+D3 (Calcium carbonate 600 mg and Vitamin D 800 IU)",)),)
    )
    assert set(with_kinds(new, answers).doses[0].kinds) == {"calcium", "vitamin_d"}


def test_nothing_taken_is_nothing_to_plan():
    assert propose(Answers(supplements=[], medications=[])) is None


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("only the magnesium", ["Magnesium glycinate 200 mg"]),
        ("just the calcium and the vit D", ["Calcium carbonate 600 mg", "Vitamin D 400 IU"]),
        ("mag only", ["Magnesium glycinate 200 mg"]),
        ("took em all", []),
        ("partly", []),
    ],
)
def test_items_named_in_a_typed_answer(typed, named):
    items = ["Calcium carbonate 600 mg", "Vitamin D 400 IU", "Magnesium glycinate 200 mg"]
    assert mentioned(typed, items) == named


def test_a_plan_kept_before_doses_had_kinds_is_checked_by_its_items_names():
    answers = Answers(supplements=[CALTRATE, MAGNESIUM], medications=["levothyroxine"])
    found = propose(answers, t=texts("ru"))
    assert found is not None
    plan = found.plan("Europe/Moscow", datetime(2026, 12, 7, 6, tzinfo=UTC))
    kept = plan.model_copy(update={"doses": tuple(d.model_copy(update={"kinds": ()}) for d in plan.doses)})
    calcium = next(d for d in plan.doses if "calcium" in d.kinds)
    assert clashes(kept, calcium.number, time(8, 0)) == []  # nothing to go by
    known = with_kinds(kept, answers, t=texts("ru"))
    assert [d.kinds for d in known.doses] == [d.kinds for d in plan.doses]
    said = clashes(known, calcium.number, time(8, 0))
    assert [(c.rule.id, c.near.at, c.firm) for c in said] == [("levothyroxine_minerals", time(6, 30), True)]
    assert clashes(known, calcium.number, time(10, 30)) == []  # 4 hours is enough


def test_calcium_carbonate_is_split_into_no_more_doses_than_meals_to_take_it_with():
    """1,200 mg once a day with levothyroxine first thing: lunch and dinner are left, so two doses
    of 600 mg (the rule's 500–600 mg), none at bedtime without food."""
    carbonate = {"nutrient": "calcium", "form": "calcium carbonate", "amount": 1200}
    found = propose(Answers(supplements=[carbonate], medications=["levothyroxine"]))
    assert found is not None
    assert [(d.at, d.what) for d in found.doses[1:]] == [
        (time(13, 0), ("Calcium carbonate 600 mg (2 a day, 1,200 mg in all)",)),
        (time(19, 0), ("Calcium carbonate 600 mg (2 a day, 1,200 mg in all)",)),
    ]
    # three meals: three doses of 400 mg, each with one
    found = propose(Answers(supplements=[carbonate]))
    assert found is not None
    assert [d.at for d in found.doses] == [time(8, 0), time(13, 0), time(19, 0)]


def test_a_tablet_with_more_calcium_than_absorbed_at_once_is_planned_whole_and_says_so():
    big = [
        {"nutrient": "calcium", "form": "calcium citrate", "amount": 1000, "product": "Bone Plus"},
        {"nutrient": "vitamin_d", "amount": 1000, "product": "Bone Plus"},
    ]
    found = propose(Answers(supplements=big))
    assert found is not None
    assert [d.what for d in found.doses] == [("Bone Plus (Calcium citrate 1,000 mg and Vitamin D 1,000 IU)",)]
    assert found.whole == (("Bone Plus", 1000.0),)
    assert "calcium_dose" in {r.id for r in found.rules}
    assert propose(Answers(supplements=[{**big[0], "amount": 600}, big[1]])).whole == ()  # type: ignore[union-attr]
