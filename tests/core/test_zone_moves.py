"""A person who moves west across the date line has a first check-in dated after their new today
(walk of 7 Dec: Auckland, answered Tue 8 Dec, then Honolulu, where it is Mon 7 Dec)."""

from datetime import date

import pytest

from camag_core.daily import period

AUCKLAND_DAY, HONOLULU_TODAY = date(2026, 12, 8), date(2026, 12, 7)


@pytest.mark.xfail(strict=True, reason="days -1: /history said 'Adherence -0%' and '0 of 0 days'")
def test_a_first_day_after_today_gives_no_negative_period():
    p = period([], HONOLULU_TODAY, 30, first=AUCKLAND_DAY, due_today=0)
    assert p.days >= 0
    assert p.due_days is None or p.due_days >= 0
