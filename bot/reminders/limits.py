"""The upper-limit cautions a reminder carries: from the person's latest check, worded in their
language, so that a plan, a check-in or a running-low note that has them take a nutrient above its
official upper limit says so beside it, as the result does."""

from __future__ import annotations

from bot.store.interface import Person, PersonSession
from camag_core.i18n import Texts
from camag_core.routine import LimitNotes, limit_notes


async def latest_limits(session: PersonSession, person: Person, texts: Texts) -> LimitNotes | None:
    """The cautions of the person's latest check (``None``: no check yet)."""
    latest = await session.assessment(person.assessments) if person.assessments else None
    return limit_notes(latest.answers, t=texts) if latest is not None else None
