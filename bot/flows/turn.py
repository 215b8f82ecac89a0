"""One update, applied once: the person's unit of work around a flow's step, then the replies.

Every handler that reads or changes a person is a *step*: ``async def step(turn: Turn) -> None``,
wrapped by :func:`step`. The wrapper opens the person's unit of work, skips an update already
applied (Telegram redelivers after a restart or a webhook retry), runs the step, records the
update as applied, commits, and only then sends what the step put in its :class:`Outbox`. So a
reply always stands for a committed answer; a crash before the commit leaves nothing done, and
the redelivered update is applied then. The worst a crash can do is lose a reply, never apply an
answer twice. A tapped button's query is always answered.

Commands that only show a fixed text (/start, /help, /sources, /privacy, /guidance) are not
steps: they keep nothing about the person (a /guidance topic reads their latest answers, to put
the official notes that apply to them beside the passages), so someone only looking around leaves
no record, and one delivered twice is answered twice, with the same text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import chart
from bot.callbacks import Payload, decode
from bot.lanes import outside_the_slot
from bot.services import Services, services
from bot.store.interface import Damaged, Person, PersonSession, StoreUnavailable
from bot.views import Reply
from camag_core.answers import Answers
from camag_core.daily import local_date
from camag_core.i18n import Texts, language_of, texts

log = logging.getLogger(__name__)

Effect = Callable[[Update], Awaitable[object]]

# Pictures are drawn one at a time, in a thread of their own: drawing holds the GIL, so more
# threads would draw no faster, and asyncio's shared pool stays free for the store's disk work
# (a crowd finishing at once had everyone's next answer wait behind six pictures).
PICTURES = ThreadPoolExecutor(max_workers=1, thread_name_prefix="picture")


@cache
def warm_pictures() -> None:
    """Ready the picture thread once, when the first check starts: matplotlib is loaded then
    rather than at start-up (kept quick and small) or at the first picture (a person waiting)."""
    PICTURES.submit(chart.warm)


async def edit_tapped(update: Update, reply: Reply) -> None:
    """Edit the tapped message; the same answer tapped twice leaves it as it is, which is fine."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(reply.text, parse_mode=ParseMode.HTML, reply_markup=reply.keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def send_reply(update: Update, reply: Reply | str) -> None:
    """A new message in the update's chat."""
    said = Reply(reply) if isinstance(reply, str) else reply
    assert update.effective_chat is not None
    await update.effective_chat.send_message(said.text, parse_mode=ParseMode.HTML, reply_markup=said.keyboard)


@dataclass
class Outbox:
    """What a step says, sent in order once its changes are committed."""

    toast: str | None = None
    alert: bool = False
    effects: list[Effect] = field(default_factory=list)
    drawings: list[Callable[[], None]] = field(default_factory=list)  # pictures to start drawing at once

    def show(self, reply: Reply | str, *, edit: bool = True) -> None:
        """Edit the message whose button was tapped (when ``edit`` and there is one), else send."""
        said = Reply(reply) if isinstance(reply, str) else reply

        async def effect(update: Update) -> None:
            query = update.callback_query
            if edit and query is not None and query.message is not None:
                await edit_tapped(update, said)
            else:
                await send_reply(update, said)

        self.effects.append(effect)

    def send(self, reply: Reply | str) -> None:
        """A new message in the person's chat."""
        self.show(reply, edit=False)

    def answer(self, text: str, *, alert: bool = False) -> None:
        """The tapped button's answer: a toast (or an alert, which needs an OK)."""
        self.toast, self.alert = text, alert

    def close_keyboard(self) -> None:
        """The tapped message stays, its buttons done."""

        async def effect(update: Update) -> None:
            if update.callback_query is not None and update.callback_query.message is not None:
                await update.callback_query.edit_message_reply_markup(None)

        self.effects.append(effect)

    def photo(self, render: Callable[[], bytes], caption: str) -> None:
        """A picture, drawn off the event loop from the moment the replies start going out, so that
        it is ready by its turn (each message sent before it costs a round trip to Telegram)."""
        drawn: list[asyncio.Future[bytes]] = []
        self.drawings.append(lambda: drawn.append(asyncio.get_running_loop().run_in_executor(PICTURES, render)))

        async def effect(update: Update) -> None:
            assert update.effective_chat is not None
            picture = await outside_the_slot(drawn[0])
            await update.effective_chat.send_photo(picture, caption=caption, parse_mode=ParseMode.HTML)

        self.effects.append(effect)

    def warm_pictures(self) -> None:
        """A picture will be asked for soon (a check has begun)."""
        self.drawings.append(warm_pictures)

    def document(self, data: bytes, filename: str, caption: str) -> None:
        async def effect(update: Update) -> None:
            assert update.effective_chat is not None
            await update.effective_chat.send_document(InputFile(data, filename=filename), caption=caption)

        self.effects.append(effect)

    async def deliver(self, update: Update) -> None:
        for start in self.drawings:
            start()
        if update.callback_query is not None:
            await update.callback_query.answer(self.toast, show_alert=self.alert)
        for effect in self.effects:
            await effect(update)


@dataclass
class Turn:
    """A step's view of one update: the person (changed in place), their history, what to say."""

    update: Update
    services: Services
    session: PersonSession
    person: Person
    out: Outbox
    now: datetime
    known: bool = True  # the person has a stored record (``False``: someone new, kept only if changed)

    @property
    def zone(self) -> str:
        return self.person.zone or self.services.settings.camag_default_timezone

    @property
    def today(self) -> date:
        """The person's own date now: a day is always the person's local day."""
        return local_date(self.now, self.zone)

    @property
    def texts(self) -> Texts:
        """The person's language: the one they chose (or their Telegram app's, kept on first contact)."""
        user = self.update.effective_user
        return texts(self.person.language or (user.language_code if user is not None else None))

    @property
    def text(self) -> str:
        """What the person typed: a message's text, or a photo's caption."""
        message = self.update.effective_message
        return (message.text or message.caption or "") if message is not None else ""

    @property
    def payload(self) -> Payload | None:
        query = self.update.callback_query
        return None if query is None else decode(query.data)


Step = Callable[[Turn], Awaitable[None]]
Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _newcomer(update: Update, now: datetime) -> Person:
    """Someone new, speaking their Telegram app's language (English for one CaMag doesn't speak)."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None
    assert chat is not None
    language = language_of(user.language_code)
    return Person(user_id=user.id, chat_id=chat.id, created_at=now, updated_at=now, language=language)


def step(run: Step) -> Callback:
    """A PTB callback that applies ``run`` to the update's person once (see the module's notes)."""

    async def callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        s = services(context)
        assert update.effective_user is not None
        out = Outbox()
        async with s.store.person(update.effective_user.id) as session:
            known = session.person
            if known is not None and known.applied(update.update_id):
                log.info("update %s was applied before: not again", update.update_id)
            else:
                now = s.clock.now()
                newcomer = None if known is not None else _newcomer(update, now)
                session.person = person = known or _newcomer(update, now)
                await run(Turn(update, s, session, person, out, now, known=known is not None))
                if person == newcomer:
                    session.person = None  # nothing to keep of someone just looking around
                else:
                    _returning(update, person)
                    person.note_applied(update.update_id)
                    person.updated_at = now
        s.deliveries.committed(update)
        await out.deliver(update)

    return callback


def _returning(update: Update, person: Person) -> None:
    """Anyone who writes to the bot is evidently not blocking it: their reminder goes on. Someone
    kept before languages were keeps their Telegram app's from now on."""
    if update.my_chat_member is None and person.reminder is not None and person.reminder.paused:
        person.reminder = person.reminder.with_paused(False)
    if person.language is None and update.effective_user is not None:
        person.language = language_of(update.effective_user.language_code)


async def person_texts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Texts:
    """The language of someone a fixed text (/help, /sources) is for, read without keeping anything:
    the one stored with them, else their Telegram app's (also when the store can't be read now)."""
    return (await person_reading(update, context))[0]


async def person_reading(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Texts, Answers | None]:
    """The language of someone a text is for, as :func:`person_texts` reads it, and the answers of
    their latest result (``None``: no result, or the store can't be read now), read without keeping anything."""
    user = update.effective_user
    code = user.language_code if user is not None else None
    if user is None:
        return texts(code), None
    stored, answers = None, None
    try:
        async with services(context).store.person(user.id) as session:
            if (person := session.person) is not None:
                stored = person.language
                latest = await session.assessment(person.assessments) if person.assessments else None
                answers = latest.answers if latest is not None else None
    except (Damaged, StoreUnavailable):
        pass
    return texts(stored or code), answers
