"""A crash ends the process with a non-zero status and one line; the details go to a file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.app import App

from okr_tui.crash import CRASH_EXIT, last_line, run_app


class Crashing(App[None]):
    def on_mount(self) -> None:
        raise RuntimeError("the kettle \x1b[2Jboiled over")


class Quitting(App[None]):
    def on_mount(self) -> None:
        self.exit()


def test_a_crash_is_one_line_and_a_non_zero_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_app(Crashing(), folder=tmp_path, headless=True)
    assert code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "RuntimeError: the kettle ␛[2Jboiled over" in err
    (report,) = tmp_path.glob("crash-*.log")
    assert str(report) in err
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert "on_mount" in report.read_text(encoding="utf-8")


def test_a_normal_exit_says_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_app(Quitting(), folder=tmp_path, headless=True) == 0
    assert capsys.readouterr().err == ""
    assert list(tmp_path.iterdir()) == []


def test_the_last_line_of_a_report() -> None:
    assert last_line("Traceback\n  File x\nValueError: bad\n\n") == "ValueError: bad"
    assert last_line("") == "an unexpected error"
    assert CRASH_EXIT == 70
