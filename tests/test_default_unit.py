"""One rule for the unit a command means when --unit is left out, for every command taking it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from okr_tui import cli
from okr_tui.cli import main
from okr_tui.models import Objective, Person, Unit
from okr_tui.store import Store
from okr_tui.units import default_unit
from tests.conftest import TODAY

Q4 = "2026-Q4"
WEEK = "2026-W48"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.make_context

    def make_context(args: argparse.Namespace) -> cli.Context:
        return cli.Context(db=real(args).db, user=real(args).user, today=TODAY)

    monkeypatch.setattr(cli, "make_context", make_context)


def one_unit(store: Store) -> Store:
    store.add(Unit(id="un-acme", name="Acme", kind="company"))
    store.ensure_period(Q4)
    store.add(Objective(unit_id="un-acme", period_id=Q4, title="Win twenty cafes"))
    return store


def org(store: Store) -> Store:
    store.add(Unit(id="un-team", name="Sales", kind="business", parent_id="un-acme"))
    store.add(Unit(id="un-acme", name="Acme", kind="company"))
    store.add(Unit(id="un-zoe", name="Zoe", kind="person", parent_id="un-team", person_login="zoe"))
    store.add(Person(login="bob", unit_ids=["un-team"]))
    return store


def test_the_only_unit(store: Store) -> None:
    one_unit(store)
    assert default_unit(store, "someone").id == "un-acme"  # type: ignore[union-attr]


def test_the_users_own_unit_then_their_person_unit_then_the_company(store: Store) -> None:
    org(store)
    assert default_unit(store, "bob").id == "un-team"  # type: ignore[union-attr]
    assert default_unit(store, "zoe").id == "un-zoe"  # type: ignore[union-attr]
    assert default_unit(store, "stranger").id == "un-acme"  # type: ignore[union-attr]
    assert default_unit(store, "").id == "un-acme"  # type: ignore[union-attr]


def test_no_units(store: Store) -> None:
    assert default_unit(store, "ann") is None


COMMANDS = [
    pytest.param(["report", "quarter", "--period", Q4], "# Quarter report: Acme", id="quarter"),
    pytest.param(["report", "weekly", "--week", WEEK], "# Weekly report: Acme", id="weekly"),
]


@pytest.mark.parametrize(("argv", "heading"), COMMANDS)
def test_every_report_picks_the_only_unit(
    store: Store,
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    heading: str,
) -> None:
    one_unit(store).close()
    code = main(["--db", str(workspace), "--as", "stranger", *argv])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith(heading)


@pytest.mark.parametrize(("argv", "heading"), COMMANDS)
def test_every_report_picks_the_company_for_someone_without_a_unit(
    store: Store,
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    heading: str,
) -> None:
    org(store)
    store.ensure_period(Q4)
    store.close()
    code = main(["--db", str(workspace), "--as", "stranger", *argv])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith(heading)


@pytest.mark.parametrize(("argv", "heading"), COMMANDS)
def test_every_report_picks_your_own_unit(
    store: Store,
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    heading: str,
) -> None:
    org(store)
    store.ensure_period(Q4)
    store.close()
    code = main(["--db", str(workspace), "--as", "bob", *argv])
    out, _err = capsys.readouterr()
    assert code == 0
    assert out.startswith(heading.replace("Acme", "Sales"))


@pytest.mark.parametrize(("argv", "heading"), COMMANDS)
def test_every_report_says_the_same_about_an_unknown_unit(
    store: Store,
    workspace: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    heading: str,
) -> None:
    one_unit(store).close()
    code = main(["--db", str(workspace), *argv, "--unit", "Nowhere"])
    _out, err = capsys.readouterr()
    assert (code, err) == (2, "okr: no unit 'Nowhere' (units: Acme)\n")
