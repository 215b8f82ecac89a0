"""The person blocked the bot (their reminder pauses) or came back (it goes on)."""

from __future__ import annotations

from telegram.constants import ChatMemberStatus

from bot.flows.turn import Turn


async def on_membership(t: Turn) -> None:
    change = t.update.my_chat_member
    reminder = t.person.reminder
    if change is None or change.chat.type != "private" or reminder is None:
        return
    if change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        t.person.reminder = reminder.with_paused(True)
    elif change.new_chat_member.status == ChatMemberStatus.MEMBER:
        t.person.reminder = reminder.with_paused(False)
