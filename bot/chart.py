"""The pictures: where the person stands against their own reference value and upper limit for
each nutrient, and the last 30 days' ratios.

Pure (data in, JPEG bytes out) and CPU-bound: the bot runs them in a worker thread. matplotlib is
used through its object API with the Agg canvas, never pyplot's global state. :func:`rows` is the
picture's content as data (tested on its own); :func:`render` draws it, sized and lettered for a
phone screen. Nothing not known is drawn: a total known only as "at least" ends in an arrow, a
range shows its uncertain part hatched, and a nutrient with nothing known is left out.

Most of a balance picture is its frame (axes, ticks, labels, legend), shared by everyone with the
same nutrients on the same scale: a frame is drawn once and kept, and each picture draws only the
person's bars, limits and title over a copy of its pixels (matplotlib's blitting). Titles repeat
(a ratio's first figure), so each frame keeps the pixels of its last few; the person's bars are
drawn without being added to the shared axes. A picture is about 9 ms of CPU, against 45 drawn
whole; :func:`warm` draws one ahead of the first picture asked for.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from babel.dates import format_skeleton
from babel.numbers import format_decimal

from camag_core import Assessment
from camag_core.assessment import Intake, Reference, UpperLimit
from camag_core.balance import ratio_figure
from camag_core.daily import Period
from camag_core.i18n import ENGLISH, Texts
from camag_core.nutrients import CALCIUM, MAGNESIUM, VITAMIN_D

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg

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


def _row(
    label: str, intake: Intake, scale: float, limit: UpperLimit | None, by_reference: bool, t: Texts
) -> Row | None:
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
        # TRANSLATORS: the chart's mark of a nutrient's upper limit, over its bar (short)
        limit_label=t._("upper limit"),
    )


def _supplemental_magnesium(a: Assessment, scale: float, t: Texts) -> Row | None:
    limit = (a.upper_limits or {}).get("magnesium")
    m = a.magnesium_mg
    if limit is None or limit.amount is None or (m.supplements_known and m.supplements == 0):
        return None
    if not m.supplements_known and m.supplements == 0:
        return None
    return Row(
        # TRANSLATORS: a bar's name on the chart, on two lines (\n): magnesium from supplements alone
        label=t._("Magnesium,\nsupplements"),
        food=0.0,
        supplements=_percent(m.supplements, scale),
        high=None if m.supplements_max is None else _percent(m.supplements_max, scale),
        at_least=m.supplements_max is None,
        reference=None,
        limit=_percent(limit.amount, scale),
        # TRANSLATORS: the chart's mark of the upper limit for supplemental magnesium (short)
        limit_label=t._("limit for supplements"),
    )


def rows(a: Assessment, *, t: Texts = ENGLISH) -> tuple[str, list[Row]]:
    """The bars of the balance picture, and what their scale is."""
    references: dict[str, Reference] = a.reference or {}
    limits = a.upper_limits or {}
    found: list[Row] = []
    by_reference = bool(references)
    for key, label, intake in (
        ("calcium", t._(CALCIUM.label), a.calcium_mg),
        ("magnesium", t._(MAGNESIUM.label), a.magnesium_mg),
        ("vitamin_d", t._(VITAMIN_D.label), a.vitamin_d_iu),
    ):
        limit = limits.get(key)
        if by_reference:
            scale = references[key].amount
        elif limit is not None and limit.amount is not None:
            scale = limit.amount
        else:
            continue
        # without a reference value the scale is the limit: magnesium's covers supplements only
        row = _row(label, intake, scale, limit, by_reference, t) if by_reference or key != "magnesium" else None
        if row is not None:
            found.append(row)
        if key == "magnesium" and (extra := _supplemental_magnesium(a, scale, t)):
            found.append(extra)
    # TRANSLATORS: the chart's x axis, the bars in % of the person's reference values
    unit = t._("Share of your RDA/AI (%)") if by_reference else t._("Share of the upper limit that applies (%)")
    return unit, found


def _figure(value: float, t: Texts) -> str:
    """A ratio's figure as the text shows it (:func:`ratio_figure`), written the locale's way: 3.2 / 3,2."""
    return format_decimal(float(ratio_figure(value)), "0.0", locale=t.locale)


def _title(a: Assessment, t: Texts = ENGLISH) -> str:
    low, high = a.ratio_low, a.ratio_high
    if a.ratio is None:
        return t._("Calcium : magnesium not known yet")
    if a.ratio_bound == "between" and low is not None and high is not None and ratio_figure(low) != ratio_figure(high):
        # TRANSLATORS: the chart's title; {low}, {high}: ratios' first figures ("1.5", "2.1")
        return t._("Calcium : magnesium between {low} and {high} : 1", low=_figure(low, t), high=_figure(high, t))
    figure = _figure(a.ratio, t)
    if a.ratio_bound == "at_least":
        return t._("Calcium : magnesium at least {figure} : 1   (articles: 1 : 1)", figure=figure)
    if a.ratio_bound == "at_most":
        return t._("Calcium : magnesium at most {figure} : 1   (articles: 1 : 1)", figure=figure)
    # TRANSLATORS: the chart's title: the person's ratio, and the articles' 1 : 1 beside it
    return t._("Calcium : magnesium about {figure} : 1   (articles: 1 : 1)", figure=figure)


def _canvas(width: float, height: float, dpi: int) -> FigureCanvasAgg:
    """An Agg canvas and its figure. matplotlib is imported here, at the first picture (in a worker
    thread), not at start-up: it is a quarter of a second and about 30 MB the bot needs only then."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    return FigureCanvasAgg(Figure(figsize=(width, height), dpi=dpi))


# Drawn ahead of the first picture: an adult with no supplements, the frame most pictures share.
WARM_ANSWERS = {"age": 40, "sex": "female", "diet": {"pattern": "western"}, "supplements": []}


def warm() -> None:
    """Draw a whole picture ahead of the first one asked for: matplotlib loaded, its fonts read at
    every size, the commonest frame drawn and the JPEG encoder ready (about half a second of CPU)."""
    from camag_core import Answers, assess

    render(assess(Answers.model_validate(WARM_ANSWERS)))


def _jpeg(canvas: FigureCanvasAgg, *, draw: bool = True) -> bytes:
    """The canvas as a JPEG, drawn whole first unless ``draw`` is false (its pixels are ready).

    Telegram keeps and shows every photo a bot sends as a JPEG of its own making, whatever was
    uploaded. A JPEG at quality 90, colour not subsampled (coloured text stays sharp), takes under
    1 ms to encode; the same picture as a PNG took 5 ms and was re-encoded by Telegram anyway."""
    from PIL import Image

    if draw:
        canvas.draw()
    # read as RGBX: the encoder skips the fourth byte itself, as convert("RGB") would drop it
    picture = Image.frombuffer("RGBX", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBX", 0, 1)
    buffer = io.BytesIO()
    picture.save(buffer, format="jpeg", quality=90, subsampling=0)
    return buffer.getvalue()


TITLES_KEPT = 32  # a frame's titles kept drawn, about 60 KB each
A = TypeVar("A", bound="Artist")
_DRAWING = threading.Lock()  # the frames' figures are shared: one picture at a time is drawn on them

# The x axis ends at one of these (% of the scale), so that pictures share their frame.
AXIS_ENDS = (150, 200, 250, 300, 400, 500, 600, 800, 1000)


@dataclass(frozen=True, slots=True)
class Frame:
    """What a balance picture shares with others: axes, ticks, labels, legend, the RDA line.
    Everything else (the bars, the limits, the title) is the person's own."""

    unit: str
    labels: tuple[str, ...]  # top to bottom
    end: int  # where the x axis ends
    reference: bool  # the bars are in % of the RDA/AI: its line at 100%
    ranges: bool  # some bar has an uncertain part: "may be up to" in the legend
    texts: Texts = ENGLISH  # the language of its legend and its marks

    @classmethod
    def of(cls, unit: str, bars: list[Row], *, t: Texts = ENGLISH) -> Frame:
        ends = [b.food + b.supplements for b in bars] + [b.high or 0 for b in bars] + [b.limit or 0 for b in bars]
        reach = max(ends, default=0) * 1.1
        return cls(
            unit=unit,
            labels=tuple(b.label for b in bars),
            end=next((end for end in AXIS_ENDS if end >= reach), AXIS_ENDS[-1]),
            reference=any(b.reference is not None for b in bars),
            ranges=any(b.high is not None and b.high > b.food + b.supplements for b in bars),
            texts=t,
        )


@dataclass(frozen=True, slots=True)
class _Drawn:
    """A frame drawn once: its pixels to start each picture from, the axes to draw the person's
    bars on, and what goes over the bars (the RDA line)."""

    canvas: FigureCanvasAgg
    background: object  # matplotlib's BufferRegion (not annotated)
    axes: Axes
    on_top: list[Artist]
    titles: dict[str, object] = field(default_factory=dict)  # title -> its pixels (BufferRegion), oldest first


@lru_cache(maxsize=6)  # about 4 MB each; a picture on another frame is drawn whole (about 45 ms)
def _drawn(frame: Frame) -> _Drawn:
    from matplotlib.patches import Patch

    canvas = _canvas(WIDTH_INCHES, HEIGHT_INCHES, DPI)
    figure = canvas.figure
    t = frame.texts
    axes = figure.add_subplot()
    figure.subplots_adjust(left=0.2, right=0.96, top=0.88, bottom=0.2)
    rows = len(frame.labels)
    axes.set_yticks(range(rows), list(reversed(frame.labels)), fontsize=11)
    axes.set_ylim(-0.6, rows - 0.2)
    axes.set_xlim(0, frame.end)
    axes.set_xlabel(frame.unit, fontsize=10)
    axes.set_title(" ", fontsize=12)  # the person's own title is drawn on it
    axes.grid(axis="x", alpha=0.25)
    on_top: list[Artist] = []
    if frame.reference:
        on_top.append(axes.axvline(100, color=TARGET_COLOUR, lw=2, ls="--"))
        # TRANSLATORS: the chart's line at 100% of the person's RDA (short)
        axes.text(102, -0.55, t._("your RDA"), color=TARGET_COLOUR, fontsize=9, ha="left", va="bottom")
    if rows:
        # TRANSLATORS: the chart's legend: the parts of a bar
        legend = [
            Patch(color=FOOD_COLOUR, label=t._("from food")),
            Patch(color=YOU_COLOUR, label=t._("from supplements")),
        ]
        if frame.ranges:
            # TRANSLATORS: the chart's legend: the hatched part of a bar, what the amount may reach
            legend.append(Patch(facecolor="white", edgecolor=YOU_COLOUR, hatch="///", label=t._("may be up to")))
        figure.legend(handles=legend, loc="lower center", ncols=3, fontsize=9, frameon=False)
    else:
        axes.text(frame.end / 2, 0, t._("Nothing known yet to draw"), ha="center", fontsize=11)
    canvas.draw()
    return _Drawn(canvas, canvas.copy_from_bbox(figure.bbox), axes, on_top)


def _placed(axes: Axes, artist: A, *, clip: bool = True) -> A:
    """``artist`` set up on ``axes`` as ``Axes.add_patch``, ``plot`` or ``text`` would (its figure,
    the data's coordinates unless it has its own, clipped to the axes), without being added: the
    axes' data limits are not worked out again for it (a third of a picture's drawing time), and
    nothing is left on the shared axes to take off afterwards."""
    artist.set_figure(axes.figure)
    if not artist.is_transform_set():
        artist.set_transform(axes.transData)
    artist.axes = axes
    if clip:
        artist.set_clip_path(axes.patch)
    return artist


def _bar(axes: Axes, y: int, bar: Row, end: int) -> list[Artist]:
    """One nutrient's bar: food and supplements stacked, the uncertain part hatched, an arrow for
    "at least", and its upper limit."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.text import Annotation, Text
    from matplotlib.transforms import IdentityTransform

    def box(left: float, width: float, **style: Any) -> Artist:
        return _placed(axes, Rectangle((min(left, end), y - 0.3), min(width, end - min(left, end)), 0.6, **style))

    known = bar.food + bar.supplements
    drawn = [box(0, bar.food, facecolor=FOOD_COLOUR, lw=0), box(bar.food, bar.supplements, facecolor=YOU_COLOUR, lw=0)]
    if bar.high is not None and bar.high > known:
        drawn.append(box(known, bar.high - known, facecolor="white", edgecolor=YOU_COLOUR, hatch="///"))
    if bar.at_least:
        arrow = {"arrowstyle": "->", "color": YOU_COLOUR, "lw": 2}
        pointer = Annotation("", xy=(min(known + end * 0.08, end), y), xytext=(known, y), arrowprops=arrow)
        pointer.set_transform(IdentityTransform())
        drawn.append(_placed(axes, pointer, clip=False))
    if bar.limit is not None and bar.limit <= end:
        drawn.append(_placed(axes, Line2D([bar.limit, bar.limit], [y - 0.42, y + 0.42], color=LIMIT_COLOUR, lw=3)))
        label = Text(bar.limit, y + 0.45, bar.limit_label, color=LIMIT_COLOUR, fontsize=8, ha="center", va="bottom")
        label.set_clip_on(False)  # as Axes.text makes it
        drawn.append(_placed(axes, label))
    return drawn


def _title_pixels(shared: _Drawn, title: str) -> object:
    """The frame's pixels where its title goes, with ``title`` drawn on them (kept: titles repeat,
    and lettering is the dearest part of a picture). Drawn over the frame's own pixels, which the
    canvas holds when this is called."""
    pixels = shared.titles.pop(title, None)
    if pixels is None:
        axes = shared.axes
        axes.title.set_text(title)
        axes.draw_artist(axes.title)
        pixels = shared.canvas.copy_from_bbox(axes.title.get_window_extent().expanded(1.05, 1.3))
    shared.titles[title] = pixels
    while len(shared.titles) > TITLES_KEPT:
        del shared.titles[next(iter(shared.titles))]
    return pixels


def _on_frame(shared: _Drawn, title: str, drawn: list[Artist]) -> bytes:
    """A picture over a shared frame (under :data:`_DRAWING`): the frame's pixels with ``title``,
    then the ``drawn`` artists (the person's own) and the frame's artists that go on top of them."""
    canvas = shared.canvas
    canvas.restore_region(shared.background)
    canvas.restore_region(_title_pixels(shared, title))
    for artist in [*drawn, *shared.on_top]:
        shared.axes.draw_artist(artist)
    return _jpeg(canvas, draw=False)


def render(a: Assessment, *, t: Texts = ENGLISH) -> bytes:
    """Each nutrient against the person's RDA/AI (100%) and upper limit, food and supplements
    stacked; the ratio in the title. Pictures with the same frame share its drawing
    (:class:`Frame`): only the person's own bars and title are drawn on it."""
    unit, bars = rows(a, t=t)
    frame = Frame.of(unit, bars, t=t)

    with _DRAWING:
        shared = _drawn(frame)
        drawn = [artist for y, bar in enumerate(reversed(bars)) for artist in _bar(shared.axes, y, bar, frame.end)]
        return _on_frame(shared, _title(a, t), drawn)


def day_and_month(day: date, t: Texts = ENGLISH) -> str:
    """A date on a chart's axis, short: 19 Nov / 19 нояб. / 19.11."""
    return str(format_skeleton("dMMM", day, locale=t.locale))


def history_dates(month: Period, today: date, *, t: Texts = ENGLISH) -> list[str]:
    """The history chart's axis: every date of the period, not the first of each week alone."""
    start = today - timedelta(days=month.days - 1)
    return [day_and_month(start + timedelta(days=i), t) for i in range(month.days)]


def history_title(month: Period, *, t: Texts = ENGLISH) -> str:
    # TRANSLATORS: the history chart's title: "Last 30 days · adherence 80%"
    return t.ngettext(
        "Last {n} day · adherence {share}",
        "Last {n} days · adherence {share}",
        month.days,
        share=t.percent(month.adherence),
    )


# The history chart's y axis ends at one of these (or at the highest ratio shown, beyond them), so
# that the charts of a day share their frame.
HISTORY_TOPS = (2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 50.0)


@dataclass(frozen=True, slots=True)
class HistoryFrame:
    """What a history chart shares with everyone's of the same days: the dates, the y axis, the
    1:1 and 2:1 lines, the legend. The person's ratios and title are their own."""

    today: date
    days: int
    top: float
    texts: Texts = ENGLISH  # the language of its dates, axis and legend

    @classmethod
    def of(cls, month: Period, today: date, *, t: Texts = ENGLISH) -> HistoryFrame:
        reach = max((ratio * 1.15 for _, ratio in month.ratios), default=0.0)
        return cls(today, month.days, next((top for top in HISTORY_TOPS if top >= reach), reach), t)


@lru_cache(maxsize=8)  # about 1 MB each: a few days (people's zones), heights and languages
def _history_drawn(frame: HistoryFrame) -> _Drawn:
    from matplotlib.lines import Line2D

    t = frame.texts
    canvas = _canvas(6, 3.6, 100)
    figure = canvas.figure
    figure.subplots_adjust(left=0.11, right=0.97, bottom=0.2, top=0.9)
    axes = figure.add_subplot()
    # TRANSLATORS: the history chart's legend: the person's daily calcium : magnesium ratio
    yours = Line2D([], [], marker="o", color=YOU_COLOUR, label=t._("Your ratio"))
    on_top: list[Artist] = [
        axes.axhline(1.0, color=TARGET_COLOUR, lw=2, label=t._("1:1 – the articles' target")),
        axes.axhline(2.0, color=TRADITIONAL_COLOUR, lw=1.5, ls="--", label=t._("2:1 – traditional")),
    ]
    axes.set_ylim(0, frame.top)
    axes.set_xlim(-0.5, frame.days - 0.5)
    month = Period(frame.days, 0, 0, 0, 0, 0, (), 0.0)
    axes.set_xticks(range(frame.days), history_dates(month, frame.today, t=t))
    axes.tick_params(axis="x", labelsize=7 if frame.days <= 10 else 5, labelrotation=0 if frame.days <= 5 else 90)
    axes.set_ylabel(t._("Calcium : magnesium"))
    axes.set_title(" ", fontsize=10)  # the person's own title is drawn on it
    axes.grid(alpha=0.25)
    # the legend is part of the frame (its lettering is most of a chart's drawing time)
    axes.legend(handles=[yours, *on_top], loc="upper left", fontsize=8, frameon=False)
    for artist in on_top:  # drawn over each person's ratios, once
        artist.set_visible(False)
    canvas.draw()
    background = canvas.copy_from_bbox(figure.bbox)
    for artist in on_top:
        artist.set_visible(True)
    return _Drawn(canvas, background, axes, on_top)


def render_history(month: Period, today: date, *, t: Texts = ENGLISH) -> bytes:
    """The last 30 days: each day's ratio against the 1:1 line, and which days had supplements.
    Charts of the same days, height and language share their frame (:class:`HistoryFrame`): only
    the person's ratios and title are drawn on it."""
    start = today - timedelta(days=month.days - 1)

    from matplotlib.lines import Line2D

    with _DRAWING:
        shared = _history_drawn(HistoryFrame.of(month, today, t=t))
        drawn: list[Artist] = []
        if month.ratios:
            xs = [(day - start).days for day, _ in month.ratios]
            ratios = [ratio for _, ratio in month.ratios]
            drawn.append(_placed(shared.axes, Line2D(xs, ratios, marker="o", color=YOU_COLOUR)))
        return _on_frame(shared, history_title(month, t=t), drawn)
