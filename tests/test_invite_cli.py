"""`okr invite`: personal links kept hashed in the door folder, listed and revoked."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from okr_tui.cli import main
from okr_tui.door.folder import door_folder
from okr_tui.door.invites import InviteBook, hash_token
from okr_tui.store import Store

LINK = re.compile(r"(https?://\S+)/login/(\S+)")


def okr(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def invite(capsys: pytest.CaptureFixture[str], workspace: Path, *argv: str) -> tuple[str, str]:
    code, out, err = okr(capsys, "--db", str(workspace), "invite", *argv)
    assert code == 0, err
    found = LINK.search(out)
    assert found is not None, out
    return found.group(1), found.group(2)


def test_invite_prints_a_link_and_keeps_only_the_hash(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    base, token = invite(capsys, workspace, "ann")
    assert base == "http://127.0.0.1:8000"
    assert len(token) >= 43  # 32 random bytes, url-safe base64
    path = door_folder(workspace) / "invites.json"
    text = path.read_text()
    assert token not in text and hash_token(token) in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(door_folder(workspace).stat().st_mode) == 0o700
    # The invited login is a person of the workspace from now on.
    assert Store(workspace, "ann").person("ann") is not None


def test_url_sets_the_links_address_and_a_bad_one_is_refused(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    base, _ = invite(capsys, workspace, "ann", "--url", "https://okr.example.com/")
    assert base == "https://okr.example.com"
    for bad in ("ftp://x", "okr.example.com", "http://x/some/path", "http://x:99999"):
        code, _, err = okr(capsys, "--db", str(workspace), "invite", "bob", "--url", bad)
        assert code == 2 and err.startswith("okr: --url") and err.count("\n") == 1


def test_list_revoke_round_trip(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    _, first = invite(capsys, workspace, "ann")
    invite(capsys, workspace, "bob")
    code, out, _ = okr(capsys, "--db", str(workspace), "invite", "--list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["login", "created", "last", "used"]
    assert [line.split()[0] for line in lines[1:]] == ["ann", "bob"]
    assert all(line.endswith("never") for line in lines[1:])
    assert first not in out  # no tokens, not even their hashes
    assert hash_token(first) not in out

    code, out, _ = okr(capsys, "--db", str(workspace), "invite", "--revoke", "ann")
    assert code == 0 and "Revoked ann" in out
    assert InviteBook(workspace).find(first) is None
    code, out, _ = okr(capsys, "--db", str(workspace), "invite", "--list")
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["bob"]

    code, _, err = okr(capsys, "--db", str(workspace), "invite", "--revoke", "ann")
    assert code == 2 and err == "okr: ann has no invitation (okr invite --list shows who has)\n"


def test_inviting_again_replaces_the_link(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    _, first = invite(capsys, workspace, "ann")
    code, out, _ = okr(capsys, "--db", str(workspace), "invite", "ann")
    assert code == 0 and "earlier link no longer works" in out
    book = InviteBook(workspace)
    assert book.find(first) is None
    found = LINK.search(out)
    assert found is not None
    invited = book.find(found.group(2))
    assert invited is not None and invited.login == "ann"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "okr: say who: okr invite LOGIN"),
        (["--list", "ann"], "okr: --list takes no LOGIN"),
        (["--revoke"], "okr: say who"),
        (["-- -x"], "okr: a login cannot start with '-'"),
        (["ann\x1b[2J"], "okr: the login holds a control character"),
        (["  "], "okr: a login cannot be empty"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: list[str], message: str
) -> None:
    code, out, err = okr(capsys, "--db", str(workspace), "invite", *argv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_list_with_nobody_invited(capsys: pytest.CaptureFixture[str], store: Store) -> None:
    code, out, _ = okr(capsys, "--db", str(store.path), "invite", "--list")
    assert code == 0 and "Nobody is invited yet" in out


def test_no_workspace_no_door_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    typo = tmp_path / "missing" / "workspace.json"
    for argv in (["--list"], ["--revoke", "ann"]):
        code, _, err = okr(capsys, "--db", str(typo), "invite", *argv)
        assert code == 2 and err == f"okr: no workspace at {typo} (see --db)\n"
    assert not (tmp_path / "missing").exists()


def test_an_unreadable_invitations_file_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    invite(capsys, workspace, "ann")
    (door_folder(workspace) / "invites.json").write_text("{not json")
    code, _, err = okr(capsys, "--db", str(workspace), "invite", "--list")
    assert code == 2 and "not a file of invitations" in err and err.count("\n") == 1


def test_last_used_is_noted(workspace: Path) -> None:
    book = InviteBook(workspace)
    token = book.invite("ann")
    found = book.find(token)
    assert found is not None and found.last_used is None
    book.mark_used("ann")
    found = book.find(token)
    assert found is not None and found.last_used is not None
