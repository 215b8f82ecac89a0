"""Groups and channels: nothing about a person's health runs there.

Runs before every other handler (group -1), once it has made sure some handler can serve the
update at all (not so: ids beyond Telegram's range, a button with no chat to answer in). In any
chat that is not private, a command that would collect or show health data gets a pointer with a
deep link that opens the same flow in the private chat (``t.me/<bot>?start=check``), every button
is answered with the same pointer and does nothing else, and plain messages are ignored. Only
/help and /sources, which hold nothing personal, work.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot import views
from bot.flows.turn import person_texts
from camag_core.i18n import texts

log = logging.getLogger(__name__)

MAX_ID = 2**52  # Telegram's user and chat ids "have at most 52 significant bits"
# Commands harmless in a group: no one's answers or results.
PUBLIC_COMMANDS = frozenset({"help", "sources", "privacy"})
# Each health command opens the same flow in the private chat (``/start <command>``); /start and
# anything else, the check.
FLOWS = frozenset(
    {
        "check",
        "remind",
        "settings",
        "refill",
        "summary",
        "history",
        "report",
        "mydata",
        "forget",
        "guidance",
        "language",
    }
)


def _command(update: Update) -> str | None:
    message = update.effective_message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text.split()[0][1:].split("@")[0].lower()


def _unanswerable(update: Update) -> str | None:
    """Why no handler can serve ``update``, if none can: ids Telegram never gives (it keeps them
    within 52 bits; the store's keys are 64), or a button with no chat to answer in."""
    ids = [x.id for x in (update.effective_user, update.effective_chat) if x is not None]
    if any(not -MAX_ID <= i <= MAX_ID for i in ids):
        return "an id beyond Telegram's range"
    if update.callback_query is not None and update.callback_query.message is None:
        return "a button on no message of a chat (inline)"
    return None


async def keep_health_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    why = _unanswerable(update)
    t = texts(update.effective_user.language_code if update.effective_user is not None else None)
    if why is not None:
        log.warning("update %s ignored: %s", update.update_id, why)
        if update.callback_query is not None:
            await update.callback_query.answer(views.expired_button(t))
        raise ApplicationHandlerStop
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE or update.my_chat_member is not None:
        return  # private chats, and the bot's own membership changes, go on as usual
    username = context.bot.username
    t = await person_texts(update, context)  # the language they chose with CaMag, over their app's
    if update.callback_query is not None:
        await update.callback_query.answer(views.group_button_notice(t), show_alert=True)
        raise ApplicationHandlerStop
    command = _command(update)
    if command in PUBLIC_COMMANDS:
        return
    if command is not None and update.effective_message is not None:
        flow = command if command in FLOWS else "check"
        await update.effective_message.reply_text(
            views.group_notice(t, username, flow), parse_mode=ParseMode.HTML, disable_web_page_preview=True
        )
    raise ApplicationHandlerStop  # everything else in a group: not ours to read


def guard() -> TypeHandler[Update, ContextTypes.DEFAULT_TYPE, None]:
    return TypeHandler(Update, keep_health_private)
