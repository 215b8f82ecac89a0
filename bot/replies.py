"""Showing a view: edit the tapped message in place, or send a new one."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.views import Reply


async def show(update: Update, reply: Reply | str, *, edit: bool = True) -> None:
    """Edit the message whose button was tapped (when ``edit`` and there is one), else send."""
    if isinstance(reply, str):
        reply = Reply(reply)
    query = update.callback_query
    if edit and query is not None and query.message is not None:
        await query.edit_message_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)
        return
    assert update.effective_chat is not None
    await update.effective_chat.send_message(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)
