"""What both backends' units of work share: telling whether the person changed."""

from __future__ import annotations

from datetime import UTC, datetime, time

from bot.store.interface import InterviewRecord, Person
from bot.store.plans import Entry
from bot.store.session import StagedSession
from camag_core.schedule import Plan

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def someone() -> Person:
    draft = {"age": 45, "servings": {"dairy": 1}}
    interview = InterviewRecord(started_at=NOW, updated_at=NOW, draft=draft)
    return Person(user_id=1, chat_id=1, created_at=NOW, updated_at=NOW, zone="Europe/Berlin", interview=interview,
                  reminder=Plan.daily(time(21, 0)))  # fmt: skip


def test_a_change_deep_inside_the_person_is_a_change():
    person = someone()
    session = StagedSession(person)
    assert not session.changed
    assert person.interview is not None
    person.interview.draft["servings"]["dairy"] = 2
    assert session.changed


def test_the_same_person_again_is_no_change():
    session = StagedSession(someone())
    session.person = someone()
    assert not session.changed


def test_the_entry_as_loaded_stays_when_the_plan_changes():
    person = someone()
    session = StagedSession(person)
    person.reminder = Plan.daily(time(8, 0))
    assert session.loaded_entry == Entry(zone="Europe/Berlin", plan=Plan.daily(time(21, 0)))
    assert session.changed


def test_someone_new_kept_is_a_change():
    session = StagedSession(None)
    assert not session.changed
    session.person = someone()
    assert session.changed
