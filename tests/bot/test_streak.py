"""The streak kept with the person (camag_core.daily.run_after, and the look back in
bot/flows/checkins.py) always equals the streak counted from the whole history, whatever order
days are answered and changed in (week-old buttons, changed answers, days filled in later)."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.flows.checkins import record
from bot.flows.turn import Outbox, Turn
from bot.store.interface import Person
from bot.store.tinydb_store import TinyDBStore
from camag_core.daily import CheckIn, Status, latest_run, streak
from tests.bot.conftest import FakeClock

START = date(2026, 1, 1)
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def counted(history: dict[date, Status], today: date) -> int:
    """The streak the long way: back from today (yesterday, if today is not answered) while taken."""
    day = today if today in history else today - timedelta(days=1)
    count = 0
    while day in history and history[day].took:
        count += 1
        day -= timedelta(days=1)
    return count


answers = st.lists(
    st.tuples(st.integers(min_value=0, max_value=70), st.sampled_from(list(Status))), min_size=1, max_size=25
)


async def apply(store: TinyDBStore, day: date, status: Status) -> Person:
    async with store.person(7) as session:
        person = session.person or Person(user_id=7, chat_id=7, created_at=NOW, updated_at=NOW)
        session.person = person
        turn: Any = Turn(update=None, services=None, session=session, person=person, out=Outbox(), now=NOW)  # type: ignore[arg-type]
        await record(turn, day, status)
        return person


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers)
def test_the_kept_streak_is_the_streak_of_the_whole_history(answers: list[tuple[int, Status]]) -> None:
    async def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            store = TinyDBStore(Path(tmp), FakeClock(NOW))
            await store.open(NOW)
            history: dict[date, Status] = {}
            for offset, status in answers:
                day = START + timedelta(days=offset)
                person = await apply(store, day, status)
                history[day] = status
                everything = [CheckIn(day=d, status=s, at=NOW) for d, s in history.items()]
                assert person.run == latest_run(everything)
                for today in (max(history), max(history) + timedelta(days=1), max(history) + timedelta(days=2)):
                    assert streak(person.run, today, today in history) == counted(history, today)

    asyncio.run(run())
