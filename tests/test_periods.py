"""Opening periods ahead of time: `okr period add` and `okr period list`, and the rules beneath."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from okr_tui import cli
from okr_tui.models import Objective, Unit
from okr_tui.periods import add_period, describe, next_quarter, period_rows, read_label
from okr_tui.store import Store

DECEMBER = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.make_context

    def make_context(args: argparse.Namespace) -> cli.Context:
        ctx = real(args)
        return cli.Context(db=ctx.db, user=ctx.user, today=DECEMBER)

    monkeypatch.setattr(cli, "make_context", make_context)
    monkeypatch.delenv("OKR_DB", raising=False)


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(db), "--as", "ann", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "okr.json"
    assert run(capsys, path, "init", "--org", "Acme")[0] == 0
    return path


def test_next_quarter_follows_a_quarter_and_a_year() -> None:
    assert next_quarter("2026-Q4").id == "2027-Q1"
    assert next_quarter("2026-Q2").id == "2026-Q3"
    assert next_quarter("2026").id == "2027-Q1"
    assert describe(next_quarter("2026-Q4")) == "2027-Q1 (1 Jan – 31 Mar 2027)"


def test_a_label_is_read_as_people_type_it() -> None:
    assert read_label(" 2027-q1 ").id == "2027-Q1"
    assert read_label("2027").is_year
    with pytest.raises(ValueError, match="not '2027-Q5'"):
        read_label("2027-Q5")


def test_add_period_is_idempotent(store: Store) -> None:
    first, added = add_period(store, "2027-Q1")
    again, added_again = add_period(store, "2027-q1")
    assert (added, added_again) == (True, False)
    assert first == again and [p.id for p in store.periods()] == ["2027-Q1"]


def test_period_add_opens_a_quarter_and_a_year(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, _err = run(capsys, db, "period", "add", "2027-Q1")
    assert code == 0 and out.startswith("Opened 2027-Q1 (1 Jan – 31 Mar 2027)")
    code, out, _err = run(capsys, db, "period", "add", "2027")
    assert code == 0 and out.startswith("Opened 2027 (1 Jan – 31 Dec 2027)")
    assert [p.id for p in Store(db, "", create=False).periods()] == ["2026-Q4", "2027-Q1", "2027"]


def test_period_add_twice_says_so_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, db, "period", "add", "2027-Q1")
    before = db.read_bytes()
    code, out, err = run(capsys, db, "period", "add", "2027-Q1")
    assert code == 0 and err == ""
    assert out == "2027-Q1 (1 Jan – 31 Mar 2027) is already open; nothing changed\n"
    assert db.read_bytes() == before


@pytest.mark.parametrize("label", ["2027-Q5", "next", "27-Q1", "2027Q1"])
def test_period_add_of_a_bad_label_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], db: Path, label: str
) -> None:
    code, out, err = run(capsys, db, "period", "add", label)
    assert code == 2 and out == ""
    assert err == (f"okr: a period is a quarter like 2027-Q1 or a year like 2027, not {label!r}\n")
    assert [p.id for p in Store(db, "", create=False).periods()] == ["2026-Q4"]


def test_period_list_counts_objectives_and_marks_today(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    run(capsys, db, "period", "add", "2027-Q1")
    store = Store(db, "ann")
    (unit,) = store.units()
    store.add(Objective(unit_id=unit.id, period_id="2027-Q1", title="Win twenty cafes"))
    store.add(Objective(unit_id=unit.id, period_id="2027-Q1", title="Open a shop"))
    store.close()
    code, out, _err = run(capsys, db, "period", "list")
    assert code == 0
    assert out.splitlines() == [
        "   ID       START       END         KIND     OBJECTIVES",
        "*  2026-Q4  2026-10-01  2026-12-31  quarter  0",
        "   2027-Q1  2027-01-01  2027-03-31  quarter  2",
    ]


def test_period_rows_mark_the_year_when_no_quarter_holds_today(store: Store) -> None:
    store.add(Unit(name="Me", kind="person"))
    store.ensure_period("2026")
    store.ensure_period("2027-Q1")
    rows = period_rows(store, DECEMBER)
    assert [(r.period.id, r.kind, r.current) for r in rows] == [
        ("2026", "year", True),
        ("2027-Q1", "quarter", False),
    ]


def test_period_list_of_an_empty_workspace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "empty.json"
    Store(path, "ann", org="Acme").close()
    code, out, _err = run(capsys, path, "period", "list")
    assert code == 0 and out == "No periods yet: okr period add 2027-Q1 opens one.\n"
