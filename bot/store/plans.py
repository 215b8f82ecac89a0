"""When a person's check-ins are due, from what the store keeps of their plan (both backends)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from bot.store.interface import Due, Person
from camag_core.schedule import Plan

log = logging.getLogger(__name__)


class Entry(BaseModel):
    """What the reminder index keeps of a person: their plan and its zone."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    zone: str
    plan: Plan

    @model_validator(mode="before")
    @classmethod
    def _from_flat(cls, data: Any) -> Any:
        """An entry kept before plans had doses: the reminder's fields beside the zone."""
        if isinstance(data, dict) and "plan" not in data and "zone" in data:
            return {"zone": data["zone"], "plan": {k: v for k, v in data.items() if k != "zone"}}
        return data


def index_entry(person: Person | None) -> Entry | None:
    """What the reminder plans need of a person: their plan and its zone."""
    if person is None or person.reminder is None or person.zone is None:
        return None
    return Entry(zone=person.zone, plan=person.reminder)


def planned(user_id: int, entry: Entry | None, now: datetime, *, catch_up: bool = False) -> list[tuple[datetime, Due]]:
    """Each dose's next check-in after ``now`` and any snoozed one, with when it is due. With
    ``catch_up`` (at start-up), one missed earlier today is due now, once."""
    if entry is None or entry.plan.paused:
        return []
    try:
        found = entry.plan.due(entry.zone, now, catch_up=catch_up)
    except ValueError:  # a zone this machine's tzdata no longer has: one person, not the rest
        log.warning("the reminder of user %s has a time zone that can't be read", user_id)
        found = entry.plan.snoozes()
    return [(when, Due(user_id, o.day, o.snoozed, o.dose)) for when, o in found]
