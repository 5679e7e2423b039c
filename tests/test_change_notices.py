"""Change notices: the store says which tables changed, and a screen re-reads only for its own."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from okr_tui import navigation
from okr_tui import store as store_module
from okr_tui.app import OkrApp
from okr_tui.journal import journal_path
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store
from okr_tui.workspace import WorkspaceChange
from screens.base import OkrScreen
from tests.conftest import TODAY, fixed_clock, settle

PAUSES = 25
"""A change must show within 2 s: the app polls every second; 25 pauses of 0.1 s bound it."""


def seeded(workspace: Path) -> tuple[Store, KeyResult]:
    store = Store(workspace, "ann", clock=fixed_clock)
    unit = store.add(Unit(name="TeeBee", kind="company"))
    period = store.ensure_period("2026-Q4")
    objective = store.add(Objective(unit_id=unit.id, period_id=period.id, title="Prove our tea"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal 70%", target=70))
    return store, kr


def test_a_whole_file_re_read_names_the_tables_whose_chunks_changed(workspace: Path) -> None:
    ann, kr = seeded(workspace)
    bob = Store(workspace, "bob")
    before = bob.revision
    ann.check_in(kr.id, 30)
    assert bob.refresh() is True
    assert bob.changed_tables(before) == frozenset({"checkins", "events"})


def test_journal_lines_taken_in_name_their_tables(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    ann, kr = seeded(workspace)
    assert journal_path(workspace).exists()
    bob = Store(workspace, "bob")
    before = bob.revision
    ann.update(KeyResult, kr.id, target=80)
    assert bob.refresh() is True
    assert bob.changed_tables(before) == frozenset({"key_results", "events"})


def test_a_table_put_back_as_it_was_read_still_counts_as_changed(workspace: Path) -> None:
    # Bob's own save changed key_results in memory; ann then writes the file with that
    # table's chunks just as bob first read them. Bob's memory changes all the same.
    ann, kr = seeded(workspace)
    bob = Store(workspace, "bob")
    bob.update(KeyResult, kr.id, target=80)
    ann.update(KeyResult, kr.id, target=70)
    before = bob.revision
    assert bob.refresh() is True
    changed = bob.changed_tables(before)
    assert changed is None or "key_results" in changed
    assert bob.get(KeyResult, kr.id).target == 70


def test_a_renamed_organisation_or_an_old_revision_cannot_be_told(workspace: Path) -> None:
    ann, _ = seeded(workspace)
    before = ann.revision
    ann.set_org("TeeBee Ltd")
    assert ann.changed_tables(before) is None
    assert ann.changed_tables(0) is None, "the first read of the file changes everything"


def test_a_change_notice_touches_only_the_views_reading_its_tables() -> None:
    checkin = WorkspaceChange(3, frozenset({"checkins", "events"}))
    assert checkin.touches(None)
    assert checkin.touches(frozenset({"checkins", "units"}))
    assert not checkin.touches(frozenset({"units"}))
    assert WorkspaceChange(3, None).touches(frozenset({"units"}))


class CountingScreen(OkrScreen):
    """Shows the units and counts how often it re-reads them."""

    READS: ClassVar[frozenset[str] | None] = frozenset({"units"})
    reads = 0

    def compose(self) -> ComposeResult:
        yield Static(id="names")

    def on_mount(self) -> None:
        self.on_workspace_changed()

    def on_workspace_changed(self) -> None:
        CountingScreen.reads += 1
        names = sorted(u.name for u in self.store.units())
        self.query_one("#names", Static).update(Text("\n".join(names)))


async def test_a_screen_re_reads_only_when_a_table_it_reads_changes(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, kr = seeded(workspace)
    store.close()
    monkeypatch.setitem(navigation.SCREENS_BY_NAME, "counting", (__name__, "CountingScreen"))
    monkeypatch.setattr(CountingScreen, "reads", 0)
    ann = OkrApp(Store(workspace, "ann"), today=TODAY, start_screen="counting")
    bob = OkrApp(Store(workspace, "bob"), today=TODAY, start_screen="counting")
    async with ann.run_test(size=(100, 30)) as ann_pilot, bob.run_test(size=(100, 30)) as pilot:
        await settle(ann, ann_pilot)
        await settle(bob, pilot)
        reads = CountingScreen.reads
        assert isinstance(bob.screen, CountingScreen) and reads == 2, "each app read once"
        # A colleague's check-in touches no unit: bob's app takes it in, the screen stays.
        seen = bob.revision
        assert await ann.write(ann.store.check_in, kr.id, 30) is not None
        assert CountingScreen.reads == reads, "ann's own screen does not read for it either"
        for _ in range(PAUSES):
            if bob.revision != seen:
                break
            await pilot.pause(0.1)
        assert bob.revision != seen, "bob's app took in the check-in"
        await settle(bob, pilot)
        assert CountingScreen.reads == reads
        # A new unit is what it shows: both read again, and bob's screen shows it.
        assert await ann.write(ann.store.add, Unit(name="Tea Lab", kind="business")) is not None
        for _ in range(PAUSES):
            if CountingScreen.reads == reads + 2:
                break
            await pilot.pause(0.1)
        assert CountingScreen.reads == reads + 2
        assert "Tea Lab" in str(bob.screen.query_one("#names", Static).render())
