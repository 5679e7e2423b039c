"""The history of changes to objectives and key results: who, when, what and why."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from okr_tui.models import Unit
from okr_tui.weekly import okr_changes
from screens.base import OkrScreen
from widgets.footer import QuietFooter


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

    def on_workspace_changed(self) -> None:
        unit_id = None if self.all_units else self.unit_id
        changes = okr_changes(self.store, self.user, unit_id=unit_id)
        unit = self.store.find(Unit, self.unit_id) if self.unit_id else None
        scope = "all units" if self.all_units or unit is None else unit.name
        heading = Text("Changes to objectives and key results", style="bold")
        heading.append(f" · {scope} · {len(changes)} changes, newest first", style="dim")
        self.query_one("#changes-heading", Static).update(heading)
        table = self.query_one(DataTable)
        table.clear()
        for change in reversed(changes):
            event = change.event
            why = Text(event.reason) if event.reason else Text("–", style="dim")
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
            self.on_workspace_changed()
