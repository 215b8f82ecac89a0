"""Conversation states that survive a restart.

PTB's ConversationHandler keeps each person's state (asking, reviewing) through a persistence
object. This one keeps only those states, in one small file of the interviews in progress; the
answers themselves live in the store and are written at once. PTB hands states over every
``update_interval`` seconds and on shutdown; a state that did not change is not written again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from bot.files import set_aside, write_atomically

ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]

UPDATE_INTERVAL_SECONDS = 2.0


def _encode(key: ConversationKey) -> str:
    return ",".join(str(part) for part in key)


def _decode(text: str) -> ConversationKey:
    return tuple(int(part) if part.lstrip("-").isdigit() else part for part in text.split(","))


def _read(path: Path) -> dict[str, dict[str, object]]:
    """The saved states; a damaged file is set aside (everyone's flow then starts afresh, their
    answers stay in the store) rather than stopping the bot."""
    try:
        states = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError:
        states = None
    if isinstance(states, dict) and all(isinstance(v, dict) for v in states.values()):
        return states
    set_aside(path)
    return {}


class ConversationPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(self, path: Path, update_interval: float = UPDATE_INTERVAL_SECONDS) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=False, callback_data=False),
            update_interval=update_interval,
        )
        self.path = path
        self._states = _read(path)

    async def get_conversations(self, name: str) -> ConversationDict:
        return {_decode(key): state for key, state in self._states.get(name, {}).items()}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        states = self._states.setdefault(name, {})
        encoded = _encode(key)
        if new_state is None:
            if states.pop(encoded, None) is None:
                return
        elif states.get(encoded) == new_state:
            return
        else:
            states[encoded] = new_state
        write_atomically(self.path, json.dumps(self._states))

    def forget_user(self, user_id: int) -> None:
        """Drop every conversation state that involves ``user_id``."""
        changed = False
        for states in self._states.values():
            for encoded in [k for k in states if user_id in _decode(k)]:
                del states[encoded]
                changed = True
        if changed:
            write_atomically(self.path, json.dumps(self._states))

    # Nothing else is persisted: user, chat, bot and callback data stay in memory.

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Not persisted."""

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Not persisted."""

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Not persisted."""

    async def update_callback_data(self, data: Any) -> None:
        """Not persisted."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Not persisted."""

    async def drop_user_data(self, user_id: int) -> None:
        """Not persisted."""

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Not persisted."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Not persisted."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Not persisted."""

    async def flush(self) -> None:
        """Every change is written when it is made."""
