"""The pictures: calcium against magnesium with the articles' 1:1 line and the traditional 2:1,
and the last 30 days' ratios.

Pure (data in, PNG bytes out) and CPU-bound: the bot runs them in a worker thread. matplotlib is
used through its object API with the Agg canvas, never pyplot's global state. Drawing the balance
chart costs about 200 ms, almost all of it text layout, so its static part is drawn once per axis
scale and headline and kept decoded; each person's point and label are then drawn with Pillow on
a copy. The picture goes out as a 256-colour PNG: the background is put in its palette once, and
each render re-colours only the box it drew in (about 3 ms and 19 kB, against 10 ms and 37 kB in
full colour, where PNG's row filters took most of the time; the chart has a few hundred colours).
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import NDArray
from PIL import Image, ImageColor, ImageDraw, ImageFont

from bot.history import Period
from camag_core import Assessment

TARGET_COLOUR = "#2e7d32"
TRADITIONAL_COLOUR = "#9e9e9e"
YOU_COLOUR = "#1565c0"


# Axis tops the balance chart snaps to, so its static part can be drawn once per scale.
SCALES = (800, 1000, 1200, 1600, 2000, 2500, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 16000, 20000, 25000)
MARKER_RADIUS = 8
BLUE_SHADES = 16  # kept in the palette for the anti-aliased edges of the point's label
# Renders run in worker threads: when several need the same missing background at once (a crowd
# finishing together after a restart), one draws it and the others wait instead of each drawing it.
_DRAWING_BACKGROUND = threading.Lock()


@dataclass(frozen=True, slots=True)
class _Background:
    image: Image.Image  # full colour, decoded once; each person's point is drawn on a copy
    indexed: Image.Image  # the same in the palette's colours, which the sent picture starts from
    palette: NDArray[np.int32]  # 256 colours: shades of the point's blue, the commonest others
    origin: tuple[float, float]  # pixel of (0 mg, 0 mg)
    pixels_per_mg: tuple[float, float]


def _scale(calcium: float, magnesium: float) -> float:
    wanted = max(calcium * 1.25, magnesium * 2.5)
    return next((top for top in SCALES if top >= wanted), float(wanted))


@lru_cache(maxsize=64)
def _background(top: float, headline: str, at_least: bool) -> _Background:
    """Everything but the person's point: lines, band, axes, labels and legend (matplotlib)."""
    figure = Figure(figsize=(6, 4.5), dpi=100)
    figure.subplots_adjust(left=0.13, right=0.97, bottom=0.12, top=0.92)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.fill_between([0, top], [0, top * 0.8], [0, top * 1.25], color=TARGET_COLOUR, alpha=0.12, lw=0)
    axes.plot([0, top], [0, top], color=TARGET_COLOUR, lw=2, label="1:1 – the articles' target")
    axes.plot([0, top / 2], [0, top], color=TRADITIONAL_COLOUR, lw=1.5, ls="--", label="2:1 – traditional")
    axes.scatter([], [], s=120, color=YOU_COLOUR, label="You")
    axes.set_xlim(0, top)
    axes.set_ylim(0, top)
    axes.set_xlabel("Magnesium, mg a day")
    axes.set_ylabel("Calcium, mg a day")
    axes.set_title(headline, fontsize=11)
    axes.grid(alpha=0.25)
    axes.legend(loc="upper left", fontsize=8, frameon=False)
    if at_least:
        figure.text(0.99, 0.01, "▲/◀: at least (some answers unknown)", ha="right", fontsize=7, color="#555")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")  # draws, so the transforms below are final
    height = figure.bbox.height
    (x0, y0), (x1, y1) = axes.transData.transform([(0, 0), (top, top)])
    image = Image.open(buffer).convert("RGB")
    palette = _palette(image)
    origin, pixels_per_mg = (x0, height - y0), ((x1 - x0) / top, (y0 - y1) / top)
    return _Background(image, _indexed(image, palette), palette, origin, pixels_per_mg)


def _palette(image: Image.Image) -> NDArray[np.int32]:
    """Shades of the point's blue over white (its label's anti-aliased edges), then the picture's
    commonest colours; its rarer anti-aliasing shades get the nearest of them."""
    blue = np.array(ImageColor.getrgb(YOU_COLOUR))
    shades = [tuple(int(v) for v in np.rint(s * blue + (1 - s) * 255)) for s in np.linspace(0, 1, BLUE_SHADES)]
    counted = sorted(image.getcolors(image.width * image.height) or [], reverse=True)
    common = [colour for _, colour in counted if colour not in shades]
    return np.array([*shades, *common][:256], dtype=np.int32)


def _indexed(image: Image.Image, palette: NDArray[np.int32]) -> Image.Image:
    """``image`` in ``palette``'s colours: each pixel the nearest (itself, where it is there)."""
    rgb = np.asarray(image, dtype=np.int32)
    keys = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    found, where = np.unique(keys, return_inverse=True)
    colours = np.stack([found >> 16, (found >> 8) & 255, found & 255], axis=1)
    # nearest by squared distance, less each colour's own |c|², which does not change the order
    nearest = ((palette**2).sum(axis=1) - 2 * colours @ palette.T).argmin(axis=1).astype(np.uint8)
    indexed = Image.fromarray(nearest[where].reshape(keys.shape), mode="P")
    indexed.putpalette(palette.astype(np.uint8).tobytes())
    return indexed


@cache
def _label_font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_manager.findfont(font_manager.FontProperties(weight="bold")), 13)


def render(assessment: Assessment) -> bytes:
    """Calcium against magnesium, the 1:1 target and the traditional 2:1, with the person's point."""
    image, background, changed = draw(assessment)
    picture = background.indexed.copy()
    if changed is not None:
        picture.paste(_indexed(image.crop(changed), background.palette), changed[:2])
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def draw(assessment: Assessment) -> tuple[Image.Image, _Background, tuple[int, int, int, int] | None]:
    """The balance chart in full colour, the background it was drawn on, and the box drawn in
    (``None`` when there is no point to draw)."""
    calcium, magnesium = assessment.calcium_mg, assessment.magnesium_mg
    at_least = calcium.at_least or magnesium.at_least
    top = _scale(calcium.total, magnesium.total)
    with _DRAWING_BACKGROUND:
        background = _background(top, assessment.balance.headline, at_least)
    image = background.image.copy()
    if calcium.total <= 0 and magnesium.total <= 0:
        return image, background, None
    pen = ImageDraw.Draw(image)
    x = background.origin[0] + magnesium.total * background.pixels_per_mg[0]
    y = background.origin[1] + calcium.total * background.pixels_per_mg[1]
    r = MARKER_RADIUS
    if calcium.at_least:  # ▲: calcium could be higher
        pen.polygon([(x, y - r), (x - r, y + r * 0.7), (x + r, y + r * 0.7)], fill=YOU_COLOUR)
    elif magnesium.at_least:  # ◀: magnesium could be higher, so the ratio lower
        pen.polygon([(x - r, y), (x + r * 0.7, y - r), (x + r * 0.7, y + r)], fill=YOU_COLOUR)
    else:
        pen.ellipse([(x - r, y - r), (x + r, y + r)], fill=YOU_COLOUR)
    ratio = "?" if assessment.ratio is None else f"{assessment.ratio:.1f}:1"
    if assessment.ratio_bound == "between" and assessment.ratio_low is not None and assessment.ratio_high is not None:
        ratio = f"{assessment.ratio_low:.1f}–{assessment.ratio_high:.1f}:1"
    prefix = {"at_least": "≥ ", "at_most": "≤ "}.get(assessment.ratio_bound.value, "")
    label, at = f"You: {prefix}{ratio}", (x + 12, y + 2)
    pen.text(at, label, fill=YOU_COLOUR, font=_label_font())
    _, _, right, bottom = pen.textbbox(at, label, font=_label_font())
    left, upper = max(int(x - r) - 1, 0), max(int(y - r) - 1, 0)
    return image, background, (left, upper, min(int(right) + 2, image.width), min(int(bottom) + 2, image.height))


def render_history(month: Period, today: date) -> bytes:
    """The last 30 days: each day's ratio against the 1:1 line, and which days had supplements."""
    figure = Figure(figsize=(6, 3.6), dpi=100)
    figure.subplots_adjust(left=0.11, right=0.97, bottom=0.12, top=0.9)
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
