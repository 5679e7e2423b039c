"""`okr workshop --unit U --period P` opens the app at that unit's workshop, or says why not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from okr_tui import cli
from okr_tui.cli import workshop as workshop_cli
from okr_tui.models import Unit
from okr_tui.store import Store


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_open_app(ctx: cli.Context, **kwargs: Any) -> int:
        calls.append({"user": ctx.user, **kwargs})
        return 0

    monkeypatch.setattr(workshop_cli, "open_app", fake_open_app)
    return calls


def test_opens_the_units_workshop_for_the_period(
    workspace: Path, opened: list[dict[str, Any]]
) -> None:
    Store(workspace, "hanna", create=True).add(Unit(id="un-teeb", name="TeeBee", kind="company"))
    code = cli.main(
        [
            "--db",
            str(workspace),
            "--as",
            "jack",
            "workshop",
            "--unit",
            "teebee",
            "--period",
            "2026-Q4",
        ]
    )
    assert code == 0
    assert opened == [
        {
            "user": "jack",
            "start_screen": "workshop",
            "start_kwargs": {"unit_id": "un-teeb", "period_id": "2026-Q4"},
        }
    ]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--unit", "Nobody", "--period", "2026-Q4"], "--unit: no unit 'Nobody' (units: TeeBee)"),
        (["--unit", "TeeBee", "--period", "soon"], "--period: "),
    ],
)
def test_a_wrong_unit_or_period_is_one_line_and_exit_2(
    workspace: Path,
    opened: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    said: str,
) -> None:
    Store(workspace, "hanna", create=True).add(Unit(name="TeeBee", kind="company"))
    code = cli.main(["--db", str(workspace), "--as", "hanna", "workshop", *argv])
    err = capsys.readouterr().err
    assert code == 2 and said in err and len(err.strip().splitlines()) == 1
    assert opened == []


async def test_the_header_names_the_period_the_workshop_plans(tmp_path: Path) -> None:
    from okr_tui.app import OkrApp
    from tests.conftest import TODAY, settle

    store = Store(tmp_path / "w.json", "hanna")
    unit = store.add(Unit(name="TeeBee", kind="company"))
    store.ensure_period("2026-Q4")
    store.ensure_period("2027-Q1")
    app = OkrApp(
        store,
        today=TODAY,
        watch_file=False,
        start_screen="workshop",
        start_kwargs={"unit_id": unit.id, "period_id": "2027-Q1"},
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.period_id == "2027-Q1"
        assert "2027-Q1" in app.sub_title
