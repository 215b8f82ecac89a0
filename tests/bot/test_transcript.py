"""The transcripts are tests: new users, from /start or /check to their result."""

from __future__ import annotations

import re

import pytest

from tests.bot.conftest import Harness
from tests.bot.transcript import PEOPLE, STEPS, run

ON_BOTH_BACKENDS = True  # the running bot, on TinyDB and on PostgreSQL (tests/bot/conftest.py)


def plain(lines: list[str]) -> str:
    return "\n".join(lines)


def first_result(lines: list[str]) -> str:
    """The first message after "Show my balance" that is not the review."""
    start = max(i for i, line in enumerate(lines) if line == "(taps) ✅ Show my balance")
    return next(line for line in lines[start:] if line.startswith("< ") and "Your answers" not in line)


async def test_a_new_user_reaches_a_short_result_and_picture_in_a_dozen_steps(running: Harness):
    lines = await run(running)
    assert len(STEPS) <= 12
    text = plain(lines)
    assert "How old are you?" in text
    assert "Most worth doing" in text
    assert lines[-1].startswith("< [picture, JPEG")
    # the result opens with what matters most (here the one thing most worth doing), then the ratio
    result = re.search(r"< Most worth doing.*?(?=\n  \[)", text, re.S)
    assert result is not None
    assert "Calcium far ahead" in result.group(0)
    assert len(result.group(0)) < 600  # was 2,200 to 3,400 characters


EXPECTED = {
    "olga, 68, osteoporosis": ["bisphosphonates such as alendronate", "above the official upper limit of 2,000 mg"],
    "priya, pregnant": ["ask your doctor or midwife", "above the official upper limit of 350 mg"],
    "karl, 70, kidney disease": ["could come to as much as 400 mg", "With kidney disease", "Loop diuretics"],
    "tom, 15": ["short of your RDA (410 mg)", "Calcium far ahead of magnesium"],
    "sam, sloppy typist": ["Please type your age in years", "Please tap a button", "at least 500 mg"],
    "lee, Back and old buttons": ["✓ Male", "Back to the review", "between 2.7:1 and 2.8:1"],
}


@pytest.mark.parametrize("name", [n for n in PEOPLE if n != "ada"])
async def test_six_more_people_reach_a_result_that_fits_them(running: Harness, name):
    lines = await run(running, PEOPLE[name], user_id=100 + list(PEOPLE).index(name))
    text = plain(lines)
    assert "something went wrong" not in text.lower()
    for words in EXPECTED[name]:
        assert words in text, (name, words)
    assert "not medical advice" in first_result(lines)
    if name in ("priya, pregnant", "karl, 70, kidney disease"):
        assert "500 mg to 1000mg" not in text  # no dose passage urging more magnesium
