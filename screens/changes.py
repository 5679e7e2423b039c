"""The history of changes to objectives and key results: who, when, what and why.

The table keeps one line per change, cut to fit; the pane under it shows the
highlighted change whole: the full reason and each value before and after.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from okr_tui.i18n import N_, _, ngettext
from okr_tui.models import Unit
from okr_tui.okr_changes import Change, moment, okr_changes
from okr_tui.words import reason_text
from screens.base import OkrScreen
from widgets.footer import QuietFooter

MAX_ROWS = 1000
"""The newest changes shown; an organisation's whole history can be tens of thousands."""
TITLE_CELLS = 28
REASON_CELLS = 30
"""The table's cuts; the detail pane shows both whole."""


def change_detail(change: Change | None) -> Text:
    """What the pane under the table shows for one change."""
    if change is None:
        return Text(_("Select a change to read it whole."), style="dim")
    event = change.event
    text = Text(change.what.capitalize(), style="bold")
    text.append(" · ")
    text.append(change.title, style="bold")
    who = event.who or _("someone")
    text.append("\n" + _("{who}, {when}").format(who=who, when=moment(event.at)), style="dim")
    text.append("\n" + _("Why: "), style="bold")
    reason = reason_text(event.reason)
    text.append(reason or _("no reason given"), style="" if reason else "dim")
    for detail in change.details:
        text.append("\n  ")
        text.append(detail)
    return text


class ChangesScreen(OkrScreen):
    """Every change to the OKRs the user may see, newest first; one unit or all."""

    CSS_PATH = "changes.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", N_("Back")),
        Binding("u", "toggle_scope", N_("This unit/all")),
    ]

    def __init__(self, *, unit_id: str | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.all_units = not unit_id
        self.shown: dict[str, Change] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="changes-heading")
        yield DataTable(id="changes-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="changes-detail")
        yield QuietFooter(at_once=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            _("When"), _("Who"), _("What"), _("Which"), _("Why"), _("Change")
        )
        self.on_workspace_changed()
        self.query_one(DataTable).focus()

    def scope(self) -> str:
        unit = self.store.find(Unit, self.unit_id) if self.unit_id else None
        return _("all units") if self.all_units or unit is None else unit.name

    def on_workspace_changed(self) -> None:
        if not self.query_one(DataTable).row_count:
            heading = Text(_("Changes to objectives and key results"), style="bold")
            heading.append(
                " · " + _("{scope} · reading the history...").format(scope=self.scope()),
                style="dim",
            )
            self.query_one("#changes-heading", Static).update(heading)
        self.read_changes(None if self.all_units else self.unit_id)

    @work(thread=True, exclusive=True, group="changes")
    def read_changes(self, unit_id: str | None) -> None:
        """Read the changes off the UI thread: a large organisation's history is on disk."""
        changes = okr_changes(self.store, self.user, unit_id=unit_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_changes, changes)

    def show_changes(self, changes: list[Change]) -> None:
        heading = Text(_("Changes to objectives and key results"), style="bold")
        count = ngettext(
            "{scope} · {count} change, newest first",
            "{scope} · {count} changes, newest first",
            len(changes),
        )
        heading.append(" · " + count.format(scope=self.scope(), count=len(changes)), style="dim")
        if len(changes) > MAX_ROWS:
            heading.append(
                " " + _("(the latest {count} shown)").format(count=MAX_ROWS), style="dim"
            )
        self.query_one("#changes-heading", Static).update(heading)
        table = self.query_one(DataTable)
        table.clear()
        newest = list(reversed(changes[-MAX_ROWS:]))
        self.shown = {change.event.id: change for change in newest}
        for change in newest:
            event = change.event
            why = Text(reason_text(event.reason)) if event.reason else Text("–", style="dim")
            why.truncate(REASON_CELLS, overflow="ellipsis")
            which = Text(change.title)
            which.truncate(TITLE_CELLS, overflow="ellipsis")
            table.add_row(
                Text(moment(event.at, "table")),
                Text(event.who or _("someone")),
                Text(change.what),
                which,
                why,
                Text("; ".join(change.details)),
                key=event.id,
            )
        if not changes:
            table.add_row("", "", Text(_("No changes yet."), style="italic"), "", "", "")
        self.show_detail()

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        """The highlighted change whole: nothing the table cuts is lost."""
        self.query_one("#changes-detail", Static).update(change_detail(self.highlighted()))

    def highlighted(self) -> Change | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.shown.get(key or "")

    def action_toggle_scope(self) -> None:
        if self.unit_id:
            self.all_units = not self.all_units
            self.query_one(DataTable).clear()
            self.on_workspace_changed()
