"""The bot's one ConversationHandler: a declared state machine over every multi-step flow.

    interview   ASKING <-> REVIEWING                     (bot.interview)
    check-in    LOG_SUPPLEMENTS -> LOG_FOOD              (bot.checkins)
    reminders   REMIND_ZONE -> REMIND_TIME               (bot.remind)

Entry points start or resume a flow. Typed text always goes to the current state first; the
fallbacks, tried only when the state has no handler for an update, are /cancel and every entry
point, so a command or a button can switch flows at any time. States are persisted, so a flow
survives a restart; a flow left idle for the configured time ends politely (TIMEOUT).
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram.ext import ContextTypes, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot import checkins, interview, privacy, remind

NAME = "camag"


def conversation(timeout: timedelta) -> ConversationHandler[ContextTypes.DEFAULT_TYPE]:
    states = {**interview.states(), **checkins.states(), **remind.states()}
    entry_points = [
        *privacy.entry_points(),
        *checkins.entry_points(),
        *remind.entry_points(),
        *interview.entry_points(),
    ]
    with warnings.catch_warnings():
        # Buttons are told apart by their payload, not by message: per_message=False is intended.
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        return ConversationHandler[ContextTypes.DEFAULT_TYPE](
            entry_points=entry_points,
            states=states,
            fallbacks=[*interview.fallbacks(), *entry_points],
            name=NAME,
            persistent=True,
            conversation_timeout=timeout,
        )
