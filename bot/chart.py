"""The pictures: where the person stands against their own reference value and upper limit for
each nutrient, and the last 30 days' ratios.

Pure (data in, PNG bytes out) and CPU-bound: the bot runs them in a worker thread. matplotlib is
used through its object API with the Agg canvas, never pyplot's global state. :func:`rows` is the
picture's content as data (tested on its own); :func:`render` draws it, sized and lettered for a
phone screen. Nothing not known is drawn: a total known only as "at least" ends in an arrow, a
range shows its uncertain part hatched, and a nutrient with nothing known is left out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from camag_core import Assessment
from camag_core.assessment import Intake, Reference, UpperLimit
from camag_core.daily import Period

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TARGET_COLOUR = "#2e7d32"
TRADITIONAL_COLOUR = "#9e9e9e"
YOU_COLOUR = "#1565c0"
FOOD_COLOUR = "#90caf9"
LIMIT_COLOUR = "#c62828"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 6.4, 4.0, 125  # 800 x 500 pixels: sharp on a phone


@dataclass(frozen=True, slots=True)
class Row:
    """One bar: a nutrient (or magnesium from supplements), in % of the person's RDA/AI."""

    label: str
    food: float  # % of the reference, known part
    supplements: float
    high: float | None  # % the total may reach (a range); None when it has no upper end
    at_least: bool
    reference: float | None  # where 100% of the RDA/AI is, or None when the scale is the limit
    limit: float | None  # the upper limit in the same %
    limit_label: str


def _percent(value: float, of: float) -> float:
    return 100 * value / of


def _row(label: str, intake: Intake, scale: float, limit: UpperLimit | None, by_reference: bool) -> Row | None:
    if intake.at_least and intake.total == 0:
        return None  # nothing known: nothing drawn
    limit_at = None
    if limit is not None and limit.amount is not None and limit.covers == "total":
        limit_at = _percent(limit.amount, scale)
    return Row(
        label=label,
        food=_percent(intake.diet, scale),
        supplements=_percent(intake.supplements, scale),
        high=None if intake.total_max is None else _percent(intake.total_max, scale),
        at_least=intake.at_least,
        reference=100.0 if by_reference else None,
        limit=limit_at,
        limit_label="upper limit",
    )


def _supplemental_magnesium(a: Assessment, scale: float, by_reference: bool) -> Row | None:
    limit = (a.upper_limits or {}).get("magnesium")
    m = a.magnesium_mg
    if limit is None or limit.amount is None or (m.supplements_known and m.supplements == 0):
        return None
    if not m.supplements_known and m.supplements == 0:
        return None
    return Row(
        label="Magnesium,\nsupplements",
        food=0.0,
        supplements=_percent(m.supplements, scale),
        high=None if m.supplements_max is None else _percent(m.supplements_max, scale),
        at_least=m.supplements_max is None,
        reference=None,
        limit=_percent(limit.amount, scale),
        limit_label="limit for supplements",
    )


def rows(a: Assessment) -> tuple[str, list[Row]]:
    """The bars of the balance picture, and what their scale is."""
    references: dict[str, Reference] = a.reference or {}
    limits = a.upper_limits or {}
    found: list[Row] = []
    by_reference = bool(references)
    for key, label, intake in (
        ("calcium", "Calcium", a.calcium_mg),
        ("magnesium", "Magnesium", a.magnesium_mg),
        ("vitamin_d", "Vitamin D", a.vitamin_d_iu),
    ):
        limit = limits.get(key)
        if by_reference:
            scale = references[key].amount
        elif limit is not None and limit.amount is not None:
            scale = limit.amount
        else:
            continue
        # without a reference value the scale is the limit: magnesium's covers supplements only
        row = _row(label, intake, scale, limit, by_reference) if by_reference or key != "magnesium" else None
        if row is not None:
            found.append(row)
        if key == "magnesium" and (extra := _supplemental_magnesium(a, scale, by_reference)):
            found.append(extra)
    unit = "% of your RDA/AI" if by_reference else "% of the upper limit that applies"
    return unit, found


def _title(a: Assessment) -> str:
    low, high = a.ratio_low, a.ratio_high
    if a.ratio is None:
        return "Calcium : magnesium not known yet"
    if a.ratio_bound == "between" and low is not None and high is not None:
        return f"Calcium : magnesium between {low:.1f} and {high:.1f} : 1"
    prefix = {"at_least": "at least ", "at_most": "at most "}.get(a.ratio_bound.value, "about ")
    return f"Calcium : magnesium {prefix}{a.ratio:.1f} : 1   (articles: 1 : 1)"


def _figure(width: float, height: float, dpi: int) -> Figure:
    """A figure on an Agg canvas. matplotlib is imported here, at the first picture (in a worker
    thread), not at start-up: it is a quarter of a second and about 30 MB the bot needs only then."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def warm() -> None:
    """Load matplotlib and its fonts (a quarter of a second) ahead of the first picture."""
    figure = _figure(1, 1, 72)
    figure.text(0.5, 0.5, "CaMag")
    figure.savefig(io.BytesIO(), format="png")


def render(a: Assessment) -> bytes:
    """Each nutrient against the person's RDA/AI (100%) and upper limit, food and supplements
    stacked; the ratio in the title."""
    unit, bars = rows(a)
    figure = _figure(WIDTH_INCHES, HEIGHT_INCHES, DPI)
    axes = figure.add_subplot()
    figure.subplots_adjust(left=0.2, right=0.96, top=0.88, bottom=0.2)
    ends = [b.food + b.supplements for b in bars] + [b.high or 0 for b in bars] + [b.limit or 0 for b in bars]
    top = max(150.0, *(e * 1.15 for e in ends)) if bars else 150.0
    top = min(top, 1000.0)
    for y, bar in enumerate(reversed(bars)):
        known = bar.food + bar.supplements
        axes.barh(y, min(bar.food, top), color=FOOD_COLOUR, height=0.6, label="from food" if y == 0 else None)
        axes.barh(y, min(bar.supplements, top), left=min(bar.food, top), color=YOU_COLOUR, height=0.6,
                  label="from supplements" if y == 0 else None)  # fmt: skip
        if bar.high is not None and bar.high > known:
            axes.barh(y, min(bar.high, top) - known, left=known, color="white", edgecolor=YOU_COLOUR, hatch="///",
                      height=0.6, label="may be up to" if y == 0 else None)  # fmt: skip
        if bar.at_least:
            axes.annotate("", xy=(min(known + top * 0.08, top), y), xytext=(known, y),
                          arrowprops={"arrowstyle": "->", "color": YOU_COLOUR, "lw": 2})  # fmt: skip
        if bar.limit is not None and bar.limit <= top:
            axes.plot([bar.limit, bar.limit], [y - 0.42, y + 0.42], color=LIMIT_COLOUR, lw=3)
            axes.text(bar.limit, y + 0.45, bar.limit_label, color=LIMIT_COLOUR, fontsize=8, ha="center", va="bottom")
    if any(b.reference is not None for b in bars):
        axes.axvline(100, color=TARGET_COLOUR, lw=2, ls="--")
        axes.text(102, -0.55, "your RDA", color=TARGET_COLOUR, fontsize=9, ha="left", va="bottom")
    axes.set_yticks(range(len(bars)), [b.label for b in reversed(bars)], fontsize=11)
    axes.set_ylim(-0.6, len(bars) - 0.2)
    axes.set_xlim(0, top)
    axes.set_xlabel(unit, fontsize=10)
    axes.set_title(_title(a), fontsize=12)
    axes.grid(axis="x", alpha=0.25)
    if bars:
        figure.legend(loc="lower center", ncols=3, fontsize=9, frameon=False)
    else:
        axes.text(top / 2, 0, "Nothing known yet to draw", ha="center", fontsize=11)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def render_history(month: Period, today: date) -> bytes:
    """The last 30 days: each day's ratio against the 1:1 line, and which days had supplements."""
    figure = _figure(6, 3.6, 100)
    figure.subplots_adjust(left=0.11, right=0.97, bottom=0.12, top=0.9)
    axes = figure.add_subplot()
    start = today - timedelta(days=month.days - 1)
    days = [start + timedelta(days=i) for i in range(month.days)]
    if month.ratios:
        xs = [(day - start).days for day, _ in month.ratios]
        ys = [ratio for _, ratio in month.ratios]
        axes.plot(xs, ys, marker="o", color=YOU_COLOUR, label="Your ratio")
    axes.axhline(1.0, color=TARGET_COLOUR, lw=2, label="1:1 – the articles' target")
    axes.axhline(2.0, color=TRADITIONAL_COLOUR, lw=1.5, ls="--", label="2:1 – traditional")
    top = max([2.5, *(r * 1.15 for _, r in month.ratios)])
    axes.set_ylim(0, top)
    axes.set_xlim(-0.5, month.days - 0.5)
    ticks = list(range(0, month.days, 7))
    axes.set_xticks(ticks, [days[i].strftime("%d %b") for i in ticks])
    axes.set_ylabel("Calcium : magnesium")
    taken = month.took_all + month.took_some
    axes.set_title(
        f"Last {month.days} day{'s' if month.days != 1 else ''} · supplements taken on {taken} "
        f"day{'s' if taken != 1 else ''}",
        fontsize=10,
    )
    axes.grid(alpha=0.25)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
