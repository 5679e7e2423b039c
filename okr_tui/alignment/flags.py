"""Coach hints on an objective's alignment: orphan, skip-level, supports nothing, broken link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from okr_tui.i18n import N_, _, ngettext
from okr_tui.models import Objective, Unit
from okr_tui.workspace import WorkspaceStore

TEAM_KINDS = ("business", "support")


class FlagKind(StrEnum):
    ORPHAN = "orphan"
    SKIP_LEVEL = "skip-level"
    SUPPORTS_NOTHING = "supports nothing"
    BROKEN_LINK = "broken link"


FLAG_WORDS: dict[FlagKind, str] = {
    FlagKind.ORPHAN: N_("orphan"),
    FlagKind.SKIP_LEVEL: N_("skip-level"),
    FlagKind.SUPPORTS_NOTHING: N_("supports nothing"),
    FlagKind.BROKEN_LINK: N_("broken link"),
}
"""A flag's kind as people read it (the kind itself stays English in code)."""


def flag_word(kind: FlagKind) -> str:
    """ "orphan" in English, "无上级" in Chinese."""
    return _(FLAG_WORDS[kind])


@dataclass(frozen=True)
class Flag:
    """A coach hint about how an objective is aligned; never a blocker."""

    kind: FlagKind
    message: str


def alignment_flags(store: WorkspaceStore, objective: Objective) -> list[Flag]:
    """Orphan, skip-level, supports-nothing and broken-link hints for one objective."""

    def has_objectives(unit_id: str) -> bool:
        return bool(store.objectives(period_id=objective.period_id, unit_id=unit_id))

    def unit_of(unit_id: str | None) -> Unit | None:
        return store.find(Unit, unit_id)

    return objective_flags(store, objective, has_objectives, unit_of)


def objective_flags(
    store: WorkspaceStore,
    objective: Objective,
    has_objectives: Callable[[str], bool],
    unit_of: Callable[[str | None], Unit | None],
) -> list[Flag]:
    """The flags of one objective; `has_objectives(unit_id)` answers for its period.

    The lookups are given so that the tree can answer from the tables it built
    once, where `alignment_flags` asks the store.
    """
    flags: list[Flag] = []
    unit = unit_of(objective.unit_id)
    if unit is None:
        return flags
    parent_unit = unit_of(unit.parent_id)
    parent = store.find(Objective, objective.parent_id)
    if objective.parent_id and parent is None:
        flags.append(Flag(FlagKind.BROKEN_LINK, _("its parent objective is gone")))
    missing = [s for s in objective.supports if store.find(Objective, s) is None]
    if missing:
        gone = ngettext(
            "supports an objective that is gone",
            "supports {count} objectives that are gone",
            len(missing),
        ).format(count=len(missing))
        flags.append(Flag(FlagKind.BROKEN_LINK, gone))
    serves = unit.kind == "support" and len(missing) < len(objective.supports)
    if (
        unit.kind in TEAM_KINDS
        and not objective.parent_id
        and not serves
        and parent_unit is not None
        and has_objectives(parent_unit.id)
    ):
        flags.append(
            Flag(
                FlagKind.ORPHAN,
                _("no parent objective, while {unit} has objectives this period").format(
                    unit=parent_unit.name
                ),
            )
        )
    if parent is not None and parent.unit_id not in (unit.id, unit.parent_id):
        above = unit_of(parent.unit_id)
        where = above.name if above is not None else parent.unit_id
        message = (
            _("its parent is in {where}, not in {unit}").format(where=where, unit=parent_unit.name)
            if parent_unit is not None
            else _("its parent is in {where}, not in the unit above").format(where=where)
        )
        flags.append(Flag(FlagKind.SKIP_LEVEL, message))
    # Team-building objectives (learning, efficiency) serve the team itself, as the
    # field report's UED team splits its OKRs; only business ones should serve someone.
    if unit.kind == "support" and objective.track == "business" and not objective.supports:
        flags.append(
            Flag(FlagKind.SUPPORTS_NOTHING, _("a support team's objective that supports nothing"))
        )
    return flags
