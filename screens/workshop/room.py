"""What the workshop screen shows of the room: who leads, who is here and where, ready, rounds."""

from __future__ import annotations

from rich.text import Text

from okr_tui.models import Workshop
from okr_tui.presence import Presence, where
from okr_tui.workshop import room, rounds
from okr_tui.workspace import WorkspaceStore

MAX_PEOPLE = 6
"""Lines of 'who is where' in the sidebar; the rest are counted."""


def room_text(
    store: WorkspaceStore,
    workshop: Workshop,
    viewer: str,
    others: list[Presence] | None,
    viewing: str,
    keys: dict[str, str],
) -> Text:
    """The room line above the step: who leads, how many are here, ready, the step's round.

    `keys` names the key of each room action (follow, lead, ready, writing, reveal, voting).
    """
    present = [] if others is None else room.in_session(others, workshop, viewer)
    here = [viewer, *[p.login for p in present]] if viewer else [p.login for p in present]
    line = Text(room.room_line(workshop, len(here), viewer), style="bold")
    ready = room.ready_line(workshop, here, viewer)
    if ready:
        line.append(f" · {ready}")
    if ready and not room.leads(workshop, viewer):
        mark = "takes it back" if viewer in workshop.ready else "when you are ready"
        line.append(f" ({keys['ready']} {mark})", "dim")
    gone = others is not None and not room.facilitator_present(workshop, others)
    if gone and not room.leads(workshop, viewer):
        line.append(f" · {workshop.facilitator} has gone: {keys['lead']} takes over", "yellow")
    if viewing != workshop.step:
        lead = room.step_number(workshop.step)
        line.append(f"\nLooking back · the session is at step {lead}", "italic yellow")
        if not room.leads(workshop, viewer):
            line.append(f" · {keys['follow']} returns", "italic yellow")
    if workshop.step == "objectives" and viewing == "objectives":
        round_ = round_text(store, workshop, viewer)
        if room.leads(workshop, viewer):
            round_.append_text(lead_hint(workshop, keys))
        if round_:
            line.append("\n")
            line.append_text(round_)
    return line


def lead_hint(workshop: Workshop, keys: dict[str, str]) -> Text:
    """What the facilitator can do next in step 4, with its key."""
    if workshop.writing == "open":
        hint = f"{keys['reveal']} reveals everyone's drafts"
    elif workshop.voting == "open":
        hint = f"{keys['voting']} closes voting and shows the counts"
    else:
        hint = f"{keys['writing']} opens a silent writing round · {keys['voting']} opens voting"
    return Text(
        ("  " if workshop.writing == "open" or workshop.voting == "open" else "") + hint, "dim"
    )


def round_text(store: WorkspaceStore, workshop: Workshop, viewer: str) -> Text:
    """Step 4's round as everyone sees it: writing counts, or votes left while voting."""
    text = Text()
    if workshop.writing == "open":
        kind = "anonymous" if workshop.writing_anonymous else "with authors"
        counts = rounds.counts_line(rounds.writing_counts(store, workshop)) or "nothing yet"
        text.append(f"Silent writing ({kind}): ", "bold magenta")
        text.append(f"{counts} · only you see your drafts until the reveal")
    elif workshop.voting == "open":
        left = rounds.votes_left(store, workshop, viewer)
        voted = rounds.voters(store, workshop)
        text.append("Voting: ", "bold magenta")
        text.append(
            f"you have {left} of {workshop.vote_budget} votes left "
            f"(at most {workshop.vote_most} on one) · {voted} voted · counts show when it closes"
        )
    return text


def people_text(workshop: Workshop, others: list[Presence] | None, viewer: str) -> Text:
    """Who is where: 'jack: step 4 · writing', 'mia: review' (the facilitator marked)."""
    text = Text()
    if not others:
        return text
    for presence in others[:MAX_PEOPLE]:
        if text:
            text.append("\n")
        mark = "★ " if presence.login == workshop.facilitator else "  "
        text.append(mark + where(presence), "dim" if presence.place.workshop != workshop.id else "")
    if len(others) > MAX_PEOPLE:
        text.append(f"\n  and {len(others) - MAX_PEOPLE} more", "dim")
    return text
