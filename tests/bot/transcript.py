"""New users' conversations, from /start to the result, as readable transcripts.

    python -m tests.bot.transcript          # every person
    python -m tests.bot.transcript olga     # one of them

The same people run in ``test_transcript.py``; this prints what each of them would see.
"""

from __future__ import annotations

import asyncio
import io
import re
import sys
import tempfile
from pathlib import Path

from PIL import Image

from tests.bot.conftest import Harness, start_bot, stop_bot
from tests.bot.fake_telegram import Sent

Step = tuple[str, str]  # ("send", text) | ("tap", button label) | ("tap-old", label on the first such message)
ACTS = {"tap": "taps", "tap-old": "taps on an older message"}

STEPS: list[Step] = [  # Ada, the new user of the README
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

PEOPLE: dict[str, list[Step]] = {
    "ada": STEPS,
    "olga, 68, osteoporosis": [
        ("send", "/check"),
        ("send", "68"),
        ("send", "woman"),
        ("send", "food questions"),
        *[("send", n) for n in ("2", "0", "1", "0", "1", "0", "1", "0", "0", "1")],
        ("send", "0"),
        ("send", "calcium citrate 600 mg twice a day, 1000 IU D3"),
        ("tap", "The mineral itself"),
        ("send", "osteoporosis"),
        ("send", "alendronate"),
        ("tap", "✅ Show my balance"),
        ("tap", "📊 Totals and food ideas"),
    ],
    "priya, pregnant": [
        ("send", "/check"),
        ("send", "31"),
        ("tap", "Female"),
        ("tap", "Pregnant"),
        ("tap", "Mostly vegetables, e.g. traditional Asian"),
        ("tap", "0"),
        ("send", "magnesium glycinate 400 mg"),
        ("tap", "The mineral itself"),
        ("tap", "None of these"),
        ("tap", "None of these"),
        ("tap", "✅ Show my balance"),
        ("tap", "📖 What the articles say"),
    ],
    "karl, 70, kidney disease": [
        ("send", "/check"),
        ("send", "70"),
        ("tap", "Male"),
        ("tap", "Typical Western diet"),
        ("tap", "0"),
        ("send", "mag oxide 400mg"),
        ("tap", "🤷 I don't know"),
        ("tap", "▫️ Kidney disease"),
        ("tap", "Done"),
        ("send", "furosemide"),
        ("tap", "✅ Show my balance"),
    ],
    "tom, 15": [
        ("send", "/check"),
        ("send", "15"),
        ("send", "guy 👍"),
        ("send", "western pls"),
        ("send", "like 3 cans a day lol 🥤"),
        ("send", "none"),
        ("send", "none of these"),
        ("send", "nope"),
        ("tap", "✅ Show my balance"),
    ],
    "sam, sloppy typist": [
        ("send", "/check"),
        ("send", "old enough"),
        ("send", "im forty"),
        ("send", "F"),
        ("send", "2"),
        ("send", "nope"),
        ("send", "western"),
        ("send", "2 cans"),
        ("send", "Cal-Mag 500/250 x2, multivitamin"),
        ("send", "None of these"),
        ("send", "nope"),
        ("tap", "✅ Show my balance"),
    ],
    "lee, Back and old buttons": [
        ("send", "/check"),
        ("send", "52"),
        ("send", "male"),
        ("send", "western"),
        ("tap", "⬅️ Back"),
        ("tap", "⬅️ Back"),
        ("tap", "✓ Male"),
        ("tap", "✓ Typical Western diet"),
        ("tap-old", "Mostly vegetables, e.g. traditional Asian"),  # a button on an older message
        ("tap", "2"),
        ("send", "magnesium citrate 200 mg"),
        ("tap", "The whole compound"),
        ("tap", "None of these"),
        ("tap", "None of these"),
        ("tap", "✏️ Diet"),
        ("tap", "⬅️ Back to the review"),
        ("tap", "✅ Show my balance"),
    ],
}


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _render(message: Sent) -> list[str]:
    if message.photo is not None:
        kind = Image.open(io.BytesIO(message.photo)).format
        lines = [f"< [picture, {kind}, {len(message.photo):,} bytes] {message.caption or ''}"]
    else:
        lines = ["< " + _plain(message.text or "").replace("\n", "\n  ")]
    if message.keyboard:
        lines.append("  [" + "] [".join(message.button_texts()) + "]")
    return lines


async def run(harness: Harness, steps: list[Step] = STEPS, user_id: int = 42) -> list[str]:
    """Play ``steps`` as one person and return the transcript lines."""
    client = harness.client(user_id)
    out: list[str] = []
    first_with: dict[str, Sent] = {}
    for kind, what in steps:
        out.append(f"> {what}" if kind == "send" else f"({ACTS[kind]}) {what}")
        if kind == "send":
            changed = await client.send(what)
        elif kind == "tap-old":
            changed = await client.click(what, first_with[what])
        else:
            changed = await client.click(what)
        for message in changed:
            for label in message.button_texts():
                first_with.setdefault(label, message)
            out.extend(_render(message))
    return out


async def _main(names: list[str]) -> None:
    harness = await start_bot(Path(tempfile.mkdtemp()) / "data")
    try:
        for number, (name, steps) in enumerate(PEOPLE.items(), start=100):
            if names and not any(n.lower() in name for n in names):
                continue
            print(f"===== {name} =====")
            print("\n".join(await run(harness, steps, number)))
            print()
    finally:
        await stop_bot(harness)


if __name__ == "__main__":
    asyncio.run(_main(sys.argv[1:]))
