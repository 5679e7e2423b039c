"""`okr --db postgresql://...`: init, every command, refusals and failures in one line."""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest

from okr_tui import cli, samples
from okr_tui.corrections import correct_checkin, withdraw_checkin
from okr_tui.location import PgUrl, parse_location
from okr_tui.models import CheckIn, KeyResult
from okr_tui.pg import schema
from okr_tui.pg.store import PgStore
from okr_tui.store import Store
from tests import helpers_pg

TODAY = date(2026, 11, 26)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.make_context

    def make_context(args: argparse.Namespace) -> cli.Context:
        ctx = real(args)
        return cli.Context(db=ctx.db, user=ctx.user, today=TODAY)

    monkeypatch.setattr(cli, "make_context", make_context)
    monkeypatch.delenv("OKR_DB", raising=False)


@pytest.fixture
def url() -> PgUrl:
    return helpers_pg.fresh_database()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    assert err.startswith("okr: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_init_makes_the_tables_and_every_command_works(
    capsys: pytest.CaptureFixture[str], url: PgUrl
) -> None:
    code, out, err = run(capsys, "--db", url.url, "--as", "ann", "init", "--org", "TeeBee")
    assert (code, err) == (0, "")
    assert "Created a workspace for TeeBee" in out
    with psycopg.connect(url.url) as conn:
        assert schema.our_tables() <= schema.existing_tables(conn)
        versions = conn.execute("select version from okr_schema").fetchall()
        assert versions == [(schema.SCHEMA_VERSION,)]
    code, out, _ = run(capsys, "--db", url.url, "list")
    assert code == 0 and "Period 2026-Q4" in out
    code, _, err = run(capsys, "--db", url.url, "init", "--org", "Again")
    assert code == 2 and "already here" in one_line_error(err)


def test_okr_db_names_the_database(
    capsys: pytest.CaptureFixture[str], url: PgUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKR_DB", url.url)
    code, _, err = run(capsys, "--as", "ann", "init", "--org", "TeeBee")
    assert (code, err) == (0, "")
    store = PgStore(url, "ann", create=False)
    assert store.meta.org == "TeeBee"
    store.close()


def test_a_database_without_a_workspace_is_one_line(
    capsys: pytest.CaptureFixture[str], url: PgUrl
) -> None:
    code, _, err = run(capsys, "--db", url.url, "list")
    assert code == 2 and "no workspace here (okr init creates one)" in one_line_error(err)
    with psycopg.connect(url.url) as conn:
        assert schema.existing_tables(conn) == set()


def test_another_applications_database_is_left_alone(
    capsys: pytest.CaptureFixture[str], url: PgUrl
) -> None:
    with psycopg.connect(url.url) as conn:
        conn.execute("create table invoices (id int primary key, total numeric)")
        conn.execute("insert into invoices values (1, 9.5)")
    before = helpers_pg.dump(url)
    for argv in (["init", "--org", "TeeBee"], ["list"], []):
        code, _, err = run(capsys, "--db", url.url, *argv)
        assert code == 2 and "another application's tables (invoices)" in one_line_error(err)
    assert helpers_pg.dump(url) == before


def test_a_newer_schema_is_refused_and_left_alone(
    capsys: pytest.CaptureFixture[str], url: PgUrl
) -> None:
    PgStore(url, "ann", org="TeeBee").close()
    with psycopg.connect(url.url) as conn:
        conn.execute("insert into okr_schema (version) values (99)")
    before = helpers_pg.dump(url)
    code, _, err = run(capsys, "--db", url.url, "list")
    assert code == 2 and "newer okr-tui (schema 99" in one_line_error(err)
    assert helpers_pg.dump(url) == before


def test_a_server_that_is_not_there_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    nowhere = f"postgresql://ann:s3cret@/okr?host={tmp_path}&connect_timeout=2"
    code, _, err = run(capsys, "--db", nowhere, "list")
    assert code == 2 and "cannot connect" in one_line_error(err)
    assert "s3cret" not in err and "ann:***@" in err


def test_a_wrong_password_is_one_line_and_never_shown(
    capsys: pytest.CaptureFixture[str], url: PgUrl
) -> None:
    helpers_pg.password_role("pw_ann", "right-one")
    wrong = url.url.replace("postgres:@", "pw_ann:wrong-one@", 1)
    code, _, err = run(capsys, "--db", wrong, "list")
    assert code == 2 and "password authentication failed" in one_line_error(err)
    assert "wrong-one" not in err


def test_the_password_is_masked_wherever_the_location_is_shown() -> None:
    location = parse_location("postgresql://ann:s3cret@db.example/okr?sslmode=require")
    assert isinstance(location, PgUrl)
    assert str(location) == "postgresql://ann:***@db.example/okr?sslmode=require"
    assert "s3cret" not in repr(location)
    assert location.name == "okr"
    assert location.url.endswith("?sslmode=require")  # libpq options pass through as given
    option = PgUrl("postgresql:///okr?host=/run&password=s3cret&sslmode=disable")
    assert str(option) == "postgresql:///okr?host=/run&password=***&sslmode=disable"


def test_without_psycopg_a_database_asks_for_the_extra(
    capsys: pytest.CaptureFixture[str], url: PgUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    code, _, err = run(capsys, "--db", url.url, "list")
    assert code == 2
    assert one_line_error(err) == "okr: PostgreSQL needs pip install 'okr-tui[postgres]'\n"


def test_a_file_workspace_never_imports_psycopg(tmp_path: Path) -> None:
    workspace = samples.build("teebee", tmp_path / "teebee.json", TODAY)
    script = (
        "import sys; from okr_tui import cli; "
        f"code = cli.main(['--db', {str(workspace)!r}, 'list']); "
        "assert 'psycopg' not in sys.modules, 'psycopg imported'; sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


# -- okr copy --------------------------------------------------------------------------------


def export_json(capsys: pytest.CaptureFixture[str], where: str) -> str:
    code, out, err = run(capsys, "--db", where, "--as", "ann", "export", "--format", "json")
    assert code == 0, err
    return out


def with_fixes(path: Path) -> Path:
    """A workspace whose check-ins were corrected and withdrawn (events with reasons)."""
    workspace = samples.build("teebee", path, TODAY)
    kr = next(k for k in Store(workspace, "").all(KeyResult) if Store(workspace).checkins(k.id))
    first, second, *_ = Store(workspace).checkins(kr.id)
    store = Store(workspace, first.author, create=False)
    correct_checkin(store, first.id, value=first.value + 1, reason="typo in the value")
    store = Store(workspace, second.author, create=False)
    withdraw_checkin(store, second.id, reason="entered twice")
    store.close()
    return workspace


@pytest.mark.parametrize("make", [samples.build, None], ids=["teebee", "with-fixes"])
def test_copy_to_postgresql_and_back_keeps_the_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: PgUrl, make: object
) -> None:
    source = (
        samples.build("teebee", tmp_path / "a.json", TODAY)
        if make is not None
        else with_fixes(tmp_path / "a.json")
    )
    before = export_json(capsys, str(source))
    code, out, err = run(capsys, "copy", str(source), url.url)
    assert code == 0, err
    assert out.startswith("Copied ") and " events from " in out
    assert export_json(capsys, url.url) == before
    back = tmp_path / "back.json"
    code, _, err = run(capsys, "copy", url.url, str(back))
    assert code == 0, err
    assert export_json(capsys, str(back)) == before
    assert Store(back, "", create=False).export_data() == Store(source, "").export_data()


def test_copy_file_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = with_fixes(tmp_path / "a.json")
    code, _, err = run(capsys, "copy", str(source), str(tmp_path / "b.json"))
    assert code == 0, err
    assert export_json(capsys, str(tmp_path / "b.json")) == export_json(capsys, str(source))


def test_copy_never_overwrites(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: PgUrl
) -> None:
    source = samples.build("teebee", tmp_path / "a.json", TODAY)
    other = samples.build("teebee", tmp_path / "b.json", TODAY)
    before = other.read_bytes()
    code, _, err = run(capsys, "copy", str(source), str(other))
    assert code == 2 and "never overwrites" in one_line_error(err)
    assert other.read_bytes() == before
    assert run(capsys, "copy", str(source), url.url)[0] == 0
    dumped = helpers_pg.dump(url)
    code, _, err = run(capsys, "copy", str(other), url.url)
    assert code == 2 and "never overwrites" in one_line_error(err)
    assert helpers_pg.dump(url) == dumped


def test_okr_serve_hands_a_database_to_its_tabs_without_the_password_in_argv() -> None:
    from okr_tui.cli import serve

    url = PgUrl("postgresql://ann:s3cret@db.example/okr?sslmode=require")
    command = serve.served_command(cli.Context(db=url, user="ann", today=TODAY))
    assert "s3cret" not in command and "--db" not in command
    assert command.endswith("--as ann")


def test_import_into_a_database_is_lossless(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: PgUrl
) -> None:
    source = with_fixes(tmp_path / "a.json")
    exported = tmp_path / "export.json"
    exported.write_text(export_json(capsys, str(source)), encoding="utf-8")
    code, out, err = run(capsys, "--db", url.url, "--as", "ann", "import", str(exported))
    assert code == 0 and out.startswith("Imported "), err
    assert export_json(capsys, url.url) == exported.read_text(encoding="utf-8")
    other = PgStore(url, "bob", create=False)  # another session reads what was imported
    assert len(other.all(CheckIn)) == len(Store(source, "").all(CheckIn)) > 0
    other.close()


def test_a_copied_database_has_the_indexes_of_a_new_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, url: PgUrl
) -> None:
    def indexes(where: PgUrl) -> list[tuple[str, str]]:
        with psycopg.connect(where.url) as conn:
            rows = conn.execute(
                "select tablename, indexdef from pg_indexes where schemaname = current_schema()"
            ).fetchall()
        # Named by PostgreSQL after their table and column: compare what they index.
        return sorted((str(t), str(d).split(" ON ", 1)[1]) for t, d in rows)

    fresh = helpers_pg.fresh_database()
    assert run(capsys, "--db", fresh.url, "init", "--org", "TeeBee")[0] == 0
    source = samples.build("teebee", tmp_path / "a.json", TODAY)
    assert run(capsys, "copy", str(source), url.url)[0] == 0
    assert indexes(url) == indexes(fresh)
    assert any("okr_mentions" in d for _, d in indexes(url))
