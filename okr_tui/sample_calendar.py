"""When things happen in the sample workspaces: quarters, reading days, clock times, due dates.

Every date here is computed from the day a sample is anchored at, so the same
day always gives the same workspace. The sample specs write due dates as short
phrases ("15 days before the end", "end of March"), read by `due_date`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from okr_tui.models import Period

# English names, whatever the machine's locale: the specs are written in English.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
BEFORE_THE_END = re.compile(r"(\d+) days? before the end")
END_OF_MONTH = re.compile(r"end of (\w+)")


def previous_quarter(label: str) -> str:
    """The quarter before `label` ("2026-Q1" gives "2025-Q4")."""
    year, quarter = int(label[:4]), int(label[-1])
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    """`day` at `hour:minute`, in UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def weekly_days(today: date, weekday: int, count: int) -> list[date]:
    """The last `count` days with `weekday` (0 = Monday) before today, oldest first."""
    last = today - timedelta(days=1)
    while last.weekday() != weekday:
        last -= timedelta(days=1)
    return [last - timedelta(weeks=count - 1 - n) for n in range(count)]


def month_end(year: int, month: int) -> date:
    """The last day of `month` (1 = January) in `year`."""
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def due_date(phrase: str, period: Period) -> date:
    """The day a spec's due-date phrase names, in `period`.

    "15 days before the end" counts back from the period's last day; "end of
    March" is the last day of that month in the year the period starts in.
    """
    text = phrase.strip()
    if found := BEFORE_THE_END.fullmatch(text):
        return period.end - timedelta(days=int(found[1]))
    if (found := END_OF_MONTH.fullmatch(text)) and found[1] in MONTHS:
        return month_end(period.start.year, MONTHS.index(found[1]) + 1)
    raise ValueError(
        f"cannot read the due date {phrase!r}: write 'N days before the end' or 'end of MONTH'"
    )
