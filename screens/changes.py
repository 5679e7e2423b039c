"""The history of changes to objectives and key results: who, when, what and why."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from okr_tui.models import Unit
from okr_tui.okr_changes import Change, okr_changes
from okr_tui.words import reason_text
from screens.base import OkrScreen
from widgets.footer import QuietFooter

MAX_ROWS = 1000
"""The newest changes shown; an organisation's whole history can be tens of thousands."""


class ChangesScreen(OkrScreen):
    """Every change to the OKRs the user may see, newest first; one unit or all."""

    CSS_PATH = "changes.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", "Back"),
        Binding("u", "toggle_scope", "This unit/all"),
    ]

    def __init__(self, *, unit_id: str | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.all_units = not unit_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="changes-heading")
        yield DataTable(id="changes-table", cursor_type="row", zebra_stripes=True)
        yield QuietFooter(at_once=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("When", "Who", "What", "Which", "Why", "Change")
        self.on_workspace_changed()
        self.query_one(DataTable).focus()

    def scope(self) -> str:
        unit = self.store.find(Unit, self.unit_id) if self.unit_id else None
        return "all units" if self.all_units or unit is None else unit.name

    def on_workspace_changed(self) -> None:
        if not self.query_one(DataTable).row_count:
            heading = Text("Changes to objectives and key results", style="bold")
            heading.append(f" · {self.scope()} · reading the history...", style="dim")
            self.query_one("#changes-heading", Static).update(heading)
        self.read_changes(None if self.all_units else self.unit_id)

    @work(thread=True, exclusive=True, group="changes")
    def read_changes(self, unit_id: str | None) -> None:
        """Read the changes off the UI thread: a large organisation's history is on disk."""
        changes = okr_changes(self.store, self.user, unit_id=unit_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_changes, changes)

    def show_changes(self, changes: list[Change]) -> None:
        heading = Text("Changes to objectives and key results", style="bold")
        heading.append(f" · {self.scope()} · {len(changes)} changes, newest first", style="dim")
        if len(changes) > MAX_ROWS:
            heading.append(f" (the latest {MAX_ROWS} shown)", style="dim")
        self.query_one("#changes-heading", Static).update(heading)
        table = self.query_one(DataTable)
        table.clear()
        for change in reversed(changes[-MAX_ROWS:]):
            event = change.event
            why = Text(reason_text(event.reason)) if event.reason else Text("–", style="dim")
            which = Text(change.title)
            which.truncate(28, overflow="ellipsis")
            table.add_row(
                Text(f"{event.at:%d %b %y %H:%M}"),
                Text(event.who or "someone"),
                Text(change.what),
                which,
                why,
                Text("; ".join(change.details)),
                key=event.id,
            )
        if not changes:
            table.add_row("", "", Text("No changes yet.", style="italic"), "", "", "")

    def action_toggle_scope(self) -> None:
        if self.unit_id:
            self.all_units = not self.all_units
            self.query_one(DataTable).clear()
            self.on_workspace_changed()
