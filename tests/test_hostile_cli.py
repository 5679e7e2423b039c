"""Control characters never reach a terminal: refused on the way in, harmless on the way out.

A colleague on the same box can write the workspace file by hand, so the
stored text is crafted here byte by byte (in the file, in a chunk the index
names, and in the journal) and then read back through every CLI output and
the app.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import orjson
import pytest

from okr_tui import cli
from okr_tui import store as store_module
from okr_tui.journal import journal_path
from okr_tui.models import CheckIn, KeyResult, Objective
from okr_tui.store import Store, WorkspaceError
from tests.conftest import TODAY, fixed_clock

PLACEHOLDER = "X" * 29
STORED = rb"\u001b]0;pwned\u0007\u001b[2J"
"""JSON for ESC ] 0;pwned BEL ESC [2J: retitles the terminal, then clears it (29 bytes)."""
SHOWN = "␛]0;pwned␇␛[2J"
assert len(STORED) == len(PLACEHOLDER)


def seed(path: Path) -> Store:
    store = Store(path, "ann", org="Acme", clock=fixed_clock)
    with store.transaction():
        store.ensure_period("2026-Q4")
        from okr_tui.models import Unit

        unit = store.add(Unit(id="un-acme", name="Acme", kind="company"))
        objective = store.add(
            Objective(
                id="ob-tea",
                unit_id=unit.id,
                period_id="2026-Q4",
                title=f"Prove our tea {PLACEHOLDER}",
                owner="ann",
            )
        )
        store.add(KeyResult(id="kr-ren", objective_id=objective.id, title="Renewals", target=70))
    return store


def craft_file(path: Path, *, same_length: bool) -> None:
    """Put the escape sequence into the file as a colleague with a text editor would."""
    raw = path.read_bytes()
    stored = STORED if same_length else STORED + b" and more"
    path.write_bytes(raw.replace(PLACEHOLDER.encode(), stored))


def craft_journal(path: Path) -> None:
    """Rewrite the journal's lines with the escape sequence, checksums made to match."""
    journal = journal_path(path)
    lines = []
    for line in journal.read_bytes().splitlines():
        if line[8:9] != b" ":
            lines.append(line)
            continue
        body = line[9:].replace(PLACEHOLDER.encode(), STORED)
        lines.append(b"%08x %s" % (zlib.crc32(body), body))
    journal.write_bytes(b"\n".join(lines) + b"\n")


@pytest.fixture(params=["whole-file", "indexed-chunk", "journal"])
def crafted(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    path = tmp_path / "team.json"
    if request.param == "journal":
        monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
        store = seed(path)
        store.check_in("kr-ren", 20, note=f"note {PLACEHOLDER}")
        store.update(Objective, "ob-tea", description=f"why {PLACEHOLDER}")
        assert journal_path(path).exists()
        craft_journal(path)
    else:
        seed(path)
        store = Store(path, "ann")
        store.check_in("kr-ren", 20, note=f"note {PLACEHOLDER}")
        craft_file(path, same_length=request.param == "indexed-chunk")
    return path


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.make_context

    def make_context(args: object) -> cli.Context:
        ctx = real(args)  # type: ignore[arg-type]
        return cli.Context(db=ctx.db, user=ctx.user, today=TODAY)

    monkeypatch.setattr(cli, "make_context", make_context)


def run(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(path), "--as", "ann", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_harmless(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text, repr(text[:300])


def test_stored_text_is_read_back_as_pictures(crafted: Path) -> None:
    store = Store(crafted, "ann")
    objective = store.get(Objective, "ob-tea")
    assert SHOWN in objective.title or SHOWN in objective.description
    (checkin,) = store.all(CheckIn)
    assert checkin.note.startswith("note ")
    for text in (objective.title, objective.description, checkin.note):
        assert_harmless(text)


OUTPUTS = {
    "list": ["list", "--period", "2026-Q4"],
    "check": ["check", "--period", "2026-Q4"],
    "weekly": ["report", "weekly", "--unit", "Acme"],
    "quarter": ["report", "quarter", "--unit", "Acme", "--period", "2026-Q4"],
    "export-md": ["export", "--format", "md"],
    "export-csv": ["export", "--format", "csv"],
    "export-json": ["export", "--format", "json"],
}


@pytest.mark.parametrize("command", list(OUTPUTS))
def test_every_cli_output_is_harmless(
    crafted: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, crafted, *OUTPUTS[command])
    assert code in (0, 1), err
    assert_harmless(out + err)
    if command in ("list", "export-md", "export-csv"):
        assert "␛" in out and "pwned" in out  # the title is there, shown harmlessly


def test_a_check_in_note_with_escapes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team.json"
    seed(path)
    code, out, err = run(capsys, path, "checkin", "kr-ren", "30", "--note", "hi \x1b[2J")
    assert code == 2
    assert "control character (ESC, U+001B)" in err and err.count("\n") == 1
    assert_harmless(out + err)
    assert Store(path, "x").all(CheckIn) == []


def test_an_error_that_echoes_what_was_typed_is_harmless(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team.json"
    seed(path)
    code, out, err = run(capsys, path, "checkin", "kr-\x1b]0;x\x07", "30")
    assert code == 2
    assert_harmless(out + err)
    with pytest.raises(SystemExit):
        cli.main(["--db", str(path), "--bogus-\x1b[2J"])
    out, err = capsys.readouterr()
    assert "--bogus-␛[2J" in err
    assert_harmless(out + err)


def test_a_json_import_with_escapes_is_refused_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "team.json"
    seed(path)
    before = path.read_bytes()
    crafted = {
        "schema_version": 1,
        "objectives": [
            {"id": "ob-new", "unit_id": "un-acme", "period_id": "2026-Q4", "title": "a\x1b[2Jb"}
        ],
    }
    source = tmp_path / "in.json"
    source.write_bytes(orjson.dumps(crafted))
    code, out, err = run(capsys, path, "import", str(source))
    assert code == 2
    assert "control character" in err
    assert_harmless(out + err)
    assert path.read_bytes() == before


def test_a_csv_import_with_escapes_is_refused_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from okr_tui.csv_exchange import COLUMNS

    path = tmp_path / "team.json"
    seed(path)
    before = path.read_bytes()
    row = {name: "" for name in COLUMNS}
    row.update(period="2026-Q4", unit="Acme", objective="Grow\x1b]0;x\x07", key_result="K 5")
    source = tmp_path / "in.csv"
    source.write_text(
        ",".join(COLUMNS) + "\n" + ",".join(row[name] for name in COLUMNS) + "\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, path, "import", str(source))
    assert code == 2
    assert "control character" in err
    assert_harmless(out + err)
    assert path.read_bytes() == before


@pytest.mark.parametrize("text", ["\x1b[2J", "\x07", "\x9b2J", "a\u202eb", "\x00", "\r"], ids=repr)
def test_the_store_refuses_control_characters_in_every_text(workspace: Path, text: str) -> None:
    store = seed(workspace)
    with pytest.raises(WorkspaceError, match="control character"):
        store.update(Objective, "ob-tea", title=f"Grow {text} more")
    with pytest.raises(WorkspaceError, match="control character"):
        store.check_in("kr-ren", 5, note=f"a {text} b")
    with pytest.raises(WorkspaceError, match="control character"):
        store.update(Objective, "ob-tea", description="fine", reason=f"because {text} so")
    with pytest.raises(WorkspaceError, match="control character"):
        store.set_org(f"Acme{text}Co")
    assert Store(workspace, "x").get(Objective, "ob-tea").description == ""


def test_line_breaks_stay_allowed_in_text_but_not_in_names(workspace: Path) -> None:
    store = seed(workspace)
    store.update(Objective, "ob-tea", title="Prove our tea\nto suppliers", description="a\n\tb")
    with pytest.raises(WorkspaceError, match="line break"):
        store.update(Objective, "ob-tea", owner="ann\nbob")
