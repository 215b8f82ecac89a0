"""The whole interview through the real Application and a fake Bot API."""

from __future__ import annotations

from tests.bot.conftest import Harness


async def test_start_to_summary_with_picture_by_tapping(running: Harness):
    ada = running.client()
    shown = await ada.send("/start")
    assert "CaMag" in shown[0].text
    assert "not medical advice" in shown[0].text
    await ada.click("Check my balance")
    assert "How old are you?" in ada.last().text
    await ada.send("45")
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Typical Western diet")
    await ada.click("1")  # soft drinks
    await ada.send("2 tablets of 500 mg calcium carbonate, 1000 IU vitamin D")
    await ada.click("The whole compound")
    await ada.click("None of these")  # conditions
    await ada.click("None of these")  # medicines
    review = ada.last()
    assert "Your answers" in review.text
    assert "500 mg calcium carbonate (compound weight), 2 a day" in review.text
    await ada.click("✅ Show my balance")
    summary, picture = running.api.chat(42)[-2:]
    assert "Calcium: at least 400 mg a day" in summary.text
    assert "Magnesium: 250 mg a day" in summary.text
    assert "not medical advice" in summary.text
    assert picture.photo is not None
    assert picture.photo.startswith(b"\x89PNG")
    assert len(summary.text) <= 4096
    stored = running.store.latest_assessment(42)
    assert stored is not None
    assert stored.result.calcium_mg.supplements == 400
    assert running.store.interview(42) is None
    assert all(a.get("callback_query_id") for a in running.api.answers)
