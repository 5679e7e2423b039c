"""Steps 1-3: the unit's charter (mission, vision and strategy), one line each.

Several people may type the same line at once. A save names the text the
person started from; if someone else saved that line since, it is refused
(the one who typed later is told, and may save theirs over it on purpose)
rather than silently overwriting what the other wrote.
"""

from __future__ import annotations

from okr_tui.i18n import _, format_decimal
from okr_tui.models import Charter
from okr_tui.store import WorkspaceError
from okr_tui.workshop.steps import CHARTER_STEPS, CHARTER_WORDS
from okr_tui.workspace import WorkspaceStore


def charter_of(store: WorkspaceStore, unit_id: str) -> Charter | None:
    found = store.by(Charter, "unit_id", unit_id)
    return found[0] if found else None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def clash(store: WorkspaceStore, unit_id: str, field: str, started_from: str) -> str:
    """Why a save of `field` would overwrite someone's newer text, or ''."""
    charter = charter_of(store, unit_id)
    now = getattr(charter, field) if charter is not None else ""
    if charter is None or _same(now, started_from):
        return ""
    who = next(
        (e.who for e in reversed(store.events(charter.id)) if e.who and e.who != store.user),
        _("someone else"),
    )
    return _("{who} changed the {field} while you were typing: yours is not saved yet.").format(
        who=who, field=_(field)
    )


def set_charter(
    store: WorkspaceStore, unit_id: str, field: str, text: str, *, started_from: str | None = None
) -> Charter:
    """Save one line of the unit's charter (mission, vision or strategy).

    With `started_from` (the text the person began editing), a line someone else
    changed since is refused instead of overwritten.
    """
    if field not in CHARTER_STEPS:
        raise WorkspaceError(
            _("a charter has a mission, a vision and a strategy, not {field!r}").format(field=field)
        )
    if len(text) > 2000:
        line = _(CHARTER_WORDS[CHARTER_STEPS.index(field)])
        raise WorkspaceError(
            _("the {line} is at most 2,000 characters, not {length}").format(
                line=line, length=format_decimal(len(text))
            )
        )
    with store.transaction():
        problem = "" if started_from is None else clash(store, unit_id, field, started_from)
        if problem:
            raise WorkspaceError(problem)
        charter = charter_of(store, unit_id)
        if charter is None:
            return store.add(Charter(unit_id=unit_id, **{field: text}))
        return store.update(Charter, charter.id, **{field: text})
