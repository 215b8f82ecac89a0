"""A person's reminder plan: the doses they take at set times of their local day, every day or on
one weekday, and what each dose's reminder needs decided: when it is next due, whether a due
reminder is still wanted, and what the plan is after it went out.

The plan is one typed value that a store keeps as it is: a store only finds who is due when, hands
each due reminder out once, and writes back what :meth:`Plan.after_send` returns. Each dose's
reminder goes out at most once per local day (:attr:`Dose.last_sent`), and a snooze is the dose's
own. Pure: the caller passes the zone and "now".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from babel import Locale
from pydantic import BaseModel, ConfigDict, Field, model_validator

from camag_core.daily import CheckIn, fire_time, local_date, next_due, parse_time, zone
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.parsing import ParseError

MAX_DOSES = 8  # reminders one plan holds: a day's check-ins stay a handful, and a keyboard fits
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def minute_of(moment: datetime) -> int:
    """The minute a reminder falls in: reminders are planned, and told apart, to the minute."""
    return int((moment - EPOCH).total_seconds() // 60)


class Dose(BaseModel):
    """One reminder of the plan: a time of the local day (every day, or on ``weekday``), what is
    taken then, and how far its reminders have gone."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    number: int = Field(ge=1)  # names the dose in buttons, claims and check-ins while the plan lives
    at: time
    weekday: int | None = Field(default=None, ge=0, le=6)  # 0 = Monday; None: every day
    what: tuple[str, ...] = ()  # what is taken then, as the person's own supplements and medicines
    # what the timing rules know it by ("levothyroxine", "calcium", ...: camag_core.routine's KINDS),
    # whatever the language ``what`` is worded in; a plan of typed times has none
    kinds: tuple[str, ...] = ()
    starts: date | None = None  # the first local day it is for (set after its time today: tomorrow)
    last_sent: date | None = None  # the last local day whose reminder was sent
    snoozed_until: datetime | None = None  # "Snooze 1 hour": send again then, for snoozed_day
    snoozed_day: date | None = None
    # days after the local today answered before a move west: not reminded of (see Plan.in_zone)
    answered_ahead: tuple[date, ...] = ()

    @property
    def done_through(self) -> date | None:
        """The last local day that needs no reminder: sent already, or before the dose began."""
        before = None if self.starts is None else self.starts - timedelta(days=1)
        return max((d for d in (self.last_sent, before) if d is not None), default=None)

    @property
    def weekly(self) -> bool:
        return self.weekday is not None

    @property
    def stamp(self) -> str:
        """A short mark of what the dose is (its time, weekday and items): a check-in button made
        for it tells, by it, a dose moved or replaced since (:attr:`number` alone is reused)."""
        return hashlib.blake2s(repr((self.at.isoformat(), self.weekday, self.what)).encode(), digest_size=3).hexdigest()


REFILL_WARNING_DAYS = 5  # a pack this close to empty is said once, to buy the next in time
MAX_PACK = 1000


class Pack(BaseModel):
    """How many tablets of one of the plan's items are left (one is taken a dose)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    item: str
    left: int = Field(ge=0, le=MAX_PACK)
    warned: bool = False  # running low was said since the last refill


@dataclass(frozen=True, slots=True)
class Low:
    """A pack running low: its item, the tablets left and about how many days they last."""

    item: str
    left: int
    days: float


@dataclass(frozen=True, slots=True)
class Occasion:
    """A dose's reminder for one local day (``snoozed``: sent again after a snooze)."""

    dose: int
    day: date
    snoozed: bool = False


class Plan(BaseModel):
    """A person's reminders, one per dose (see the module's notes)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    doses: tuple[Dose, ...] = Field(min_length=1, max_length=MAX_DOSES)
    paused: bool = False  # the person blocked the bot
    packs: tuple[Pack, ...] = ()  # the items whose tablets are counted down

    @model_validator(mode="before")
    @classmethod
    def _from_one_daily_check_in(cls, data: Any) -> Any:
        """A reminder kept before plans had doses (one daily check-in: its time, the day last sent
        and a snooze, beside ``paused``) is a plan with that one time, dose 1."""
        if isinstance(data, dict) and "doses" not in data and "at" in data:
            single = {k: data.get(k) for k in ("at", "starts", "last_sent", "snoozed_until", "snoozed_day")}
            return {"doses": [{"number": 1, **single}], "paused": bool(data.get("paused"))}
        return data

    @classmethod
    def daily(cls, at: time, *, what: tuple[str, ...] = (), starts: date | None = None) -> Plan:
        """A plan of one reminder a day."""
        return cls(doses=(Dose(number=1, at=at, what=what, starts=starts),))

    @property
    def stamp(self) -> str:
        """A short mark of what the plan reminds of when (each dose's number, time, weekday and
        items): a button made for one plan tells, by it, that the plan has changed since."""
        doses = [(d.number, d.at.isoformat(), d.weekday, d.what) for d in self.doses]
        return hashlib.blake2s(repr(doses).encode(), digest_size=4).hexdigest()

    def dose(self, number: int) -> Dose | None:
        return next((d for d in self.doses if d.number == number), None)

    def _with(self, dose: Dose) -> Plan:
        return self.model_copy(update={"doses": tuple(dose if d.number == dose.number else d for d in self.doses)})

    # when

    def snoozes(self) -> list[tuple[datetime, Occasion]]:
        return [
            (d.snoozed_until, Occasion(d.number, d.snoozed_day, snoozed=True))
            for d in self.doses
            if d.snoozed_until is not None and d.snoozed_day is not None
        ]

    def next_of(
        self, dose: Dose, zone_name: str, now: datetime, *, catch_up: bool = False
    ) -> tuple[datetime, Occasion]:
        """When the dose's next reminder after ``now`` is due, and for which local day."""
        day, when = next_due(
            dose.at,
            zone_name,
            dose.done_through,
            now,
            catch_up=catch_up,
            weekday=dose.weekday,
            skip=dose.answered_ahead,
        )
        return when, Occasion(dose.number, day)

    def due(self, zone_name: str, now: datetime, *, catch_up: bool = False) -> list[tuple[datetime, Occasion]]:
        """Each dose's next reminder after ``now`` and any snoozed one, with when it is due; none
        while paused. A dose snoozed to the minute of its next reminder is reminded once. With
        ``catch_up`` (at start-up), one missed earlier today is due now, once. Raises
        :class:`~camag_core.parsing.ParseError` for a zone that can't be read."""
        if self.paused:
            return []
        found = self.snoozes()
        snoozed = {(o.dose, minute_of(when)) for when, o in found}
        for dose in self.doses:
            when, occasion = self.next_of(dose, zone_name, now, catch_up=catch_up)
            if (dose.number, minute_of(when)) not in snoozed:
                found.append((when, occasion))
        return found

    def next_at(self, zone_name: str, now: datetime) -> datetime | None:
        """When the next check-in comes, in the person's local time (none while paused)."""
        coming = self.due(zone_name, now)
        return min(when for when, _ in coming).astimezone(zone(zone_name)) if coming else None

    # a due reminder

    def still_wanted(self, occasion: Occasion) -> bool:
        """Whether a reminder handed out for ``occasion`` should still go out (not paused, the dose
        still planned, not sent for that day, or still snoozed for it)."""
        dose = self.dose(occasion.dose)
        if self.paused or dose is None:
            return False
        if occasion.snoozed:
            return dose.snoozed_day == occasion.day
        return (dose.last_sent is None or dose.last_sent < occasion.day) and occasion.day not in dose.answered_ahead

    def after_send(self, occasion: Occasion) -> Plan:
        """The plan once the reminder for ``occasion`` went out (or was refused for good): that
        day is done for the dose, and its snooze, if that was it, is over."""
        dose = self.dose(occasion.dose)
        if dose is None:
            return self
        sent = dose.last_sent if dose.last_sent is not None and dose.last_sent >= occasion.day else occasion.day
        ahead = tuple(d for d in dose.answered_ahead if d > sent)  # the days passed need no skipping
        update: dict[str, Any] = {"last_sent": sent, "answered_ahead": ahead}
        if occasion.snoozed:
            update |= {"snoozed_until": None, "snoozed_day": None}
        return self._with(dose.model_copy(update=update))

    # adherence

    def due_on(self, day: date) -> list[int]:
        """The numbers of the plan's doses a whole local ``day`` holds: a weekly one only on its
        weekday, none before the dose began, and one reminded of that day and moved since."""
        return [d.number for d in self.doses if _on(d, day) or _moved(d, day)]

    def due_by(self, day: date, zone_name: str, now: datetime) -> list[int]:
        """The numbers of ``day``'s doses due by ``now``: those whose time has come in the
        person's local day (a day gone by: all of them), and one reminded of that day and moved
        since (to another time or zone, from the next day on)."""
        return [
            d.number for d in self.doses if (_on(d, day) and fire_time(day, d.at, zone_name) <= now) or _moved(d, day)
        ]

    # refills

    def items(self) -> list[str]:
        """Every item the plan reminds of, once, in the order of the day."""
        return list(dict.fromkeys(i for d in sorted(self.doses, key=lambda d: d.at) for i in d.what))

    def daily_use(self, item: str) -> float:
        """Tablets of ``item`` a day, one a dose (a weekly dose a seventh)."""
        return sum(1.0 if d.weekday is None else 1 / 7 for d in self.doses if item in d.what)

    def with_pack(self, item: str, left: int) -> Plan:
        """The plan counting ``left`` tablets of ``item`` from now (a refill)."""
        packs = (*(p for p in self.packs if p.item != item), Pack(item=item, left=left))
        return self.model_copy(update={"packs": packs})

    def counted(self, taken: Sequence[str], untaken: Sequence[str] = ()) -> tuple[Plan, list[Low]]:
        """The packs once ``taken`` items were taken (a tablet each) and ``untaken`` ones given back
        (an answer changed), and the packs now running low, said once per refill."""
        packs, low = [], []
        for pack in self.packs:
            left = max(0, min(MAX_PACK, pack.left - taken.count(pack.item) + untaken.count(pack.item)))
            use = self.daily_use(pack.item)
            days = left / use if use else float("inf")
            warned = pack.warned
            if days <= REFILL_WARNING_DAYS and not warned and pack.item in taken:
                low.append(Low(pack.item, left, days))
                warned = True
            packs.append(pack.model_copy(update={"left": left, "warned": warned}))
        return self.model_copy(update={"packs": tuple(packs)}), low

    # the person's changes

    def snoozed(self, number: int, day: date, until: datetime) -> Plan:
        dose = self.dose(number)
        return (
            self if dose is None else self._with(dose.model_copy(update={"snoozed_until": until, "snoozed_day": day}))
        )

    def with_paused(self, paused: bool) -> Plan:
        return self.model_copy(update={"paused": paused})

    def added(
        self, at: time, zone_name: str, now: datetime, *, weekday: int | None = None, what: tuple[str, ...] = ()
    ) -> Plan:
        """The plan with a reminder at ``at`` more (the same time and weekday again: the one there,
        with ``what`` added to it), from its next occurrence on: a time already past today starts
        tomorrow, so a day is never reminded of twice."""
        same = next((d for d in self.doses if d.at == at and d.weekday == weekday), None)
        if same is not None:
            return self._with(same.model_copy(update={"what": tuple(dict.fromkeys((*same.what, *what)))}))
        if len(self.doses) >= MAX_DOSES:
            raise ValueError(f"a plan holds at most {MAX_DOSES} reminders")
        number = max(d.number for d in self.doses) + 1
        return self.model_copy(update={"doses": (*self.doses, new_dose(number, at, zone_name, now, weekday, what))})

    def moved(self, number: int, at: time, zone_name: str, now: datetime) -> Plan:
        """The dose at a new time, keeping the days already sent."""
        dose = self.dose(number)
        if dose is None:
            return self
        moved = new_dose(
            number,
            at,
            zone_name,
            now,
            dose.weekday,
            dose.what,
            last_sent=dose.last_sent,
            kinds=dose.kinds,
            answered_ahead=dose.answered_ahead,
        )
        return self._with(moved)

    def dropped(self, number: int) -> Plan | None:
        """The plan without that dose (``None``: no reminder left)."""
        rest = tuple(d for d in self.doses if d.number != number)
        return self.model_copy(update={"doses": rest}) if rest else None

    def in_zone(self, zone_name: str, now: datetime, answered: Sequence[CheckIn] = ()) -> Plan:
        """The same times in another zone, each from its next occurrence there on that is not for
        a day already answered (``answered``: the check-ins from the new local today on). A move
        west can leave days sent in the old zone at or after the new today: those not answered
        are reminded of again at their time here (today, only if it was not sent yet), those
        answered are not."""
        today = local_date(now, zone_name)
        doses = []
        for d in self.doses:
            ahead = tuple(sorted(c.day for c in answered if c.day >= today and (not c.doses or d.number in c.doses)))
            doses.append(
                new_dose(
                    d.number,
                    d.at,
                    zone_name,
                    now,
                    d.weekday,
                    d.what,
                    last_sent=_sent_by(d, today),
                    kinds=d.kinds,
                    answered_ahead=ahead,
                )
            )
        return self.model_copy(update={"doses": tuple(doses)})


def _on(dose: Dose, day: date) -> bool:
    """Whether ``dose`` is taken on local ``day``."""
    return (dose.weekday is None or dose.weekday == day.weekday()) and (dose.starts is None or dose.starts <= day)


def _moved(dose: Dose, day: date) -> bool:
    """Whether ``dose`` was reminded of on local ``day`` and moved since, from the next day on."""
    return dose.last_sent == day and dose.starts is not None and dose.starts > day


def _sent_by(dose: Dose, today: date) -> date | None:
    """The dose's last day sent, as a zone where it is ``today`` sees it: a day sent after today
    is not (a move west); today is, if it was sent (the dose had begun by it)."""
    sent = dose.last_sent
    if sent is None or sent < today:
        return sent
    return today if sent == today or dose.starts is None or dose.starts <= today else None


def new_dose(
    number: int,
    at: time,
    zone_name: str,
    now: datetime,
    weekday: int | None = None,
    what: tuple[str, ...] = (),
    *,
    last_sent: date | None = None,
    kinds: tuple[str, ...] = (),
    answered_ahead: tuple[date, ...] = (),
) -> Dose:
    """A dose from its next occurrence after ``now`` on, never again for a day already sent or
    one of ``answered_ahead``."""
    starts, _ = next_due(at, zone_name, last_sent, now, weekday=weekday, skip=answered_ahead)
    return Dose(
        number=number,
        at=at,
        weekday=weekday,
        what=what,
        kinds=kinds,
        starts=starts,
        last_sent=last_sent,
        answered_ahead=answered_ahead,
    )


# typed times

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Whole phrases, one a weekday: "every" agrees with the day's gender in Russian (каждый понедельник,
# каждую среду), and Spanish and German say it each their own way.
_EVERY = (
    N_("every Monday"),
    N_("every Tuesday"),
    N_("every Wednesday"),
    N_("every Thursday"),
    N_("every Friday"),
    N_("every Saturday"),
    N_("every Sunday"),
)


def repeats(weekday: int | None, *, t: Texts = ENGLISH) -> str:
    """How often a reminder on ``weekday`` (``None``: every day) comes: "every Monday"."""
    # TRANSLATORS: how often a reminder comes, before its time: "every day at 21:00"
    return t._("every day") if weekday is None else t._(_EVERY[weekday])


_WEEKDAY = re.compile(
    r"\b(?:on\s+|every\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)s?\b"
)
_VAGUE = re.compile(
    r"\b(?:breakfast|lunch|dinner|supper|meal|bed ?time|before bed|waking|wake up|morning|evening|night|noon ?ish)\b"
)
# "y media", "y cuarto" are half and a quarter past the hour ("8 y media"), not two times
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\+|\b(?:and|then|und|dann|y(?!\s+(?:media|cuarto)\b)|luego|и|потом|затем)\b)\s*")
_FILLER = re.compile(
    r"\b(?:at|every day|daily|each day|o'?clock"
    r"|um|jeden tag|täglich|a las|a la|todos los días|cada día|в|во|каждый день|ежедневно)\b"
)
# Weekdays in CaMag's other languages, as CLDR names them, with the endings a weekday takes in a
# sentence ("montags", "los sábados", "по средам", "в пятницу"): a word is the day when it is the
# name's stem followed by one of these endings, so that "среди" or "четверть" never read as a day.
_ENDINGS = {"ru": ("", "а", "у", "е", "ы", "ам", "ах", "ье", "ья", "ью", "ьям"), "es": ("", "s"), "de": ("", "s")}


def _plain(word: str) -> str:
    """A word without its accents (miércoles, sábado typed either way); й and ё stay letters."""
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", word) if c not in "\u0301\u0300")
    )


@cache
def _weekday_words() -> dict[str, int]:
    """Every way of writing a weekday in CaMag's other languages, by the weekday (0 = Monday)."""
    found: dict[str, int] = {}
    for language, endings in _ENDINGS.items():
        days = Locale.parse(language).days
        for context in ("format", "stand-alone"):
            for number, name in days[context]["wide"].items():
                stem = _plain(str(name).lower())
                stem = stem.rstrip("аеяь") if language == "ru" else stem
                found |= {stem + ending: number for ending in endings}
    return found


def _weekday_named(said: str) -> tuple[int | None, str]:
    """The weekday a typed text names in German, Spanish or Russian, and the text without it."""
    words = _weekday_words()
    for word in re.findall(r"[^\W\d_]+", said):
        if (number := words.get(_plain(word))) is not None:
            rest = re.sub(rf"\b(?:am|an|jeden|los|el|cada|todos|по|в|во|каждый|каждую|каждое)?\s*{word}\b", " ", said)
            return number, rest
    return None, said


@dataclass(frozen=True, slots=True)
class Wanted:
    """A reminder time as typed: a time of day, every day or on one weekday (0 = Monday)."""

    at: time
    weekday: int | None = None


def parse_times(text: str, *, t: Texts = ENGLISH) -> list[Wanted]:
    """Reminder times as people type them: "21:00", "7:00 and 21:00", "8am, 2pm", "Mondays 7:00".
    A time said by a meal or a part of the day ("after breakfast") is not a time: asked for one."""
    said = text.strip().lower()
    if len(said) > 120:
        raise ParseError(t._('Please type just the times, like "7:00 and 21:00".'))
    weekday, said = _weekday_named(said)
    day_named = _WEEKDAY.search(said)
    if day_named and weekday is None:
        weekday = next(i for i, name in enumerate(WEEKDAYS) if name.startswith(day_named[1][:3]))
        said = _WEEKDAY.sub(" ", said)
    said = _FILLER.sub(" ", said)
    parts = [p for p in _SEPARATORS.split(said) if p.strip()]
    if not parts:
        raise ParseError(t._('Which time? Please type it as a time, like "8:00" or "7:00 and 21:00".'))
    found: list[Wanted] = []
    for part in parts:
        wanted = Wanted(_time_of(part, t), weekday)
        if wanted not in found:
            found.append(wanted)
    if len(found) > MAX_DOSES:
        raise ParseError(
            t.ngettext(
                "That's more than {n} reminder; please pick up to {n} time.",
                "That's more than {n} reminders; please pick up to {n} times.",
                MAX_DOSES,
            )
        )
    return found


def _time_of(part: str, t: Texts) -> time:
    """One time of a typed list: "8 in the morning" is one, "after breakfast" (a meal or a part of
    the day without its hour) is asked for as one."""
    try:
        return parse_time(part)
    except ParseError:
        if (vague := _VAGUE.search(part)) is None:
            raise
        # TRANSLATORS: {said} is the person's own words for a part of the day ("after breakfast")
        raise ParseError(
            t._(
                'What time is “{said}” for you? Please type it as a time, like "8:00" or "7:00 and 21:00".',
                said=vague[0],
            )
        ) from None
