"""What both backends' units of work share: the person as loaded and as changed, and what is
staged until the commit (check-ins, assessments, check-ins the dispatcher is done with). A
backend supplies the reads of what is already stored."""

from __future__ import annotations

from datetime import date

from bot.store.interface import AssessmentRecord, Due, Person
from bot.store.plans import Entry, index_entry
from camag_core.daily import CheckIn


class StagedSession:
    def __init__(self, person: Person | None) -> None:
        self.person = person
        # The person as loaded, to tell whether they changed: as data (a tenth of a deep copy's
        # cost); and their reminder index entry (its plan is immutable: a change replaces it).
        self._as_loaded = None if person is None else person.model_dump()
        self.loaded_entry: Entry | None = index_entry(person)
        self.staged_checkins: dict[date, CheckIn] = {}
        self.staged_assessments: dict[int, AssessmentRecord] = {}
        self.settled: set[Due] = set()

    async def stored_checkins(self, first: date, last: date) -> list[CheckIn]:
        raise NotImplementedError

    async def stored_assessment(self, number: int) -> AssessmentRecord | None:
        raise NotImplementedError

    async def checkins(self, first: date, last: date) -> list[CheckIn]:
        stored = await self.stored_checkins(first, last)
        if not self.staged_checkins:
            return stored
        by_day = {c.day: c for c in stored}
        by_day.update({day: c for day, c in self.staged_checkins.items() if first <= day <= last})
        return [by_day[day] for day in sorted(by_day)]

    def record_checkin(self, checkin: CheckIn) -> None:
        self.staged_checkins[checkin.day] = checkin

    async def assessment(self, number: int) -> AssessmentRecord | None:
        if number in self.staged_assessments:
            return self.staged_assessments[number]
        return await self.stored_assessment(number)

    def add_assessment(self, record: AssessmentRecord) -> int:
        assert self.person is not None, "an assessment belongs to a known person"
        self.person.assessments += 1
        self.staged_assessments[self.person.assessments] = record
        return self.person.assessments

    def settle(self, due: Due) -> None:
        self.settled.add(due)

    async def hold(self) -> None:
        """A lock of this process and files (TinyDB) is not lost while it runs."""

    @property
    def changed(self) -> bool:
        """Whether the person or their history changed (what settling needs is the backend's)."""
        return bool(self.staged_checkins or self.staged_assessments) or self.person_changed

    @property
    def person_changed(self) -> bool:
        """Whether the person's record itself changed."""
        return (None if self.person is None else self.person.model_dump()) != self._as_loaded
