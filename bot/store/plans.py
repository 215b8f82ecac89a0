"""When a person's check-ins are due, from what the store keeps of their reminder (both backends)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.store.interface import Due, Person, Reminder
from camag_core.daily import next_due

log = logging.getLogger(__name__)


def index_entry(person: Person | None) -> dict[str, Any] | None:
    """What the reminder plans need of a person: their reminder and its zone."""
    if person is None or person.reminder is None or person.zone is None:
        return None
    return {"zone": person.zone, **person.reminder.model_dump(mode="json")}


def planned(
    user_id: int, entry: dict[str, Any] | None, now: datetime, *, catch_up: bool = False
) -> list[tuple[datetime, Due]]:
    """The person's next check-in after ``now`` and any snoozed one, each with when it is due.
    With ``catch_up`` (at start-up), one missed earlier today is due now, once."""
    if entry is None:
        return []
    reminder = Reminder.model_validate(entry)
    if reminder.paused:
        return []
    found: list[tuple[datetime, Due]] = []
    if reminder.snoozed_until is not None and reminder.snoozed_day is not None:
        found.append((reminder.snoozed_until, Due(user_id, reminder.snoozed_day, snoozed=True)))
    try:
        day, when = next_due(reminder.at, entry["zone"], reminder.done_through, now, catch_up=catch_up)
    except ValueError:  # a zone this machine's tzdata no longer has: one person, not the rest
        log.warning("the reminder of user %s has a time zone that can't be read", user_id)
        return found
    if reminder.snoozed_until is None or _minute(when) != _minute(reminder.snoozed_until):  # both at once: one
        found.append((when, Due(user_id, day)))
    return found


def _minute(moment: datetime) -> int:
    return int(moment.timestamp() // 60)
