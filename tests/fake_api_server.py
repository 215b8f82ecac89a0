"""A fake Telegram Bot API server on 127.0.0.1, for the real bot process to talk to over HTTP.

Point the bot at it with ``TELEGRAM_API_BASE_URL=http://127.0.0.1:PORT/bot``. It runs in its
own thread with its own event loop, speaks enough HTTP/1.1 for httpx (keep-alive, bodies with
Content-Length), long-polls ``getUpdates`` from a queue the test fills, and records every call.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import parse_qsl

BOT = {"id": 7000001, "is_bot": True, "first_name": "CaMag", "username": "camag_test_bot"}
SIMPLE = {"setMyCommands", "deleteWebhook", "setWebhook", "answerCallbackQuery", "sendChatAction", "close"}
WEBHOOK_CONNECTIONS = 40  # setWebhook's max_connections default


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeBotApiServer:
    def __init__(self) -> None:
        self.port = 0
        self.calls: list[tuple[str, dict[str, Any], float]] = []  # method, params, time received
        self.sent: dict[int, list[dict[str, Any]]] = defaultdict(list)  # chat -> messages sent by the bot
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        # Updates stay until a getUpdates with a higher offset confirms them, as at Telegram: a
        # bot that dies before confirming gets them again.
        self._pending: list[dict[str, Any]] = []
        self._arrived: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-bot-api", daemon=True)
        self._server: asyncio.Server | None = None
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}  # chat -> the next bot message
        self.drop_after_reading: set[str] = set()  # methods whose connection is cut once the request is read
        self.reject_token = False  # answer every call as Telegram answers a revoked token (401)
        self.round_trip = 0.0  # seconds each call but getUpdates takes, as over the network to Telegram
        # Webhook mode: once the bot calls setWebhook, updates are POSTed here (the proxy in front
        # of the workers; TLS left out) with the secret it gave, each retried until answered 200,
        # up to WEBHOOK_CONNECTIONS at once, a chat's one at a time, as Telegram does.
        self.webhook_target: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_retries = 0
        self.webhook_posted = 0  # updates posted (each counted once, however often retried)
        self.webhook_acknowledged = 0  # updates answered 200
        self.webhook_refused: Counter[int] = Counter()  # answers other than 200, by status
        self._posting: asyncio.Semaphore | None = None
        self._posts: set[asyncio.Future[None]] = set()
        self._chats: dict[int, asyncio.Lock] = {}
        self._http: Any = None  # an aiohttp.ClientSession, made on the server's loop when first needed
        self.files: dict[str, bytes] = {}  # file_id -> a photo a person sent: getFile, then its download

    # running

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        self._arrived = asyncio.Event()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def start(self) -> FakeBotApiServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self._http is not None:
                await self._http.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Where the bot downloads a file getFile named (TELEGRAM_API_BASE_FILE_URL)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # what tests do

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for the bot's next getUpdates; its ``update_id``, which is added."""
        payload = {"update_id": next(self._update_ids), **update}
        self._loop.call_soon_threadsafe(self._add, payload)
        return int(payload["update_id"])

    def _add(self, update: dict[str, Any]) -> None:
        assert self._arrived is not None
        if self.webhook_secret is not None:
            task = asyncio.ensure_future(self._post(update))
            self._posts.add(task)
            task.add_done_callback(self._posts.discard)
            return
        self._pending.append(update)
        self._arrived.set()

    def _chat_lock(self, update: dict[str, Any]) -> asyncio.Lock:
        found = update.get("message") or update.get("callback_query") or {}
        sender = (found.get("chat") or found.get("from") or {}).get("id", 0)
        return self._chats.setdefault(int(sender), asyncio.Lock())

    async def _post(self, update: dict[str, Any]) -> None:
        import aiohttp  # the tests' own HTTP client here; only webhook mode needs one

        assert self.webhook_target is not None
        if self._posting is None:
            self._posting = asyncio.Semaphore(WEBHOOK_CONNECTIONS)
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret or ""}
        if self._http is None:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        http = self._http
        # A chat's next update waits until its last one was answered, as at Telegram.
        self.webhook_posted += 1
        async with self._chat_lock(update), self._posting:
            while True:
                try:
                    async with http.post(self.webhook_target, json=update, headers=headers) as response:
                        if response.status == 200:
                            self.webhook_acknowledged += 1
                            return
                        self.webhook_refused[response.status] += 1
                except (aiohttp.ClientError, TimeoutError):
                    pass
                self.webhook_retries += 1
                await asyncio.sleep(0.5)

    def message(self, user_id: int, text: str) -> int:
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "U"},
            "from": {"id": user_id, "is_bot": False, "first_name": "U"},
            "text": text,
        }
        if text.startswith("/") and len(text.split()[0]) > 1:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.push({"message": message})

    def photo(self, user_id: int, data: bytes) -> None:
        """A person sends a photo: kept for getFile and the download at ``base_file_url``."""
        file_id = f"photo{len(self.files) + 1}"
        self.files[file_id] = data
        size = {"file_id": file_id, "file_unique_id": file_id, "width": 1280, "height": 960, "file_size": len(data)}
        self.push(
            {
                "message": {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private", "first_name": "U"},
                    "from": {"id": user_id, "is_bot": False, "first_name": "U"},
                    "photo": [size],
                }
            }
        )

    def tap(self, user_id: int, message: dict[str, Any], data: str) -> int:
        return self.push(
            {
                "callback_query": {
                    "id": str(next(self._ids)),
                    "from": {"id": user_id, "is_bot": False, "first_name": "U"},
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )

    def next_message(self, chat_id: int) -> asyncio.Future[dict[str, Any]]:
        """(On the server's loop) the next message the bot sends or edits in ``chat_id``."""
        future: asyncio.Future[dict[str, Any]] = self._loop.create_future()
        self._waiting[chat_id] = future
        return future

    def run(self, coroutine: Any, timeout: float | None = None) -> Any:
        """Run ``coroutine`` on the server's loop (where drivers of simulated users live)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def methods(self) -> list[str]:
        return [method for method, _, _ in self.calls]

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.01)
        return False

    # HTTP

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                _, path, _ = lines[0].split(" ", 2)
                headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                if path.rsplit("/", 1)[-1] in self.drop_after_reading:
                    self.calls.append(
                        (path.rsplit("/", 1)[-1], self._params(headers.get("content-type", ""), body), 0.0)
                    )
                    return  # the request arrived; the answer never leaves
                if path.startswith("/file/"):  # a file's download, at the path getFile gave
                    found = self.files.get(path.rsplit("/", 1)[-1])
                    status, data, kind = (200, found, "image/jpeg") if found is not None else (404, b"", "text/plain")
                else:
                    status, payload = await self._answer(path, headers.get("content-type", ""), body, reader)
                    data, kind = json.dumps(payload).encode(), "application/json"
                writer.write(
                    f"HTTP/1.1 {status} OK\r\nContent-Type: {kind}\r\n"
                    f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n".encode()
                    + data
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def _params(self, content_type: str, body: bytes) -> dict[str, Any]:
        if content_type.startswith("application/json") and body:
            return dict(json.loads(body))
        if content_type.startswith("application/x-www-form-urlencoded"):
            return {k: _decode(v) for k, v in parse_qsl(body.decode())}
        if content_type.startswith("multipart/form-data"):
            boundary = content_type.split("boundary=")[1].encode()
            params: dict[str, Any] = {}
            for part in body.split(b"--" + boundary):
                head, _, value = part.partition(b"\r\n\r\n")
                if b'name="' not in head:
                    continue
                name = head.split(b'name="')[1].split(b'"')[0].decode()
                if b"filename=" in head:  # a file (a picture, a document): its size, for the record
                    params[f"{name}_bytes"] = len(value) - 2  # less the part's closing CRLF
                else:
                    params[name] = _decode(value.rstrip(b"\r\n").decode(errors="replace"))
            return params
        return {}

    async def _long_poll(self, wait: float, offset: int, reader: asyncio.StreamReader) -> list[dict[str, Any]]:
        """Updates from ``offset`` on (those before it are confirmed, and gone); ends early,
        giving nothing away, if the client hangs up."""
        assert self._arrived is not None
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if not self._pending:
            self._arrived.clear()
            arrived = asyncio.ensure_future(self._arrived.wait())
            gone = asyncio.ensure_future(reader.read(1))  # a client waiting for this answer sends nothing
            done, _ = await asyncio.wait({arrived, gone}, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            for future in (arrived, gone):
                future.cancel()
            await asyncio.gather(arrived, gone, return_exceptions=True)  # the reader is free again
            if gone in done:
                raise ConnectionResetError("the poller hung up")
        return self._pending[:100]

    async def _answer(
        self, path: str, content_type: str, body: bytes, reader: asyncio.StreamReader
    ) -> tuple[int, dict[str, Any]]:
        method = path.rsplit("/", 1)[-1]
        params = self._params(content_type, body)
        self.calls.append((method, params, time.monotonic()))
        if self.reject_token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if self.round_trip and method != "getUpdates":
            await asyncio.sleep(self.round_trip)
        if method == "getMe":
            return 200, {"ok": True, "result": BOT}
        if method == "setWebhook" and self.webhook_target is not None:
            self.webhook_secret = str(params.get("secret_token", ""))
        if method == "getUpdates":
            timeout = max(float(params.get("timeout", 0) or 0), 0.05)
            offset = int(params.get("offset", 0) or 0)
            return 200, {"ok": True, "result": await self._long_poll(timeout, offset, reader)}
        if method in SIMPLE:
            return 200, {"ok": True, "result": True}
        if method == "getFile":
            file_id = str(params.get("file_id", ""))
            if file_id not in self.files:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            found = {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files[file_id])}
            return 200, {"ok": True, "result": {**found, "file_path": f"photos/{file_id}"}}
        if method in ("sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params.get("chat_id", 0))
            message = {
                "message_id": int(params.get("message_id") or next(self._ids)),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT,
                "text": params.get("text") or params.get("caption") or "",
            }
            markup = params.get("reply_markup")
            if isinstance(markup, dict):
                message["reply_markup"] = markup
            message["method"] = method
            self.sent[chat_id].append(message)
            waiter = self._waiting.pop(chat_id, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(message)
            return 200, {"ok": True, "result": {k: v for k, v in message.items() if k != "method"}}
        return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: unknown method {method}"}
