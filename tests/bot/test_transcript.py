"""The closing note's transcript is a test: a new user from /start to a summary and picture."""

from __future__ import annotations

from tests.bot.conftest import Harness
from tests.bot.transcript import STEPS, run


async def test_a_new_user_reaches_a_summary_and_picture_in_a_dozen_steps(running: Harness):
    lines = await run(running)
    assert len(STEPS) <= 12
    text = "\n".join(lines)
    assert "How old are you?" in text
    assert "Calcium: at least 400 mg a day (food not known, supplements 400 mg)" in text
    assert "Vitamin D: at least 1,000 IU" in text
    assert lines[-1].startswith("< [picture, PNG")
