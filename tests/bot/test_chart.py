"""The pictures: each nutrient against the person's own RDA and upper limit; nothing unknown drawn."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from bot import chart
from camag_core import Answers, assess
from camag_core.daily import Period
from tests.conftest import REPO


def example(name: str):
    return assess(Answers.model_validate_json((REPO / "examples" / f"{name}.json").read_text()))


def by_label(name_or_result) -> dict[str, chart.Row]:
    result = example(name_or_result) if isinstance(name_or_result, str) else name_or_result
    return {row.label: row for row in chart.rows(result)[1]}


def test_each_mineral_is_drawn_against_the_persons_rda_and_limit():
    rows = by_label("food_questions_man")  # man 51-70: calcium 1,143 of 1,000 mg, limit 2,000
    calcium = rows["Calcium"]
    assert calcium.food == pytest.approx(114.3, abs=0.1)
    assert calcium.reference == 100
    assert calcium.limit == pytest.approx(200)
    supplements = rows["Magnesium,\nsupplements"]  # 480 mg of an RDA of 420, limit 350 for supplements
    assert supplements.supplements == pytest.approx(480 / 420 * 100)
    assert supplements.limit == pytest.approx(350 / 420 * 100)
    assert rows["Magnesium"].limit is None  # the supplemental limit is not drawn on food and supplements


def test_what_is_not_known_is_not_drawn():
    result = assess(Answers.model_validate({"age": 40, "sex": "female", "diet": {"pattern": "western"}}))
    rows = by_label(result)  # supplements not answered: every total is "at least"
    assert all(row.at_least for row in rows.values())
    assert "Magnesium,\nsupplements" not in rows  # nothing known of them: no bar
    assert chart._title(result).startswith("Calcium : magnesium not known")


def test_a_range_is_drawn_up_to_its_upper_end():
    pills = {"nutrient": "magnesium", "form": "magnesium citrate", "amount": 200, "per_day": 2, "basis": "unknown"}
    result = assess(
        Answers.model_validate({"age": 40, "sex": "male", "diet": {"servings": {}}, "supplements": [pills]})
    )
    supplements = by_label(result)["Magnesium,\nsupplements"]
    assert supplements.high == pytest.approx(400 / 420 * 100)
    assert supplements.supplements < supplements.high
    assert "between" in chart._title(result)


def test_without_age_or_sex_the_bars_are_measured_against_the_limits():
    result = assess(Answers.model_validate({"diet": {"servings": {}}, "supplements": []}))
    unit, rows = chart.rows(result)
    assert unit == "Share of the upper limit that applies (%)"
    assert [r.label for r in rows] == ["Calcium", "Vitamin D"]


@pytest.mark.parametrize("name", ["western_woman", "food_questions_man", "balanced_woman", "pregnant_with_unknowns"])
def test_every_picture_is_a_phone_sized_jpeg(name):
    picture = Image.open(io.BytesIO(chart.render(example(name))))
    assert (picture.format, picture.size) == ("JPEG", (800, 500))


def test_history_chart_renders():
    month = Period(30, 3, 2, 1, 0, 0, ((date(2026, 11, 20), 1.4), (date(2026, 11, 21), 1.1)), 2.5)
    assert chart.render_history(month, date(2026, 11, 21)).startswith(b"\xff\xd8\xff")  # a JPEG


def test_the_history_chart_has_every_date_on_its_axis():
    month = Period(3, 3, 2, 1, 0, 0, ((date(2026, 11, 20), 1.4),), 2.5)
    assert chart.history_dates(month, date(2026, 11, 21)) == ["19 Nov", "20 Nov", "21 Nov"]


def test_a_picture_shows_nothing_of_the_one_drawn_before_it_on_the_same_frame():
    first, second = example("food_questions_man"), example("balanced_woman")
    assert chart.Frame.of(*chart.rows(first)) == chart.Frame.of(*chart.rows(second))
    chart._drawn.cache_clear()
    alone = chart.render(first)
    chart.render(second)
    assert chart.render(first) == alone
    assert chart.render(second) != alone
    axes = chart._drawn(chart.Frame.of(*chart.rows(first))).axes
    assert not axes.patches  # what is left is the frame's own: the RDA line and its label
    assert len(axes.lines) == len(axes.texts) == 1


@pytest.mark.parametrize(("reach", "end"), [(0, 150), (100, 150), (140, 200), (667, 800), (5000, 1000)])
def test_the_axis_ends_past_the_furthest_mark(reach, end):
    bar = chart.Row("Calcium", reach, 0, None, False, 100, None, "upper limit")
    assert chart.Frame.of("%", [bar]).end == end


def test_a_history_chart_shows_nothing_of_the_one_drawn_before_it_on_the_same_frame():
    today = date(2026, 11, 21)
    first = Period(30, 3, 2, 1, 0, 0, ((date(2026, 11, 20), 1.4), (date(2026, 11, 21), 1.1)), 2.5)
    second = Period(30, 2, 2, 0, 0, 0, ((date(2026, 11, 1), 2.1), (date(2026, 11, 19), 0.6)), 2.0)
    assert chart.HistoryFrame.of(first, today) == chart.HistoryFrame.of(second, today)
    chart._history_drawn.cache_clear()
    alone = chart.render_history(first, today)
    assert chart.render_history(second, today) != alone
    assert chart.render_history(first, today) == alone
    shared = chart._history_drawn(chart.HistoryFrame.of(first, today))
    assert len(shared.axes.lines) == 2  # the frame's own: the 1:1 and 2:1 lines
    assert set(shared.titles) == {"Last 30 days · adherence 8%", "Last 30 days · adherence 7%"}  # each drawn once


@pytest.mark.parametrize(
    ("highest", "top"), [(None, 2.5), (1.0, 2.5), (2.2, 3.0), (3.0, 4.0), (9.0, 15.0), (60.0, 69.0)]
)
def test_the_history_chart_ends_above_the_highest_ratio(highest, top):
    ratios = () if highest is None else ((date(2026, 11, 21), highest),)
    month = Period(30, 1, 1, 0, 0, 0, ratios, 1.0)
    assert chart.HistoryFrame.of(month, date(2026, 11, 21)).top == pytest.approx(top)


def test_warming_up_draws_the_commonest_frame_ahead_of_the_first_picture():
    chart._drawn.cache_clear()
    chart.warm()
    drawn = chart._drawn.cache_info()
    chart.render(example("western_woman"))  # an adult: calcium, magnesium and vitamin D, a range
    assert chart._drawn.cache_info().hits == drawn.hits + 1


def test_a_kept_title_gives_the_picture_its_lettering_gives():
    first, second = example("food_questions_man"), example("balanced_woman")
    assert chart._title(first) != chart._title(second)
    shared = chart._drawn(chart.Frame.of(*chart.rows(first)))
    shared.titles.clear()
    lettered = chart.render(first)
    chart.render(second)
    assert chart._title(first) in shared.titles
    assert chart.render(first) == lettered


def test_a_frame_keeps_a_bounded_number_of_titles():
    result = example("western_woman")
    shared = chart._drawn(chart.Frame.of(*chart.rows(result)))
    for n in range(chart.TITLES_KEPT + 5):
        chart._on_frame(shared, f"title {n}", [])
    assert list(shared.titles)[-chart.TITLES_KEPT :] == [f"title {n}" for n in range(5, chart.TITLES_KEPT + 5)]
    assert len(shared.titles) == chart.TITLES_KEPT
