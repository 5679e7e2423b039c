"""Dialogs for the work under key results: one task, a key result's task list, unplanned work.

Each dialog does its own write through the app and stays open, with the
user's text kept, when the write fails.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, cast

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from okr_tui.i18n import N_, _, current_language
from okr_tui.models import KeyResult, Objective, Task, TaskStatus, UnplannedWork
from okr_tui.privacy import can_see, hidden_label
from okr_tui.tasks import TASK_BOX, TASK_STATUS_WORDS, due_label, is_overdue
from screens.base import key_for
from widgets.one_line import OneLineInput, limit_of

if TYPE_CHECKING:
    from okr_tui.app import OkrApp

STATUSES: tuple[TaskStatus, ...] = ("todo", "doing", "done")


def read_due(text: str) -> date | None:
    """A due date typed as 2026-12-04, or None when left blank; ValueError with a sentence."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("a due date is written like 2026-12-04, not {text!r}").format(text=text)
        ) from None


def first_problem(error: ValidationError) -> str:
    """One readable sentence from a validation error, for the line under the form."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


class _Dialog(ModalScreen[bool]):
    CSS_PATH = "task_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    @property
    def okr_app(self) -> OkrApp:
        return cast("OkrApp", self.app)

    def show_error(self, message: str) -> None:
        error = self.query_one("#dialog-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    def buttons(self) -> ComposeResult:
        yield Static(id="dialog-error")
        with Horizontal(id="dialog-buttons"):
            yield Button(_("Save"), variant="primary", id="dialog-save")
            yield Button(_("Cancel"), id="dialog-cancel")

    def on_mount(self) -> None:
        self.query_one("#dialog-error", Static).display = False

    @on(Button.Pressed, "#dialog-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        # Enter walks through the form; on the last field it saves.
        inputs = list(self.query(Input))
        if inputs and event.input is not inputs[-1]:
            self.focus_next()
            return
        await self._save()

    @on(Button.Pressed, "#dialog-save")
    async def _save(self) -> None:
        if await self.save():
            self.dismiss(True)

    async def save(self) -> bool:
        raise NotImplementedError


def status_options() -> list[tuple[str, TaskStatus]]:
    """The statuses as the select shows them: their stored names in English, words otherwise."""
    if current_language() == "en":
        return [(s, s) for s in STATUSES]
    return [(_(TASK_STATUS_WORDS[s]), s) for s in STATUSES]


class TaskDialog(_Dialog):
    """Add a task under a key result, or edit one: title, owner, due date, status."""

    def __init__(self, *, kr_id: str = "", task: Task | None = None) -> None:
        super().__init__()
        self.kr_id = task.kr_id if task is not None else kr_id
        self.editing = task

    def compose(self) -> ComposeResult:
        task = self.editing
        kr = self.okr_app.store.find(KeyResult, self.kr_id)
        heading = _("Edit task") if task else _("New task")
        with Vertical(id="dialog"):
            yield Label(heading, classes="dialog-title")
            if kr is not None:
                yield Label(Text(kr.title), classes="dialog-subtitle")
            yield Label(_("What needs doing"), classes="dialog-label")
            yield OneLineInput(
                task.title if task else "",
                placeholder=_("a task that moves the number"),
                id="task-title",
                max_length=limit_of(Task, "title"),
            )
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label(_("Owner"), classes="dialog-label")
                    yield Input(task.owner if task else self.okr_app.user, id="task-owner")
                with Vertical():
                    yield Label(_("Due (optional)"), classes="dialog-label")
                    yield Input(
                        task.due.isoformat() if task and task.due else "",
                        placeholder="2026-12-04",
                        id="task-due",
                    )
                with Vertical():
                    yield Label(_("Status"), classes="dialog-label")
                    yield Select(
                        status_options(),
                        value=task.status if task else "todo",
                        allow_blank=False,
                        id="task-status",
                    )
            yield from self.buttons()

    async def save(self) -> bool:
        title = self.query_one("#task-title", Input).value.strip()
        if not title:
            self.show_error(_("A task needs a title."))
            self.query_one("#task-title", Input).focus()
            return False
        try:
            due = read_due(self.query_one("#task-due", Input).value)
        except ValueError as exc:
            self.show_error(str(exc))
            self.query_one("#task-due", Input).focus()
            return False
        fields: dict[str, Any] = {
            "title": title,
            "owner": self.query_one("#task-owner", Input).value.strip(),
            "due": due,
            "status": self.query_one("#task-status", Select).value,
        }
        store = self.okr_app.store
        if self.editing is None:
            try:
                record = Task(kr_id=self.kr_id, **fields)
            except ValidationError as exc:
                self.show_error(first_problem(exc))
                return False
            result = await self.okr_app.write(store.add, record)
        else:
            result = await self.okr_app.write(store.update, Task, self.editing.id, **fields)
        return result is not None


class TaskListDialog(ModalScreen[None]):
    """A key result's tasks: add, edit and tick off without leaving the screen underneath."""

    CSS_PATH = "task_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close")),
        Binding("a", "add", N_("Add task")),
        Binding("e", "edit", N_("Edit")),
        Binding("x,space", "tick", N_("Done/undo")),
    ]

    def __init__(self, *, kr_id: str = "") -> None:
        super().__init__()
        self.kr_id = kr_id

    @property
    def okr_app(self) -> OkrApp:
        return cast("OkrApp", self.app)

    def hidden(self) -> bool:
        """True when the key result sits under a private objective this user may not read."""
        store = self.okr_app.store
        kr = store.find(KeyResult, self.kr_id)
        objective = store.find(Objective, kr.objective_id) if kr else None
        return objective is not None and not can_see(objective, self.okr_app.user)

    def compose(self) -> ComposeResult:
        kr = self.okr_app.store.find(KeyResult, self.kr_id)
        subtitle = hidden_label(1) if self.hidden() else kr.title if kr else self.kr_id
        with Vertical(id="dialog", classes="tasks"):
            yield Label(_("Tasks"), classes="dialog-title")
            yield Label(Text(subtitle), classes="dialog-subtitle")
            yield DataTable(id="task-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                _("a add · e/enter edit · x/space done or undo · esc close"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", _("Task"), _("Owner"), _("Due"))
        self.reload()
        self.okr_app.workspace_changed.subscribe(self, lambda _revision: self.reload())

    def on_unmount(self) -> None:
        self.okr_app.workspace_changed.unsubscribe(self)

    def tasks(self) -> list[Task]:
        if self.hidden():
            return []
        found = self.okr_app.store.by(Task, "kr_id", self.kr_id)
        return sorted(found, key=lambda t: (t.status == "done", t.due or date.max, t.title))

    def reload(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        today = self.okr_app.today
        for task in self.tasks():
            style = "dim" if task.status == "done" else ""
            due_style = "bold red" if is_overdue(task, today) else style
            table.add_row(
                Text(TASK_BOX[task.status], style=style),
                Text(task.title, style=style),
                Text(task.owner, style=style),
                Text(due_label(task, today), style=due_style),
                key=task.id,
            )
        if table.row_count == 0:
            table.add_row(
                "",
                Text(
                    _("No tasks yet: press {key} to add one.").format(key=key_for(self, "add")),
                    style="italic",
                ),
                "",
                "",
            )
        elif keep is not None:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def current(self) -> Task | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.okr_app.store.find(Task, key)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        if not self.hidden():
            self.app.push_screen(TaskDialog(kr_id=self.kr_id))

    def action_edit(self) -> None:
        task = self.current()
        if task is not None:
            self.app.push_screen(TaskDialog(task=task))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    async def action_tick(self) -> None:
        task = self.current()
        if task is None:
            return
        status = "todo" if task.status == "done" else "done"
        store = self.okr_app.store
        await self.okr_app.write(store.update, Task, task.id, status=status)


class UnplannedDialog(_Dialog):
    """Log important work that is in no OKR, so the review can decide whether to revise."""

    def __init__(self, *, unit_id: str = "") -> None:
        super().__init__()
        self.unit_id = unit_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(_("Log unplanned work"), classes="dialog-title")
            yield Label(
                _("Important work that is in no OKR: the review decides whether to revise."),
                classes="dialog-subtitle",
            )
            yield Label(_("What came up"), classes="dialog-label")
            yield OneLineInput(
                placeholder=_("e.g. urgent audit support for finance"),
                id="unplanned-title",
                max_length=limit_of(UnplannedWork, "title"),
            )
            yield Label(_("Note (optional)"), classes="dialog-label")
            yield OneLineInput(
                placeholder=_("how much time it took, who asked"),
                id="unplanned-note",
                max_length=limit_of(UnplannedWork, "note"),
            )
            yield from self.buttons()

    async def save(self) -> bool:
        title = self.query_one("#unplanned-title", Input).value.strip()
        if not title:
            self.show_error(_("Say in a few words what the work was."))
            self.query_one("#unplanned-title", Input).focus()
            return False
        store = self.okr_app.store
        try:
            record = UnplannedWork(
                unit_id=self.unit_id,
                title=title,
                note=self.query_one("#unplanned-note", Input).value.strip(),
                author=store.user,
                at=store.clock(),
            )
        except ValidationError as exc:
            self.show_error(first_problem(exc))
            return False
        return await self.okr_app.write(store.add, record) is not None
