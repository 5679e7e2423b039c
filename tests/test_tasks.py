"""Tasks: the boxes, the overdue rule, and both screens that draw them saying so."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import DataTable, Static

from okr_tui.models import Task
from okr_tui.store import Store
from okr_tui.tasks import due_label, is_overdue
from screens.task_dialog import TaskListDialog
from tests.conftest import TODAY
from tests.test_review_ui import go_to, make_app, team_path  # noqa: F401


def task(status: str = "todo", due: date | None = None) -> Task:
    return Task(kr_id="kr-1", title="Call the suppliers", status=status, due=due)  # type: ignore[arg-type]


def test_an_open_task_past_its_due_date_is_overdue() -> None:
    yesterday = TODAY - timedelta(days=1)
    assert is_overdue(task(due=yesterday), TODAY)
    assert is_overdue(task("doing", due=yesterday), TODAY)
    assert not is_overdue(task(due=TODAY), TODAY)  # due today is not late yet
    assert not is_overdue(task("done", due=yesterday), TODAY)
    assert not is_overdue(task(), TODAY)
    assert due_label(task(due=yesterday), TODAY) == f"{yesterday.isoformat()} overdue"
    assert due_label(task(due=TODAY), TODAY) == TODAY.isoformat()
    assert due_label(task(), TODAY) == ""


def add_overdue_task(path: Path) -> None:
    store = Store(path, "ann")
    late = TODAY - timedelta(days=3)
    store.add(Task(kr_id="kr-seg", title="Ring the late ones", owner="bob", due=late))
    store.close()


async def test_the_review_flags_overdue_tasks_and_names_the_under_way_box(
    team_path: Path,  # noqa: F811
) -> None:
    add_overdue_task(team_path)
    app = make_app(team_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await go_to(app, pilot, "kr:kr-seg")
        tasks = str(app.screen.query_one("#review-tasks", Static).render())
        late = (TODAY - timedelta(days=3)).isoformat()
        assert f"[ ] Ring the late ones (bob) due {late} overdue" in tasks
        assert "[~] Layer users by industry" in tasks and "under way" in tasks
        await pilot.press("t")
        assert isinstance(app.screen, TaskListDialog)
        grid = app.screen.query_one(DataTable)
        dues = [str(row[3]) for row in (grid.get_row_at(i) for i in range(grid.row_count))]
        assert f"{late} overdue" in dues
