"""Data layouts brought up to date, at start-up.

Layout 4 (now) is layout 3 with the reminder index in ``due/`` (:mod:`bot.store.due_index`) in
place of 64 JSON shards, ``reminders/<nn>.json`` ({user id: plan and zone}, a shard per user id
% 64). :func:`json_index` reads those for the index that replaces them, which is written whole
before the old shards go; the index finds them by their folder, so a crash part-way converts
them again at the next start. Layout 3 is layout 2 with a journal beside the people's files
(``journal-<n>.log``, see :mod:`bot.store.tinydb_store`): a folder of layout 2 has nothing else
to convert, its journal starts empty. The version is raised before anything is read, so that an
older CaMag refuses the folder rather than read a reminder index it does not know of; a folder
of a newer layout than this CaMag knows is refused, never read without its journal.

From the first data layout to the second:

Layout 1 (CaMag before the store interface) kept a person in up to five places:

    users/<id>.json             TinyDB: profile, assessments, checkins
    users/<id>.interview.json   the interview in progress
    reminders.jsonl             a journal of every reminder change
    conversations.json          the flow each person was in ({"camag": {"<chat>,<user>": state}})
    (memory)                    the day being logged, lost at every restart

Each person becomes one :class:`~bot.store.interface.Person` with their history beside it. A person
is written whole before their old files go, so a crash part-way leaves each person either in the
old layout or the new one, and the migration simply runs again. The journal and the flows file
go last. Damaged old files are left where they are, for whoever runs the bot.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.store.files import set_aside, write_atomically
from bot.store.interface import AssessmentRecord, Flow, FlowName, InterviewRecord, Person
from bot.store.plans import Entry
from camag_core.daily import CheckIn, latest_run, local_date, zone
from camag_core.schedule import Dose, Plan

log = logging.getLogger(__name__)


class NewerLayout(Exception):
    """The data folder was written by a newer CaMag."""


def to_layout(layout: Path, version: int) -> None:
    """Bring ``layout.json`` (of layout 2 or later) to ``version``; the JSON index is converted
    when the index is read (:meth:`bot.store.due_index.ReminderIndex.load`)."""
    found = json.loads(layout.read_text(encoding="utf-8")).get("version")
    if found == version:
        return
    if not isinstance(found, int) or found > version:
        raise NewerLayout(f"{layout.parent} holds data layout {found}; this CaMag reads layout {version} and older")
    write_atomically(layout, json.dumps({"version": version}))
    log.info("data layout %s is now layout %s", found, version)


WritePerson = Callable[[Person, list[CheckIn], list[AssessmentRecord]], None]

# ConversationHandler's state names in layout 1, and the flow each one is now ("asking" and
# "reviewing" need none: typed text goes to the interview in progress).
_FLOWS = {
    "log_supplements": FlowName.LOG_SUPPLEMENTS,
    "log_food": FlowName.LOG_FOOD,
    "remind_time": FlowName.REMIND_TIME,
    "remind_zone": FlowName.REMIND_ZONE,
}


def _journal(path: Path) -> dict[int, dict[str, Any]]:
    """The reminders journal folded: user -> {chat, at, zone, paused, sent, snooze}."""
    folded: dict[int, dict[str, Any]] = {}
    if not path.exists():
        return folded
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            uid = int(entry["u"])
        except (ValueError, KeyError, TypeError):
            continue  # a torn or damaged line: layout 1 skipped it too
        if entry.get("off"):
            folded.pop(uid, None)
        elif "at" in entry:
            folded[uid] = {
                "c": entry.get("c"),
                "at": entry["at"],
                "z": entry["z"],
                "p": entry.get("p"),
                "s": entry.get("s"),
            }
        elif uid in folded:
            folded[uid].update({k: entry[k] for k in ("p", "s", "sn", "d") if k in entry})
    return folded


def _flows(path: Path) -> dict[int, str]:
    try:
        states = json.loads(path.read_text(encoding="utf-8")).get("camag", {})
    except (FileNotFoundError, ValueError, AttributeError):
        return {}
    return {int(key.split(",")[-1]): state for key, state in states.items() if isinstance(state, str)}


def _person(
    uid: int,
    tables: dict[str, dict[str, Any]],
    interview: dict[str, Any] | None,
    reminder: dict[str, Any] | None,
    state: str | None,
    now: datetime,
) -> tuple[Person, list[CheckIn], list[AssessmentRecord]]:
    profile = next(iter(tables.get("profile", {}).values()), None) or {}
    checkins = sorted((CheckIn.model_validate(row) for row in tables.get("checkins", {}).values()), key=lambda c: c.day)
    assessments = [
        AssessmentRecord.model_validate(row)
        for _, row in sorted(tables.get("assessments", {}).items(), key=lambda item: int(item[0]))
    ]
    zone = (reminder or {}).get("z") or profile.get("timezone")
    person = Person(
        user_id=uid,
        chat_id=int(profile.get("chat_id") or (reminder or {}).get("c") or uid),
        created_at=profile.get("created_at") or now,
        updated_at=profile.get("updated_at") or now,
        zone=zone,
        reminder=None
        if reminder is None
        else Plan(
            doses=(
                Dose(
                    number=1,
                    at=time.fromisoformat(reminder["at"]),
                    last_sent=reminder.get("s"),
                    snoozed_until=reminder.get("sn"),
                    snoozed_day=reminder.get("d"),
                ),
            ),
            paused=bool(reminder.get("p")),
        ),
        interview=None if interview is None else InterviewRecord.model_validate(interview),
        assessments=len(assessments),
        first_checkin=checkins[0].day if checkins else None,
        run=latest_run(checkins),
    )
    flow = _FLOWS.get(state or "")
    if flow is not None:
        # The day being logged was in memory only: the person's today is the best guess.
        day = local_date(now, zone or "UTC") if flow in (FlowName.LOG_SUPPLEMENTS, FlowName.LOG_FOOD) else None
        person.flow = Flow(name=flow, since=now, day=day)
    return person, checkins, assessments


def from_layout_1(root: Path, write: WritePerson, now: datetime) -> int:
    """Move every person of layout 1 under ``root`` to the new layout with ``write``; returns how
    many were moved."""
    users = root / "users"
    journal, flows_file = root / "reminders.jsonl", root / "conversations.json"
    if not users.exists() and not journal.exists():
        return 0
    reminders, flows = _journal(journal), _flows(flows_file)
    ids = (
        {int(p.name.split(".")[0]) for p in users.glob("*.json") if p.name.split(".")[0].isdigit()}
        if users.exists()
        else set()
    )
    moved = 0
    for uid in sorted(ids | set(reminders)):
        record, draft = users / f"{uid}.json", users / f"{uid}.interview.json"
        try:
            tables = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
            interview = json.loads(draft.read_text(encoding="utf-8")) if draft.exists() else None
            person, checkins, assessments = _person(uid, tables, interview, reminders.get(uid), flows.get(uid), now)
        except (ValueError, TypeError, AttributeError, ValidationError):
            log.warning("could not move user %s's files to the new layout; they are left in users/", uid)
            continue
        write(person, checkins, assessments)
        record.unlink(missing_ok=True)
        draft.unlink(missing_ok=True)
        moved += 1
    journal.unlink(missing_ok=True)
    flows_file.unlink(missing_ok=True)
    if users.exists() and not any(users.iterdir()):
        users.rmdir()
    log.info("moved %d people to data layout 2", moved)
    return moved


JSON_SHARDS = 64


def json_index(folder: Path) -> tuple[dict[int, Entry], set[int]]:
    """The entries of the JSON shards in ``folder``, and the shards that could not be read (their
    people are indexed again from their person files)."""
    entries: dict[int, Entry] = {}
    damaged: set[int] = set()
    for shard in range(JSON_SHARDS):
        path = folder / f"{shard:02d}.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            found = {int(uid): Entry.model_validate(stored) for uid, stored in raw.items()}
            for entry in found.values():
                zone(entry.zone)  # a plan that can't be planned: damage
        except (ValueError, TypeError, AttributeError, KeyError):
            log.warning("%s could not be read: set aside, its people indexed from their person files", path.name)
            set_aside(path)
            damaged.add(shard)
            continue
        entries.update(found)
    return entries, damaged


def drop_json_index(folder: Path) -> None:
    """The JSON shards, once the index that replaces them is written (the folder too, unless a
    damaged shard was set aside in it)."""
    for path in [*folder.glob("[0-9][0-9].json"), *folder.glob(".*.tmp")]:
        path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()
