"""Step 4 in a room: a silent writing round, then dot voting with a budget.

In a writing round each person's candidates are sealed: only their author
may read them (`okr_tui.privacy.can_see`, the rule every screen, report and
export filters through; they are stored private too) until the facilitator
reveals them all at once.
Votes are Vote records, one per person and candidate: hidden until the
facilitator closes voting, when each candidate's count is written to it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from okr_tui.i18n import _
from okr_tui.models import Objective, Vote, Workshop
from okr_tui.store import WorkspaceError
from okr_tui.workshop.candidates import CANDIDATE_STATUSES, add_candidate, candidates
from okr_tui.workshop.room import require_lead
from okr_tui.workspace import WorkspaceStore

DEFAULT_BUDGET = (3, 2)
"""Dots per person, and the most on one candidate."""


# -- silent writing -----------------------------------------------------------------------------


def open_writing(store: WorkspaceStore, workshop_id: str, *, anonymous: bool) -> Workshop:
    """Start a writing round: from now on candidates stay their author's until the reveal."""
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "writing")
        if workshop.writing == "open":
            raise WorkspaceError(_("a writing round is open already: reveal it first"))
        return store.update(Workshop, workshop_id, writing="open", writing_anonymous=anonymous)


def write_candidate(store: WorkspaceStore, workshop: Workshop, title: str) -> Objective:
    """A candidate by the store's user: sealed while a writing round is open."""
    with store.transaction():
        fresh = store.get(Workshop, workshop.id)
        if fresh.writing != "open":
            return add_candidate(store, fresh, title, author=store.user)
        # Private as well as sealed: surfaces that test the visibility leave it out too.
        # No owner: one is chosen in step 6, and a person's page counts what they own.
        return add_candidate(
            store, fresh, title, author=store.user, visibility="private", sealed=True
        )


def sealed_drafts(store: WorkspaceStore, workshop: Workshop) -> list[Objective]:
    """Every sealed draft of the round, everyone's: for counting and the reveal only."""
    return [
        o
        for o in store.objectives(unit_id=workshop.unit_id, period_id=workshop.period_id)
        if o.sealed and o.status in CANDIDATE_STATUSES
    ]


def writing_counts(store: WorkspaceStore, workshop: Workshop) -> list[tuple[str, int]]:
    """How many sealed drafts each person has written, by name."""
    counts = Counter(o.author for o in sealed_drafts(store, workshop))
    return sorted(counts.items(), key=lambda item: item[0].casefold())


def counts_line(counts: list[tuple[str, int]]) -> str:
    """'jack 3 · mia 1', or '' before anyone wrote."""
    return " · ".join(f"{who or _('someone')} {n}" for who, n in counts)


def reveal(store: WorkspaceStore, workshop_id: str) -> int:
    """Show every sealed draft at once (without authors in an anonymous round); how many."""
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "reveal")
        if workshop.writing != "open":
            raise WorkspaceError(_("no writing round is open: open one first"))
        drafts = sealed_drafts(store, workshop)
        for draft in drafts:
            changes: dict[str, Any] = {"sealed": False, "visibility": "public"}
            if workshop.writing_anonymous:
                changes["author"] = ""
            store.update(Objective, draft.id, reason="workshop: reveal", **changes)
        store.update(Workshop, workshop_id, writing="revealed")
        return len(drafts)


# -- dot voting -------------------------------------------------------------------------------


def parse_budget(text: str) -> tuple[int, int]:
    """'3' or '5 2' (dots each, most on one candidate); ValueError with a sentence."""
    parts = text.replace(",", " ").replace("/", " ").split()
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ValueError(
            _("type the dots each person has, and the most on one: like 3 2")
        ) from None
    if not 1 <= len(numbers) <= 2:
        raise ValueError(_("type the dots each person has, and the most on one: like 3 2"))
    budget = numbers[0]
    most = numbers[1] if len(numbers) == 2 else min(budget, DEFAULT_BUDGET[1])
    if not 1 <= budget <= 50:
        raise ValueError(_("each person has between 1 and 50 dots"))
    if not 1 <= most <= budget:
        raise ValueError(
            _("the most on one candidate is between 1 and {budget}").format(budget=budget)
        )
    return budget, most


def votes_of(store: WorkspaceStore, workshop: Workshop) -> list[Vote]:
    return [v for v in store.by(Vote, "workshop_id", workshop.id) if v.dots > 0]


def my_dots(store: WorkspaceStore, workshop: Workshop, voter: str) -> dict[str, int]:
    """Objective id -> the dots `voter` put on it."""
    return {v.objective_id: v.dots for v in votes_of(store, workshop) if v.voter == voter}


def votes_left(store: WorkspaceStore, workshop: Workshop, voter: str) -> int:
    return workshop.vote_budget - sum(my_dots(store, workshop, voter).values())


def open_voting(store: WorkspaceStore, workshop_id: str, budget: int, most: int) -> Workshop:
    """Start a voting round; votes of an earlier round are cleared."""
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "voting")
        if workshop.writing == "open":
            raise WorkspaceError(_("reveal the drafts first: nobody can vote on what is sealed"))
        for old in store.by(Vote, "workshop_id", workshop_id):
            store.remove(Vote, old.id, reason="workshop: new voting round")
        return store.update(
            Workshop, workshop_id, voting="open", vote_budget=budget, vote_most=most
        )


def vote_problem(
    store: WorkspaceStore, workshop: Workshop, voter: str, objective_id: str, delta: int
) -> str:
    """Why this vote cannot be cast, in one line, or ''."""
    if workshop.voting != "open":
        lead = workshop.facilitator or _("the facilitator")
        return _("Voting is not open yet: {who} opens it.").format(who=lead)
    if not voter:
        return _("say who you are (okr --as NAME) to vote")
    if delta <= 0:
        return ""
    objective = store.find(Objective, objective_id)
    if objective is None or objective.status == "parked":
        return _("vote for a candidate that is not parked")
    if objective.status == "committed":
        return _("This one is committed already: votes choose among the drafts.")
    mine = my_dots(store, workshop, voter)
    if sum(mine.values()) + delta > workshop.vote_budget:
        return _("You have used all {budget} of your votes: take one back (-) to move it.").format(
            budget=workshop.vote_budget
        )
    if mine.get(objective_id, 0) + delta > workshop.vote_most:
        return _("At most {most} of your votes can go on one candidate.").format(
            most=workshop.vote_most
        )
    return ""


def cast(store: WorkspaceStore, workshop_id: str, objective_id: str, delta: int) -> int:
    """Give (+1) or take back (-1) a dot; returns the votes the voter has left."""
    voter = store.user
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        problem = vote_problem(store, workshop, voter, objective_id, delta)
        if problem:
            raise WorkspaceError(problem)
        found = [
            v
            for v in store.by(Vote, "workshop_id", workshop_id)
            if v.voter == voter and v.objective_id == objective_id
        ]
        dots = max(0, (found[0].dots if found else 0) + delta)
        if found:
            store.update(Vote, found[0].id, dots=dots)
        elif dots:
            store.add(
                Vote(workshop_id=workshop_id, objective_id=objective_id, voter=voter, dots=dots)
            )
        return votes_left(store, store.get(Workshop, workshop_id), voter)


def tally(store: WorkspaceStore, workshop: Workshop) -> dict[str, int]:
    """Objective id -> the dots everyone put on it."""
    counts: Counter[str] = Counter()
    for vote in votes_of(store, workshop):
        counts[vote.objective_id] += vote.dots
    return dict(counts)


def close_voting(store: WorkspaceStore, workshop_id: str) -> Workshop:
    """End voting: every candidate's count appears at once (Objective.votes)."""
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "voting")
        if workshop.voting != "open":
            raise WorkspaceError(_("voting is not open"))
        counts = tally(store, workshop)
        for objective in candidates(store, workshop, viewer=""):
            total = counts.get(objective.id, 0)
            if objective.votes != total and objective.status != "committed":
                store.update(Objective, objective.id, votes=total, reason="workshop: close voting")
        return store.update(Workshop, workshop_id, voting="closed")


def voters(store: WorkspaceStore, workshop: Workshop) -> int:
    """How many people have voted so far (a count, never who voted for what)."""
    return len({v.voter for v in votes_of(store, workshop)})
