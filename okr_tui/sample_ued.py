"""UED, a support team at Brightmart, serving the business teams' objective for the quarter.

The story is in sample_specs/ued.toml. The business goal and its three team
objectives come first, so that UED's objectives can point at the ones they
serve. Readings are on Thursdays, from the quarter's third week.
"""

from __future__ import annotations

from datetime import date, timedelta

from okr_tui.models import quarter_of
from okr_tui.sample_builder import Builder
from okr_tui.sample_calendar import moment, weekly_days
from okr_tui.sample_objectives import add_objectives
from okr_tui.sample_org import add_organisation
from okr_tui.sample_spec import SampleSpec

THURSDAY = 3


def build_ued(spec: SampleSpec, today: date) -> Builder:
    b = Builder("ued", today)
    current = b.period(quarter_of(today))
    days = weekly_days(today, THURSDAY, 10)[2:]
    setup = moment(current.start - timedelta(days=7), 9)
    planned = moment(current.start + timedelta(days=1), 10)
    units = add_organisation(b, spec, setup)
    add_objectives(b, spec, units, current, days, planned)
    return b
