"""/report's files: the doctor's report as a PDF (fpdf2, DejaVu Sans from matplotlib for every
character the texts use: Latin with its accents, Cyrillic, Greek, the ⚠ and • marks) with the
adherence chart, and the check-ins as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.chart import YOU_COLOUR, _canvas, day_and_month
from camag_core.daily import WHOLE_DAY, CheckIn
from camag_core.doctor import ADHERENCE_TITLE
from camag_core.i18n import ENGLISH, Texts
from camag_core.report import Section, Style

FONT = "DejaVu"
ADHERENCE_DAYS = 90


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def adherence_chart(
    checkins: Sequence[CheckIn], today: date, days: int = ADHERENCE_DAYS, *, t: Texts = ENGLISH
) -> bytes:
    """Each day's share of the supplements taken, over ``days`` days, as a PNG (every date has its
    place; a day without an answer is an empty slot)."""
    canvas = _canvas(7.0, 2.4, 120)
    axes = canvas.figure.add_subplot()
    canvas.figure.subplots_adjust(left=0.08, right=0.99, bottom=0.2, top=0.86)
    share = {c.day: c.share for c in checkins}
    today = max([today, *share])  # a day answered before a move west can be after today: it has its place
    start = today - timedelta(days=days - 1)
    xs = list(range(days))
    axes.bar(xs, [share.get(start + timedelta(days=i), 0.0) * 100 for i in xs], width=0.9, color=YOU_COLOUR)
    axes.set_ylim(0, 100)
    axes.set_xlim(-0.5, days - 0.5)
    ticks = list(range(0, days, 7))
    axes.set_xticks(ticks, [day_and_month(start + timedelta(days=i), t) for i in ticks], fontsize=7)
    # TRANSLATORS: the adherence chart's axis: the share of the day's supplements taken
    axes.set_ylabel(t._("% taken"), fontsize=8)
    axes.set_title(
        t.ngettext("Supplements taken, each of the last {n} day", "Supplements taken, each of the last {n} days", days),
        fontsize=9,
    )
    axes.grid(axis="y", alpha=0.25)
    buffer = io.BytesIO()
    canvas.figure.savefig(buffer, format="png")
    return buffer.getvalue()


class _Document(FPDF):
    texts: Texts = ENGLISH

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        page = self.texts.number(self.page_no())
        self.cell(0, 6, self.texts._("CaMag · information, not medical advice · page {page}", page=page), align="C")


def pdf(sections: Sequence[Section], chart_png: bytes, *, t: Texts = ENGLISH) -> bytes:
    """The report: each section's title and lines (cautions marked), the chart after adherence."""
    document = _Document(format="A4")
    document.texts = t
    fonts = _font_dir()
    document.add_font(FONT, "", str(fonts / "DejaVuSans.ttf"))
    document.add_font(FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
    document.add_font(FONT, "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    document.set_auto_page_break(auto=True, margin=15)
    document.set_margins(15, 12, 15)
    document.add_page()
    for number, section in enumerate(sections):
        if section.title:
            document.set_font(FONT, "B", 13 if number == 0 else 10.5)
            document.multi_cell(0, 7, section.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for line in section.lines:
            style = "I" if line.style in (Style.NOTE, Style.CAVEAT) else ""
            document.set_font(FONT, style, 8.5)
            indent = "    " if line.style is Style.CAVEAT else ""
            mark = "⚠ " if line.style is Style.CAUTION else ("" if number == 0 else "• ")
            document.multi_cell(0, 4.6, f"{indent}{mark}{line.text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        if section.title == t._(ADHERENCE_TITLE):
            document.image(io.BytesIO(chart_png), w=document.epw)
        document.ln(2)
    return bytes(document.output())


# How a day or a dose went, as a column of a table reads it (not addressed to the person).
_STATUS_WORDS = {
    "all": lambda t: t.pgettext("csv status", "all taken"),
    "some": lambda t: t.pgettext("csv status", "part taken"),
    "none": lambda t: t.pgettext("csv status", "none taken"),
    "skipped": lambda t: t.pgettext("csv status", "skipped"),
    "logged": lambda t: t.pgettext("csv status", "logged by hand"),
}


def checkins_csv(checkins: Sequence[CheckIn], *, t: Texts = ENGLISH) -> bytes:
    """One row per day answered: the day, how it went, the share taken, each dose's answer, in the
    person's language. A spreadsheet reads its numbers as numbers: where the language writes decimals
    with a comma, the columns are parted with semicolons, as spreadsheets there expect; the byte
    order mark tells them it is UTF-8. Each dose's answer is by its number ("whole day": the day
    answered whole, before its doses were answered one by one)."""
    out = io.StringIO()
    comma = t.decimal(0.5) != "0.5"
    writer = csv.writer(out, delimiter=";" if comma else ",")
    # TRANSLATORS: the check-ins CSV's column headings, in order: short, one line each
    writer.writerow(
        [
            t.pgettext("csv column", "day"),
            t.pgettext("csv column", "status"),
            t.pgettext("csv column", "share taken"),
            t.pgettext("csv column", "doses due"),
            t.pgettext("csv column", "doses"),
            t.pgettext("csv column", "supplements logged"),
            t.pgettext("csv column", "note"),
            t.pgettext("csv column", "ratio"),
        ]
    )
    for c in sorted(checkins, key=lambda c: c.day):
        doses = "; ".join(
            f"{_dose(n, t)}: {_STATUS_WORDS[a.status](t)}" + (f" ({', '.join(a.taken)})" if a.taken else "")
            for n, a in sorted(c.doses.items())
        )
        logged = "; ".join(s.describe(t=t) for s in c.supplements or [])
        ratio = "" if c.ratio is None else _number(c.ratio, comma)
        note = _as_text(c.note or "")
        status, share = _STATUS_WORDS[c.status](t), _number(c.share, comma)
        writer.writerow([c.day.isoformat(), status, share, c.expected or "", doses, logged, note, ratio])
    return out.getvalue().encode("utf-8-sig")


def _dose(number: int, t: Texts) -> str:
    # TRANSLATORS: in the check-ins CSV, a day answered whole rather than dose by dose
    return t.pgettext("csv dose", "whole day") if number == WHOLE_DAY else str(number)


def _number(value: float, comma: bool) -> str:
    """A figure with two decimals, ungrouped, with the decimal sign the person's spreadsheet reads."""
    said = f"{value:.2f}"
    return said.replace(".", ",") if comma else said


def _as_text(typed: str) -> str:
    """What a person typed, never read as a formula by a spreadsheet."""
    return f"'{typed}" if typed[:1] in ("=", "+", "-", "@", "\t", "\r") else typed
