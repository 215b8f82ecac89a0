"""A new user's conversation, from /start to the summary and picture, as a readable transcript.

    python -m tests.bot.transcript

The same steps run in ``test_transcript.py``; this prints what the person would see.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path

from tests.bot.conftest import Harness, start_bot, stop_bot
from tests.bot.fake_telegram import Sent

STEPS: list[tuple[str, str]] = [
    ("send", "/start"),
    ("tap", "Check my balance"),
    ("send", "forty-five"),
    ("tap", "Female"),
    ("tap", "Neither"),
    ("tap", "Typical Western diet"),
    ("tap", "1"),
    ("send", "2 tablets of 500 mg calcium carbonate, 1000 IU vitamin D"),
    ("tap", "The whole compound"),
    ("tap", "None of these"),
    ("tap", "None of these"),
    ("tap", "✅ Show my balance"),
]


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _render(message: Sent) -> list[str]:
    if message.photo is not None:
        lines = [f"< [picture, PNG, {len(message.photo):,} bytes] {message.caption or ''}"]
    else:
        lines = ["< " + _plain(message.text or "").replace("\n", "\n  ")]
    if message.keyboard:
        lines.append("  [" + "] [".join(message.button_texts()) + "]")
    return lines


async def run(harness: Harness) -> list[str]:
    """Play :data:`STEPS` as user 42 and return the transcript lines."""
    client = harness.client()
    out: list[str] = []
    for kind, what in STEPS:
        out.append(f"> {what}" if kind == "send" else f"(taps) {what}")
        changed = await (client.send(what) if kind == "send" else client.click(what))
        for message in changed:
            out.extend(_render(message))
    return out


async def _main() -> None:
    harness = await start_bot(Path(tempfile.mkdtemp()) / "data")
    try:
        print("\n".join(await run(harness)))
    finally:
        await stop_bot(harness)


if __name__ == "__main__":
    asyncio.run(_main())
