"""The weekly review of a unit: the team's meeting.

Every key result with this week's value, change since last week, progress,
confidence and its change, health and owner; who has not checked in; the
selected key result's tasks and the week's unplanned work. From here the team
changes OKRs mid-quarter (with a reason), adds and ticks off tasks, logs
unplanned work and reads the weekly report.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

from okr_tui.i18n import N_, _, format_date, ngettext, people_counts
from okr_tui.models import Objective, Unit
from okr_tui.numbers import format_number
from okr_tui.privacy import hidden_label
from okr_tui.tasks import TASK_BOX, TASK_STATUS_WORDS, is_overdue
from okr_tui.weekly import (
    Review,
    ReviewRow,
    Week,
    build_review,
    default_unit,
    units_with_objectives,
)
from okr_tui.weekly_report import signed, signed_int
from okr_tui.words import FILTER_WORDS, review_key_hints, tag_words
from screens.base import OkrScreen, week_step
from screens.estimate_round import open_round
from screens.review_rows import (
    FILTERS,
    SORTS,
    change_cell,
    health_cell,
    matches,
    progress_cell,
    sort_rows,
    symbol_only,
)
from screens.round_notice import round_notice, round_to_open
from widgets.footer import QuietFooter

NARROW_BELOW = 100
"""Terminal width below which the review's table leaves out the owner and tasks columns."""
TITLE_MIN = 17
"""The key result column is never narrower: 80 columns show 17 cells of a title."""


class ReviewScreen(OkrScreen):
    """The weekly review of one unit: numbers, silence, tasks, unplanned work, changes."""

    CSS_PATH = "review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.back", N_("Back"), show=False),
        Binding("enter", "history", N_("History"), show=False),
        Binding("e", "change('edit')", N_("Edit")),
        Binding("g", "change('retarget')", N_("Target")),
        Binding("d", "change('drop')", N_("Drop")),
        Binding("o", "edit_objective", N_("Edit objective"), show=False),
        Binding("t", "tasks", N_("Tasks")),
        Binding("l", "log_unplanned", N_("Unplanned")),
        Binding("m", "report", N_("Report")),
        Binding("h", "changes", N_("Changes")),
        Binding("s", "sort", N_("Sort"), show=False),
        Binding("f", "filter", N_("Filter"), show=False),
        Binding("u", "next_unit", N_("Unit"), show=False),
        Binding("left_square_bracket", "week(-1)", N_("Prev week"), show=False),
        Binding("right_square_bracket", "week(1)", N_("Next week"), show=False),
        Binding("c", "checkin", N_("Check in"), show=False),
        Binding("v", "round", N_("Confidence round"), show=False),
    ]

    def __init__(self, *, unit_id: str | None = None, week: str | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.week_label = week
        self.sort = SORTS[0]
        self.filter = FILTERS[0]
        self.review: Review | None = None
        self.title_width = 30
        self.narrow = False
        self._shown_text: dict[str, Text] = {}

    @property
    def week(self) -> Week:
        return Week.parse(self.week_label) if self.week_label else Week.of(self.okr_app.today)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-heading")
        yield DataTable(id="review-table", cursor_type="row", zebra_stripes=False)
        with Horizontal(id="review-detail"):
            yield Static(id="review-tasks")
            yield Static(id="review-unplanned")
        yield QuietFooter(at_once=True, show_command_palette=False)

    def on_mount(self) -> None:
        if not self.unit_id:
            preferred = self.okr_app.unit_id
            self.unit_id = default_unit(self.store, self.okr_app.period_id, preferred) or ""
        table = self.query_one(DataTable)
        self.narrow = self.app.size.width < NARROW_BELOW
        self.title_width = self.first_title_width(self.app.size.width)
        self.add_columns()
        self.on_workspace_changed()
        table.focus()

    # -- layout -----------------------------------------------------------------------
    def first_title_width(self, width: int) -> int:
        """A guess before the table has rows; `fit_title` makes it exact once they are there."""
        return TITLE_MIN if width < NARROW_BELOW else max(22, width - 80)

    def add_columns(self) -> None:
        # Below 100 columns the owner and the tasks move to the detail pane under the
        # table, so health stays in sight without scrolling sideways.
        table = self.query_one(DataTable)
        table.add_column(_("Key result"), key="title", width=self.title_width)
        table.add_column(_("This week"), key="value")
        table.add_column(_("Change"), key="change")
        table.add_column(_("Progress"), key="progress")
        table.add_column(_("Conf."), key="conf")
        table.add_column(_("Health"), key="health")
        if not self.narrow:
            table.add_column(_("Owner"), key="owner")
            table.add_column(_("Open/done"), key="tasks")

    def on_resize(self) -> None:
        narrow = self.app.size.width < NARROW_BELOW
        if narrow != self.narrow:
            self.narrow = narrow
            table = self.query_one(DataTable)
            table.clear(columns=True)
            self.add_columns()
            self.fill_table()
            self.update_detail()
        self.call_after_refresh(self.fit_title)

    def fit_title(self) -> None:
        """Give the title what the other columns leave, so every column fits the width."""
        table = self.query_one(DataTable)
        others = sum(
            column.get_render_width(table)
            for key, column in table.columns.items()
            if key.value != "title"
        )
        room = table.scrollable_content_region.width or self.app.size.width
        # The scrollbar appears once rows outgrow the table; keep room for it either way.
        scrollbar = table.styles.scrollbar_size_vertical
        wanted = max(TITLE_MIN, room - others - 2 * table.cell_padding - scrollbar)
        if wanted != self.title_width:
            self.title_width = wanted
            table.columns[ColumnKey("title")].width = wanted
            self.fill_table()

    # -- data -------------------------------------------------------------------------
    def on_workspace_changed(self) -> None:
        if not self.unit_id:
            self.query_one("#review-heading", Static).update(
                Text(_("No units yet: create one in the workshop or with okr unit add."))
            )
            return
        self.review = build_review(
            self.store,
            self.unit_id,
            self.week,
            self.okr_app.today,
            self.user,
            period_id=self.okr_app.period_id,
        )
        self.fill_table()
        self.update_heading()
        self.update_detail()
        self.call_after_refresh(self.fit_title)

    def update_heading(self) -> None:
        review = self.review
        if review is None:
            return
        unit = review.unit.name if review.unit else self.unit_id
        text = Text(unit or "", style="bold")
        text.append(f" · {review.week.shown} ({review.week.span()})")
        rows = review.rows
        checked = sum(1 for r in rows if r.checked_in)
        line = ngettext(
            "{checked} of {count} key result checked in this week",
            "{checked} of {count} key results checked in this week",
            len(rows),
        ).format(checked=checked, count=len(rows))
        text.append(f"\n{line}", style="dim")
        missing = review.not_checked_in
        if missing:
            text.append(" · • " + _("not yet: "), style="dim")
            text.append(people_counts(missing), style="yellow")
        if review.hidden:
            text.append(f" · {hidden_label(review.hidden)}", style="dim italic")
        # The keys the footer has no room for at 80 columns are named here instead.
        # Three spans, as the English screen was always drawn.
        sort, week, rest = review_key_hints(self.key_for, self.sort, self.filter)
        text.append(f"\n{sort}", style="dim")
        text.append(week, style="dim")
        text.append(rest, style="dim")
        if notice := round_notice(
            self.store, self.kr_ids(), "confidence", self.user, self.key_for("round")
        ):
            text.append("\n")
            text.append_text(notice)
        self.query_one("#review-heading", Static).update(text)

    def kr_ids(self) -> list[str]:
        return [row.kr.id for row in self.review.rows] if self.review is not None else []

    def fill_table(self) -> None:
        review = self.review
        table = self.query_one(DataTable)
        keep = self.selected_key()
        table.clear()
        if review is None:
            return
        rows = [r for r in review.rows if matches(r, self.filter)]
        if self.sort == "outline":
            for objective in review.objectives:
                group = [r for r in rows if r.objective.id == objective.id]
                if self.filter != "all" and not group:
                    continue
                self.add_objective_row(objective)
                for row in group:
                    self.add_kr_row(row, indent=True)
        else:
            for row in sort_rows(rows, self.sort):
                self.add_kr_row(row, indent=False)
        if table.row_count == 0:
            message = (
                _("No objectives for this unit and period: the workshop sets them.")
                if not review.objectives
                else _("Nothing matches the filter “{filter}” (f changes it).").format(
                    filter=_(FILTER_WORDS[self.filter])
                )
            )
            table.add_row(Text(message, style="italic"), key="empty")
        if keep is not None:
            # The row may have gone (filtered out, dropped): then the cursor stays at the top.
            with contextlib.suppress(RowDoesNotExist):
                table.move_cursor(row=table.get_row_index(keep))

    def add_objective_row(self, objective: Objective) -> None:
        title = Text(objective.title, style="bold")
        tags = tag_words(objective)
        title.append(f"  {' · '.join(tags)}", style="dim")
        title.truncate(self.title_width, overflow="ellipsis")
        owner = Text(objective.owner, style="dim")
        cells = [title, "", "", "", "", "", owner, ""]
        self.query_one(DataTable).add_row(*self._fit(cells), key=f"ob:{objective.id}")

    def add_kr_row(self, row: ReviewRow, *, indent: bool) -> None:
        kr = row.kr
        title = Text("  " if indent else "")
        title.append(kr.title)
        title.truncate(self.title_width - (0 if row.checked_in else 2), overflow="ellipsis")
        if not row.checked_in:
            title.append(" •", style="yellow")
        conf = Text("–" if row.confidence is None else f"{row.confidence}/10")
        if row.confidence_change is not None:
            conf.append(" ")
            conf.append_text(change_cell(signed_int(row.confidence_change)))
        tasks = Text(f"{len(row.tasks_open)}/{len(row.tasks_done)}", justify="center")
        if not row.tasks_open and not row.tasks_done:
            tasks = Text("–", style="dim", justify="center")
        cells = [
            title,
            Text(format_number(row.value, kr.measure), justify="right"),
            change_cell(signed(row.change, symbol_only(kr.measure))),
            progress_cell(row.progress),
            conf,
            health_cell(row.health),
            Text(row.owner),
            tasks,
        ]
        self.query_one(DataTable).add_row(*self._fit(cells), key=f"kr:{kr.id}")

    def _fit(self, cells: list[Any]) -> list[Any]:
        """A row's cells for the columns shown (narrow: without owner and tasks)."""
        return cells[: len(self.query_one(DataTable).columns)]

    def update_detail(self) -> None:
        review = self.review
        tasks_box = self.query_one("#review-tasks", Static)
        unplanned_box = self.query_one("#review-unplanned", Static)
        if review is None:
            return
        row = self.selected_row()
        if row is None:
            self._show(tasks_box, Text(_("Select a key result to see its tasks."), style="dim"))
        else:
            before, _kr, after = _("Tasks of {kr}").partition("{kr}")
            text = Text(before, style="bold")
            text.append(row.kr.title, style="bold")
            text.append(after, style="bold")
            if self.narrow and row.owner:
                owner = _("owner {person}").format(person=row.owner)
                text.append(f" · {owner}", style="dim")
            today = self.okr_app.today
            for task in row.tasks_open:
                text.append(f"\n{TASK_BOX[task.status]} ")
                text.append(task.title)
                if task.owner:
                    text.append(f" ({task.owner})", style="dim")
                if task.status == "doing":
                    text.append(f" · {_(TASK_STATUS_WORDS['doing'])}", style="dim")
                if is_overdue(task, today):
                    due = _("due {date} overdue").format(date=format_date(task.due or today))
                    text.append(f" {due}", style="bold red")
            for task in row.tasks_done:
                text.append(f"\n{TASK_BOX['done']} ", style="green")
                text.append(task.title, style="dim")
            if not row.tasks_open and not row.tasks_done:
                none_yet = _("none yet: {key} to add").format(key=self.key_for("tasks"))
                text.append(f"\n{none_yet}", style="dim")
            if row.last is not None and row.last.note:
                text.append("\n" + _("Last note: "), style="bold")
                text.append(row.last.note, style="italic")
            self._show(tasks_box, text)
        text = Text(
            _("Unplanned work this week ({count})").format(count=len(review.unplanned)),
            style="bold",
        )
        for item in review.unplanned:
            text.append("\n• ")
            text.append(item.title)
            if item.author:
                text.append(f" ({item.author})", style="dim")
        if not review.unplanned:
            none_logged = _("none logged: {key} to log").format(key=self.key_for("log_unplanned"))
            text.append(f"\n{none_logged}", style="dim")
        self._show(unplanned_box, text)

    def _show(self, box: Static, text: Text) -> None:
        """Update a box only when its text changed: each update lays the screen out again.

        The cursor landing on the first row as the screen opens would otherwise redraw
        both boxes with what they already show.
        """
        if self._shown_text.get(box.id or "") != text:
            self._shown_text[box.id or ""] = text
            box.update(text)

    # -- selection --------------------------------------------------------------------
    def selected_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_row(self) -> ReviewRow | None:
        key = self.selected_key() or ""
        if not key.startswith("kr:") or self.review is None:
            return None
        return next((r for r in self.review.rows if r.kr.id == key[3:]), None)

    def selected_objective_id(self) -> str | None:
        key = self.selected_key() or ""
        if key.startswith("ob:"):
            return key[3:]
        row = self.selected_row()
        return row.objective.id if row else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.update_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_history()

    # -- actions ----------------------------------------------------------------------
    def action_history(self) -> None:
        if (row := self.selected_row()) is not None:
            self.okr_app.action_open("history", kr_id=row.kr.id)

    def action_change(self, mode: str) -> None:
        from screens.change_dialog import ChangeDialog

        key = self.selected_key() or ""
        if key.startswith("kr:"):
            self.app.push_screen(ChangeDialog(kind="kr", record_id=key[3:], mode=mode))  # type: ignore[arg-type]
        elif key.startswith("ob:"):
            if mode == "retarget":
                self.notify(_("Re-target a key result: select one of its key results."), timeout=4)
                return
            self.app.push_screen(ChangeDialog(kind="objective", record_id=key[3:], mode=mode))  # type: ignore[arg-type]

    def action_edit_objective(self) -> None:
        from screens.change_dialog import ChangeDialog

        objective_id = self.selected_objective_id()
        if objective_id:
            self.app.push_screen(ChangeDialog(kind="objective", record_id=objective_id))

    def action_tasks(self) -> None:
        row = self.selected_row()
        if row is None:
            self.notify(_("Select a key result to see its tasks."), timeout=3)
            return
        from screens.task_dialog import TaskListDialog

        self.app.push_screen(TaskListDialog(kr_id=row.kr.id))

    def action_log_unplanned(self) -> None:
        if not self.unit_id:
            return
        from screens.task_dialog import UnplannedDialog

        self.app.push_screen(UnplannedDialog(unit_id=self.unit_id))

    def action_report(self) -> None:
        if self.unit_id:
            self.okr_app.action_open("report", unit_id=self.unit_id, week=self.week.label)

    def action_changes(self) -> None:
        self.okr_app.action_open("changes", unit_id=self.unit_id)

    async def action_round(self) -> None:
        row = self.selected_row()
        kr_id = round_to_open(self.store, row.kr.id if row else None, self.kr_ids(), "confidence")
        if kr_id is not None:
            await open_round(self, kr_id, "confidence")

    def action_checkin(self) -> None:
        row = self.selected_row()
        self.okr_app.action_open("checkin", unit_id=self.unit_id, kr_id=row.kr.id if row else None)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.fill_table()
        self.update_heading()

    def action_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.fill_table()
        self.update_heading()
        self.update_detail()

    def action_week(self, step: int) -> None:
        label = week_step(self, self.week, step)
        if label is not None:
            self.week_label = label
            self.on_workspace_changed()

    def action_next_unit(self) -> None:
        units = [u.id for u in units_with_objectives(self.store, self.okr_app.period_id)]
        if self.unit_id and self.unit_id not in units:
            units.insert(0, self.unit_id)
        if not units:
            return
        index = units.index(self.unit_id) if self.unit_id in units else -1
        self.unit_id = units[(index + 1) % len(units)]
        self.on_workspace_changed()
        if (unit := self.store.find(Unit, self.unit_id)) is not None:
            self.notify(Text(unit.name).plain, timeout=2)
