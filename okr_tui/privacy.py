"""Who may see what: OKRs are open, except objectives marked private.

A private objective is seen in full only by its owner. Everyone else sees
that it exists ("1 private objective") and nothing more: no title, no key
results, no check-ins, no score. Every screen, report and export filters
through these functions.

A candidate written in a workshop's silent round is sealed: only its author
sees it until the facilitator reveals the round. It is also stored private,
so surfaces that test the visibility itself leave it out too.
"""

from __future__ import annotations

from collections.abc import Iterable

from okr_tui.i18n import ngettext
from okr_tui.models import Objective


def can_see(objective: Objective, viewer: str) -> bool:
    """True when `viewer` may read the objective and everything under it."""
    if objective.sealed:
        return bool(viewer) and objective.author == viewer
    return objective.visibility == "public" or (bool(viewer) and objective.owner == viewer)


def split_visible(objectives: Iterable[Objective], viewer: str) -> tuple[list[Objective], int]:
    """The objectives `viewer` may read, and how many private ones are hidden."""
    shown: list[Objective] = []
    hidden = 0
    for objective in objectives:
        if can_see(objective, viewer):
            shown.append(objective)
        else:
            hidden += 1
    return shown, hidden


def hidden_label(count: int) -> str:
    """What others see in place of private objectives."""
    return ngettext("{count} private objective", "{count} private objectives", count).format(
        count=count
    )
