"""The cautions a reminder carries: from the person's latest check, worded in their language, so
that a plan, a check-in or a running-low note that has them take a nutrient above its official
upper limit, or one their medicine or condition asks a doctor about first, says so beside it, as
the result does."""

from __future__ import annotations

from bot.store.interface import Person, PersonSession
from camag_core.i18n import Texts
from camag_core.routine import DoseCautions, dose_cautions


async def latest_cautions(session: PersonSession, person: Person, texts: Texts) -> DoseCautions | None:
    """The cautions of the person's latest check (``None``: no check yet)."""
    latest = await session.assessment(person.assessments) if person.assessments else None
    return dose_cautions(latest.answers, t=texts) if latest is not None else None
