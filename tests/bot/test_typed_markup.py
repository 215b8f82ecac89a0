"""What people type never becomes markup in a reply: at every step that reads free text, typed
HTML comes back as text, and every reply stays HTML that Telegram accepts (known tags, balanced)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.bot.conftest import Harness
from tests.bot.fake_telegram import Client, Sent
from tests.bot.test_checkins import checkin_open

MARKUP = [
    '<a href="https://evil.example/">tap here</a>',
    "</a> + 200 mg magnesium",
    "<b>500 mg calcium</i> & <script>",
]
ALLOWED = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"}  # what Telegram's HTML takes


class Check(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"<{tag}>")
        if any("evil" in (value or "") for _, value in attrs):
            self.problems.append(f"a typed link: {attrs}")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes nothing open")
        else:
            self.open.pop()


def safe(replies: list[Sent]) -> None:
    assert replies, "no reply"
    for reply in replies:
        check = Check()
        check.feed(reply.text or reply.caption or "")
        check.close()
        assert not check.problems, (check.problems, reply.text)
        assert not check.open, (check.open, reply.text)


async def typed_everywhere(ada: Client) -> None:
    for markup in MARKUP:
        safe(await ada.send(markup))


@pytest.mark.parametrize("markup", MARKUP)
async def test_no_flow(running: Harness, markup):
    safe(await running.client().send(markup))


async def test_the_interview_s_typed_questions(running: Harness):
    ada = running.client()
    await ada.send("/check")
    await typed_everywhere(ada)  # the age
    await ada.send("45")
    await ada.click("Female")
    await ada.click("Neither")
    await ada.click("Typical Western diet")
    await ada.click("1")  # soft drinks
    await typed_everywhere(ada)  # the supplements


async def test_the_reminder_s_zone_and_time(running: Harness):
    ada = running.client()
    await ada.send("/remind")
    await typed_everywhere(ada)  # the zone
    await ada.send("Berlin")
    await typed_everywhere(ada)  # the time


async def test_logging_a_day_s_supplements_and_food(running: Harness):
    ada = await checkin_open(running)
    await ada.click("📝 Log what I took", ada.last())
    await typed_everywhere(ada)  # the supplements
    await ada.send("none")
    safe(await ada.send(MARKUP[0]))  # the food note
