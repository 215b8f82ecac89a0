"""/history: the last 7 and 30 days, the streak, and the ratio's trend as a picture."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from bot import chart, views
from bot.flows.turn import Turn
from camag_core.daily import period, streak


async def show_history(t: Turn) -> None:
    """The last 30 days are read, whatever the history: the streak is kept with the person."""
    today = t.today
    if t.person.first_checkin is None:
        t.out.send(views.no_history())
        return
    checkins = await t.session.checkins(today - timedelta(days=29), today)
    first = t.person.counting_from
    month = period(checkins, today, 30, first)
    answered_today = bool(checkins) and checkins[-1].day == today
    t.out.send(views.history(period(checkins, today, 7, first), month, streak(t.person.run, today, answered_today)))
    if month.ratios:  # something to draw
        t.out.photo(partial(chart.render_history, month, today), views.history_caption(month))
