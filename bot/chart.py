"""The picture: calcium against magnesium, with the articles' 1:1 line and the traditional 2:1.

Pure (assessment in, PNG bytes out) and CPU-bound: the bot runs it in a worker thread. It uses
matplotlib's object API with the Agg canvas, never pyplot's global state, so renders in
different threads do not share anything.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.history import Period
from camag_core import Assessment

TARGET_COLOUR = "#2e7d32"
TRADITIONAL_COLOUR = "#9e9e9e"
YOU_COLOUR = "#1565c0"


def render(assessment: Assessment) -> bytes:
    calcium = assessment.calcium_mg
    magnesium = assessment.magnesium_mg
    top = max(800.0, calcium.total * 1.25, magnesium.total * 2.5)
    figure = Figure(figsize=(6, 4.5), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    right = top  # the magnesium axis shows the same span as the calcium axis
    axes.fill_between([0, right], [0, right * 0.8], [0, right * 1.25], color=TARGET_COLOUR, alpha=0.12, lw=0)
    axes.plot([0, right], [0, right], color=TARGET_COLOUR, lw=2, label="1:1 – the articles' target")
    axes.plot([0, right / 2], [0, right], color=TRADITIONAL_COLOUR, lw=1.5, ls="--", label="2:1 – traditional")
    known = calcium.total > 0 or magnesium.total > 0
    if known:
        marker = "^" if calcium.at_least else ("<" if magnesium.at_least else "o")
        axes.scatter([magnesium.total], [calcium.total], s=120, color=YOU_COLOUR, marker=marker, zorder=3, label="You")
        ratio = "?" if assessment.ratio is None else f"{assessment.ratio:.1f}:1"
        prefix = {"at_least": "≥ ", "at_most": "≤ "}.get(assessment.ratio_bound.value, "")
        axes.annotate(
            f"You: {prefix}{ratio}",
            (magnesium.total, calcium.total),
            textcoords="offset points",
            xytext=(10, -14),
            color=YOU_COLOUR,
            fontweight="bold",
        )
    axes.set_xlim(0, right)
    axes.set_ylim(0, top)
    axes.set_xlabel("Magnesium, mg a day")
    axes.set_ylabel("Calcium, mg a day")
    axes.set_title(assessment.balance.headline, fontsize=11)
    axes.grid(alpha=0.25)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    if calcium.at_least or magnesium.at_least:
        figure.text(0.99, 0.01, "▲/◀: at least (some answers unknown)", ha="right", fontsize=7, color="#555")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def render_history(month: Period, today: date) -> bytes:
    """The last 30 days: each day's ratio against the 1:1 line, and which days had supplements."""
    figure = Figure(figsize=(6, 3.6), dpi=100)
    FigureCanvasAgg(figure)
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
    axes.set_title(
        f"Last {month.days} days · supplements taken on {month.took_all + month.took_some} days", fontsize=10
    )
    axes.grid(alpha=0.25)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
