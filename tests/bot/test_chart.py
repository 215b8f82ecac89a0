"""The pictures: the person's point sits where their totals are, on the right scale."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import numpy as np
from PIL import Image

from bot import chart
from bot.history import Period
from camag_core import Answers, assess
from tests.conftest import REPO

BLUE = (0x15, 0x65, 0xC0)


def point_pixel(name: str) -> tuple[tuple[int, int, int], tuple[float, float], bytes]:
    result = assess(Answers.model_validate_json((REPO / "examples" / name).read_text()))
    png = chart.render(result)
    top = chart._scale(result.calcium_mg.total, result.magnesium_mg.total)
    background = chart._background(top, result.balance.headline, result.calcium_mg.at_least)
    x = background.origin[0] + result.magnesium_mg.total * background.pixels_per_mg[0]
    y = background.origin[1] + result.calcium_mg.total * background.pixels_per_mg[1]
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return image.getpixel((round(x), round(y))), (x, y), png


def test_the_point_is_drawn_at_the_persons_totals():
    colour, (x, y), png = point_pixel("food_questions_man.json")  # 843 mg Mg, 1143 mg Ca, scale 2500
    assert png.startswith(b"\x89PNG")
    assert colour == BLUE
    assert 0 < x < 600
    assert 0 < y < 450


def test_at_least_totals_get_the_triangle_and_the_scale_fits_them():
    colour, _, _ = point_pixel("western_woman.json")
    assert colour == BLUE
    assert chart._scale(500, 250) == 800
    assert chart._scale(3000, 100) == 4000


def test_the_background_is_drawn_once_per_scale_and_headline():
    chart._background.cache_clear()
    for name in ("food_questions_man.json", "food_questions_man.json", "balanced_woman.json"):
        point_pixel(name)
    assert chart._background.cache_info().misses == 2


def test_people_finishing_at_once_wait_for_one_drawing_of_their_background():
    result = assess(Answers.model_validate_json((REPO / "examples" / "balanced_woman.json").read_text()))
    chart._background.cache_clear()
    with ThreadPoolExecutor(4) as pool:
        pictures = list(pool.map(lambda _: chart.render(result), range(4)))
    assert chart._background.cache_info().misses == 1
    assert len(set(pictures)) == 1


def test_history_chart_renders():
    month = Period(30, 3, 2, 1, 0, 0, ((date(2026, 11, 20), 1.4), (date(2026, 11, 21), 1.1)))
    assert chart.render_history(month, date(2026, 11, 21)).startswith(b"\x89PNG")


def test_drawing_a_point_leaves_the_cached_background_untouched():
    _, (x, y), _ = point_pixel("food_questions_man.json")
    result = assess(Answers.model_validate_json((REPO / "examples" / "food_questions_man.json").read_text()))
    top = chart._scale(result.calcium_mg.total, result.magnesium_mg.total)
    background = chart._background(top, result.balance.headline, result.calcium_mg.at_least)
    assert background.image.getpixel((round(x), round(y))) != BLUE
    assert background.indexed.convert("RGB").getpixel((round(x), round(y))) != BLUE


def test_the_picture_is_sent_in_256_colours_that_match_the_full_colour_drawing():
    for name in ("balanced_woman.json", "western_woman.json"):
        result = assess(Answers.model_validate_json((REPO / "examples" / name).read_text()))
        full, _, changed = chart.draw(result)
        picture = Image.open(io.BytesIO(chart.render(result)))
        assert picture.mode == "P"
        sent = picture.convert("RGB")
        off = np.abs(np.asarray(full, dtype=int) - np.asarray(sent, dtype=int)).max(axis=2)
        assert (off == 0).mean() > 0.99  # the rarer anti-aliasing shades get the nearest colour
        assert off.max() < 100
        assert changed is not None  # the box of the point and its label
        assert BLUE in {colour for _, colour in sent.crop(changed).getcolors(256) or []}
        x0, y0, x1, y1 = changed
        assert 0 <= x0 < x1 <= 600
        assert 0 <= y0 < y1 <= 450
