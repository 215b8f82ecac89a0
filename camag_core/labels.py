"""Reading a Supplement Facts panel from the text an OCR engine found on a photo of it.

Pure: the engine (in ``bot/``) hands over what it found, as :class:`Box` es (a text, its four
corners, the engine's confidence); :func:`read_label` puts them into lines and reads calcium,
magnesium and vitamin D with their amounts per serving, the serving size, the form ("as calcium
carbonate") and the %DV. Nothing here guesses: a figure that the label contradicts (an amount and
its %DV, mcg and its IU), that reads two ways or that the engine was unsure of is marked with a
:class:`Doubt` and asked about, never taken.

The label's conventions, from ``daily_values.md`` (FDA, 21 CFR 101.36):

- on a Supplement Facts panel the amount beside "Calcium" or "Magnesium" is the mineral itself;
  "(as calcium carbonate)" names its source, so the amount is elemental whatever the form;
- vitamin D is in mcg, with IU optional in parentheses; older labels give IU alone (1 mcg = 40 IU);
- a %DV alone is turned back into an amount with the current FDA Daily Values for adults and
  children 4 and over (calcium 1,300 mg, magnesium 420 mg, vitamin D 20 mcg), and said to be an
  estimate; a %DV beside an amount must agree with it on the current or the older Daily Values
  (calcium 1,000 mg, magnesium 400 mg, vitamin D 400 IU).

A Drug Facts panel (an OTC antacid such as Tums, ``product_labels.md`` §1) is read another way:
its "Active ingredient (in each tablet)" is the compound's weight ("Calcium carbonate USP 750 mg"),
never taken for the mineral; the mineral is the figure under "Other information" ("each tablet
contains: elemental calcium 300 mg", "provides elemental calcium 300 mg"). With only the
compound's weight, the amount is worked out at the form's elemental share in the shipped table
(``supplement_forms.csv``) where it gives one figure, and said to be; otherwise it is asked for.
The active ingredients are the lines above the panel's first section ("Uses"); their names are
matched to the table's forms however OCR spells them ("Calciu carbonate"), and a weight it was
unsure of (or read in grams: "SP 750 g") only checks the mineral given, never stands in for it.

OCR's usual confusions are undone where a number is expected (O for 0, l, I or | for 1), and in
units ("meg" for mcg, "lU" for IU); full-width brackets and lost spaces are taken as they come.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from camag_core.answers import Supplement
from camag_core.i18n import ENGLISH, N_, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D, Nutrient
from camag_core.parsing import ParseError, in_english
from camag_core.supplements import (
    IU_PER_MCG_VITAMIN_D,
    MAX_PER_DOSE,
    VITAMIN_D_FORMS,
    Basis,
    Unit,
    find_form,
    supplement_forms,
)

# FDA Daily Values (daily_values.md §1, §2): per nutrient, the label unit's amount that is 100%.
DAILY_VALUES = {CALCIUM: 1300.0, MAGNESIUM: 420.0, VITAMIN_D: 20.0}  # mg, mg, mcg (2016 rule)
OLD_DAILY_VALUES = {CALCIUM: 1000.0, MAGNESIUM: 400.0, VITAMIN_D: 10.0}  # vitamin D 400 IU = 10 mcg
# TRANSLATORS: official figures and their source, shown as "Estimated with the {source}."
DAILY_VALUES_SOURCE = N_(
    "FDA Daily Values for adults and children 4 years and over (21 CFR 101.9(c)(8)(iv), 2016 rule): "
    "calcium 1,300 mg, magnesium 420 mg, vitamin D 20 mcg"
)
LABEL_UNIT = {CALCIUM: Unit.MG, MAGNESIUM: Unit.MG, VITAMIN_D: Unit.MCG}
MIN_SCORE = 0.8  # an engine less sure than this of a line's text: its figures are asked about
MAX_SERVINGS_PER_DAY = 12.0


@dataclass(frozen=True, slots=True)
class Box:
    """One piece of text the engine found: its words, its corners (clockwise from top left), its
    confidence (0 to 1)."""

    text: str
    corners: tuple[tuple[float, float], ...]
    score: float


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    score: float  # the least sure of its boxes
    y: float = 0.0  # its middle, across the text's direction (down the label)


class Doubt(StrEnum):
    """Why a figure is not taken."""

    DISAGREE = "disagree"  # the amount and its %DV (or mcg and IU) don't agree
    UNCLEAR = "unclear"  # the engine was unsure, or the figure reads two ways
    TWICE = "twice"  # the nutrient is on the label twice
    IMPLAUSIBLE = "implausible"  # beyond any dose a label gives
    COMPOUND = "compound"  # only the compound's weight, of a form without one elemental share


@dataclass(frozen=True, slots=True)
class Reading:
    """One nutrient as the label gives it, per serving."""

    nutrient: Nutrient
    amount: float | None  # in LABEL_UNIT (mg, or mcg for vitamin D); None when in doubt
    form: str | None = None  # "calcium carbonate" from "(as calcium carbonate)"
    iu: float | None = None  # vitamin D's IU as printed
    dv_percent: float | None = None
    estimated: bool = False  # worked out from the %DV alone, on the current Daily Values
    doubt: Doubt | None = None
    compound: float | None = None  # a Drug Facts panel's active ingredient: the compound's weight, mg
    share: float | None = None  # the elemental share (%) the amount was worked out with, from the compound

    @property
    def unit(self) -> Unit:
        return LABEL_UNIT[self.nutrient]


@dataclass(frozen=True, slots=True)
class Serving:
    count: float
    unit: str  # "tablets", "chewable tablets", as the label prints it (one of _SERVING_UNITS)

    def describe(self, *, t: Texts = ENGLISH) -> str:
        """The serving in the person's language, its word in the form its count takes: "2 tablets",
        "2 таблетки", "1 Kautablette"."""
        word = "gummy" if self.unit == "gummies" else self.unit.removesuffix("s")
        return _SERVING_WORDS[word](t, self.count)

    def one(self, *, t: Texts = ENGLISH) -> str:
        """One of the serving's units, for a Drug Facts panel's amounts "in each tablet": "1 tablet"."""
        return replace(self, count=1.0).describe(t=t)


@dataclass(frozen=True, slots=True)
class LabelReading:
    """What a label says about calcium, magnesium and vitamin D."""

    items: tuple[Reading, ...] = ()
    serving: Serving | None = None
    line_missing: bool = False  # a line of the table not read at all: the person checks nothing is missing
    drug_facts: bool = False  # an OTC medicine's Drug Facts panel, not Supplement Facts

    @property
    def readable(self) -> bool:
        """Anything at all found of the three nutrients."""
        return bool(self.items)

    @property
    def sure(self) -> bool:
        """Every figure read without doubt: ready for the person's yes."""
        return (
            self.readable
            and not self.line_missing
            and all(item.doubt is None and item.amount is not None for item in self.items)
        )

    def corrected(self, typed: str, *, t: Texts = ENGLISH) -> LabelReading:
        """The reading with a figure the person typed ("calcium 500 mg", "vitamin D 1000 IU",
        "serving size 2 tablets") in place of what was read; :class:`ParseError` if it reads as none."""
        said = _normal(typed)
        serving = _serving(said) or _serving("servingsize" + said)
        row = _row(Line(typed, 1.0))
        if row is None and serving is None:  # in the person's language: "кальций 500 мг", "2 Kautabletten"
            row = _row(Line(in_english(typed), 1.0))
            serving = None if row is not None else _serving_said(typed, t)
        if row is not None and row.amount is not None and row.doubt is None:
            kept = tuple(item for item in self.items if item.nutrient is not row.nutrient)
            known = next((i for i in self.items if i.nutrient is row.nutrient), None)
            row = replace(row, form=row.form or (known.form if known else None))
            order = [
                n for n in (CALCIUM, MAGNESIUM, VITAMIN_D) if n is row.nutrient or any(i.nutrient is n for i in kept)
            ]
            items = {i.nutrient: i for i in (*kept, row)}
            return replace(self, items=tuple(items[n] for n in order), line_missing=False)
        if serving is not None and row is None:
            return replace(self, serving=serving)
        raise ParseError(
            t._(
                'Please type one figure as it is on the label, like "calcium 500 mg", "vitamin D 25 mcg" '
                'or "serving size 2 tablets".'
            )
        )

    def supplements(self, servings_per_day: float) -> list[Supplement]:
        """The confirmed reading as the interview's supplements, taken ``servings_per_day`` times a day."""
        if not self.sure:
            raise ValueError("a reading with doubts is not a supplement yet")
        return [
            Supplement(
                nutrient=item.nutrient,
                form=item.form,
                amount=item.amount,
                unit=item.unit,
                basis=Basis.ELEMENTAL,  # a Supplement Facts amount is the mineral itself
                per_day=servings_per_day,
            )
            for item in self.items
        ]


# Lines ----------------------------------------------------------------------------------------


def lines(boxes: Sequence[Box]) -> list[Line]:
    """The boxes put into the label's lines, top to bottom, each left to right, on a photo taken
    at a slant as well: positions are read along the text's own direction."""
    if not boxes:
        return []
    angles = sorted(
        math.atan2(b.corners[1][1] - b.corners[0][1], b.corners[1][0] - b.corners[0][0]) for b in boxes if b.corners
    )
    angle = angles[len(angles) // 2]
    cos, sin = math.cos(angle), math.sin(angle)
    placed = []
    for b in boxes:
        x = sum(p[0] for p in b.corners) / len(b.corners)
        y = sum(p[1] for p in b.corners) / len(b.corners)
        height = math.dist(b.corners[0], b.corners[3]) if len(b.corners) == 4 else 1.0
        placed.append((-sin * x + cos * y, cos * x + sin * y, height, b))
    placed.sort(key=lambda p: p[0])
    heights = sorted(p[2] for p in placed)
    tolerance = heights[len(heights) // 2] * 0.5
    rows: list[list[tuple[float, float, float, Box]]] = []
    for p in placed:
        if rows and abs(p[0] - sum(q[0] for q in rows[-1]) / len(rows[-1])) <= tolerance:
            rows[-1].append(p)
        else:
            rows.append([p])
    return [
        Line(
            " ".join(q[3].text for q in sorted(row, key=lambda q: q[1])),
            min(q[3].score for q in row),
            sum(q[0] for q in row) / len(row),
        )
        for row in rows
    ]


GAP = 1.6  # a space between two lines of the table this many times the usual one: a line not read


def _line_missing(found: Sequence[Line]) -> bool:
    """Whether a line of the nutrient table seems not read at all: the engine found nothing where
    the table's evenly spaced lines say one should be, or only its figures."""
    table = [i for i, line in enumerate(found) if re.search(r"\d\s?(?:mg|mcg|iu|%)", _normal(line.text))]
    if any(re.match(r"[^a-z]*\d", _normal(found[i].text)) for i in table):
        return True  # figures without a name ("12%"): the rest of their line not read
    header = [i for i, line in enumerate(found) if re.search(r"amountper|dailyvalue", _normal(line.text))]
    if header and table and header[0] < table[0]:  # "Amount Per Serving": a first line not read shows too
        table.insert(0, header[0])
    if len(table) < 2:
        return False
    ys = [line.y for line in found[table[0] : table[-1] + 1]]
    steps = sorted(b - a for a, b in itertools.pairwise(ys))
    usual = steps[(len(steps) - 1) // 2]
    return usual > 0 and steps[-1] > GAP * usual


# Text -----------------------------------------------------------------------------------------

_CONFUSABLE = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
_RUN = re.compile(r"[0-9OolI|]+(?:[.,][0-9OolI|]+)*")
_UNITS = (
    (re.compile(r"(?<=[\d\s(])i\.?\s?u\.?(?![a-z])"), "iu"),
    (re.compile(r"(?<=[\d\s])(?:mcg|meg|mcq|mog|mcb|ucg|ug|µg|μg)(?![a-z])"), "mcg"),
    (re.compile(r"(?<=[\d\s])(?:mg|rng|mq|m9)(?![a-z])"), "mg"),
)


def _digits(match: re.Match[str]) -> str:
    """A run of digits with O, l, I or | among them, as the digits it stands for ("1ooo" is 1000).
    Letters at its start that end a word ("cholecalciferol25") are left to the word."""
    run, text = match.group(), match.string
    start = 0
    if match.start() > 0 and text[match.start() - 1].isalpha():
        while start < len(run) and not run[start].isdigit():
            start += 1
    if not any(c.isdigit() for c in run[start:]):
        return run
    return run[:start] + "".join(_CONFUSABLE.get(c, c) for c in run[start:])


_IU_MISREAD = re.compile(r"(?<=[\d\s(,.])[lI|!]\.?\s?[uU]\.?(?![A-Za-z])")  # "400 lU", "(1,000lU)"


def _normal(text: str) -> str:
    """Lower case, OCR's confusions undone, spaces kept only before a number."""
    t = unicodedata.normalize("NFKC", text)
    t = _RUN.sub(_digits, _IU_MISREAD.sub("iu", t)).lower()
    for pattern, unit in _UNITS:
        t = pattern.sub(unit, t)
    t = re.sub(r"(?<=[a-z0-9])\s+(?=\d)", "#", t)  # "D3 25 mcg", "D 25 mcg": the 25 stays apart
    t = re.sub(r"\s+", "", t)
    return t.replace("#", " ")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


# Rows -----------------------------------------------------------------------------------------

_NAMES = (
    (CALCIUM, re.compile(r"calc[i1l]um")),
    (MAGNESIUM, re.compile(r"magnes[i1l]um")),
    (VITAMIN_D, re.compile(r"v[i1l]tam[i1l]nd(?P<d>[23](?![\d.,]))?")),
)
_NUMBER = r"\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d{1,2})?"  # "1,000" and "2.000" are thousands
_AMOUNT = re.compile(rf"(?P<n>{_NUMBER})\s?(?P<unit>mg|mcg|iu|g)(?![a-z])")
_IU = re.compile(rf"\((?P<n>{_NUMBER})\s?iu\)?")
_DV = re.compile(rf"(?P<n>{_NUMBER})\s?%")
_FORM = re.compile(r"\((?:as|from)(?P<form>[a-z][a-z0-9-]*)\)?")


def _number(text: str) -> float:
    if re.fullmatch(r"\d+[.,]\d{1,2}", text):  # "12.5", or "12,5" with a decimal comma
        return float(text.replace(",", "."))
    return float(re.sub(r"[.,]", "", text))


def _form(nutrient: Nutrient, squashed: str) -> str | None:
    """The table's name of a form named without its spaces ("calciumcarbonate"), else ``None``."""
    if nutrient is VITAMIN_D:
        return squashed if squashed in VITAMIN_D_FORMS else None
    names = {_squash(form.name.split(" (")[0]): form.name for form in supplement_forms() if form.mineral is nutrient}
    aliases = {"tricalciumphosphate": "tricalcium phosphate", "dicalciumphosphate": "dicalcium phosphate"}
    names |= {said: found.name for said, alias in aliases.items() if (found := find_form(nutrient, alias))}
    close = difflib.get_close_matches(squashed, list(names), n=1, cutoff=0.85)  # "magnesiomoxide"
    return names[close[0]] if close else None


# Names misread by a letter or two ("Caleium", "Magmesium"): taken only when the %DV confirms the
# amount. No other nutrient on a panel comes this close (manganese to magnesium: 0.67).
_NEAR_NAMES = ((CALCIUM, "calcium"), (MAGNESIUM, "magnesium"))
NEAR = 0.8


def _name(t: str) -> tuple[Nutrient, int, bool, bool] | None:
    """The nutrient a line begins with, where its name ends, whether the name was read exactly,
    and whether the figures that follow could be read two ways (vitamin D only)."""
    for nutrient, pattern in _NAMES:
        if (m := pattern.match(t)) is not None:
            # "Vitamin D325 mcg": D3 and 25 mcg, or D and 325? Only its IU or %DV could tell.
            two_ways = nutrient is VITAMIN_D and m["d"] is None and re.match(r"[23]\d", t[m.end() :]) is not None
            return nutrient, m.end(), True, two_ways
    word = re.match(r"[a-z]+", t)
    for nutrient, spelled in _NEAR_NAMES:
        if word is not None and difflib.SequenceMatcher(None, word.group(), spelled).ratio() >= NEAR:
            return nutrient, word.end(), False, False
    return None


def _row(line: Line) -> Reading | None:
    """A nutrient's line ("Calcium (as calcium carbonate) 600 mg 46%"), or ``None`` for another line."""
    t = _normal(line.text)
    t = re.sub(r"^[^a-z]+", "", t)
    named = _name(t)
    if named is None:
        return None
    nutrient, end, exact, two_ways = named
    rest = t[end:]
    form = None
    if (f := _FORM.match(rest)) is not None:
        form = _form(nutrient, _squash(f["form"]))
        rest = rest[f.end() :]
    if nutrient is not VITAMIN_D and re.match(r"[a-z]", rest) and f is None:
        # "Calcium carbonate USP 750 mg" (a Drug Facts panel, an ingredient list): the compound's
        # weight, not the mineral's. Asked about, never taken.
        return Reading(nutrient, None, doubt=Doubt.UNCLEAR)
    reading = _figures(nutrient, rest, form, line.score, two_ways=two_ways)
    if not exact and (reading.dv_percent is None or reading.estimated) and reading.doubt is None:
        return replace(reading, amount=None, doubt=Doubt.UNCLEAR)  # a misread name, nothing to confirm it
    return reading


def _figures(nutrient: Nutrient, rest: str, form: str | None, score: float, *, two_ways: bool) -> Reading:
    """The amount, IU and %DV after a nutrient's name, checked against each other."""
    amount = _AMOUNT.search(rest)
    iu = _IU.search(rest)
    dv = _DV.search(rest[amount.end() :] if amount else rest)
    reading = Reading(nutrient, None, form=form, dv_percent=_number(dv["n"]) if dv else None)
    if two_ways or score < MIN_SCORE:
        return replace(reading, doubt=Doubt.UNCLEAR)
    value = _number(amount["n"]) if amount else None
    unit = amount["unit"] if amount else None
    if unit == "g" and value is not None:
        value, unit = value * 1000, "mg"
    if nutrient is VITAMIN_D:
        printed_iu = _number(iu["n"]) if iu else (value if unit == "iu" else None)
        reading = replace(reading, iu=printed_iu)
        if unit == "iu":
            value = None if printed_iu is None else printed_iu / IU_PER_MCG_VITAMIN_D
        elif unit == "mcg" and printed_iu is not None and abs(value * IU_PER_MCG_VITAMIN_D - printed_iu) > 1:  # type: ignore[operator]
            return replace(reading, doubt=Doubt.DISAGREE)
        elif unit not in (None, "mcg"):
            return replace(reading, doubt=Doubt.UNCLEAR)
    elif unit not in (None, "mg"):
        return replace(reading, doubt=Doubt.UNCLEAR)
    if value is None:
        if dv is None or re.search(r"\d", rest[: rest.find(dv.group())]):  # an amount there, not made out
            return replace(reading, doubt=Doubt.UNCLEAR)
        estimate = round(_number(dv["n"]) * DAILY_VALUES[nutrient] / 100, 1)
        return _plausible(replace(reading, amount=estimate, estimated=True))
    if reading.dv_percent is not None and not _agrees(nutrient, value, reading.dv_percent):
        return replace(reading, doubt=Doubt.DISAGREE)
    return _plausible(replace(reading, amount=value))


def _agrees(nutrient: Nutrient, amount: float, percent: float) -> bool:
    """An amount and its printed %DV agree on the current or the older Daily Values (labels
    round the %DV to a whole number)."""
    return any(abs(amount / table[nutrient] * 100 - percent) <= 1.0 for table in (DAILY_VALUES, OLD_DAILY_VALUES))


def _plausible(reading: Reading) -> Reading:
    amount = reading.amount or 0.0
    counted = amount * IU_PER_MCG_VITAMIN_D if reading.nutrient is VITAMIN_D else amount
    if not 0 < counted <= MAX_PER_DOSE[reading.nutrient]:
        return replace(reading, amount=None, doubt=Doubt.IMPLAUSIBLE)
    return reading


def _form_line(line: Line, nutrient: Nutrient) -> str | None:
    """A line holding only "(as calcium carbonate)", under its nutrient's name."""
    t = _normal(line.text)
    m = re.fullmatch(r"[^a-z(]*\(?(?:as|from)(?P<form>[a-z-]+)\)?[^a-z]*", t)
    return _form(nutrient, _squash(m["form"])) if m else None


# Serving size ---------------------------------------------------------------------------------

MAX_SERVING = 20  # units in one serving: more is a misread
_COUNTS = {"one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "1/2": 0.5, "half": 0.5}
_SERVING_UNITS = (
    "chewable tablets", "chewable tablet", "vegetarian capsules", "vegetarian capsule", "veggie capsules",
    "tablets", "tablet", "capsules", "capsule", "softgels", "softgel", "caplets", "caplet", "gummies", "gummy",
    "chewables", "chewable", "scoops", "scoop", "packets", "packet", "teaspoons", "teaspoon", "tsp", "drops", "drop",
    "lozenges", "lozenge", "wafers", "wafer", "ml",
)  # fmt: skip
# Each unit a label names (singular, as _SERVING_UNITS has it), said with its count.
# TRANSLATORS: a label's serving size, {n} the count (a whole number or a fraction, 1.5)
_SERVING_WORDS: dict[str, Callable[[Texts, float], str]] = {
    "chewable tablet": lambda t, n: t.ngettext("{n} chewable tablet", "{n} chewable tablets", n),
    "vegetarian capsule": lambda t, n: t.ngettext("{n} vegetarian capsule", "{n} vegetarian capsules", n),
    "veggie capsule": lambda t, n: t.ngettext("{n} vegetarian capsule", "{n} vegetarian capsules", n),
    "tablet": lambda t, n: t.ngettext("{n} tablet", "{n} tablets", n),
    "capsule": lambda t, n: t.ngettext("{n} capsule", "{n} capsules", n),
    "softgel": lambda t, n: t.ngettext("{n} softgel", "{n} softgels", n),
    "caplet": lambda t, n: t.ngettext("{n} caplet", "{n} caplets", n),
    "gummy": lambda t, n: t.ngettext("{n} gummy", "{n} gummies", n),
    "chewable": lambda t, n: t.ngettext("{n} chewable tablet", "{n} chewable tablets", n),
    "scoop": lambda t, n: t.ngettext("{n} scoop", "{n} scoops", n),
    "packet": lambda t, n: t.ngettext("{n} packet", "{n} packets", n),
    "teaspoon": lambda t, n: t.ngettext("{n} teaspoon", "{n} teaspoons", n),
    "tsp": lambda t, n: t.ngettext("{n} teaspoon", "{n} teaspoons", n),
    "drop": lambda t, n: t.ngettext("{n} drop", "{n} drops", n),
    "lozenge": lambda t, n: t.ngettext("{n} lozenge", "{n} lozenges", n),
    "wafer": lambda t, n: t.ngettext("{n} wafer", "{n} wafers", n),
    "ml": lambda t, n: t.ngettext("{n} ml", "{n} ml", n),
}
_SERVING = re.compile(
    r"serv[a-z]{2,4}s[il1]z[ec]:? ?"  # "Serving Size", "Servang Size"
    r"(?P<count>\d+(?:\.\d+)?|one|two|three|four|five|six|1/2|half|[il|](?=[a-z]))(?P<unit>[a-z]+)"
)


def _serving(normal: str) -> Serving | None:
    m = _SERVING.search(normal)
    if m is None:
        return None
    count = _COUNTS.get(m["count"]) or (1.0 if m["count"] in "il|" else float(m["count"]))
    unit = _serving_unit(m["unit"])
    return Serving(count, unit) if unit is not None and 0 < count <= MAX_SERVING else None


def _serving_unit(said: str) -> str | None:
    """The unit a label names ("chewabletablets"), as the table spells it."""
    unit = next((u for u in _SERVING_UNITS if said.startswith(u.replace(" ", ""))), None)
    if unit is None:  # one letter misread ("softgcls")
        close = difflib.get_close_matches(said, [u.replace(" ", "") for u in _SERVING_UNITS], n=1, cutoff=0.75)
        unit = next((u for u in _SERVING_UNITS if close and u.replace(" ", "") == close[0]), None)
    return unit


def _serving_said(typed: str, t: Texts) -> Serving | None:
    """A serving size typed the way CaMag says it in the person's language ("Portionsgröße 2
    Tabletten", "размер порции 1 мягкая капсула"): a count, then a unit's word in any of its forms."""
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*(\w[\w\s-]*)", typed.lower())
    if m is None:
        return None
    count, words = float(m[1].replace(",", ".")), " ".join(m[2].split())
    said = {
        form.split(" ", 1)[1].lower(): unit
        for unit, say in _SERVING_WORDS.items()
        for n in (1, 2, 5)
        if " " in (form := say(t, n))
    }
    unit = next((said[w] for w in sorted(said, key=len, reverse=True) if words.startswith(w)), None)
    return Serving(count, unit) if unit is not None and 0 < count <= MAX_SERVING else None


# Drug Facts -----------------------------------------------------------------------------------

_DRUG_FACTS = re.compile(r"drugfacts|activeingredients?\(")
_PER_UNIT = re.compile(r"activeingredients?\(ineach(?P<unit>[a-z]+)\)")
_MINERAL = r"(?:calc[i1l]um|magnes[i1l]um)"
# The panel's sections after its active ingredients, in the order 21 CFR 201.66 sets.
_SECTIONS = re.compile(r"[^a-z]*(?:uses|warnings|directions|otherinformation|inactive|questions)")
_ACTIVE_NAME = re.compile(r"[^a-z]*(?P<name>[a-z]+)")  # "Calcium carbonate USP": calciumcarbonateusp
_GRADE = re.compile(r"(?:u?sp|us|up)$")  # USP, the pharmacopoeia's grade, or what OCR leaves of it
# Its weight: "750 mg ..... Antacid"; OCR reads "USP 750 mg" as "SP 750 g" in some fonts
_WEIGHT = re.compile(rf" ?(?P<n>{_NUMBER}) ?(?P<unit>m?g)")
_CONTAINS = re.compile(r"contains|provides")
_NEXT_PART = re.compile(r"[•·*]|inactive|questions|directions|warnings|uses")  # where a sentence ends
_ELEMENT = re.compile(rf"(?:elemental)?(?P<name>{_MINERAL}):? ?(?P<n>{_NUMBER}) ?mg")  # "300mgsodium"
AGREE = 0.1  # a label's mineral within 10% of its compound's weight times the form's share


def _mineral(name: str) -> Nutrient:
    return CALCIUM if name.startswith("calc") else MAGNESIUM


def _active_form(name: str) -> tuple[Nutrient, str] | None:
    """The mineral and the table's form an active ingredient's name gives ("calciucarbonate":
    calcium carbonate), or ``None`` for another active ingredient (famotidine, simethicone)."""
    name = _GRADE.sub("", name)
    found = [(n, form) for n in (CALCIUM, MAGNESIUM) if (form := _form(n, name)) is not None]
    return found[0] if len(found) == 1 else None


Active = tuple[float | None, str, float]  # the compound's weight (None: not made out), its form, how sure
# A weight that is the only source of the mineral's amount, with no figure to check it against: read
# at least this sure. OCR merges repeated digits on the dot leader that follows it ("USP 500 mg ....."
# read as "USP 50 mg" at 0.84, the second reading agreeing), so the line's usual bar is not enough.
SURE_ALONE = 0.9


def _actives(found: Sequence[Line], texts: Sequence[str]) -> dict[Nutrient, Active]:
    """The minerals' active ingredients, from the lines above the panel's first section: each
    one's form, and its weight where it is made out. A weight OCR was unsure of, or read in grams
    ("SP 750 g": no tablet holds 750 g, so the m was lost, and perhaps more), is not sure."""
    actives: dict[Nutrient, Active] = {}
    top = next((i for i, t in enumerate(texts) if _SECTIONS.match(t)), len(texts))
    for line, t in zip(found[:top], texts[:top], strict=True):
        if (m := _ACTIVE_NAME.match(t)) is None or (known := _active_form(m["name"])) is None:
            continue
        nutrient, form = known
        weight = _WEIGHT.match(t, m.end())
        compound = _number(weight["n"]) if weight else None
        if weight and weight["unit"] == "g" and compound is not None and compound < 50:
            compound = None  # grams, perhaps: not taken as anything
        score = line.score if weight is not None and weight["unit"] == "mg" else 0.0  # grams: m lost, and more?
        actives.setdefault(nutrient, (compound, form, score))
    return actives


def _drug_facts(found: Sequence[Line]) -> LabelReading:
    """Calcium and magnesium per unit on a Drug Facts panel: the mineral as "Other information"
    gives it, checked against the active ingredient's weight, or worked out from that weight."""
    texts = [_normal(line.text) for line in found]
    actives = _actives(found, texts)
    minerals: dict[Nutrient, list[tuple[float, float]]] = {}  # each figure given, with its line's score
    for i, t in enumerate(texts):
        if (c := _CONTAINS.search(t)) is None:
            continue
        # The sentence may go on over the next lines, up to the next bullet or section.
        after = itertools.takewhile(lambda line: not _NEXT_PART.match(_normal(line.text)), found[i + 1 : i + 4])
        parts = [(t[c.end() :], found[i].score), *((" " + _normal(line.text), line.score) for line in after)]
        said = "".join(part for part, _ in parts)
        starts = [0, *itertools.accumulate(len(part) for part, _ in parts)]
        for m in _ELEMENT.finditer(said):  # each figure as sure as the lines it is on
            on = [
                score
                for (part, score), start in zip(parts, starts, strict=False)  # starts has one more
                if start < m.end() and start + len(part) > m.start()
            ]
            minerals.setdefault(_mineral(m["name"]), []).append((_number(m["n"]), min(on)))
    unit = next((_serving_unit(per["unit"]) for t in texts if (per := _PER_UNIT.search(t)) is not None), None)
    items = tuple(_drug_item(n, actives.get(n), minerals.get(n, [])) for n in dict.fromkeys((*actives, *minerals)))
    return LabelReading(items=items, serving=Serving(1.0, unit) if unit else None, drug_facts=True)


def _drug_item(nutrient: Nutrient, active: Active | None, given: list[tuple[float, float]]) -> Reading:
    """The mineral "Other information" gives, read sure, and not contradicted by its compound's
    weight; else the mineral worked out from a weight read surer still. A weight read unsure checks a
    figure it agrees with, and makes one it contradicts a question, without itself being said back."""
    compound, form, score = active or (None, None, 0.0)
    sure = score >= MIN_SCORE
    reading = Reading(nutrient, None, form=form, compound=compound)
    values = {value for value, _ in given}
    if len(values) > 1:
        return replace(reading, doubt=Doubt.TWICE)
    if any(score < MIN_SCORE for _, score in given):
        return replace(reading, doubt=Doubt.UNCLEAR)
    known = find_form(nutrient, form) if form else None
    if values:
        value = values.pop()
        if compound is not None:
            low, high = (known.elemental_percent_low, known.elemental_percent_high) if known else (0.0, 100.0)
            if not compound * low / 100 * (1 - AGREE) <= value <= compound * high / 100 * (1 + AGREE):
                if not sure:  # a weight perhaps misread is not said back
                    return replace(reading, compound=None, doubt=Doubt.UNCLEAR)
                return replace(reading, doubt=Doubt.DISAGREE)
        return _plausible(replace(reading, amount=value))
    if compound is not None and score < SURE_ALONE:
        return replace(reading, compound=None, doubt=Doubt.UNCLEAR)
    if compound is None or known is None or known.elemental_percent_low != known.elemental_percent_high:
        return replace(reading, doubt=Doubt.COMPOUND)
    share = known.elemental_percent_low
    return _plausible(replace(reading, amount=round(compound * share / 100, 1), share=share))


# The label ------------------------------------------------------------------------------------


def read_label(boxes: Sequence[Box]) -> LabelReading:
    """Calcium, magnesium and vitamin D on the label in ``boxes``, in the label's order."""
    found = lines(boxes)
    if any(_DRUG_FACTS.search(_normal(line.text)) for line in found):
        return _drug_facts(found)
    items: list[Reading] = []
    for line in found:
        row = _row(line)
        if row is not None:
            items.append(row)
        elif items and items[-1].form is None:
            form = _form_line(line, items[-1].nutrient)
            if form is not None:
                items[-1] = replace(items[-1], form=form)
    seen = [i.nutrient for i in items]
    items = [replace(i, amount=None, doubt=Doubt.TWICE) if seen.count(i.nutrient) > 1 else i for i in items]
    unique = {i.nutrient: i for i in items}  # a nutrient on the label twice: one entry, in doubt
    serving = next((s for line in found if (s := _serving(_normal(line.text))) is not None), None)
    return LabelReading(
        items=tuple(unique[n] for n in dict.fromkeys(seen)), serving=serving, line_missing=_line_missing(found)
    )


def read_servings(text: str, *, t: Texts = ENGLISH) -> float:
    """How many servings a day, as typed ("2", "two", "1.5", "twice a day")."""
    said = text.strip().lower()
    words = {"once": 1.0, "twice": 2.0, "thrice": 3.0, **_COUNTS}
    m = re.search(r"\d+(?:[.,]\d+)?", said)
    count = _number(m.group()) if m else next((v for w, v in words.items() if re.search(rf"\b{w}\b", said)), None)
    if count is None or not 0 < count <= MAX_SERVINGS_PER_DAY:
        raise ParseError(
            t._(
                "How many servings a day? Please type a number from 1 to {most}, like 2.",
                most=t.number(MAX_SERVINGS_PER_DAY),
            )
        )
    return count
