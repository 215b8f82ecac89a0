"""/history: the last 7 and 30 days, the streak, and the ratio's trend as a picture; /report: the
same for a doctor, with the supplements, medicines and cautions, as a PDF and a CSV."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial

from bot import chart, views
from bot.flows import checkins
from bot.flows.turn import Turn
from camag_core import assess
from camag_core.daily import AHEAD, as_of, period, streak
from camag_core.doctor import doctor_report

# Today counts what was answered of it: a check-in sent today and not answered yet is not missed
# while the day lasts (the doses due so far and unanswered count once the day is over).
ANSWERED_SO_FAR = 0


async def show_history(t: Turn) -> None:
    """The last 30 days are read, whatever the history: the streak is kept with the person."""
    today = t.today
    waiting = await checkins.waiting(t)
    if t.person.first_checkin is None:
        plan = t.person.reminder
        coming = plan.next_at(t.zone, t.now) if plan is not None else None
        t.out.send(views.history_waiting(t.texts) if waiting else views.no_history(t.texts, coming, today))
        return
    days = await t.session.checkins(today - timedelta(days=29), today + AHEAD)
    first = t.person.counting_from
    month = period(days, today, 30, first, ANSWERED_SO_FAR)
    answered_today = any(c.day == today for c in days)
    week = period(days, today, 7, first, ANSWERED_SO_FAR)
    latest = await t.session.assessment(t.person.assessments) if t.person.assessments else None
    result = latest.result if latest is not None else None
    said = views.history(t.texts, week, month, streak(t.person.run, today, answered_today), result)
    t.out.send(said + "\n\n" + views.history_waiting(t.texts) if waiting else said)
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
    due = ANSWERED_SO_FAR
    read = await t.session.checkins(today - timedelta(days=ADHERENCE_DAYS - 1), today + AHEAD)
    days = as_of(read, today, due)
    first = t.person.counting_from or today
    sections = doctor_report(
        latest.answers,
        assess(latest.answers, t=t.texts),
        t.person.reminder,
        t.person.zone,
        period(days, today, 30, first, due),
        period(days, today, ADHERENCE_DAYS, first, due),
        today,
        t=t.texts,
    )
    chart_png = await asyncio.to_thread(adherence_chart, days, today, t=t.texts)
    t.out.document(
        await asyncio.to_thread(pdf, sections, chart_png, t=t.texts), "camag-report.pdf", views.report_caption(t.texts)
    )
    t.out.document(checkins_csv(days, t=t.texts), "camag-checkins.csv", views.checkins_csv_caption(t.texts))
