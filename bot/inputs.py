"""What counts as a typed answer: a new text message or a photo's caption (not a command, not an
edit) in a private chat."""

from __future__ import annotations

from telegram.ext import filters

PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE  # a command edited afterwards is not sent again: it does nothing
# A photo goes to the label reader (bot/flows/labels.py), whose caption is read as typed when the
# label can't be read.
TYPED = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & PRIVATE
COMMAND = filters.UpdateType.MESSAGE & filters.COMMAND & PRIVATE
# A photo, or an image sent as a file: a supplement label, perhaps.
PHOTO = filters.UpdateType.MESSAGE & (filters.PHOTO | filters.Document.IMAGE) & PRIVATE
# Anything else a person can send in private: stickers, photos, voice, edited messages.
OTHER = PRIVATE & ((filters.UpdateType.MESSAGE & ~filters.TEXT) | filters.UpdateType.EDITED_MESSAGE)


def deep_link(payload: str) -> filters.MessageFilter:
    """``/start <payload>``: what a ``t.me/<bot>?start=<payload>`` link sends."""
    return filters.Regex(rf"^/start(?:@\w+)?\s+{payload}\s*$")
