"""A fake Bot API at python-telegram-bot's request layer, and a test client that talks to the
real Application through it, the way a person would: ``send`` text, ``click`` a button.

No network: every Bot API call the Application makes lands in :meth:`FakeTelegram.do_request`,
which answers like Telegram and records what the person would see.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.services import KEY

BOT_ID = 7000001
BOT_USERNAME = "camag_test_bot"
TOKEN = f"{BOT_ID}:TEST-secret-token-never-logged"


@dataclass
class Sent:
    """A message as the person sees it now (edits applied)."""

    chat_id: int
    message_id: int
    text: str | None = None
    caption: str | None = None
    photo: bytes | None = None
    document: bytes | None = None
    keyboard: list[list[dict[str, Any]]] = field(default_factory=list)
    parse_mode: str | None = None

    def buttons(self) -> list[dict[str, Any]]:
        return [button for row in self.keyboard for button in row]

    def button_texts(self) -> list[str]:
        return [b["text"] for b in self.buttons()]


class FakeTelegram(BaseRequest):
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[tuple[int, int], Sent] = {}
        self.answers: list[dict[str, Any]] = []  # answerCallbackQuery calls
        self.blocked: set[int] = set()  # chats that blocked the bot
        self.fail_once: dict[str, tuple[int, str, dict[str, Any]]] = {}  # method -> (code, description, parameters)
        self.raise_once: dict[str, Exception] = {}  # method -> a transport error, as httpx would cause
        self.files: dict[str, bytes] = {}  # file_id -> what the person sent (getFile and its download)
        self._ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        if "/file/bot" in url:  # a file's download, at the path getFile gave
            self.calls.append(("download", {"path": name}))
            found = self.files.get(name.removesuffix(".jpg"))
            return (200, found) if found is not None else (404, b'{"ok":false,"error_code":404}')
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        self.calls.append((name, params))
        if name in self.raise_once:
            raise self.raise_once.pop(name)
        if name in self.fail_once:
            code, description, parameters = self.fail_once.pop(name)
            body = {"ok": False, "error_code": code, "description": description, "parameters": parameters}
            return code, json.dumps(body).encode()
        chat = params.get("chat_id")
        if chat is not None and int(chat) in self.blocked:
            return 403, json.dumps(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            ).encode()
        try:
            result = self._answer(name, params, files)
        except _Refused as refused:
            body = {"ok": False, "error_code": refused.code, "description": refused.description}
            return refused.code, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _message(self, sent: Sent) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": 0,
            "chat": {"id": sent.chat_id, "type": "private" if sent.chat_id > 0 else "group"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "CaMag", "username": BOT_USERNAME},
        }
        if sent.text is not None:
            message["text"] = sent.text
        if sent.document is not None:
            message["document"] = {"file_id": "d1", "file_unique_id": "u2", "file_name": "camag-my-data.json"}
        if sent.photo is not None:
            message["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 600, "height": 450}]
            if sent.caption:
                message["caption"] = sent.caption
        if sent.keyboard:
            message["reply_markup"] = {"inline_keyboard": sent.keyboard}
        return message

    def _answer(self, name: str, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if name == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "CaMag",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if name in ("sendMessage", "sendPhoto", "sendDocument"):
            sent = Sent(
                chat_id=int(params["chat_id"]),
                message_id=next(self._ids),
                text=params.get("text"),
                caption=params.get("caption"),
                photo=_file(files) if name == "sendPhoto" else None,
                document=_file(files) if name == "sendDocument" else None,
                keyboard=_keyboard(params),
                parse_mode=params.get("parse_mode"),
            )
            self.messages[(sent.chat_id, sent.message_id)] = sent
            return self._message(sent)
        if name in ("editMessageText", "editMessageReplyMarkup"):
            sent = self.messages[(int(params["chat_id"]), int(params["message_id"]))]
            if name == "editMessageText":
                sent.text = params["text"]
                sent.parse_mode = params.get("parse_mode")
            sent.keyboard = _keyboard(params)
            return self._message(sent)
        if name == "answerCallbackQuery":
            self.answers.append(params)
            return True
        if name in (
            "setMyCommands",
            "setWebhook",
            "deleteWebhook",
            "sendChatAction",
            "deleteMyCommands",
            "close",
            "logOut",
        ):
            return True
        if name == "getUpdates":
            return []
        if name == "getFile":
            data = self.files.get(params["file_id"])
            if data is None:
                raise _Refused(400, "Bad Request: invalid file_id")
            return {"file_id": params["file_id"], "file_unique_id": "u", "file_size": len(data),
                    "file_path": f"photos/{params['file_id']}.jpg"}  # fmt: skip
        raise AssertionError(f"the fake Bot API does not know {name}")

    # what the person sees

    def chat(self, chat_id: int) -> list[Sent]:
        return [m for (c, _), m in sorted(self.messages.items()) if c == chat_id]

    def method_calls(self, name: str) -> list[dict[str, Any]]:
        return [params for method, params in self.calls if method == name]


class _Refused(Exception):
    """Telegram's answer to a call it refuses (a file it doesn't have)."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def _keyboard(params: dict[str, Any]) -> list[list[dict[str, Any]]]:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return list(markup.get("inline_keyboard", [])) if isinstance(markup, dict) else []


def _file(files: dict[str, Any]) -> bytes:
    for value in files.values():
        content = value[1] if isinstance(value, tuple) else value
        return content if isinstance(content, bytes) else content.read()
    return b""


# Telegram numbers a bot's updates in one rising sequence, whoever sends them, across restarts.
UPDATE_IDS = itertools.count(1)


class Client:
    """One person talking to the bot (aiogram_dialog's BotClient, for PTB)."""

    def __init__(self, app: Application, api: FakeTelegram, user_id: int = 42, chat_id: int | None = None) -> None:  # type: ignore[type-arg]
        self.language_code = "en"  # the person's Telegram app's language
        self.app = app
        self.api = api
        self.user_id = user_id
        self.chat_id = chat_id if chat_id is not None else user_id
        self._message_ids = itertools.count(10_000 + user_id % 1000 * 1000)
        self.last_update: dict[str, Any] = {}

    def _user(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": "Ada", "language_code": self.language_code}

    def _chat(self) -> dict[str, Any]:
        if self.chat_id > 0:
            return {"id": self.chat_id, "type": "private", "first_name": "Ada"}
        return {"id": self.chat_id, "type": "group", "title": "Family"}

    async def _feed(self, payload: dict[str, Any], *, read: bool = False) -> list[Sent]:
        self.last_update = {"update_id": next(UPDATE_IDS), **payload}
        return await self._process(self.last_update, read=read)

    async def redeliver(self) -> list[Sent]:
        """The last update once more, as Telegram sends it after a restart or a webhook retry."""
        return await self._process(self.last_update)

    async def _process(self, raw: dict[str, Any], *, read: bool = False) -> list[Sent]:
        """The update applied (and with ``read``, the label photos being read read too): the
        messages that appeared or changed."""
        before = {key: (m.text, m.caption, json.dumps(m.keyboard)) for key, m in self.api.messages.items()}
        update = Update.de_json(raw, self.app.bot)
        await self.app.process_update(update)
        if read:
            await self.app.bot_data[KEY].readings.drain()
        return [
            m
            for key, m in sorted(self.api.messages.items())
            if key[0] == self.chat_id and before.get(key) != (m.text, m.caption, json.dumps(m.keyboard))
        ]

    async def send(self, text: str) -> list[Sent]:
        """Type ``text``; returns the messages that appeared or changed."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": 0,
            "chat": self._chat(),
            "from": self._user(),
            "text": text,
        }
        command = text.split()[0] if text.split() else ""
        if command.startswith("/") and len(command) > 1:  # Telegram marks "/x", not a bare "/"
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self._feed({"message": message})

    async def send_photo(self, photo: bytes, caption: str | None = None, *, read: bool = True) -> list[Sent]:
        """Send a photo (kept by the fake Bot API for getFile and its download, as Telegram keeps it);
        with ``read``, until its label was read too (outside the photo's update)."""
        file_id = f"photo{len(self.api.files) + 1}"
        self.api.files[file_id] = photo
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": 0,
            "chat": self._chat(),
            "from": self._user(),
            "photo": [
                {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 60},
                {"file_id": file_id, "file_unique_id": "l", "width": 1280, "height": 960, "file_size": len(photo)},
            ],
        }
        if caption:
            message["caption"] = caption
        return await self._feed({"message": message}, read=read)

    async def send_update(self, payload: dict[str, Any]) -> list[Sent]:
        """Any other kind of update (a sticker, an edited message, ...); a label photo is read too."""
        return await self._feed(payload, read=True)

    def last_with_buttons(self) -> Sent:
        for sent in reversed(self.api.chat(self.chat_id)):
            if sent.keyboard:
                return sent
        raise AssertionError("no message with buttons")

    async def click(self, label: str, message: Sent | None = None) -> list[Sent]:
        """Tap the button whose text is (or starts with) ``label`` on ``message`` (the latest by default)."""
        target = message or self.last_with_buttons()
        matching = [b for b in target.buttons() if b["text"] == label] or [
            b for b in target.buttons() if b["text"].startswith(label) or label in b["text"]
        ]
        assert matching, f"no button {label!r} in {target.button_texts()}"
        return await self.click_data(matching[0]["callback_data"], target)

    async def click_data(self, data: str, message: Sent) -> list[Sent]:
        query = {
            "id": str(next(UPDATE_IDS)),
            "from": self._user(),
            "chat_instance": "ci",
            "data": data,
            "message": self.api._message(message),
        }
        return await self._feed({"callback_query": query})

    def last(self) -> Sent:
        return self.api.chat(self.chat_id)[-1]

    def texts(self) -> list[str]:
        return [m.text or m.caption or "" for m in self.api.chat(self.chat_id)]
