"""Tasks under a key result: their boxes, what the boxes mean, and when one is overdue.

The review's detail pane and the task list both draw tasks; both take the
words and the overdue rule from here.
"""

from __future__ import annotations

from datetime import date

from okr_tui.i18n import N_
from okr_tui.models import Task, TaskStatus

TASK_BOX: dict[TaskStatus, str] = {"todo": "[ ]", "doing": "[~]", "done": "[x]"}
TASK_STATUS_WORDS: dict[TaskStatus, str] = {
    "todo": N_("to do"),
    "doing": N_("under way"),
    "done": N_("done"),
}
"""In English; screens show `_(word)`."""


def is_overdue(task: Task, today: date) -> bool:
    """An open task whose due date has passed (a task due today is not late yet)."""
    return task.status != "done" and task.due is not None and task.due < today


def due_label(task: Task, today: date) -> str:
    """The due date as the task list shows it: "2026-12-04", or "2026-11-30 overdue"."""
    if task.due is None:
        return ""
    return f"{task.due.isoformat()} overdue" if is_overdue(task, today) else task.due.isoformat()
