"""`okr checkin`: values far out of range need --force, negative values are values, and a
wrong check-in is corrected or withdrawn by its author with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui import cli
from okr_tui.corrections import fixes
from okr_tui.models import CheckIn
from okr_tui.store import Store
from tests.test_weekly_core import build_team


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("OKR_DB", raising=False)
    store = build_team(tmp_path / "team.json")
    store.close()
    return store.path


def okr(capsys: pytest.CaptureFixture[str], team: Path, user: str, *argv: str) -> tuple[int, str]:
    """Run `okr` as `user`; the exit status and its one line (stdout, else stderr)."""
    code = cli.main(["--db", str(team), "--as", user, *argv])
    out, err = capsys.readouterr()
    text = out if code == 0 else err
    assert text.count("\n") == 1, text
    return code, text.strip()


def values(team: Path, kr_id: str) -> list[float]:
    return [c.value for c in Store(team, "x").checkins(kr_id)]


def test_a_value_far_outside_the_range_needs_force(
    capsys: pytest.CaptureFixture[str], team: Path
) -> None:
    code, line = okr(capsys, team, "ann", "checkin", "kr-seg", "99999%")
    assert code == 2
    assert line == (
        "okr: VALUE '99999%' is 1,000x the target (0% → 100%): add --force to save it anyway"
    )
    code, line = okr(capsys, team, "ann", "checkin", "kr-seg", "-1.5k")
    assert code == 2 and "'-1.5k' is far below the range (0% → 100%)" in line
    assert values(team, "kr-seg") == [30, 40, 55]
    code, line = okr(capsys, team, "ann", "checkin", "kr-seg", "99999%", "--force")
    assert code == 0 and "55% → 99,999%" in line
    assert values(team, "kr-seg") == [30, 40, 55, 99999]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-inf", "okr: VALUE: '-inf' is not a number"),
        ("-nan", "okr: VALUE: '-nan' is not a number"),
        ("--5", "okr: VALUE: '--5' is not one number"),
        ("1.5.5", "okr: VALUE: '1.5.5' is not one number"),
        ("5/0", "okr: VALUE: '5/0': after '/' comes a number above 0"),
    ],
)
def test_what_is_not_one_number_is_refused_as_a_value(
    capsys: pytest.CaptureFixture[str], team: Path, value: str, message: str
) -> None:
    code, line = okr(capsys, team, "bob", "checkin", "kr-cyc", value, "--note", "x")
    assert code == 2 and line.startswith(message)
    assert values(team, "kr-cyc") == [27, 25]


def test_negative_values_are_read_as_values(capsys: pytest.CaptureFixture[str], team: Path) -> None:
    code, _ = okr(capsys, team, "bob", "checkin", "kr-cyc", "-5", "--confidence", "3")
    assert code == 0
    code, _ = okr(capsys, team, "bob", "checkin", "kr-cyc", "--note", "odd", "-2,5")
    assert code == 0
    assert values(team, "kr-cyc") == [27, 25, -5, -2.5]


def test_correct_then_withdraw_a_check_in(capsys: pytest.CaptureFixture[str], team: Path) -> None:
    code, line = okr(
        capsys, team, "ann", "checkin", "--correct", "ci-03", "65%", "--reason", "typo"
    )
    assert code == 0
    assert line == (
        "ci-03 corrected: kr-seg Segment users by repurchase dimension: 55% → 65%, "
        "progress 65%, confidence 8/10"
    )
    fixed = Store(team, "x").get(CheckIn, "ci-03")
    assert (fixed.value, fixed.confidence, fixed.note) == (
        65,
        8,
        "layering done for two industries",
    )
    # A key result's id stands for one's latest check-in on it.
    code, line = okr(
        capsys,
        team,
        "ann",
        "checkin",
        "--correct",
        "kr-seg",
        "66%",
        "--confidence",
        "5",
        "--note",
        "recounted",
        "--reason",
        "recounted",
    )
    assert code == 0 and line.startswith("ci-03 corrected: kr-seg")
    fixed = Store(team, "x").get(CheckIn, "ci-03")
    assert (fixed.value, fixed.confidence, fixed.note) == (66, 5, "recounted")
    code, line = okr(capsys, team, "ann", "checkin", "--withdraw", "ci-03", "--reason", "wrong KR")
    assert code == 0
    assert line == "ci-03 withdrawn: kr-seg Segment users by repurchase dimension now reads 40%"
    assert values(team, "kr-seg") == [30, 40]
    store = Store(team, "x")
    assert [
        (f.kind, f.before.value, f.event.who, f.event.reason) for f in fixes(store, "kr-seg")
    ] == [
        ("corrected", 55, "ann", "typo"),
        ("corrected", 65, "ann", "recounted"),
        ("withdrawn", 66, "ann", "wrong KR"),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--correct", "ci-03", "60%"], "okr: --reason: say why"),
        (["--withdraw", "ci-03", "--reason", "  "], "okr: --reason: say why"),
        (["kr-seg", "60%", "--reason", "why"], "okr: --reason goes with --correct or --withdraw"),
        (["kr-seg", "--withdraw", "ci-03", "--reason", "x"], "okr: --correct and --withdraw name"),
        (["--correct", "ci-03", "55%", "--reason", "x"], "okr: nothing to correct"),
        (["--correct", "ci-03", "5000%", "--reason", "x"], "add --force to save it anyway"),
        (["--correct", "ci-04", "2", "--reason", "x"], "okr: only the check-in's author (bob)"),
        (["--withdraw", "ci-09", "--reason", "x"], "okr: no check-in or key result 'ci-09'"),
        (
            ["--withdraw", "kr-mod", "--reason", "x"],
            "okr: you have no check-in on “Build high repurchase potential models”",
        ),
        (["kr-seg"], "okr: give KR_ID VALUE"),
    ],
)
def test_fixing_refusals_are_one_line_and_change_nothing(
    capsys: pytest.CaptureFixture[str], team: Path, argv: list[str], message: str
) -> None:
    before = team.read_bytes()
    code, line = okr(capsys, team, "ann", "checkin", *argv)
    assert code == 2 and message in line, line
    assert team.read_bytes() == before
