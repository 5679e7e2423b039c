"""The history of one key result: every check-in with its author and note, and its changes.

A corrected or withdrawn check-in shows as it is now (or struck through), with a
line under it for each correction or withdrawal: who, when, the value before, why.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Header, Static

from okr_tui.corrections import Fix, fixes
from okr_tui.i18n import N_, _
from okr_tui.models import CheckIn, KeyResult, Objective
from okr_tui.numbers import format_number
from okr_tui.okr_changes import VALUE_WORDS, Change, moment, okr_changes
from okr_tui.privacy import can_see, hidden_label
from okr_tui.rules import progress
from okr_tui.weekly_report import signed
from okr_tui.words import reason_text
from screens.base import OkrScreen
from widgets.footer import QuietFooter


class KrHistoryScreen(OkrScreen):
    """Every reading of a key result, newest first, and every change made to it."""

    CSS_PATH = "kr_history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", N_("Back")),
        Binding("c", "checkin", N_("Check in")),
        Binding("t", "tasks", N_("Tasks")),
        Binding("e", "fix('correct')", N_("Correct")),
        Binding("w", "fix('withdraw')", N_("Withdraw")),
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
        self.query_one(DataTable).add_columns(
            _("When"), _("Who"), _("Value"), _("Change"), _("Conf."), _("Note")
        )
        self.on_workspace_changed()
        self.query_one(DataTable).focus()

    def shown_records(self) -> tuple[KeyResult | None, Objective | None]:
        kr = self.store.find(KeyResult, self.kr_id)
        objective = self.store.find(Objective, kr.objective_id) if kr else None
        if objective is not None and not can_see(objective, self.user):
            return None, objective
        return kr, objective

    def on_workspace_changed(self) -> None:
        kr, objective = self.shown_records()
        heading = self.query_one("#history-heading", Static)
        table = self.query_one(DataTable)
        selected = self.selected_key()
        table.clear()
        changes_box = self.query_one("#history-changes", Static)
        if kr is None or objective is None:
            message = hidden_label(1) if objective is not None else _("This key result is gone.")
            heading.update(Text(message))
            changes_box.update("")
            return
        heading.update(self.heading_text(kr, objective))
        for key, row in self.rows(kr):
            table.add_row(*row, key=key)
        if not table.row_count:
            table.add_row(
                "",
                "",
                "",
                "",
                "",
                Text(
                    _("No check-ins yet: press {key} to add one.").format(
                        key=self.key_for("checkin")
                    )
                ),
            )
        elif selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        changes = okr_changes(self.store, self.user, record_id=kr.id)
        changes_box.update(self.changes_text(changes))

    def rows(self, kr: KeyResult) -> list[tuple[str, tuple[Text, ...]]]:
        """(row key, cells), newest check-in first, each followed by a line per fix of it.

        A live check-in's key is its id; the lines under it and a withdrawn one's are
        keyed `id:...`, so the cursor on any of them names the check-in.
        """
        by_checkin: dict[str, list[Fix]] = {}
        for fix in fixes(self.store, kr.id):
            by_checkin.setdefault(fix.before.id, []).append(fix)
        live = self.store.checkins(kr.id)
        live_ids = {c.id for c in live}
        withdrawn = [f.before for found in by_checkin.values() for f in found if f.after is None]
        groups: list[list[tuple[str, tuple[Text, ...]]]] = []
        previous: float | None = None
        for checkin in sorted([*live, *withdrawn], key=lambda c: c.at):
            gone = checkin.id not in live_ids
            change = None if previous is None or gone else checkin.value - previous
            if not gone:
                previous = checkin.value
            value = Text(format_number(checkin.value, kr.measure), justify="right")
            if gone:
                value.stylize("strike dim")
            rows: list[tuple[str, tuple[Text, ...]]] = [
                (
                    f"{checkin.id}:withdrawn" if gone else checkin.id,
                    (
                        Text(moment(checkin.at, "weekday"), style="dim" if gone else ""),
                        Text(checkin.author),
                        value,
                        Text("" if gone else signed(change, kr.measure), justify="right"),
                        Text("–" if checkin.confidence is None else f"{checkin.confidence}/10"),
                        Text(checkin.note, style="dim" if gone else ""),
                    ),
                )
            ]
            for number, fix in enumerate(by_checkin.get(checkin.id, [])):
                rows.append((f"{checkin.id}:fix{number}", self.fix_cells(kr, fix)))
            groups.append(rows)
        return [row for rows in reversed(groups) for row in rows]

    def fix_cells(self, kr: KeyResult, fix: Fix) -> tuple[Text, ...]:
        event = fix.event
        what = _("withdrawn: {reason}") if fix.after is None else _("corrected: {reason}")
        was = format_number(fix.before.value, kr.measure)
        confidence = fix.before.confidence
        return (
            Text(f" ↳ {moment(event.at, 'weekday')}", style="italic"),
            Text(event.who or _("someone"), style="italic"),
            Text(_("was {value}").format(value=was), style="italic dim", justify="right"),
            Text(""),
            Text(
                "" if confidence is None else _("was {value}").format(value=f"{confidence}/10"),
                style="italic dim",
            ),
            Text(what.format(reason=reason_text(event.reason)), style="italic"),
        )

    def heading_text(self, kr: KeyResult, objective: Objective) -> Text:
        last = self.store.latest_checkin(kr.id)
        text = Text(kr.title, style="bold")
        text.append(f"\n{objective.title}", style="dim")
        target = "–" if kr.target is None else format_number(kr.target, kr.measure)
        text.append(f"\n{format_number(kr.baseline, kr.measure)} → {target}")
        direction = _(VALUE_WORDS["direction"][kr.direction])
        text.append(_(" ({parts})").format(parts=direction), style="dim")
        if kr.owner:
            text.append(" · " + _("owner {who}").format(who=kr.owner))
        value = progress(kr, last.value if last else None)
        if value is not None:
            text.append(" · " + _("progress {percent}").format(percent=f"{round(value * 100)}%"))
        if kr.status == "dropped":
            text.append(" · " + _("dropped"), style="bold red")
        return text

    def changes_text(self, changes: list[Change]) -> Text:
        text = Text(_("Changes"), style="bold")
        if not changes:
            text.append("\n" + _("none since it was added"), style="dim")
        for change in reversed(changes[-5:]):
            event = change.event
            line = _("{day} {who} {what}").format(
                day=moment(event.at, "day"), who=event.who or _("someone"), what=change.what
            )
            text.append("\n" + line)
            if change.details:
                text.append(_(": ") + _("; ").join(change.details))
            if event.reason:
                text.append(
                    " — " + _("why: {reason}").format(reason=reason_text(event.reason)),
                    style="italic",
                )
        return text

    def action_checkin(self) -> None:
        kr = self.store.find(KeyResult, self.kr_id)
        objective = self.store.find(Objective, kr.objective_id) if kr else None
        unit = objective.unit_id if objective else None
        self.okr_app.action_open("checkin", unit_id=unit, kr_id=self.kr_id)

    def action_tasks(self) -> None:
        from screens.task_dialog import TaskListDialog

        if self.shown_records()[0] is not None:
            self.app.push_screen(TaskListDialog(kr_id=self.kr_id))

    def selected_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value

    def action_fix(self, mode: str) -> None:
        """Correct or withdraw the check-in under the cursor: its author's, with a reason."""
        from screens.checkin_dialogs import FixCheckInDialog

        if self.shown_records()[0] is None:
            return
        key = self.selected_key() or ""
        checkin = self.store.find(CheckIn, key.partition(":")[0])
        if checkin is None:
            gone = key.endswith(":withdrawn")
            self.notify(
                _("That check-in was withdrawn.")
                if gone
                else _("Put the cursor on a check-in first.")
            )
            return
        if checkin.author != self.user or not self.user:
            message = (
                _("Only {who}, who checked it in, can correct or withdraw it.").format(
                    who=checkin.author
                )
                if checkin.author
                else _("Only its author, who checked it in, can correct or withdraw it.")
            )
            self.notify(message, severity="warning")
            return
        self.app.push_screen(FixCheckInDialog(checkin_id=checkin.id, mode=mode))  # type: ignore[arg-type]
