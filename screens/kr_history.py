"""The history of one key result: every check-in with its author and note, and its changes."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from okr_tui.models import KeyResult, Objective
from okr_tui.numbers import format_number
from okr_tui.privacy import can_see, hidden_label
from okr_tui.rules import progress
from okr_tui.weekly import Change, okr_changes
from okr_tui.weekly_report import signed
from screens.base import OkrScreen
from widgets.footer import QuietFooter


class KrHistoryScreen(OkrScreen):
    """Every reading of a key result, newest first, and every change made to it."""

    CSS_PATH = "kr_history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", "Back"),
        Binding("c", "checkin", "Check in"),
        Binding("t", "tasks", "Tasks"),
    ]

    def __init__(self, *, kr_id: str = "") -> None:
        super().__init__()
        self.kr_id = kr_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-heading")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="history-changes")
        yield QuietFooter(at_once=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("When", "Who", "Value", "Change", "Conf.", "Note")
        self.on_workspace_changed()
        self.query_one(DataTable).focus()

    def visible(self) -> tuple[KeyResult | None, Objective | None]:
        kr = self.store.find(KeyResult, self.kr_id)
        objective = self.store.find(Objective, kr.objective_id) if kr else None
        if objective is not None and not can_see(objective, self.user):
            return None, objective
        return kr, objective

    def on_workspace_changed(self) -> None:
        kr, objective = self.visible()
        heading = self.query_one("#history-heading", Static)
        table = self.query_one(DataTable)
        table.clear()
        changes_box = self.query_one("#history-changes", Static)
        if kr is None or objective is None:
            message = hidden_label(1) if objective is not None else "This key result is gone."
            heading.update(Text(message))
            changes_box.update("")
            return
        heading.update(self.heading_text(kr, objective))
        checkins = self.store.checkins(kr.id)
        previous: float | None = None
        rows = []
        for checkin in checkins:
            change = None if previous is None else checkin.value - previous
            previous = checkin.value
            rows.append(
                (
                    Text(f"{checkin.at:%a %d %b %Y %H:%M}"),
                    Text(checkin.author),
                    Text(format_number(checkin.value, kr.measure), justify="right"),
                    Text(signed(change, kr.measure), justify="right"),
                    Text("–" if checkin.confidence is None else f"{checkin.confidence}/10"),
                    Text(checkin.note),
                )
            )
        for row in reversed(rows):
            table.add_row(*row)
        if not rows:
            table.add_row("", "", "", "", "", Text("No check-ins yet: press c to add one."))
        changes = okr_changes(self.store, self.user, record_id=kr.id)
        changes_box.update(self.changes_text(changes))

    def heading_text(self, kr: KeyResult, objective: Objective) -> Text:
        last = self.store.latest_checkin(kr.id)
        text = Text(kr.title, style="bold")
        text.append(f"\n{objective.title}", style="dim")
        target = "–" if kr.target is None else format_number(kr.target, kr.measure)
        text.append(f"\n{format_number(kr.baseline, kr.measure)} → {target}")
        text.append(f" ({kr.direction})", style="dim")
        if kr.owner:
            text.append(f" · owner {kr.owner}")
        value = progress(kr, last.value if last else None)
        if value is not None:
            text.append(f" · progress {round(value * 100)}%")
        if kr.status == "dropped":
            text.append(" · dropped", style="bold red")
        return text

    def changes_text(self, changes: list[Change]) -> Text:
        text = Text("Changes", style="bold")
        if not changes:
            text.append("\nnone since it was added", style="dim")
        for change in reversed(changes[-5:]):
            event = change.event
            text.append(f"\n{event.at:%d %b %Y} {event.who or 'someone'} {change.what}")
            if change.details:
                text.append(f": {'; '.join(change.details)}")
            if event.reason:
                text.append(f" — why: {event.reason}", style="italic")
        return text

    def action_checkin(self) -> None:
        from screens.checkin import CheckInScreen

        kr = self.store.find(KeyResult, self.kr_id)
        objective = self.store.find(Objective, kr.objective_id) if kr else None
        unit = objective.unit_id if objective else None
        self.app.push_screen(CheckInScreen(unit_id=unit, kr_id=self.kr_id))

    def action_tasks(self) -> None:
        from screens.task_dialog import TaskListDialog

        if self.visible()[0] is not None:
            self.app.push_screen(TaskListDialog(kr_id=self.kr_id))
