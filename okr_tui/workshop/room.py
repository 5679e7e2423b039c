"""The room: who leads a workshop session, what the others may do, and what everyone shares.

One person facilitates (Workshop.facilitator): only they move the step, run the
timer, open and reveal the silent writing, open and close voting, keep the top
candidates and commit. The others follow the facilitator's step and may look
back, never ahead. The step, the timer, the ready check and the rounds are
stored in the workshop, so every screen shows the same and a restarted one
finds its place. Voting and writing rounds live in `okr_tui.workshop.rounds`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from okr_tui.i18n import N_, _
from okr_tui.models import Workshop
from okr_tui.presence import Presence
from okr_tui.store import WorkspaceError
from okr_tui.timebox import SharedTimer
from okr_tui.workshop.session import timebox_minutes
from okr_tui.workshop.steps import STEP_KEYS, step_of
from okr_tui.workspace import WorkspaceStore

LEAD_ONLY = {
    "step": N_("move the session to another step"),
    "timer": N_("run the timer"),
    "writing": N_("open a writing round"),
    "reveal": N_("reveal the drafts"),
    "voting": N_("open or close voting"),
    "keep": N_("keep the top candidates"),
    "commit": N_("commit the objectives"),
    "hand": N_("hand the session over"),
}
"""What only the facilitator may do, worded for the one-line refusal."""

ROOM_FIELDS = frozenset(
    {
        "step",
        "timebox_minutes",
        "participants",
        "facilitator",
        "facilitator_left",
        "ready",
        "timer_seconds",
        "timer_left",
        "timer_started",
        "writing",
        "writing_anonymous",
        "voting",
        "vote_budget",
        "vote_most",
    }
)
"""Workshop fields that say where the room is, not what it made: undo leaves them alone."""


# -- who leads ------------------------------------------------------------------------------


def leads(workshop: Workshop, user: str) -> bool:
    """Whether `user` facilitates (a session nobody leads is led by whoever is there)."""
    return not workshop.facilitator or workshop.facilitator == user


def refusal(workshop: Workshop, user: str, action: str) -> str:
    """The one line a participant gets for a facilitator's action, or '' when allowed."""
    if leads(workshop, user):
        return ""
    if workshop.facilitator_left:
        return _("{who} left the session: take the lead first to {action}.").format(
            who=workshop.facilitator, action=_(LEAD_ONLY[action])
        )
    return _("{who} leads this session: only they can {action}.").format(
        who=workshop.facilitator, action=_(LEAD_ONLY[action])
    )


def require_lead(workshop: Workshop, user: str, action: str) -> None:
    problem = refusal(workshop, user, action)
    if problem:
        raise WorkspaceError(problem)


def facilitator_present(workshop: Workshop, present: Iterable[Presence]) -> bool:
    """Whether the facilitator's heartbeat is fresh (presence drops those older than 30 s)."""
    return any(p.login == workshop.facilitator for p in present)


def lead_is_free(workshop: Workshop, viewer: str) -> bool:
    """Whether the facilitator left cleanly and `viewer`, someone else, may lead at once."""
    return workshop.facilitator_left and not leads(workshop, viewer)


def takeover_problem(workshop: Workshop, user: str, present: Iterable[Presence]) -> str:
    """Why `user` may not take the session over now, or '' when they may.

    A facilitator who left cleanly gave the role up; one who is merely silent may be
    back in a moment, so the session waits for their heartbeat to go stale.
    """
    if leads(workshop, user):
        return _("You lead this session already.")
    if workshop.facilitator_left:
        return ""
    if facilitator_present(workshop, present):
        return _("{who} is here and leads: ask them to hand the session over.").format(
            who=workshop.facilitator
        )
    return ""


def hand_over(store: WorkspaceStore, workshop_id: str, to: str) -> Workshop:
    """The facilitator gives the role to someone else."""
    login = to.strip()
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "hand")
        if not login:
            raise WorkspaceError(_("choose who leads next"))
        if login == workshop.facilitator:
            return workshop
        people = workshop.participants
        return store.update(
            Workshop,
            workshop_id,
            facilitator=login,
            facilitator_left=False,
            participants=people if login in people else [*people, login],
        )


def take_over(store: WorkspaceStore, workshop_id: str, present: Sequence[Presence]) -> Workshop:
    """Lead a session whose facilitator has gone (no heartbeat for STALE_SECONDS)."""
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        problem = takeover_problem(workshop, store.user, present)
        if problem:
            raise WorkspaceError(problem)
        return store.update(Workshop, workshop_id, facilitator=store.user, facilitator_left=False)


def step_away(store: WorkspaceStore, workshop_id: str) -> Workshop | None:
    """The facilitator leaves cleanly: the session says so, and anyone may lead at once.

    Nothing changes for a participant, a session led by nobody, or a facilitator who
    left already. Coming back (`start_or_resume`) gives the role back if nobody took it.
    """
    with store.transaction():
        workshop = store.find(Workshop, workshop_id)
        me = store.user
        if workshop is None or not me or workshop.facilitator != me or workshop.facilitator_left:
            return None
        return store.update(Workshop, workshop_id, facilitator_left=True)


# -- who is here ------------------------------------------------------------------------------


def in_session(present: Iterable[Presence], workshop: Workshop, me: str) -> list[Presence]:
    """The others whose screen shows this workshop now."""
    return [p for p in present if p.place.workshop == workshop.id and p.login != me]


def editing(present: Iterable[Presence], workshop: Workshop, field: str) -> str:
    """'jack is editing the mission' (from the others' presence), or ''."""
    names = [
        p.display
        for p in present
        if p.place.workshop == workshop.id and p.place.doing == f"editing the {field}"
    ]
    if not names:
        return ""
    doing = f"editing the {field}"  # marked in okr_tui.presence.DOING
    if len(names) == 1:
        return _("{who} is {doing}").format(who=names[0], doing=_(doing))
    who = _("{names} and {last}").format(names=_(", ").join(names[:-1]), last=names[-1])
    return _("{who} are {doing}").format(who=who, doing=_(doing))


def room_line(workshop: Workshop, here: int, viewer: str) -> str:
    """'Session led by hanna · 3 here' (the facilitator reads 'led by you')."""
    who = workshop.facilitator or viewer
    if lead_is_free(workshop, viewer):
        return _("Nobody leads · {count} here").format(count=here)
    if who == viewer or not who:
        line = (
            _("Session led by you · {count} here")
            if who
            else _("Session led by nobody · {count} here")
        )
        return line.format(count=here)
    return _("Session led by {who} · {count} here").format(who=who, count=here)


# -- steps ------------------------------------------------------------------------------------


def step_number(key: str) -> int:
    return STEP_KEYS.index(step_of(key).key) + 1


def view_problem(workshop: Workshop, user: str, key: str) -> str:
    """Why `user` may not look at a step: participants look back, never ahead."""
    if leads(workshop, user) or step_number(key) <= step_number(workshop.step):
        return ""
    if workshop.facilitator_left:
        return refusal(workshop, user, "step")
    lead = step_of(workshop.step)
    return _(
        "{who} has the session at step {number} ({step}): you can look back, not ahead."
    ).format(who=workshop.facilitator, number=lead.number, step=_(lead.title))


def _fresh_timer_fields() -> dict[str, Any]:
    return {"timer_seconds": 0.0, "timer_left": 0.0, "timer_started": None}


def move_step(store: WorkspaceStore, workshop_id: str, step: str) -> Workshop:
    """The facilitator moves everyone to a step; the ready check starts again.

    A running timer keeps running (the room's timebox is not the step's); a
    stopped one becomes the new step's timebox.
    """
    key = step_of(step).key
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "step")
        if workshop.step == key:
            return workshop
        changes: dict[str, Any] = {"step": key, "ready": []}
        if workshop.timer_started is None:
            changes |= _fresh_timer_fields()
        return store.update(Workshop, workshop_id, **changes)


# -- the shared timer -----------------------------------------------------------------------


def timer_of(workshop: Workshop) -> SharedTimer:
    """The session's countdown; before anyone set it, the current step's timebox."""
    if workshop.timer_seconds <= 0:
        return SharedTimer.fresh(timebox_minutes(workshop, workshop.step))
    return SharedTimer(workshop.timer_seconds, workshop.timer_left, workshop.timer_started)


def _save_timer(store: WorkspaceStore, workshop_id: str, timer: SharedTimer) -> Workshop:
    return store.update(
        Workshop,
        workshop_id,
        timer_seconds=timer.seconds,
        timer_left=timer.left,
        timer_started=timer.started,
    )


def toggle_timer(store: WorkspaceStore, workshop_id: str, now: datetime) -> Workshop:
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "timer")
        return _save_timer(store, workshop_id, timer_of(workshop).toggle(now))


def add_time(store: WorkspaceStore, workshop_id: str, now: datetime, minutes: float) -> Workshop:
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "timer")
        return _save_timer(store, workshop_id, timer_of(workshop).add_minutes(now, minutes))


def set_minutes(store: WorkspaceStore, workshop_id: str, now: datetime, minutes: float) -> Workshop:
    """A new length for the current step's timebox, counted from now; kept for the step."""
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        require_lead(workshop, store.user, "timer")
        timer = timer_of(workshop).set_minutes(now, minutes)
        boxes = {**workshop.timebox_minutes, workshop.step: float(minutes)}
        store.update(Workshop, workshop_id, timebox_minutes=boxes)
        return _save_timer(store, workshop_id, timer)


# -- the ready check --------------------------------------------------------------------------


def toggle_ready(store: WorkspaceStore, workshop_id: str) -> Workshop:
    """Mark oneself ready for the next step, or not ready after all."""
    me = store.user
    if not me:
        raise WorkspaceError(_("say who you are (okr --as NAME) to mark yourself ready"))
    with store.transaction():
        workshop = store.get(Workshop, workshop_id)
        ready = [p for p in workshop.ready if p != me]
        if me not in workshop.ready:
            ready.append(me)
        return store.update(Workshop, workshop_id, ready=ready)


def ready_line(workshop: Workshop, here: Sequence[str], viewer: str) -> str:
    """'2 of 3 ready' among the participants here (the facilitator is the one who waits);
    the facilitator also reads who is not: '· waiting for mia'. '' with nobody to wait for."""
    people = sorted(
        {p for p in [*here, viewer] if p and p != workshop.facilitator}, key=str.casefold
    )
    if not people:
        return ""
    done = [p for p in people if p in workshop.ready]
    line = _("{done} of {count} ready").format(done=len(done), count=len(people))
    waiting = [p for p in people if p not in workshop.ready]
    if leads(workshop, viewer) and waiting:
        line += " · " + _("waiting for {who}").format(who=_(", ").join(waiting))
    return line
