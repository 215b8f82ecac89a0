"""/history: the last 7 and 30 days, the streak, and the ratio's trend as a picture; /report: the
same for a doctor, with the supplements, medicines and cautions, as a PDF and a CSV."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial

from bot import chart, views
from bot.flows.turn import Turn
from camag_core import assess
from camag_core.daily import as_of, period, streak, zone
from camag_core.doctor import doctor_report


def _due_today(t: Turn) -> int | None:
    """The plan's doses due so far in the person's today (``None``: no plan to tell)."""
    plan = t.person.reminder
    return len(plan.due_by(t.today, t.zone, t.now)) if plan is not None else None


async def show_history(t: Turn) -> None:
    """The last 30 days are read, whatever the history: the streak is kept with the person."""
    today = t.today
    if t.person.first_checkin is None:
        plan = t.person.reminder
        next_ones = plan.due(t.zone, t.now) if plan is not None else []
        coming = min(when for when, _ in next_ones).astimezone(zone(t.zone)) if next_ones else None
        t.out.send(views.no_history(t.texts, coming, today))
        return
    checkins = await t.session.checkins(today - timedelta(days=29), today)
    first, due = t.person.counting_from, _due_today(t)
    month = period(checkins, today, 30, first, due)
    answered_today = bool(checkins) and checkins[-1].day == today
    week = period(checkins, today, 7, first, due)
    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    result = latest.result if latest is not None else None
    t.out.send(views.history(t.texts, week, month, streak(t.person.run, today, answered_today), result))
    if month.ratios:  # something to draw
        t.out.photo(partial(chart.render_history, month, today, t=t.texts), views.history_caption(t.texts, month))


async def send_report(t: Turn) -> None:
    """/report: the doctor's report (PDF) and the check-ins (CSV), from the latest result."""
    # fpdf is loaded at the first report, not at start-up: it was most of the bot's import time
    from bot.doctor_report import ADHERENCE_DAYS, adherence_chart, checkins_csv, pdf

    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    if latest is None:
        t.out.send(views.nothing_to_show(t.texts))
        return
    today = t.today
    due = _due_today(t)
    checkins = as_of(await t.session.checkins(today - timedelta(days=ADHERENCE_DAYS - 1), today), today, due)
    first = t.person.counting_from or today
    sections = doctor_report(
        latest.answers,
        assess(latest.answers, t=t.texts),
        t.person.reminder,
        t.person.zone,
        period(checkins, today, 30, first, due),
        period(checkins, today, ADHERENCE_DAYS, first, due),
        today,
        t=t.texts,
    )
    chart_png = await asyncio.to_thread(adherence_chart, checkins, today, t=t.texts)
    t.out.document(
        await asyncio.to_thread(pdf, sections, chart_png, t=t.texts), "camag-report.pdf", views.report_caption(t.texts)
    )
    t.out.document(checkins_csv(checkins, t=t.texts), "camag-checkins.csv", views.checkins_csv_caption(t.texts))
