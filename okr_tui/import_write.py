"""Writing an import: plan it outside the workspace lock, then write it in one short step.

An import's plan (okr_tui.batch holds its new records, already encoded) fits
only the workspace it was planned against; when a colleague saves meanwhile,
it is planned again, and after a few tries planned under the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from okr_tui.batch import Batch

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore

ATTEMPTS = 3
"""Plans made outside the lock before one is made under it."""


class Planned(Protocol):
    """What an import planned: its batch, and the problems that stop it."""

    batch: Batch
    problems: list[str]


P = TypeVar("P", bound=Planned)


def write_planned(
    store: WorkspaceStore,
    plan: Callable[[], P],
    refuse: Callable[[P], None],
    *,
    refresh: bool = True,
) -> P:
    """Plan (outside the lock), then write the plan's batch in one transaction.

    `refuse` raises when the plan has problems: nothing is written. When a
    colleague saved meanwhile, the plan is made again against what they wrote;
    after ATTEMPTS tries it is made under the lock. With `refresh`, the store
    reads the file again afterwards, so it shows what was imported.
    """
    planned: P | None = None
    for _attempt in range(ATTEMPTS):
        store.refresh()
        planned = plan()
        try:
            refuse(planned)
            if planned.batch.empty or store.write_batch(planned.batch) is not None:
                break
        finally:
            planned.batch.close()
    else:

        def plan_locked() -> Batch:
            nonlocal planned
            planned = plan()
            refuse(planned)
            return planned.batch

        try:
            store.write_batch(plan_locked)
        finally:
            if planned is not None:
                planned.batch.close()
    assert planned is not None
    if refresh:
        store.refresh()
    return planned
