"""Moving a bot over: everyone in a TinyDB data folder copied into another store (PostgreSQL).

Each person is copied in one unit of work of the target: their record, every check-in and every
assessment, together. Someone the target already holds is left as it is, so an interrupted copy
can simply be run again. Data that can't be read is reported, not copied.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.store.interface import AssessmentRecord, Damaged, Person, Store
from bot.store.tinydb_store import PersonFiles, TinyDBStore
from camag_core.daily import CheckIn


@dataclass
class Copied:
    people: int = 0
    checkins: int = 0
    assessments: int = 0
    already_there: int = 0
    damaged: int = 0


def _read(files: PersonFiles) -> tuple[Person | None, list[CheckIn], list[AssessmentRecord]]:
    person = files.read_person()
    if person is None:
        return None, [], []
    found = [files.assessment(number) for number in range(1, person.assessments + 1)]
    return person, files.all_checkins(), [record for record in found if record is not None]


async def copy_folder(source: TinyDBStore, target: Store) -> Copied:
    """Copy everyone in ``source`` (opened) into ``target`` (opened)."""
    copied = Copied()
    for user_id in source.user_ids():
        try:
            person, checkins, assessments = await asyncio.to_thread(_read, PersonFiles(source.folder(user_id)))
        except Damaged:
            copied.damaged += 1
            continue
        if person is None:
            continue
        async with target.person(user_id) as session:
            if session.person is not None:
                copied.already_there += 1
                continue
            session.person = person.model_copy(update={"assessments": 0})
            for checkin in checkins:
                session.record_checkin(checkin)
            for record in assessments:
                session.add_assessment(record)
        copied.people += 1
        copied.checkins += len(checkins)
        copied.assessments += len(assessments)
    return copied
