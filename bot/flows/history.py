"""/history: the last 7 and 30 days, the streak, and the ratio's trend as a picture."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from bot import chart, views
from bot.flows.turn import Turn
from camag_core.daily import period, streak

# A streak is counted back at most this far, so /history costs the same however long the history.
STREAK_DAYS = 366


async def show_history(t: Turn) -> None:
    today = t.today
    checkins = await t.session.checkins(today - timedelta(days=STREAK_DAYS - 1), today)
    if t.person.first_checkin is None:
        t.out.send(views.no_history())
        return
    first = t.person.first_checkin
    recent = [c for c in checkins if (today - c.day).days < 30]
    month = period(recent, today, 30, first)
    t.out.send(views.history(period(recent, today, 7, first), month, streak(checkins, today)))
    if month.ratios:  # something to draw
        t.out.photo(partial(chart.render_history, month, today), views.history_caption(month))
