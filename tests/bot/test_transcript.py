"""The closing note's transcript is a test: a new user from /start to a summary and picture."""

from __future__ import annotations

from tests.bot.conftest import Harness
from tests.bot.transcript import STEPS, run


async def test_a_new_user_reaches_a_summary_and_picture_in_a_dozen_steps(running: Harness):
    lines = await run(running)
    assert len(STEPS) <= 12
    text = "\n".join(lines)
    assert "How old are you?" in text
    assert "Calcium: 1,264 mg a day (food 864 mg, typical, supplements 400 mg)" in text
    assert "Vitamin D: 1,144–1,276 IU a day" in text
    assert lines[-1].startswith("< [picture, PNG")
