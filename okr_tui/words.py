"""The words a person reads for the workspace's fixed values, one home for each.

Kept free of the models and the store, so the home screen can use them before
the workspace (and pydantic) is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okr_tui.models import Objective

KIND_WORDS: dict[str, str] = {
    "company": "company",
    "business": "business team",
    "support": "support team",
    "person": "person",
}
"""A unit's kind as a word: "support team"."""

SHORT_KIND_WORDS: dict[str, str] = {
    "company": "company",
    "business": "team",
    "support": "support team",
    "person": "",
}
"""The same, where space is short (the alignment tree); a person needs no word."""


def objective_tags(objective: Objective) -> list[str]:
    """The facts every surface shows beside an objective's title, in one order.

    Kind and track always; "private" when it is; the status once it is out of the
    usual course (closed, dropped, parked). Each surface adds what is its own
    (owner, votes, a score).
    """
    tags: list[str] = [objective.kind, objective.track]
    if objective.visibility == "private":
        tags.append("private")
    if objective.status not in ("draft", "committed"):
        tags.append(objective.status)
    return tags
