"""The baselines: a bare python-telegram-bot bot that makes exactly CaMag's Bot API calls.

    CAMAG_REPLAY=pattern.json TELEGRAM_BOT_TOKEN=... TELEGRAM_API_BASE_URL=... python -m benchmarks.replay_bot
    CAMAG_DURABLE=records.json CAMAG_DATA_DIR=... (the same)        # the fair durable baseline

For each update it replays the calls CaMag made for the same update in a recorded run
(``benchmarks/baseline.py`` records them): the same methods in the same order, the same texts and
keyboards, a picture of the same size, the button answered before the message is edited, over the
same aiohttp transport. No domain logic, no rate limiter.

With ``CAMAG_DURABLE`` it is the fair durable baseline, what a competent bot that keeps its people
would cost: each update is one SQLite transaction in a thread (WAL, ``synchronous=FULL``, so the
commit is on the disk before the reply), reading the person's record and writing it back at the
size CaMag's record has (with the assessment row at the result), and the picture is drawn, the
same picture CaMag draws (:func:`bot.chart.render`), instead of random bytes, in a thread of its
own as CaMag draws them (bot/flows/turn.py): not in the threads that commit, where a crowd's
pictures, drawn one at a time, would hold every thread and keep the commits waiting.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.transport import AiohttpRequest

Pattern = dict[str, list[dict[str, Any]]]
FINAL = "ok"  # the interview's last tap: the result is stored and the picture drawn
PICTURES = ThreadPoolExecutor(max_workers=1, thread_name_prefix="picture")


def key_of(update: Update) -> str:
    """What the person sent: the text typed, or the button's payload."""
    if update.callback_query is not None:
        return update.callback_query.data or ""
    return update.message.text or "" if update.message is not None else ""


class Durable:
    """One SQLite database, one transaction per update, committed durably (WAL, synchronous=FULL)."""

    def __init__(self, path: Path, records: dict[str, Any]) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE IF NOT EXISTS people (id INTEGER PRIMARY KEY, record TEXT NOT NULL)")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS assessments (id INTEGER, number INTEGER, record TEXT, PRIMARY KEY (id, number))"
        )
        self.person: dict[str, Any] = json.loads(records["person"])
        self.assessment = str(records["assessment"])
        self.lock = threading.Lock()  # one connection: one transaction at a time, as SQLite allows one writer

    def commit(self, user_id: int, final: bool) -> None:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                row = self.db.execute("SELECT record FROM people WHERE id = ?", (user_id,)).fetchone()
                record = json.loads(row[0]) if row else {**self.person, "updates": 0}
                record["updates"] += 1
                self.db.execute(
                    "INSERT OR REPLACE INTO people (id, record) VALUES (?, ?)", (user_id, json.dumps(record))
                )
                if final:
                    self.db.execute(
                        "INSERT OR REPLACE INTO assessments (id, number, record) VALUES (?, ?, ?)",
                        (user_id, record["updates"], self.assessment),
                    )
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")  # else every later BEGIN fails inside this transaction
                raise


def drawer(records: dict[str, Any]) -> Callable[[], bytes]:
    from bot.chart import render
    from bot.store.interface import AssessmentRecord

    assessment = AssessmentRecord.model_validate_json(records["assessment"]).result
    return lambda: render(assessment)


def replayer(pattern: Pattern, durable: Durable | None, draw: Callable[[], bytes] | None) -> Any:
    pictures: dict[int, bytes] = {}

    async def replay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, chat, key = update.callback_query, update.effective_chat, key_of(update)
        assert chat is not None
        if durable is not None and update.effective_user is not None:
            await asyncio.to_thread(durable.commit, update.effective_user.id, key == FINAL)
        for call in pattern.get(key, []):
            method, params = call["method"], call["params"]
            markup = params.get("reply_markup")
            keyboard = InlineKeyboardMarkup.de_json(markup, context.bot) if isinstance(markup, dict) else None
            if method == "answerCallbackQuery" and query is not None:
                await query.answer(params.get("text"), show_alert=bool(params.get("show_alert")))
            elif method == "editMessageText" and query is not None:
                await query.edit_message_text(
                    str(params["text"]), parse_mode=params.get("parse_mode"), reply_markup=keyboard
                )
            elif method == "editMessageReplyMarkup" and query is not None:
                await query.edit_message_reply_markup(None)
            elif method == "sendPhoto":
                if draw is not None:
                    picture = await asyncio.get_running_loop().run_in_executor(PICTURES, draw)
                else:
                    size = int(params["photo_bytes"])
                    picture = pictures.setdefault(size, os.urandom(size))
                await chat.send_photo(picture, caption=params.get("caption"), parse_mode=params.get("parse_mode"))
            elif method == "sendMessage":
                await chat.send_message(str(params["text"]), parse_mode=params.get("parse_mode"), reply_markup=keyboard)

    return replay


def main() -> None:
    pattern: Pattern = json.loads(Path(os.environ["CAMAG_REPLAY"]).read_text())
    durable = draw = None
    if "CAMAG_DURABLE" in os.environ:
        records = json.loads(Path(os.environ["CAMAG_DURABLE"]).read_text())
        folder = Path(os.environ["CAMAG_DATA_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        durable, draw = Durable(folder / "people.sqlite", records), drawer(records)
    builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
    builder = builder.base_url(os.environ["TELEGRAM_API_BASE_URL"])
    builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(connection_pool_size=1))
    app = builder.concurrent_updates(True).build()
    app.add_handler(TypeHandler(Update, replayer(pattern, durable, draw)))
    app.run_polling(allowed_updates=["message", "callback_query"])


if __name__ == "__main__":
    main()
