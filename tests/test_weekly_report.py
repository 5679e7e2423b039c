"""The weekly report: golden files for fixed data and a fixed date, privacy, and the CLI."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from okr_tui.cli import Context, UserError, main
from okr_tui.cli.weekly import run_weekly_report
from okr_tui.store import Store
from okr_tui.weekly import Week
from okr_tui.weekly_report import md, weekly_report
from tests.conftest import TODAY
from tests.test_weekly_core import W48, build_team

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def team(tmp_path: Path) -> Store:
    return build_team(tmp_path / "team.json")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_report_for_a_team_member_matches_golden(team: Store) -> None:
    check_golden("weekly_ued_w48.md", weekly_report(team, "un-ued", W48, TODAY, "ann"))


def test_report_with_owners_private_objectives_matches_golden(team: Store) -> None:
    text = weekly_report(team, "un-ued", W48, TODAY, "bob", include_private=True)
    check_golden("weekly_ued_w48_bob_private.md", text)


def test_last_weeks_report_matches_golden(team: Store) -> None:
    check_golden("weekly_ued_w47.md", weekly_report(team, "un-ued", W48.shift(-1), TODAY, "ann"))


def test_private_objectives_stay_out_unless_the_owner_asks(team: Store) -> None:
    plain = weekly_report(team, "un-ued", W48, TODAY, "bob")
    assert "secret" not in plain.lower()
    assert "_2 private objectives not shown._" in plain
    # Asking is not enough when the objective is someone else's.
    for_ann = weekly_report(team, "un-ued", W48, TODAY, "ann", include_private=True)
    assert "secret" not in for_ann.lower()
    assert "Learn three analysis tools" in for_ann
    assert "_1 private objective not shown._" in for_ann


def test_user_text_is_escaped_so_markdown_reads_it_literally() -> None:
    assert md("[bold]x[/] | *y* _z_ #1") == r"\[bold\]x\[/\] \| \*y\* \_z\_ \#1"
    assert md("two\nlines") == "two lines"


def test_a_unit_without_objectives_says_so(team: Store) -> None:
    text = weekly_report(team, "un-biz", W48, TODAY, "ann")
    assert "No objectives to report for this unit and period." in text
    assert "None logged." in text


# -- okr report weekly ---------------------------------------------------------------
def args(**values: object) -> argparse.Namespace:
    defaults: dict[str, object] = {
        "unit": None,
        "week": None,
        "output": None,
        "include_private": False,
    }
    return argparse.Namespace(**{**defaults, **values})


def test_cli_writes_the_report_to_a_file(team: Store, tmp_path: Path) -> None:
    out = tmp_path / "w48.md"
    ctx = Context(db=team.path, user="ann", today=TODAY)
    assert run_weekly_report(ctx, args(unit="ued support", output=str(out))) == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN / "weekly_ued_w48.md").read_text("utf-8")


def test_cli_defaults_to_the_users_unit_and_this_week(
    team: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = Context(db=team.path, user="ann", today=TODAY)
    run_weekly_report(ctx, args(week="2026-W47"))
    out = capsys.readouterr().out
    assert out.startswith("# Weekly report: UED support, 2026-W47\n")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"week": "week 48"}, "a week is written like 2026-W48"),
        ({"unit": "Nowhere"}, "no unit 'Nowhere' (units: UED support, Market team)"),
    ],
)
def test_cli_bad_input_is_a_user_error(
    team: Store, values: dict[str, object], message: str
) -> None:
    ctx = Context(db=team.path, user="ann", today=TODAY)
    with pytest.raises(UserError) as caught:
        run_weekly_report(ctx, args(**values))
    assert str(caught.value).startswith(message)


def test_cli_parses_report_weekly_with_options_anywhere(
    team: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", "weekly", "--week", "2026-W48", "--db", str(team.path), "--as", "bob"]
    assert main([*argv, "--unit", "un-ued", "--include-private"]) == 0
    assert "Bob's secret plan" in capsys.readouterr().out
    assert main(["report", "weekly", "--db", str(team.path), "--week", "2026-W99"]) == 2
    assert capsys.readouterr().err == "okr: 2026 has no week 99\n"


def test_weeks_are_named_by_iso_label() -> None:
    assert Week.of(TODAY).label == "2026-W48"
