"""A writer's personal OKR for the year: read at each month's end and once this week.

The story is in sample_specs/personal.toml: one person, her own unit, and
eleven objectives, the last three private.
"""

from __future__ import annotations

from datetime import date, timedelta

from okr_tui.sample_builder import Builder
from okr_tui.sample_calendar import moment, month_end, weekly_days
from okr_tui.sample_objectives import add_objectives
from okr_tui.sample_org import add_organisation
from okr_tui.sample_spec import SampleSpec

SUNDAY = 6


def build_personal(spec: SampleSpec, today: date) -> Builder:
    b = Builder("personal", today)
    year = b.period(str(today.year))
    start = moment(year.start + timedelta(days=3), 20)
    units = add_organisation(b, spec, start)
    # Month-end readings up to today, and one from this week for the freshest ones.
    months = [month_end(today.year, m) for m in range(1, 13)]
    readings = sorted({*(d for d in months if d < today), *weekly_days(today, SUNDAY, 1)})
    add_objectives(b, spec, units, year, readings, start)
    return b
