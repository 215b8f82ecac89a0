"""/language: the person picks the language CaMag speaks with them (kept with them, used by every
reply, reminder and summary from then on)."""

from __future__ import annotations

from bot import views
from bot.flows import interview
from bot.flows.turn import Turn
from camag_core.i18n import shipped, texts


async def choose(t: Turn) -> None:
    """/language: a button for each language whose catalog ships."""
    t.out.send(views.language_menu(t.texts, shipped()))


async def on_button(t: Turn) -> None:
    """A language's button: kept with the person; the answer already speaks it, and a check in
    progress asks its question again in it."""
    payload = t.payload
    chosen = payload.value if payload is not None else ""
    if chosen not in shipped():
        t.out.answer(views.expired_button(t.texts))
        return
    t.person.language = chosen
    t.out.show(views.language_set(texts(chosen)))
    if t.person.interview is not None and t.person.flow is None:  # a check was waiting for an answer: asked again
        interview.show_current(t)
