"""The daily rules: times of day and time zones as people type them, when a daily check-in next
fires, the check-in statuses, and adherence, streaks and the ratio's trend from a person's
check-ins.

Pure functions, no clock: the caller passes "now". Daylight saving is handled by computing the
fire time for each local date afresh: on a spring-forward day a time inside the gap fires once,
just after the gap; on a fall-back day an ambiguous time fires once, at its first occurrence. A
day is always the person's local day.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from functools import cache
from statistics import fmean
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.core import get_global
from pydantic import BaseModel, ConfigDict, Field

from camag_core.answers import Answers, Supplement
from camag_core.balance import assess
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.parsing import MAX_TEXT, SPOKEN, ParseError, fold, in_english, plain_words, spell_numbers, spoken

_CLOCK = re.compile(r"^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(am|pm|h)?$")
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}
# A part of the day said with the hour ("9 вечера", "9 de la noche", "9 Uhr abends"), as read in English.
_PART = re.compile(r"\b(am|pm|morning|afternoon|evening|night)\b")
_DROPPED = re.compile(r"\b(?:at|around|about|in|the|oclock|o'clock|every day|daily)\b")
# "halb neun" and "половина девятого" are half an hour before the hour named; "8 y media" after it.
_HALF_BEFORE = re.compile(r"^half (\d{1,2})$")
_PAST = re.compile(r"^(?:(?:half|quarter) past (\d{1,2})|(\d{1,2}) and a (half|quarter))$")
_QUARTER_TO = re.compile(r"^(?:quarter to (\d{1,2})|(\d{1,2}) quarter to)$")


def _time_said(text: str) -> tuple[str, str | None, bool]:
    """What ``text`` says, read in English with numbers as digits, without the part of the day;
    that part ("am", "pm", "morning", "afternoon", "evening", "night", or ``None``); and whether
    it said the hour in words ("a las nueve", "halb neun", "quarter past 8"), not only in digits
    with am/pm or words around them ("a las 9", "в 9", "um 9" are 09:00, like "at 9")."""
    said = spoken("times").read(re.sub(r"(\d)(?=[^\W\d_])", r"\1 ", text))
    said = re.sub(r"\b([ap])\.?\s?m\b\.?", r"\1m", said)
    said = re.sub(r"[^\w\s:.']", " ", said)
    words = _DROPPED.sub(" ", _PART.sub(" ", re.sub(r"\b(?:am|pm|h)\b", " ", said)))
    worded = re.search(r"[^\W\d_]", words) is not None
    said = spell_numbers(said)
    parts = _PART.findall(said)
    said = " ".join(_DROPPED.sub(" ", _PART.sub(" ", said)).split())
    return said, parts[0] if parts else None, worded


def _on_the_clock(said: str) -> tuple[int, int, bool]:
    """The hour and minute ``said`` names, and whether it said the 24-hour clock ("21 Uhr", "21h")."""
    if re.fullmatch(r"\d{3,4}", said):
        said = f"{said[:-2]}:{said[-2:]}"
    if (half := _HALF_BEFORE.match(said)) is not None:
        return (int(half[1]) - 1) % 24, 30, False
    if (past := _PAST.match(said)) is not None:
        return int(past[1] or past[2]), 15 if "quarter" in past[0] else 30, False
    if (to := _QUARTER_TO.match(said)) is not None:
        return (int(to[1] or to[2]) - 1) % 24, 45, False
    match = _CLOCK.match(said) or re.fullmatch(r"(\d{1,2})\s*h\s*(\d{2})()", said)
    if match is None:
        raise ParseError(N_('Please type a time like "21:30" or "9pm".'))
    return int(match[1]), int(match[2] or 0), match[3] == "h" or "h" in said


def parse_time(text: str) -> time:
    """A time of day: "21:30", "9pm", "9.30 am", "0930", "21h", "noon", and as said in Russian,
    Spanish or German: "9 вечера", "в 21:30", "9 de la noche", "21 Uhr", "halb neun abends". An
    hour up to 12 said in words with no part of the day ("a las nueve", "halb neun") is asked
    back: morning or evening? Digits alone are read on the 24-hour clock ("9" is 09:00)."""
    said, part, worded = _time_said(text[:100])
    if said in _NAMED_TIMES and part is None:
        return _NAMED_TIMES[said]
    hour, minute, clock24 = _on_the_clock(said)
    if part in ("am", "pm") and not 1 <= hour <= 12:
        raise ParseError(N_("With am or pm, the hour goes from 1 to 12."))
    if part == "morning" and not 1 <= hour <= 12:
        raise ParseError(N_("A morning hour goes from 1 to 12."))
    if part in ("am", "morning"):
        hour %= 12
    elif part is not None and part != "night" and hour < 12:  # pm, afternoon, evening
        hour += 12
    elif part == "night" and hour <= 12:  # "12 de la noche" is midnight, "2 ночи" 2 am, "11 nachts" 23:00
        hour = 0 if hour == 12 else hour + 12 if hour >= 6 else hour
    if hour > 23 or minute > 59:
        raise ParseError(N_("That isn't a time of day; hours go to 23 and minutes to 59."))
    if part is None and worded and not clock24 and 1 <= hour <= 12:
        morning, evening = time(hour % 12, minute), time(hour % 12 + 12, minute)
        raise ParseError(
            N_("Do you mean {morning} or {evening}? Please type one of them."), morning=morning, evening=evening
        )
    return time(hour, minute)


@cache
def _names() -> dict[str, str]:
    """Lower-cased IANA name -> the name (reading the zone database once, not per answer)."""
    return {name.lower(): name for name in available_timezones()}


def _place_key(name: str) -> str:
    """A place's name as looked up: lower case, no accents, one space for "_", "-" and spaces."""
    return re.sub(r"[\s_\-]+", " ", fold(name)).strip()


def _offsets(name: str) -> tuple[timedelta | None, ...]:
    """A zone's offsets in winter and in summer (any fixed year: only whether two zones agree matters)."""
    return tuple(datetime(2026, month, 1, tzinfo=ZoneInfo(name)).utcoffset() for month in (1, 7))


SEVERAL = ""  # a country whose zones keep different times: which city is asked


@cache
def _places() -> dict[str, str]:
    """Place -> zone. Cities: the last part of an IANA name ("new york"), and each city's name in
    Russian, Spanish and German from CLDR (Babel's ``Locale.time_zones[zone]["city"]``: "москва",
    "nueva york", "moskau"). Then countries by their CLDR names in the four languages ("германия",
    "espana", "osterreich"): the zone whose time the whole country keeps, or :data:`SEVERAL`.
    The first place of a name wins on clashes."""
    zones = available_timezones()
    found: dict[str, str] = {}
    for name in sorted(zones):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            found.setdefault(_place_key(name.rsplit("/", 1)[1]), name)
    for language in SPOKEN:
        for name, names in sorted(Locale.parse(language).time_zones.items()):
            city = names.get("city")
            if city and name in zones:
                found.setdefault(_place_key(city), name)
    for country, country_zones in sorted(get_global("territory_zones").items()):
        kept = [name for name in country_zones if name in zones]
        if not kept:
            continue
        one = kept[0] if len({_offsets(name) for name in kept}) == 1 else SEVERAL
        for language in ("en", *SPOKEN):
            if named := Locale.parse(language).territories.get(country):
                found.setdefault(_place_key(named), one)
    return found


@cache
def _stems() -> dict[str, str]:
    """A place's name without its last vowel, for the other cases of Russian names ("в Москве",
    "в Берлине", "в Германии"): only names of five letters or more, and only a stem no other place shares."""
    stems: dict[str, set[str]] = {}
    for place, name in _places().items():
        if len(place) >= 5:
            stems.setdefault(place[:-1] if place[-1] in "аяоеиуыь" else place, set()).add(name)
    return {stem: names.pop() for stem, names in stems.items() if len(names) == 1}


_IN = re.compile(r"^(?:в|во|in|en|near|около|cerca de|bei)\s+")


# The zone that keeps the time of each CLDR "metazone" people name ("Pacific Time", "PST", "MEZ"):
# CLDR's own choice for it (metaZones.xml, territory 001), for the metazones with names people type.
_METAZONE_ZONES = {
    "America_Pacific": "America/Los_Angeles",
    "America_Mountain": "America/Denver",
    "America_Central": "America/Chicago",
    "America_Eastern": "America/New_York",
    "Alaska": "America/Juneau",
    "Hawaii_Aleutian": "Pacific/Honolulu",
    "Atlantic": "America/Halifax",
    "Europe_Western": "Atlantic/Canary",
    "Europe_Central": "Europe/Paris",
    "Europe_Eastern": "Europe/Bucharest",
    "Moscow": "Europe/Moscow",
    "India": "Asia/Calcutta",
    "China": "Asia/Shanghai",
    "Japan": "Asia/Tokyo",
    "Korea": "Asia/Seoul",
    "Australia_Eastern": "Australia/Sydney",
    "New_Zealand": "Pacific/Auckland",
}


@cache
def _time_names() -> dict[str, str]:
    """A time's name -> the zone keeping it: "pst", "pacific time", "mitteleuropaische zeit", "mez"
    (CLDR's names in the four languages, through Babel). Checked before the zone database's own
    names, whose "EST" and "MST" keep no summer time."""
    found: dict[str, str] = {}
    for language in ("en", *SPOKEN):
        for metazone, names in Locale.parse(language).meta_zones.items():
            if (zone_name := _METAZONE_ZONES.get(metazone)) is not None:
                for width in ("short", "long"):
                    for name in names.get(width, {}).values():
                        found.setdefault(_place_key(name), zone_name)
    return found


def _place(said: str) -> str | None:
    """The zone of the place ``said`` names, :data:`SEVERAL`, or ``None`` for no place known."""
    key = _IN.sub("", _place_key(said))
    if (found := _places().get(key, _places().get(_place_key(said)))) is not None:
        return found
    stems = _stems()
    return next((stems[k] for k in (key[:-1], key[:-2], key) if len(k) >= 4 and k in stems), None)


def parse_zone(text: str) -> str:
    """A time zone name to store: an IANA name ("Europe/Berlin"), a city ("New York", "Москва",
    "в Берлине", "Nueva York", "Moskau"), a country that keeps one time ("Германия", "Österreich";
    one with several zones is asked which city) or an offset ("UTC+2", "GMT-05:30", normalised to
    "UTC+02:00")."""
    said = text.strip()
    if len(said) > 64:
        raise ParseError(N_("Please type just a city or a time zone, like Berlin or UTC+2."))
    offset = _OFFSET.match(said.lower().replace(" ", ""))
    if offset:
        sign, hours, minutes = offset[1], int(offset[2]), int(offset[3] or 0)
        if hours > 14 or minutes >= 60:
            raise ParseError(N_("Offsets run from UTC-12 to UTC+14."))
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    if said.upper() in ("UTC", "GMT", "Z"):
        return "UTC"
    exact = _time_names().get(_place_key(said)) or _names().get(said.lower())
    if exact:
        return exact
    place = _place(said)
    if place == SEVERAL:
        # TRANSLATORS: {country} is the country as the person typed it, quoted
        raise ParseError(N_("“{country}” has more than one time zone. Which city are you near?"), country=said)
    if place is not None:
        return place
    raise ParseError(
        # TRANSLATORS: {zone} is what the person typed, quoted; keep the examples Berlin, New York,
        # Europe/Berlin and UTC+2 (or name a big city of the language's country instead of Berlin)
        N_(
            "I don't know the time zone “{zone}”. Type a big city near you (like Berlin or New York), "
            "a zone name (Europe/Berlin) or an offset (UTC+2)."
        ),
        zone=said,
    )


def is_offset(name: str) -> bool:
    """Whether a stored zone name is a fixed offset ("UTC+02:00"), the same all year."""
    return name.startswith("UTC") and len(name) > 3


@cache
def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone name (see :func:`parse_zone`)."""
    if is_offset(name):
        sign = 1 if name[3] == "+" else -1
        hours, minutes = int(name[4:6]), int(name[7:9])
        return timezone(sign * timedelta(hours=hours, minutes=minutes), name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ParseError(f"Unknown time zone {name!r}.") from None  # a stored name, checked when read


def fire_time(day: date, at: time, zone_name: str) -> datetime:
    """When ``at`` on local ``day`` happens, in UTC (a time in a DST gap moves past the gap)."""
    local = datetime.combine(day, at, tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def local_date(moment: datetime, zone_name: str) -> date:
    return moment.astimezone(zone(zone_name)).date()


# How far ahead of a person's local today a day they answered can be: two zones' dates are at most two
# days apart at one moment (UTC-12 and UTC+14), and a day is answered only once it has begun where
# they are, so a move west leaves the days answered at most this far ahead of the new today.
AHEAD = timedelta(days=2)


def next_due(
    at: time,
    zone_name: str,
    done_through: date | None,
    now: datetime,
    *,
    catch_up: bool = False,
    weekday: int | None = None,
    skip: Collection[date] = (),
) -> tuple[date, datetime]:
    """The next reminder at ``at`` after ``now`` (every day, or on ``weekday``, 0 = Monday): its
    local day and when it is due (UTC), never for a day up to ``done_through`` (already sent, or
    before the reminder began) nor one of ``skip`` (answered already). With ``catch_up`` (at
    start-up), one missed earlier today is due now, once."""
    today = local_date(now, zone_name)
    day = today if done_through is None else max(today, done_through + timedelta(days=1))
    if weekday is not None:
        day += timedelta(days=(weekday - day.weekday()) % 7)
    step = timedelta(days=1 if weekday is None else 7)
    while True:
        when = fire_time(day, at, zone_name)
        if day not in skip and (when > now or (catch_up and day == today)):
            return day, max(when, now)
        day += step


# check-ins


class Status(StrEnum):
    """How a day went, as answered to the daily check-in."""

    ALL = "all"
    SOME = "some"
    NONE = "none"
    SKIPPED = "skipped"
    LOGGED = "logged"  # what was taken, typed in

    @property
    def took(self) -> bool:
        return self in (Status.ALL, Status.SOME, Status.LOGGED)


# A day answered as a whole counts this much of the day's supplements taken: "part" is never all
# of it, and how much of it is not known, so half.
DAY_SHARE = {Status.ALL: 1.0, Status.SOME: 0.5, Status.LOGGED: 0.5, Status.NONE: 0.0, Status.SKIPPED: 0.0}


class DoseAnswer(BaseModel):
    """How one dose of the day went: all of it, part (``taken``: which of its items), none, skipped."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    status: Status
    taken: tuple[str, ...] = ()  # the dose's items taken, when only some were
    of: int = 0  # how many items the dose has (0: not known)

    @property
    def share(self) -> float:
        """How much of the dose was taken: part is the items taken, or half when not known."""
        if self.status is Status.SOME and self.taken and self.of:
            return len(self.taken) / self.of
        return DAY_SHARE[self.status]


class CheckIn(BaseModel):
    """One day's answer; a later answer for the same day replaces it, one for a dose only that
    dose's (a day answered whole counting for the doses due then: :func:`by_dose`)."""

    model_config = ConfigDict(extra="ignore")

    day: date
    status: Status
    supplements: list[Supplement] | None = None  # what was logged (LOGGED)
    note: str | None = None  # notable food, as typed
    ratio: float | None = None  # the day's calcium : magnesium ratio, where it can be worked out
    at: datetime
    doses: dict[int, DoseAnswer] = Field(default_factory=dict)  # by dose number, for a plan's doses
    expected: int = 0  # the doses due that day (0: the day answered as a whole)

    @property
    def share(self) -> float:
        """How much of the day's supplements were taken, from 0 to 1."""
        if not self.doses or not self.expected:
            return DAY_SHARE[self.status]
        return min(1.0, sum(a.share for a in self.doses.values()) / self.expected)


# A check-in answer as plain_words gives it (in English, whatever the language typed). A miss
# denied is a taking ("didn't forget", "did not skip"); what was missed or skipped is taken out
# before looking for what was taken, so "took none" and "forgot them" are not also a taking.
_CHECKIN_NOT_MISSED = re.compile(
    r"\b(?:didn'?t|did not|never|not|no) (?:the |them |it )?(?:forget|forgot|miss|missed|skip|skipped)\b"
    r"|\b(?:forgot|missed) nothing\b"
)
_CHECKIN_SKIPPED = re.compile(r"\bskip\w*")
_CHECKIN_MISSED = re.compile(
    r"\b(?:took (?:none|nothing|no pills?)|(?:have not|haven'?t|has not|hasn'?t|not) (?:taken|took)|none|nothing"
    r"|forgot|forget|missed|didn'?t|did not|no pills?|nope|nah)\b|^no$"
)
_CHECKIN_PART = re.compile(
    r"\b(?:some|part|partly|partially|half|a few|most|missed one|all but|all except|except|but one|apart from"
    r"|not all|not everything|not every one)\b"
)
_CHECKIN_TOOK = re.compile(r"\b(?:all|everything|every one|both|as usual|done|took|taken|did)\b")
# "yes" alone, as people answer "Did you take them?" (plain_words drops it as filler elsewhere)
_CHECKIN_YES = re.compile(r"^(?:yes|yeah|yep|yup|sure|of course|i did|yes i did)$")


def read_status(text: str) -> Status | None:
    """A check-in answer typed instead of tapped, or ``None``: "yeah took em all 👍", "forgot
    them", "took all but one", "didn't forget, took them all", "всё выпила", "no las tomé",
    "teilweise"."""
    if len(text) > MAX_TEXT or text.rstrip().endswith("?"):
        return None  # too long to read, or a question ("did you?"): not a check-in answer
    if _CHECKIN_YES.match(" ".join(re.sub(r"[^\w\s]", " ", in_english(text)).split())):
        return Status.ALL
    said = _CHECKIN_NOT_MISSED.sub(" took ", plain_words(text))
    skipped, missed = _CHECKIN_SKIPPED.search(said), _CHECKIN_MISSED.search(said)
    took = _CHECKIN_TOOK.search(_CHECKIN_MISSED.sub(" ", _CHECKIN_SKIPPED.sub(" ", said)))
    if _CHECKIN_PART.search(said) or ((skipped or missed) and took):
        return Status.SOME
    if skipped:
        return Status.SKIPPED
    if missed:
        return Status.NONE
    return Status.ALL if took else None


def day_status(answers: dict[int, DoseAnswer], expected: int) -> Status:
    """The day's status from its doses' answers: all only when every dose due was all taken."""
    statuses = [a.status for a in answers.values()]
    if len(statuses) >= expected and all(s is Status.ALL for s in statuses):
        return Status.ALL
    if any(s.took for s in statuses):
        return Status.SOME
    if statuses and all(s is Status.SKIPPED for s in statuses):
        return Status.SKIPPED
    return Status.NONE


# The key of a day answered as a whole before the plan's doses were answered one by one, when
# none of the doses the day has now was due then (the plan was replaced or the dose moved since).
WHOLE_DAY = 0


def by_dose(checkin: CheckIn | None, due_then: Collection[int]) -> dict[int, DoseAnswer]:
    """The day's answers so far, dose by dose, for a later answer to one of them to replace only
    its own. A day answered as a whole (one daily check-in, before the plan had doses answered
    one by one) keeps what was said: it counts for each dose of ``due_then``, those due when it
    was given, or, if none of them was, as a dose of its own (:data:`WHOLE_DAY`)."""
    if checkin is None:
        return {}
    if checkin.doses:
        return dict(checkin.doses)
    said = DoseAnswer(status=checkin.status)
    return {number: said for number in due_then} or {WHOLE_DAY: said}


def expected_doses(answered: Collection[int], planned: Collection[int]) -> int:
    """How many doses a day counts: those its plan holds that day and those answered (a dose
    answered and then dropped still counts; one dropped before it was answered no longer does)."""
    return len({*answered, *planned})


def with_logged_doses(so_far: dict[int, DoseAnswer], due: Collection[int]) -> dict[int, DoseAnswer]:
    """The day's answers dose by dose once what was taken is typed in: each dose ``due`` so far
    without an answer of its own counts as logged; the doses answered keep their answers."""
    return {**{number: DoseAnswer(status=Status.LOGGED) for number in due}, **so_far}


def day_ratio(usual: Answers | None, status: Status, taken: list[Supplement] | None) -> float | None:
    """The day's calcium : magnesium ratio from the usual answers and what was taken, if exact."""
    if usual is None or status in (Status.SOME, Status.SKIPPED):
        return None
    if status is Status.NONE:
        usual = usual.model_copy(update={"supplements": []})
    elif status is Status.LOGGED:
        usual = usual.model_copy(update={"supplements": taken or []})
    result = assess(usual)
    return result.ratio if result.ratio_bound == "exact" else None


def answerable(day: date, first: date, today: date) -> bool:
    """A check-in can be answered for a day from the person's first contact to their today."""
    return first <= day <= today


@dataclass(frozen=True, slots=True)
class Period:
    days: int
    checked_in: int  # days with any answer
    took_all: int
    took_some: int  # "some" or logged
    took_none: int
    skipped: int
    ratios: tuple[tuple[date, float], ...]
    taken: float  # the days' supplements taken, in days: a day half taken counts a half
    # the days anything was due on: today only once a dose's time has come, or it was answered
    # (``None``: every day of the period)
    due_days: int | None = None

    @property
    def average_ratio(self) -> float | None:
        return fmean(r for _, r in self.ratios) if self.ratios else None

    @property
    def counted(self) -> int:
        """The days counted: every day of the period, today only once something is due (or answered)."""
        return self.days if self.due_days is None else self.due_days

    @property
    def adherence(self) -> float:
        """How much of the period's supplements were taken: "part" counts as part, a day without
        an answer as none, and today as the days counted say (:func:`period`)."""
        return self.taken / self.counted if self.counted else 0.0


def days_went(p: Period, *, t: Texts = ENGLISH) -> str:
    """How the days checked in went, the kinds there were: "2 days all taken and 1 day skipped"."""
    went = (
        t.ngettext("{n} day all taken", "{n} days all taken", p.took_all) if p.took_all else "",
        t.ngettext("{n} day partly taken", "{n} days partly taken", p.took_some) if p.took_some else "",
        t.ngettext("{n} day nothing taken", "{n} days nothing taken", p.took_none) if p.took_none else "",
        t.ngettext("{n} day skipped", "{n} days skipped", p.skipped) if p.skipped else "",
    )
    return t.join(said for said in went if said)


def as_of(checkins: Sequence[CheckIn], today: date, due_today: int | None) -> list[CheckIn]:
    """The check-ins as they stand now: today's answer counts only the doses due so far
    (``due_today``: those whose time has come in the person's local day, from when the plan began)
    and those answered; ``None``: no plan to tell, the day counts whole."""
    if due_today is None:
        return list(checkins)
    return [_so_far(c, max(len(c.doses), due_today)) if c.day == today and c.doses else c for c in checkins]


def _so_far(checkin: CheckIn, expected: int) -> CheckIn:
    return checkin.model_copy(update={"expected": expected, "status": day_status(checkin.doses, expected)})


def period(
    checkins: Sequence[CheckIn], today: date, days: int, first: date | None = None, due_today: int | None = None
) -> Period:
    """The last ``days`` days up to ``today``, counted from the person's first reminder or check-in
    (``first``, else the earliest given) at the earliest: days before they started are not misses.
    A day after ``today`` already begun in the zone the person was in before a move west (their
    first reminder, or a day answered: see :data:`AHEAD`) is counted too, answered as it was, and
    the ``days`` end there.
    ``due_today``: the doses of the plan due so far today (see :func:`as_of`); with none due and
    none answered, today is not counted yet."""
    earliest = first if first is not None else min((c.day for c in checkins), default=None)
    end = max([today, *((earliest,) if earliest is not None else ()), *(c.day for c in checkins)])
    start = end - timedelta(days=days - 1)  # ``days`` long, a day answered ahead included
    if earliest is not None:
        start = max(start, earliest)
    window = [c for c in as_of(checkins, today, due_today) if start <= c.day <= end]
    not_yet = due_today == 0 and start <= today and all(c.day != today for c in window)
    return Period(
        days=(end - start).days + 1,
        due_days=(end - start).days + (0 if not_yet else 1),
        checked_in=len(window),
        took_all=sum(c.status is Status.ALL for c in window),
        took_some=sum(c.status in (Status.SOME, Status.LOGGED) for c in window),
        took_none=sum(c.status is Status.NONE for c in window),
        skipped=sum(c.status is Status.SKIPPED for c in window),
        ratios=tuple((c.day, c.ratio) for c in window if c.ratio is not None),
        taken=sum(c.share for c in window),
    )


@dataclass(frozen=True, slots=True)
class Run:
    """The latest run of days in a row with supplements taken (the streak, once it reaches today)."""

    first: date
    last: date


LOOK_BACK = "look back"  # the run can only be known by reading the days before


def run_after(run: Run | None, day: date, took: bool) -> Run | str | None:
    """The latest run once ``day`` is answered (``took``: supplements taken), or
    :data:`LOOK_BACK` when only the days before ``day`` can tell: a day taken that may join a run
    ending just before it, or the only day of the run no longer taken (the run before it is the
    latest now). Kept with the person and updated at every answer, so the streak costs the same
    however long the history; the days before are read only in those two cases."""
    if took:
        if run is None or day == run.first - timedelta(days=1):
            return LOOK_BACK
        if day == run.last + timedelta(days=1):
            return Run(run.first, day)
        if day > run.last:
            return Run(day, day)  # a day in between was not taken
        return run  # inside the run, or older than the day before it
    if run is None or not run.first <= day <= run.last:
        return run
    if run.first == run.last:
        return LOOK_BACK
    if day == run.last:
        return Run(run.first, day - timedelta(days=1))
    return Run(day + timedelta(days=1), run.last)  # the days after it are the latest run now


def run_back(took: Sequence[date], last: date) -> date:
    """The first day of the run ending at ``last``, from the days taken before it (any order)."""
    days = set(took)
    first = last
    while first - timedelta(days=1) in days:
        first -= timedelta(days=1)
    return first


def latest_run(checkins: Sequence[CheckIn]) -> Run | None:
    """The latest run in a whole history (to start keeping it for data kept before runs were)."""
    took = [c.day for c in checkins if c.status.took]
    if not took:
        return None
    last = max(took)
    return Run(run_back(took, last), last)


def streak(run: Run | None, today: date, answered_today: bool) -> int:
    """Days in a row, up to today (or yesterday, if today is not answered yet), with supplements taken."""
    until = today if answered_today else today - timedelta(days=1)
    # a run reaching past today: days answered before a move west (see :data:`AHEAD`)
    return (run.last - run.first).days + 1 if run is not None and run.last >= until else 0
