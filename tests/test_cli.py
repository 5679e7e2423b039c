"""The core `okr` commands: demo, init, list, checkin, export, import, check."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from okr_tui import cli, samples
from okr_tui.cli import columns, exchange
from okr_tui.cli import workspace as ws
from okr_tui.cli.help_layout import cell_width
from okr_tui.models import CheckIn, KeyResult, Objective, Person, Unit
from okr_tui.store import Store

TODAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = cli.make_context

    def make_context(args: argparse.Namespace) -> cli.Context:
        ctx = real(args)
        return cli.Context(db=ctx.db, user=ctx.user, today=TODAY)

    monkeypatch.setattr(cli, "make_context", make_context)
    monkeypatch.setattr(ws, "demo_folder", lambda: tmp_path / "data" / "demo")
    monkeypatch.delenv("OKR_DB", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def teebee(tmp_path: Path) -> Path:
    return samples.build("teebee", tmp_path / "teebee.json", TODAY)


def kr_id(path: Path, title_start: str) -> str:
    store = Store(path, "", create=False)
    return next(k.id for k in store.all(KeyResult) if k.title.startswith(title_start))


# -- errors: one line on stderr, exit 2 ----------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["checkin", "kr-nope", "5"], "no key result 'kr-nope' (okr list shows the ids)"),
        (["checkin", "{kr}", "lots"], "VALUE: 'lots' is not a number"),
        (["checkin", "{kr}", "5", "--confidence", "11"], "--confidence is a whole number"),
        (["checkin", "{kr}", "5", "--confidence", "high"], "--confidence is a whole number"),
        (["list", "--period", "2026-Q9"], "--period: a period is a quarter like 2026-Q3"),
        (["list", "--period", "2019-Q1"], "--period: no period 2019-Q1 in this workspace"),
        (["list", "--unit", "Nobody"], "--unit: no unit 'Nobody' (units: TeeBee)"),
        (["init", "--org", "Again"], "a workspace is already here"),
        (["import", "{tmp}/missing.json"], "missing.json: no such file"),
        (["import", "{tmp}/notes.txt"], "okr import reads .csv, .json files, not .txt"),
        (["export", "-o", "{tmp}/no/such/dir/x.json"], "-o: no folder"),
        (["check", "--period", "2020"], "--period: no period 2020 in this workspace"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], teebee: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    kr = kr_id(teebee, "Customer renewal")
    argv = [a.replace("{kr}", kr).replace("{tmp}", str(tmp_path)) for a in argv]
    before = teebee.read_bytes()
    code, out, err = run(capsys, "--db", str(teebee), "--as", "hanna", *argv)
    assert code == 2
    assert err.startswith("okr: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""
    assert teebee.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\xff\x10binary", "not JSON"),
        (b'{"a": 1', "not JSON"),
        (b"[1, 2]", "not an okr export"),
        (b'{"schema_version": 99}', "written by a newer okr-tui"),
        (b'{"schema_version": 1, "units": {"x": 1}}', "'units' should be a list"),
        (b'{"schema_version": 1, "bogus": []}', "unknown table 'bogus'"),
        (b'{"schema_version": 1, "key_results": [{"title": 5}]}', "key_results record 1"),
    ],
)
def test_import_of_a_bad_file_says_why_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], teebee: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = teebee.read_bytes()
    code, _out, err = run(capsys, "--db", str(teebee), "import", str(bad))
    assert code == 2 and message in err and err.count("\n") == 1
    assert teebee.read_bytes() == before


def test_missing_workspace_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "--db", str(tmp_path / "none.json"), "list")
    assert code == 2 and "no workspace here (okr init creates one)" in err
    assert not (tmp_path / "none.json").exists()


# -- init -----------------------------------------------------------------------------------


def test_init_creates_a_company_and_the_current_quarter(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "new" / "okr.json"
    code, out, _err = run(capsys, "--db", str(db), "--as", "ann", "init", "--org", " Acme  公司 ")
    assert code == 0 and "Created a workspace for Acme 公司" in out
    store = Store(db, "ann", create=False)
    assert store.meta.org == "Acme 公司"
    (unit,) = store.units()
    assert (unit.name, unit.kind) == ("Acme 公司", "company")
    assert [p.id for p in store.periods()] == ["2026-Q4"]
    person = store.person("ann")
    assert isinstance(person, Person) and person.unit_ids == [unit.id]

    before = db.read_bytes()
    code, _out, err = run(capsys, "--db", str(db), "init", "--org", "Other")
    assert code == 2 and "never overwrites" in err
    assert db.read_bytes() == before


def test_init_needs_an_org(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "--db", str(tmp_path / "a.json"), "init", "--org", "   ")
    assert code == 2 and "--org: give the organisation a name" in err
    with pytest.raises(SystemExit) as exited:
        cli.main(["--db", str(tmp_path / "a.json"), "init"])
    assert exited.value.code == 2
    assert "--org" in capsys.readouterr().err


# -- list ----------------------------------------------------------------------------------


def test_list_shows_ids_titles_progress_and_health(
    capsys: pytest.CaptureFixture[str], teebee: Path
) -> None:
    code, out, _err = run(capsys, "--db", str(teebee), "--as", "hanna", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Period 2026-Q4")
    assert lines[1].split() == ["ID", "TITLE", "NOW", "PROGRESS", "HEALTH"]
    renewal = next(line for line in lines if "Customer renewal rate" in line)
    assert renewal.split()[0] == kr_id(teebee, "Customer renewal")
    assert renewal.endswith("on track") and " 58% " in renewal and " 60% " in renewal
    assert next(line for line in lines if "System satisfaction" in line).endswith("stale")
    # Columns line up: every NOW value ends in the same column.
    rows = [line for line in lines[2:] if line.startswith("kr-")]
    ends = {line.index("%  ", 60) for line in rows if "%  " in line[60:]}
    assert len(rows) == 6 and len(ends) <= 2


def test_list_by_unit_and_earlier_period_shows_scores(
    capsys: pytest.CaptureFixture[str], teebee: Path
) -> None:
    code, out, _err = run(
        capsys, "--db", str(teebee), "list", "--unit", "teebee", "--period", "2026-q3"
    )
    assert code == 0
    assert "Win our first high-end restaurant customers" in out
    assert "score 0.2" in out and "done" in out


def test_list_aligns_wide_characters_and_hides_others_private(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = Store(tmp_path / "w.json", "ann")
    unit = store.add(Unit(name="设计团队", kind="support"))
    store.ensure_period("2026-Q4")
    for title, owner, visibility in [
        ("提升用户复购率", "ann", "public"),
        ("Plain title", "ann", "public"),
        ("Bob's secret plan", "bob", "private"),
        ("Bob's other secret", "bob", "private"),
        ("Ann's own secret", "ann", "private"),
    ]:
        objective = store.add(
            Objective(
                unit_id=unit.id,
                period_id="2026-Q4",
                title=title,
                owner=owner,
                visibility=visibility,  # type: ignore[arg-type]
            )
        )
        kr = store.add(KeyResult(objective_id=objective.id, title=f"{title} KR", target=10))
        store.check_in(kr.id, 5)
    store.close()
    code, out, _err = run(capsys, "--db", str(tmp_path / "w.json"), "--as", "ann", "list")
    assert code == 0
    assert "secret plan" not in out and "other secret" not in out
    assert "2 private objectives" in out
    assert "Ann's own secret (private)" in out
    lines = [line for line in out.splitlines() if "KR" in line]
    # The progress column starts at the same cell on every row, whatever the script.
    columns = {cell_width(line[: line.index("50%")]) for line in lines}
    assert len(columns) == 1


def test_cell_width_counts_wide_characters() -> None:
    assert cell_width("abc") == 3
    assert cell_width("复购率") == 6
    assert columns.pad("复购", 6) == "复购  "
    assert columns.shorten("复购率复购率", 7) == "复购率…"


# -- checkin -------------------------------------------------------------------------------


def test_checkin_saves_value_confidence_and_note(
    capsys: pytest.CaptureFixture[str], teebee: Path
) -> None:
    kr = kr_id(teebee, "Transactions reach ¥250,000")
    code, out, _err = run(
        capsys,
        "--db",
        str(teebee),
        "--as",
        "sara",
        "checkin",
        kr,
        "¥195k",
        "--confidence",
        "8",
        "--note",
        "[bold]holiday[/] orders",
    )
    assert code == 0
    assert out.strip() == (
        f"{kr} Transactions reach ¥250,000: ¥180,000 → ¥195,000, progress 78%, confidence 8/10"
    )
    store = Store(teebee, "", create=False)
    latest = store.latest_checkin(kr)
    assert isinstance(latest, CheckIn)
    assert (latest.value, latest.confidence, latest.note, latest.author) == (
        195000.0,
        8,
        "[bold]holiday[/] orders",
        "sara",
    )


def test_checkin_reads_numbers_as_people_write_them(
    capsys: pytest.CaptureFixture[str], teebee: Path
) -> None:
    kr = kr_id(teebee, "Customer renewal")
    before = {c.id for c in Store(teebee, "", create=False).checkins(kr)}
    for text in ("61%", "62,5", "1.5k"):
        # 1.5k is far outside a rate of 40% → 70%: --force says it is meant.
        assert run(capsys, "--db", str(teebee), "checkin", kr, text, "--force")[0] == 0
    # A rate is not counted out of 10: the same rule as the check-in screen's.
    code, _out, err = run(capsys, "--db", str(teebee), "checkin", kr, "8/10", "--force")
    assert code == 2 and "counted in %" in err
    added = [c for c in Store(teebee, "", create=False).checkins(kr) if c.id not in before]
    assert sorted(c.value for c in added) == [61.0, 62.5, 1500.0]


def test_checkin_on_someone_elses_private_kr_is_unknown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = samples.build("personal", tmp_path / "p.json", TODAY)
    store = Store(path, "", create=False)
    private = next(o for o in store.all(Objective) if o.visibility == "private")
    kr = store.key_results(private.id)[0]
    code, _out, err = run(capsys, "--db", str(path), "--as", "hanna", "checkin", kr.id, "1")
    assert code == 2 and "no key result" in err
    code, _out, _err = run(capsys, "--db", str(path), "--as", private.owner, "checkin", kr.id, "1")
    assert code == 0


def test_checkin_of_a_milestone_takes_done(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = Store(tmp_path / "w.json", "ann")
    unit = store.add(Unit(name="Team", kind="business"))
    objective = store.add(Objective(unit_id=unit.id, period_id="2026-Q4", title="Ship"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Launch in May", milestone=True))
    store.close()
    code, out, _err = run(capsys, "--db", str(tmp_path / "w.json"), "checkin", kr.id, "Done")
    assert code == 0 and "progress 100%" in out


# -- export and import ---------------------------------------------------------------------


def test_json_round_trip_is_lossless(
    capsys: pytest.CaptureFixture[str], teebee: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first.json"
    code, _out, _err = run(
        capsys, "--db", str(teebee), "export", "--format", "json", "-o", str(first)
    )
    assert code == 0
    fresh = tmp_path / "fresh.json"
    code, out, _err = run(capsys, "--db", str(fresh), "import", str(first))
    assert code == 0 and out.startswith("Imported ")
    code, second, _err = run(capsys, "--db", str(fresh), "export")
    assert code == 0
    assert second == first.read_text(encoding="utf-8")
    data = json.loads(second)
    original = Store(teebee, "", create=False).export_data()
    for table, docs in original.items():
        if isinstance(docs, list):
            assert data[table] == docs, table
    assert data["meta"] == {"org": "TeeBee"}


def test_json_export_leaves_out_private_objectives_and_everything_under_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = samples.build("personal", tmp_path / "p.json", TODAY)
    store = Store(path, "", create=False)
    owner = store.all(Objective)[0].owner
    private = {o.id for o in store.all(Objective) if o.visibility == "private"}
    private_krs = {k.id for k in store.all(KeyResult) if k.objective_id in private}
    assert len(private) == 3 and private_krs

    code, out, err = run(capsys, "--db", str(path), "--as", "stranger", "export")
    assert code == 0 and "left out 3 private objectives" in err
    for hidden in private | private_krs:
        assert hidden not in out
    assert "financing" not in out.lower()

    code, out, err = run(
        capsys, "--db", str(path), "--as", "stranger", "export", "--include-private"
    )
    assert all(hidden not in out for hidden in private)

    code, out, err = run(capsys, "--db", str(path), "--as", owner, "export", "--include-private")
    assert code == 0 and err == ""
    assert all(hidden in out for hidden in private | private_krs)


def test_export_hands_csv_and_md_to_their_module(
    capsys: pytest.CaptureFixture[str], teebee: Path
) -> None:
    assert set(exchange.EXPORTERS) >= {"json", "csv", "md"}
    code, out, _err = run(capsys, "--db", str(teebee), "--as", "hanna", "export", "--format", "md")
    assert code == 0 and "Prove the value of our high-quality tea" in out
    code, out, _err = run(capsys, "--db", str(teebee), "export", "--format", "csv")
    assert code == 0 and "Transactions reach ¥250,000" in out
    with pytest.raises(SystemExit):
        cli.main(["--db", str(teebee), "export", "--format", "xml"])
    assert "--format" in capsys.readouterr().err


def test_export_to_a_file_is_atomic_and_leaves_no_temp_files(
    capsys: pytest.CaptureFixture[str], teebee: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "export.json"
    target.write_text("old")
    code, _out, err = run(capsys, "--db", str(teebee), "export", "-o", str(target))
    assert code == 0 and "Wrote json export" in err
    assert json.loads(target.read_text())["meta"] == {"org": "TeeBee"}
    assert [p.name for p in out_dir.iterdir()] == ["export.json"]


# -- check ---------------------------------------------------------------------------------


def test_check_exits_0_with_hints_that_are_not_errors(
    capsys: pytest.CaptureFixture[str], teebee: Path
) -> None:
    code, out, _err = run(capsys, "--db", str(teebee), "check")
    assert code == 0
    assert "TeeBee has 2 objectives for 2026-Q4" in out
    assert out.splitlines()[-1] == "1 info for 2026-Q4"


def test_check_exits_1_on_an_unmeasurable_kr(
    capsys: pytest.CaptureFixture[str], teebee: Path
) -> None:
    store = Store(teebee, "hanna", create=False)
    objective = store.objectives(period_id="2026-Q4")[0]
    kr = store.add(KeyResult(objective_id=objective.id, title="make gmail a success"), reason="x")
    store.close()
    code, out, _err = run(capsys, "--db", str(teebee), "check")
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("error"))
    assert kr.id in line and "make gmail a success: No number and no date" in line
    assert out.splitlines()[-1] == "1 error, 1 info for 2026-Q4"
    # An earlier period, asked for by name, has no errors.
    assert run(capsys, "--db", str(teebee), "check", "--period", "2026-Q3")[0] == 0


def test_check_with_nothing_to_say(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "w.json"
    run(capsys, "--db", str(db), "init", "--org", "Acme")
    code, out, _err = run(capsys, "--db", str(db), "check")
    assert code == 0 and out.startswith("No coach hints for 2026-Q4")


# -- demo ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", samples.SAMPLES)
def test_demo_writes_a_fresh_shifted_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    code, out, _err = run(capsys, "demo", name, "--no-open")
    path = tmp_path / "data" / "demo" / f"{name}.json"
    assert code == 0 and str(path) in out
    store = Store(path, "", create=False)
    assert store.objectives()
    # A second run gives a fresh copy: a check-in made in between is gone.
    kr = store.all(KeyResult)[0]
    store.check_in(kr.id, 1.0)
    count = len(store.all(CheckIn))
    store.close()
    assert run(capsys, "demo", name, "--no-open")[0] == 0
    assert len(Store(path, "", create=False).all(CheckIn)) == count - 1


def test_demo_opens_the_app_as_the_samples_user(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[cli.Context] = []
    monkeypatch.setattr(ws, "open_app", lambda ctx: opened.append(ctx) or 0)
    assert run(capsys, "demo")[0] == 0
    assert opened[-1].user == "hanna" and opened[-1].db.name == "teebee.json"
    assert opened[-1].today == TODAY
    assert run(capsys, "--as", "jack", "demo", "teebee")[0] == 0
    assert opened[-1].user == "jack"
    assert run(capsys, "demo", "ued", "--as", "chen")[0] == 0
    assert opened[-1].user == "chen"


def test_demo_goes_where_db_says_and_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "mine" / "team.json"
    code, out, _err = run(capsys, "demo", "--no-open", "--db", str(target))
    assert code == 0 and str(target) in out
    assert Store(target, "", create=False).objectives()
    before = target.read_bytes()
    code, _out, err = run(capsys, "--db", str(target), "demo", "--no-open")
    assert code == 2 and "never overwrites" in err and err.count("\n") == 1
    assert target.read_bytes() == before


def test_unknown_demo_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["demo", "acme"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'acme'" in err and err.count("\n") == 1


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "init", "list", "checkin", "export", "import", "check"):
        assert f"    {command} " in out or f"    {command}\n" in out


# -- the installed script --------------------------------------------------------------------


def test_installed_okr_script(tmp_path: Path) -> None:
    script = shutil.which("okr", path=str(Path(sys.executable).parent)) or "okr"
    env = {**os.environ, "OKR_DB": str(tmp_path / "w.json"), "XDG_DATA_HOME": str(tmp_path)}
    made = subprocess.run(
        [script, "--as", "ann", "init", "--org", "Acme"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    demo = subprocess.run(
        [script, "demo", "teebee", "--no-open"], capture_output=True, text=True, env=env
    )
    assert demo.returncode == 0
    assert (tmp_path / "okr-tui" / "demo" / "teebee.json").exists()
    bad = subprocess.run(
        [script, "checkin", "kr-0000", "5"], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 2
    assert bad.stderr == "okr: no key result 'kr-0000' (okr list shows the ids)\n"


def test_demo_joins_a_copy_that_is_open_instead_of_replacing_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from okr_tui import presence

    assert run(capsys, "demo", "--no-open")[0] == 0
    path = tmp_path / "data" / "demo" / "teebee.json"
    store = Store(path, "hanna", create=False)
    kr = store.all(KeyResult)[0]
    store.check_in(kr.id, 1.0)
    count = len(store.all(CheckIn))
    store.close()
    presence.beat(path, "hanna")
    code, out, _err = run(capsys, "--as", "jack", "demo", "--no-open")
    assert code == 0 and "open now (hanna)" in out and "joining it" in out
    assert len(Store(path, "", create=False).all(CheckIn)) == count
    presence.leave(path, "hanna")
    assert run(capsys, "demo", "--no-open")[0] == 0  # nobody there: a fresh copy again
    assert len(Store(path, "", create=False).all(CheckIn)) == count - 1
