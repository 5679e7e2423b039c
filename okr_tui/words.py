"""The words a person reads for the workspace's fixed values, one home for each.

Kept free of the models and the store, so the home screen can use them before
the workspace (and pydantic) is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from okr_tui.i18n import N_, NP_, _, format_date

if TYPE_CHECKING:
    from okr_tui.models import Objective

KIND_WORDS: dict[str, str] = {
    "company": N_("company"),
    "business": N_("business team"),
    "support": N_("support team"),
    "person": N_("person"),
}
"""A unit's kind as a word: "support team"."""

SHORT_KIND_WORDS: dict[str, str] = {
    "company": N_("company"),
    "business": N_("team"),
    "support": N_("support team"),
    "person": "",
}
"""The same, where space is short (the alignment tree); a person needs no word."""


UNDONE_IN_WORKSHOP = re.compile(r"undo ev-[0-9a-f]+")
"""The reason the workshop's undo records (`okr_tui.workshop.undo`: its prefix, an event id)."""


def reason_text(reason: str) -> str:
    """A change's reason as people read it: on one line, and no event id for an undo."""
    text = " ".join(reason.split())
    return _("undone in the workshop") if UNDONE_IN_WORKSHOP.fullmatch(text) else text


def counted(number: int, word: str, plural: str = "") -> str:
    """A count with its noun in the right number: "1 hint", "2 hints", "3 key results"."""
    return f"{number} {word if number == 1 else plural or word + 's'}"


TAG_WORDS: dict[str, str] = {
    "committed": NP_("objective kind", "committed"),
    "aspirational": NP_("objective kind", "aspirational"),
    "business": N_("business"),
    "team-building": N_("team-building"),
    "private": N_("private"),
    "closed": N_("closed"),
    "dropped": N_("dropped"),
    "parked": N_("parked"),
}
"""The stored words of objective_tags as people read them (the stored words stay English)."""


def tag_words(objective: Objective) -> list[str]:
    """objective_tags in the language spoken, for screens (exports keep the stored words)."""
    return [_(TAG_WORDS.get(tag, tag)) for tag in objective_tags(objective)]


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


OBJECTIVE_KIND: dict[str, str] = {
    "committed": N_("committed OKR"),
    "aspirational": N_("aspirational OKR"),
}
TRACK_WORDS: dict[str, str] = {"business": N_("business"), "team-building": N_("team-building")}
STATUS_WORDS: dict[str, str] = {
    "draft": N_("draft"),
    "committed": N_("committed"),
    "closed": N_("closed"),
    "dropped": N_("dropped"),
    "parked": N_("parked"),
}
"""Stored values (English, never translated) as people read them."""


def checked_in_words(at: datetime, author: str) -> str:
    """'checked in 01 Dec by ana' in English (as before); the language's own date otherwise."""
    day = format_date(at.date(), "short")
    if author:
        return _("checked in {day} by {person}").format(day=day, person=author)
    return _("checked in {day}").format(day=day)


SORT_WORDS: dict[str, str] = {
    "outline": N_("outline"),
    "health": N_("health"),
    "progress": N_("progress"),
    "owner": N_("owner"),
}
FILTER_WORDS: dict[str, str] = {
    "all": N_("all"),
    "needs attention": N_("needs attention"),
    "not checked in": N_("not checked in"),
}
"""The review's sorts and filters as people read them (the values stay English in code)."""


def review_key_hints(key: Callable[[str], str], sort: str, filter_: str) -> tuple[str, str, str]:
    """The review's line of keys the footer has no room for, in three pieces."""
    return (
        _("{key} sort: {sort} · {filter_key} filter: ").format(
            key=key("sort"), sort=_(SORT_WORDS[sort]), filter_key=key("filter")
        ),
        _("{filter} · {prev} {next} week").format(
            filter=_(FILTER_WORDS[filter_]), prev=key("week(-1)"), next=key("week(1)")
        ),
        _(" · {unit_key} unit · {help_key} all keys").format(
            unit_key=key("next_unit"), help_key=key("help")
        ),
    )
