"""What the workshop screen shows of the room: who leads, who is here and where, ready, rounds."""

from __future__ import annotations

from rich.text import Text

from okr_tui.i18n import _
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
    # Nobody to be ready for while nobody leads.
    ready = "" if room.lead_is_free(workshop, viewer) else room.ready_line(workshop, here, viewer)
    if ready:
        line.append(f" · {ready}")
    if ready and not room.leads(workshop, viewer):
        mark = (
            _("{key} takes it back") if viewer in workshop.ready else _("{key} when you are ready")
        )
        line.append(" (" + mark.format(key=keys["ready"]) + ")", "dim")
    gone = others is not None and not room.facilitator_present(workshop, others)
    if room.lead_is_free(workshop, viewer):
        left = _("{who} left · {key} to lead").format(who=workshop.facilitator, key=keys["lead"])
        line.append(f" · {left}", "yellow")
    elif gone and not room.leads(workshop, viewer):
        gone_line = _("{who} has gone: {key} takes over").format(
            who=workshop.facilitator, key=keys["lead"]
        )
        line.append(f" · {gone_line}", "yellow")
    if viewing != workshop.step:
        lead = room.step_number(workshop.step)
        line.append(
            "\n" + _("Looking back · the session is at step {number}").format(number=lead),
            "italic yellow",
        )
        if not room.leads(workshop, viewer):
            line.append(" · " + _("{key} returns").format(key=keys["follow"]), "italic yellow")
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
        hint = _("{key} reveals everyone's drafts").format(key=keys["reveal"])
    elif workshop.voting == "open":
        hint = _("{key} closes voting and shows the counts").format(key=keys["voting"])
    else:
        hint = _("{writing} opens a silent writing round · {voting} opens voting").format(
            writing=keys["writing"], voting=keys["voting"]
        )
    return Text(
        ("  " if workshop.writing == "open" or workshop.voting == "open" else "") + hint,
        style="dim",
    )


def round_text(store: WorkspaceStore, workshop: Workshop, viewer: str) -> Text:
    """Step 4's round as everyone sees it: writing counts, or votes left while voting."""
    text = Text()
    if workshop.writing == "open":
        kind = _("anonymous") if workshop.writing_anonymous else _("with authors")
        counts = rounds.counts_line(rounds.writing_counts(store, workshop)) or _("nothing yet")
        text.append(_("Silent writing ({kind}): ").format(kind=kind), "bold magenta")
        text.append(_("{counts} · only you see your drafts until the reveal").format(counts=counts))
    elif workshop.voting == "open":
        left = rounds.votes_left(store, workshop, viewer)
        voted = rounds.voters(store, workshop)
        text.append(_("Voting: "), "bold magenta")
        text.append(
            _(
                "you have {left} of {budget} votes left "
                "(at most {most} on one) · {voted} voted · counts show when it closes"
            ).format(left=left, budget=workshop.vote_budget, most=workshop.vote_most, voted=voted)
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
        text.append("\n  " + _("and {count} more").format(count=len(others) - MAX_PEOPLE), "dim")
    return text
