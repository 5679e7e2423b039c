"""`okr import FILE.json`: adds what is missing, skips what is there, refuses what differs.

One workspace: a team with Bob's public committed objective and Ann's private
committed one (a key result and a check-in under each). Imports are run as
the command line runs them, and every refusal must leave the file's bytes as
they were.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest

from okr_tui import cli
from okr_tui.json_import import import_json
from okr_tui.models import Event, KeyResult, Objective, Period, Unit
from okr_tui.store import Store, WorkspaceError
from tests.conftest import fixed_clock

PERIOD = "2026-Q4"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.make_context

    def make_context(args: argparse.Namespace) -> cli.Context:
        ctx = real(args)
        return cli.Context(db=ctx.db, user=ctx.user, today=date(2026, 11, 26))

    monkeypatch.setattr(cli, "make_context", make_context)
    monkeypatch.delenv("OKR_DB", raising=False)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    workspace = tmp_path / "team.json"
    store = Store(workspace, "ann", org="Acme", clock=fixed_clock)
    with store.transaction():
        store.add(Period(id=PERIOD, start=date(2026, 10, 1), end=date(2026, 12, 31)))
        store.add(Unit(id="un-team", name="Team", kind="business"))
        store.add(
            Objective(
                id="ob-pub",
                unit_id="un-team",
                period_id=PERIOD,
                title="Grow sales in the north",
                owner="bob",
                status="committed",
                kind="committed",
            )
        )
        store.add(KeyResult(id="kr-pub", objective_id="ob-pub", title="Ten new shops", target=10))
        store.add(
            Objective(
                id="ob-secret",
                unit_id="un-team",
                period_id=PERIOD,
                title="Ann's secret plan",
                owner="ann",
                visibility="private",
                status="committed",
                kind="committed",
                order=1,
            )
        )
        store.add(KeyResult(id="kr-secret", objective_id="ob-secret", title="Secret KR", target=5))
    store.check_in("kr-pub", 4)
    store.check_in("kr-secret", 2)
    store.close()
    return workspace


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, **tables: list[dict[str, Any]]) -> Path:
    target = tmp_path / "import.json"
    target.write_bytes(orjson.dumps({"schema_version": 1, "meta": {"org": "Acme"}, **tables}))
    return target


def doc(path: Path, record_type: type[Any], record_id: str, **changes: Any) -> dict[str, Any]:
    """The workspace's record as a document, with `changes`."""
    record = Store(path, "x", create=False).get(record_type, record_id)
    return {**record.to_doc(), **changes}


def import_as(
    capsys: pytest.CaptureFixture[str], path: Path, user: str, file: Path, *flags: str
) -> tuple[int, str, str]:
    return run(capsys, "--db", str(path), "--as", user, "import", str(file), *flags)


# -- what the field report found --------------------------------------------------------------


def test_an_import_cannot_take_over_another_persons_private_objective(
    capsys: pytest.CaptureFixture[str], path: Path, tmp_path: Path
) -> None:
    before = path.read_bytes()
    hijack = doc(path, Objective, "ob-secret", visibility="public", title="Hijacked")
    code, out, err = import_as(capsys, path, "bob", write(tmp_path, objectives=[hijack]))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "objective ob-secret" in err
    assert "private" in err and "nothing was imported" in err
    assert "Ann's secret plan" not in err
    assert path.read_bytes() == before
    # --update does not open the door either.
    code, _out, err = import_as(
        capsys, path, "bob", write(tmp_path, objectives=[hijack]), "--update", "--reason", "mine"
    )
    assert code == 2 and "ob-secret" in err
    assert path.read_bytes() == before


def test_a_record_that_differs_is_refused_by_kind_id_title_and_field(
    capsys: pytest.CaptureFixture[str], path: Path, tmp_path: Path
) -> None:
    before = path.read_bytes()
    renamed = doc(path, Objective, "ob-pub", title="Grow sales everywhere")
    added = {"id": "kr-new", "objective_id": "ob-pub", "title": "A new key result", "target": 3}
    file = write(tmp_path, objectives=[renamed], key_results=[added])
    code, _out, err = import_as(capsys, path, "bob", file)
    assert code == 2 and err.count("\n") == 1
    assert 'objective ob-pub "Grow sales in the north" differs from the workspace in title' in err
    assert "--update" in err
    assert path.read_bytes() == before  # not even the new key result


def test_update_changes_through_the_store_rules_with_an_event_and_a_reason(
    capsys: pytest.CaptureFixture[str], path: Path, tmp_path: Path
) -> None:
    before = path.read_bytes()
    file = write(tmp_path, objectives=[doc(path, Objective, "ob-pub", title="Grow sales")])
    code, _out, err = import_as(capsys, path, "bob", file, "--update")
    assert code == 2 and "committed: say why it changes with --reason" in err
    assert path.read_bytes() == before

    code, _out, err = import_as(capsys, path, "bob", file, "--reason", "agreed")
    assert code == 2 and "--reason says why records change: it goes with --update" in err

    code, out, _err = import_as(capsys, path, "bob", file, "--update", "--reason", "agreed")
    assert code == 0 and "changed 1 objective" in out
    store = Store(path, "x", create=False)
    assert store.get(Objective, "ob-pub").title == "Grow sales"
    (event,) = [e for e in store.events("ob-pub") if e.action == "update"]
    assert (event.who, event.reason) == ("bob", "agreed")
    assert event.before is not None and event.before["title"] == "Grow sales in the north"


def test_an_unchanged_export_imports_again_as_nothing_to_do(
    capsys: pytest.CaptureFixture[str], path: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export.json"
    code, _out, _err = run(capsys, "--db", str(path), "--as", "bob", "export", "-o", str(export))
    assert code == 0
    before = path.read_bytes()
    code, out, _err = import_as(capsys, path, "bob", export)
    assert code == 0 and out.startswith("Imported 0 records") and "already there" in out
    assert path.read_bytes() == before


def test_nothing_can_be_added_under_another_persons_private_objective(
    capsys: pytest.CaptureFixture[str], path: Path, tmp_path: Path
) -> None:
    before = path.read_bytes()
    kr = {"id": "kr-in", "objective_id": "ob-secret", "title": "Sneaked in", "target": 1}
    checkin = {"id": "ci-in", "kr_id": "kr-secret", "value": 99.0, "at": "2026-11-20T10:00:00Z"}
    for tables in ({"key_results": [kr]}, {"checkins": [checkin]}):
        code, _out, err = import_as(capsys, path, "bob", write(tmp_path, **tables))
        assert code == 2 and "ob-secret is another person's private objective" in err
        assert "Ann's secret plan" not in err
    assert path.read_bytes() == before
    # Ann may add to her own.
    code, _out, _err = import_as(capsys, path, "ann", write(tmp_path, key_results=[kr]))
    assert code == 0
    assert Store(path, "x", create=False).get(KeyResult, "kr-in").objective_id == "ob-secret"


# -- files that do not hold together ------------------------------------------------------------


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        (
            {"key_results": [{"id": "kr-lost", "objective_id": "ob-gone", "title": "Lost"}]},
            'key result kr-lost "Lost": its objective ob-gone (objective_id) is neither in '
            "the file nor in the workspace",
        ),
        (
            {"checkins": [{"id": "ci-lost", "kr_id": "kr-gone", "value": 1.0}]},
            "check-in ci-lost: its key result kr-gone (kr_id) is neither",
        ),
        (
            {
                "objectives": [
                    {"id": "ob-x", "unit_id": "un-gone", "period_id": PERIOD, "title": "X"}
                ]
            },
            'objective ob-x "X": its unit un-gone (unit_id) is neither',
        ),
        (
            {
                "objectives": [
                    {"id": "ob-x", "unit_id": "un-team", "period_id": "2031", "title": "X"}
                ]
            },
            'objective ob-x "X": its period 2031 (period_id) is neither',
        ),
        (
            {"units": [{"id": "", "name": "Nameless", "kind": "support"}]},
            'unit (no id) "Nameless" (record 1 of units) has an empty id',
        ),
        (
            {
                "units": [
                    {"id": "un-twin", "name": "One", "kind": "support"},
                    {"id": "un-twin", "name": "Two", "kind": "support"},
                ]
            },
            'unit un-twin "Two" is in the file twice',
        ),
    ],
)
def test_dangling_references_empty_and_repeated_ids_are_refused(
    capsys: pytest.CaptureFixture[str],
    path: Path,
    tmp_path: Path,
    tables: dict[str, Any],
    message: str,
) -> None:
    before = path.read_bytes()
    code, _out, err = import_as(capsys, path, "bob", write(tmp_path, **tables))
    assert code == 2 and message in err and err.count("\n") == 1
    assert path.read_bytes() == before


def test_references_may_be_met_inside_the_file(
    capsys: pytest.CaptureFixture[str], path: Path, tmp_path: Path
) -> None:
    objective = {"id": "ob-new", "unit_id": "un-new", "period_id": "2027-Q1", "title": "New"}
    file = write(
        tmp_path,
        units=[{"id": "un-new", "name": "New team", "kind": "support", "parent_id": "un-team"}],
        periods=[{"id": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"}],
        objectives=[objective],
        key_results=[{"id": "kr-new", "objective_id": "ob-new", "title": "K"}],
    )
    code, out, _err = import_as(capsys, path, "bob", file)
    assert code == 0 and out.startswith("Imported 4 records")
    store = Store(path, "x", create=False)
    assert store.get(KeyResult, "kr-new").objective_id == "ob-new"


def test_history_is_never_changed_by_an_import(path: Path) -> None:
    store = Store(path, "ann", clock=fixed_clock)
    event = store.events("kr-pub")[0]
    forged = {**event.to_doc(), "who": "mallory"}
    with pytest.raises(WorkspaceError, match="an import never changes the history"):
        import_json(store, {"schema_version": 1, "events": [forged]}, update=True, reason="x")
    assert Store(path, "x").get(Event, event.id).who == "ann"


def test_the_organisation_keeps_its_name_unless_the_workspace_is_new(
    path: Path, tmp_path: Path
) -> None:
    store = Store(path, "ann")
    done = import_json(store, {"schema_version": 1, "meta": {"org": "Other"}})
    assert store.meta.org == "Acme" and "kept the organisation's name 'Acme'" in done.summary("w")
    fresh = Store(tmp_path / "fresh.json", "ann")
    import_json(fresh, {"schema_version": 1, "meta": {"org": "Other"}})
    assert fresh.meta.org == "Other"
