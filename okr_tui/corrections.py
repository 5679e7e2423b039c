"""Putting a wrong check-in right: its author corrects it or withdraws it, and says why.

A correction changes the check-in in place and a withdrawal removes it, so every
progress, score and report computed from check-ins follows with no change of its
own. The event of either keeps the check-in as it was (its `before`), who did it,
when and why: the key result's history shows the original beside the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from okr_tui.i18n import _
from okr_tui.models import CheckIn, Event, KeyResult, Objective
from okr_tui.privacy import can_see
from okr_tui.store import WorkspaceError

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

CORRECT = "correct"
WITHDRAW = "withdraw"
"""The actions of the events a correction and a withdrawal record."""

FixKind = Literal["corrected", "withdrawn"]


class _Unchanged:
    """Marks a field the correction leaves as it is (None is a confidence: none given)."""


UNCHANGED = _Unchanged()


def _visible(store: WorkspaceStore, checkin: CheckIn) -> bool:
    kr = store.find(KeyResult, checkin.kr_id)
    objective = store.find(Objective, kr.objective_id) if kr else None
    return objective is None or can_see(objective, store.user)


def checkin_to_fix(store: WorkspaceStore, ident: str) -> CheckIn:
    """The check-in `ident` names: a check-in's id, or a key result's id for the
    user's latest check-in on it. WorkspaceError when there is none to fix."""
    ident = ident.strip()
    kr = store.find(KeyResult, ident)
    if kr is not None:
        objective = store.find(Objective, kr.objective_id)
        if objective is not None and not can_see(objective, store.user):
            raise WorkspaceError(_("no check-in or key result {ident!r}").format(ident=ident))
        mine = [c for c in store.checkins(kr.id) if c.author == store.user]
        if not mine:
            raise WorkspaceError(
                _("you have no check-in on “{title}” to correct or withdraw").format(
                    title=" ".join(kr.title.split())
                )
            )
        return mine[-1]
    checkin = store.find(CheckIn, ident)
    if checkin is None or not _visible(store, checkin):
        raise WorkspaceError(_("no check-in or key result {ident!r}").format(ident=ident))
    return checkin


def _allowed(store: WorkspaceStore, checkin_id: str, reason: str) -> CheckIn:
    """The check-in, when this user may fix it with this reason; else WorkspaceError."""
    checkin = store.find(CheckIn, checkin_id)
    if checkin is None or not _visible(store, checkin):
        raise WorkspaceError(
            _("no check-in {id!r} (it may have been withdrawn)").format(id=checkin_id)
        )
    if not store.user or checkin.author != store.user:
        raise WorkspaceError(
            _(
                "only the check-in's author ({author}) may correct or withdraw it, not {user}"
            ).format(
                author=checkin.author or _("nobody recorded"),
                user=store.user or _("an unnamed user"),
            )
        )
    if not reason.strip():
        raise WorkspaceError(_("say why: a correction or withdrawal needs a reason"))
    return checkin


def correct_checkin(
    store: WorkspaceStore,
    checkin_id: str,
    *,
    value: float | None = None,
    confidence: int | _Unchanged | None = UNCHANGED,
    note: str | None = None,
    reason: str,
) -> CheckIn:
    """Change the value, confidence or note of one's own check-in; the reading keeps its time."""
    with store.transaction():
        checkin = _allowed(store, checkin_id, reason)
        changes: dict[str, object] = {}
        if value is not None and value != checkin.value:
            changes["value"] = value
        if not isinstance(confidence, _Unchanged) and confidence != checkin.confidence:
            changes["confidence"] = confidence
        if note is not None and note.strip() != checkin.note:
            changes["note"] = note.strip()
        if not changes:
            raise WorkspaceError(_("nothing to correct: the check-in already says that"))
        return store.update(CheckIn, checkin.id, reason=reason.strip(), action=CORRECT, **changes)


def withdraw_checkin(store: WorkspaceStore, checkin_id: str, *, reason: str) -> CheckIn:
    """Take one's own check-in back: it no longer counts anywhere. Returns it as it was."""
    with store.transaction():
        checkin = _allowed(store, checkin_id, reason)
        store.remove(CheckIn, checkin.id, reason=reason.strip(), action=WITHDRAW)
        return checkin


@dataclass(frozen=True)
class Fix:
    """One correction or withdrawal of a check-in: the check-in before it, and after."""

    event: Event
    before: CheckIn
    after: CheckIn | None

    @property
    def kind(self) -> FixKind:
        return "withdrawn" if self.after is None else "corrected"


def fixes(store: WorkspaceStore, kr_id: str) -> list[Fix]:
    """Every correction and withdrawal of the key result's check-ins, oldest first."""
    found: list[Fix] = []
    events = store.events(tables=(CheckIn.TABLE,), mentioning=(kr_id,))
    for event in events:
        if event.action not in (CORRECT, WITHDRAW) or event.before is None:
            continue
        if event.before.get("kr_id") != kr_id:
            continue
        before = CheckIn.model_validate(event.before)
        after = CheckIn.model_validate(event.after) if event.after is not None else None
        found.append(Fix(event, before, after))
    return found
