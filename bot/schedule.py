"""Times of day and time zones: reading what people type, and when a daily reminder next fires.

Pure functions, no clock: the caller passes "now". Daylight saving is handled by computing the
fire time for each local date afresh: on a spring-forward day a time inside the gap fires once,
just after the gap; on a fall-back day an ambiguous time fires once, at its first occurrence.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from camag_core.parsing import ParseError

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$")
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def parse_time(text: str) -> time:
    """A time of day: "21:30", "9pm", "9.30 am", "0930", "21h", "noon"."""
    said = text.strip().lower().replace(" ", "")
    if said in _NAMED_TIMES:
        return _NAMED_TIMES[said]
    if re.fullmatch(r"\d{3,4}", said):
        said = f"{said[:-2]}:{said[-2:]}"
    match = _CLOCK.match(said)
    if match is None:
        raise ParseError('Please type a time like "21:30" or "9pm".')
    hour, minute, suffix = int(match[1]), int(match[2] or 0), (match[3] or "").replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise ParseError("With am or pm, the hour goes from 1 to 12.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ParseError("That isn't a time of day; hours go to 23 and minutes to 59.")
    return time(hour, minute)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_\-]+", " ", plain).strip().lower()


@cache
def _names() -> dict[str, str]:
    """Lower-cased IANA name -> the name (reading the zone database once, not per answer)."""
    return {name.lower(): name for name in available_timezones()}


@cache
def _cities() -> dict[str, str]:
    """City (last part of an IANA name, e.g. "new york") -> zone; first zone wins on clashes."""
    found: dict[str, str] = {}
    for name in sorted(available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            found.setdefault(_fold(name.rsplit("/", 1)[1]), name)
    return found


def parse_zone(text: str) -> str:
    """A time zone name to store: an IANA name ("Europe/Berlin"), a city ("New York") or an
    offset ("UTC+2", "GMT-05:30", normalised to "UTC+02:00")."""
    said = text.strip()
    if len(said) > 64:
        raise ParseError("Please type just a city or a time zone, like Berlin or UTC+2.")
    offset = _OFFSET.match(said.lower().replace(" ", ""))
    if offset:
        sign, hours, minutes = offset[1], int(offset[2]), int(offset[3] or 0)
        if hours > 14 or minutes >= 60:
            raise ParseError("Offsets run from UTC-12 to UTC+14.")
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    if said.upper() in ("UTC", "GMT", "Z"):
        return "UTC"
    exact = _names().get(said.lower())
    if exact:
        return exact
    city = _cities().get(_fold(said))
    if city:
        return city
    raise ParseError(
        f"I don't know the time zone {said!r}. Type a big city near you (like Berlin or New York), "
        "a zone name (Europe/Berlin) or an offset (UTC+2)."
    )


@cache
def zone(name: str) -> tzinfo:
    """The tzinfo for a stored zone name (see :func:`parse_zone`)."""
    if name.startswith("UTC") and len(name) > 3:
        sign = 1 if name[3] == "+" else -1
        hours, minutes = int(name[4:6]), int(name[7:9])
        return timezone(sign * timedelta(hours=hours, minutes=minutes), name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ParseError(f"Unknown time zone {name!r}.") from None


def fire_time(day: date, at: time, zone_name: str) -> datetime:
    """When ``at`` on local ``day`` happens, in UTC (a time in a DST gap moves past the gap)."""
    local = datetime.combine(day, at, tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def local_date(moment: datetime, zone_name: str) -> date:
    return moment.astimezone(zone(zone_name)).date()


def next_fire(after: datetime, at: time, zone_name: str, *, not_on: date | None = None) -> tuple[date, datetime]:
    """The first (local date, UTC time) of the daily reminder strictly after ``after``,
    skipping local date ``not_on`` (the day already sent)."""
    today = local_date(after, zone_name)
    for offset in range(-1, 3):
        day = today + timedelta(days=offset)
        when = fire_time(day, at, zone_name)
        if when > after and day != not_on:
            return day, when
    raise AssertionError("a daily time always recurs within three days")  # pragma: no cover
