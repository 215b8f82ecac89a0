"""/mydata, /forget, file permissions, and the token kept out of every log line."""

from __future__ import annotations

import io
import logging
import stat
from datetime import timedelta

from bot import logs
from tests.bot.conftest import Harness
from tests.bot.fake_telegram import TOKEN
from tests.bot.test_checkins import BERLIN_9PM, set_reminder
from tests.bot.test_report import report_sent
from tests.bot.test_routine import routine_in_tokyo

PERSON = 424242  # a user id that appears nowhere else
NOTE = "a-very-personal-note-9137"


async def full_history(h: Harness, user_id: int) -> None:
    """An assessment, a reminder, a logged check-in and an unfinished interview."""
    ada = h.client(user_id)
    await ada.send("/check")
    await ada.send("45")
    await ada.click("Male")
    await ada.click("Typical Western diet")
    await ada.click("0")
    await ada.send("magnesium 200 mg")
    await ada.click("None of these")
    await ada.click("None of these")
    await ada.click("✅ Show my balance")
    await ada.send("/remind")
    await ada.send("Berlin")
    await ada.send("21:00")
    h.clock.current = BERLIN_9PM
    await h.tick()
    await ada.click("📝 Log what I took")
    await ada.send("magnesium 100 mg")
    await ada.send(NOTE)
    await ada.send("/check")
    await ada.click("Start afresh")  # after a result, /check offers to change one of its answers
    await ada.send("50")


async def test_forget_erases_every_record_of_the_person_and_nobody_else(running: Harness):
    await full_history(running, PERSON)
    await set_reminder(running)  # someone else (user 42)
    await running.at_rest()  # their files and index records on the disk
    ada = running.client(PERSON)
    await ada.send("/forget")
    await ada.click("No, keep it")
    assert (await running.latest_assessment(PERSON)) is not None
    await ada.send("/forget")
    await ada.click("Yes, erase everything")
    assert "has been erased" in ada.last().text
    for path in running.data.rglob("*"):
        assert str(PERSON) not in path.name, path
        if path.is_file():
            content = path.read_bytes()  # the reminder index's records are binary
            for trace in (str(PERSON).encode(), PERSON.to_bytes(8, "little"), NOTE.encode()):
                assert trace not in content, path
    assert PERSON not in running.store.index.entries
    assert 42 in running.store.index.entries
    running.clock.current = BERLIN_9PM + timedelta(days=1)
    await running.tick()
    assert all("Daily check-in" not in (m.text or "") for m in running.api.chat(PERSON)[-1:])


async def test_store_files_are_readable_by_their_owner_only(running: Harness):
    await full_history(running, PERSON)
    await running.at_rest()
    found = list(running.data.rglob("*"))
    assert any(p.name.startswith("checkins-") for p in found)
    for path in [running.data, *found]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


async def test_what_people_type_and_the_webhook_secret_never_reach_the_log_at_debug(running: Harness):
    webhook_secret = "Webhook_Secret_Never_In_Logs_1234"
    stream = io.StringIO()
    handler = logs.configure("DEBUG", [TOKEN, webhook_secret], stream=stream)
    try:
        await full_history(running, PERSON)
        await running.app.bot.set_webhook("https://example.org/hook", secret_token=webhook_secret)
        logging.getLogger("bot").debug("probe: DEBUG is on")
    finally:
        logging.getLogger().removeHandler(handler)
    output = stream.getvalue()
    assert "probe: DEBUG is on" in output
    assert NOTE not in output
    assert "magnesium 100 mg" not in output
    assert webhook_secret not in output
    assert str(PERSON) not in output  # no id either: PTB's request log is kept quiet


async def test_the_token_never_reaches_the_log_even_at_debug(running: Harness):
    stream = io.StringIO()
    handler = logs.configure("DEBUG", [TOKEN], stream=stream)
    try:
        await full_history(running, PERSON)
        logging.getLogger("httpx").warning("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TOKEN)
        logging.getLogger("bot").error("repr of the application: %r", running.app)
        try:
            raise RuntimeError(f"failure near https://api.telegram.org/bot{TOKEN}/sendMessage")
        except RuntimeError:
            logging.getLogger("bot").exception("with a traceback")
    finally:
        logging.getLogger().removeHandler(handler)
    output = stream.getvalue()
    assert "[secret]" in output
    assert TOKEN not in output
    assert TOKEN.split(":")[1] not in output


async def test_the_pdf_report_logs_nothing_of_its_text_at_debug(running: Harness):
    """The report's font is subset to the glyphs of its text: fontTools logs them (and about a
    hundred lines a report) below WARNING."""
    stream = io.StringIO()
    handler = logs.configure("DEBUG", [TOKEN], stream=stream)
    try:
        await routine_in_tokyo(running)
        text, _ = await report_sent(running)
    finally:
        logging.getLogger().removeHandler(handler)
    assert "Caltrate" in text or "Calcium" in text  # the report was made
    assert "fontTools" not in stream.getvalue()
