"""`okr` in Chinese for every command family (OKR_LANG=zh), and in English as before.

Each test runs one family twice: in Chinese its words are Chinese while command
names, flags, ids and what people typed stay as they are; in English the output
is the exact text it always was.
"""

from __future__ import annotations

from pathlib import Path

import asyncssh
import pytest

from okr_tui import i18n
from okr_tui.cli import main
from okr_tui.cli.help_layout import cell_width


def okr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, *argv: str
) -> tuple[int, str, str]:
    """One `okr` run with OKR_LANG set, as a person's shell would run it."""
    monkeypatch.setenv("OKR_LANG", lang)
    i18n.start_language(None, {})
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws(workspace: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace as `okr init` makes it: the company unit and the current quarter."""
    assert main(["--db", str(workspace), "--as", "ann", "init", "--org", "Test org"]) == 0
    capsys.readouterr()
    return workspace


def test_okr_period_in_chinese_and_english(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--db", str(ws), "--as", "ann")
    code, out, _ = okr(capsys, monkeypatch, "zh", *db, "period", "add", "2027-Q1")
    assert code == 0
    assert (
        out
        == "已开启 2027-Q1（2027年1月1日 – 3月31日）：用研讨会规划它的 OKR（运行 okr，再按 w）\n"
    )
    _code, out, _ = okr(capsys, monkeypatch, "zh", *db, "period", "list")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "START", "END", "KIND", "OBJECTIVES"]  # scripts read these
    assert "2027-Q1  2027-01-01  2027-03-31  季度  0" in out
    # Wide words keep the columns: OBJECTIVES starts in the same cell on every line.
    starts = {cell_width(line[: line.rindex(" ") + 1]) for line in lines}
    assert len(starts) == 1
    _code, out, _ = okr(capsys, monkeypatch, "en", *db, "period", "add", "2027-Q1")
    assert out == "2027-Q1 (1 Jan – 31 Mar 2027) is already open; nothing changed\n"
    _code, out, _ = okr(capsys, monkeypatch, "en", *db, "period", "list")
    assert "2027-Q1  2027-01-01  2027-03-31  quarter  0" in out


def test_okr_export_and_import_in_chinese_and_english(
    ws: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = ("--db", str(ws), "--as", "ann")
    target = tmp_path / "out.json"
    code, _, err = okr(capsys, monkeypatch, "zh", *db, "export", "-o", str(target))
    assert code == 0 and err == f"已把 {ws.name} 的 json 导出写入 {target}\n"
    _code, out, _ = okr(capsys, monkeypatch, "zh", *db, "import", str(target))
    assert out.startswith(f"已导入 0 条记录到 {ws}；") and out.endswith(" 条已存在\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,period,objective,key_result\nSales,,Grow,\nSales,2026-Q4,,Calls\n")
    code, _, err = okr(capsys, monkeypatch, "zh", *db, "import", str(bad))
    assert code == 2
    assert err.splitlines() == [
        f"okr: {bad} 第 2 行：period 为空（请写明季度或年份，例如 2026-Q3）",
        f"okr: {bad} 第 3 行：有 key_result 但没有目标（共 2 个问题；未导入任何内容）",
    ]
    _code, _, err = okr(capsys, monkeypatch, "en", *db, "import", str(bad))
    assert err.splitlines() == [
        f"okr: {bad} line 2: period is empty (say which quarter or year, like 2026-Q3)",
        f"okr: {bad} line 3: key_result without an objective (2 problems; nothing was imported)",
    ]
    _code, _, err = okr(capsys, monkeypatch, "en", *db, "import", str(tmp_path / "a.txt"))
    assert err == f"okr: {tmp_path / 'a.txt'}: okr import reads .csv, .json files, not .txt\n"


def test_okr_invite_in_chinese_and_english(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--db", str(ws))
    _code, out, _ = okr(capsys, monkeypatch, "zh", *db, "invite", "bob")
    assert out.startswith("给 bob 的邀请：\n")
    assert "撤回：okr invite --revoke bob" in out
    _code, out, _ = okr(capsys, monkeypatch, "zh", *db, "invite", "--list")
    header, row = out.splitlines()
    assert header.split() == ["登录名", "创建于", "最近使用"]
    assert row.endswith("从未")
    # The columns line up by cells, wide header words and all.
    assert cell_width(header[: header.index("最近使用")]) == row.index(row.split()[-1])
    _code, _, err = okr(capsys, monkeypatch, "zh", *db, "invite", "--revoke", "carl")
    assert err == "okr: carl 没有邀请（okr invite --list 会列出谁有）\n"
    _code, out, _ = okr(capsys, monkeypatch, "en", *db, "invite", "--list")
    assert out.splitlines()[0] == "login  created               last used"
    assert out.splitlines()[1].endswith("  never")
    _code, _, err = okr(capsys, monkeypatch, "en", *db, "invite", "--revoke", "carl")
    assert err == "okr: carl has no invitation (okr invite --list shows who has)\n"


def test_okr_serve_and_ssh_refuse_in_chinese_and_english(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--db", str(ws))
    assert okr(capsys, monkeypatch, "zh", *db, "serve", "--port", "0")[2] == (
        "okr: --port 取 1 到 65535，不是 0\n"
    )
    assert okr(capsys, monkeypatch, "zh", *db, "ssh", "--idle-timeout", "soon")[2] == (
        "okr: --idle-timeout 是一段时间，例如 90s、30m 或 2h，不是 'soon'\n"
    )
    assert okr(capsys, monkeypatch, "en", *db, "serve", "--port", "0")[2] == (
        "okr: --port is 1 to 65535, not 0\n"
    )
    assert okr(capsys, monkeypatch, "en", *db, "ssh", "--max-sessions", "0")[2] == (
        "okr: --max-sessions is at least 1, not 0\n"
    )


def test_okr_keys_in_chinese_and_english(
    ws: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    pub = tmp_path / "bob.pub"
    pub.write_bytes(key.export_public_key())
    db = ("--db", str(ws))
    _code, out, _ = okr(capsys, monkeypatch, "zh", *db, "keys", "list")
    assert out == "还没有密钥：okr keys add LOGIN FILE.pub 可让某人登录\n"
    _code, out, _ = okr(capsys, monkeypatch, "zh", *db, "keys", "add", "bob", str(pub))
    fingerprint = key.get_fingerprint()
    assert out == (
        f"已为 bob 添加 ssh-ed25519 密钥 {fingerprint}\nbob 还不在工作区中：首次登录时会加入\n"
    )
    _code, _, err = okr(capsys, monkeypatch, "zh", *db, "keys", "add", "carl", str(pub))
    assert err == f"okr: 这个密钥已属于 bob（{fingerprint}）：每个人都需要自己的密钥\n"
    _code, _, err = okr(capsys, monkeypatch, "en", *db, "keys", "add", "carl", str(pub))
    assert err == (
        f"okr: this key is already bob's ({fingerprint}): each person needs a key of their own\n"
    )
    other = tmp_path / "wu.pub"
    other.write_bytes(asyncssh.generate_private_key("ssh-ed25519").export_public_key())
    okr(capsys, monkeypatch, "zh", *db, "keys", "add", "吴军", str(other))
    listed = okr(capsys, monkeypatch, "zh", *db, "keys", "list")[1].splitlines()
    # A Chinese login takes two cells a character: the key types still line up.
    assert len({cell_width(line[: line.index("ssh-ed25519")]) for line in listed}) == 1
    _code, out, _ = okr(capsys, monkeypatch, "en", *db, "keys", "remove", "bob")
    assert out == (
        f"removed ssh-ed25519 key {fingerprint} of bob\n"
        "a session open with it is closed within a few seconds; new logins are refused\n"
    )


def test_okr_copy_and_workshop_in_chinese_and_english(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.json"
    code, out, _ = okr(capsys, monkeypatch, "zh", "copy", str(ws), str(copy))
    assert code == 0 and out.startswith("已把 ") and f"复制到 {copy}" in out
    _code, _, err = okr(capsys, monkeypatch, "zh", "copy", str(ws), str(copy))
    assert err == f"okr: {copy}：那里已经有工作区；okr copy 绝不覆盖\n"
    _code, _, err = okr(capsys, monkeypatch, "en", "copy", str(ws), str(copy))
    assert err == f"okr: {copy}: a workspace is already there; okr copy never overwrites one\n"
    argv = ("--db", str(ws), "--as", "ann", "workshop", "--unit", "Nope")
    assert okr(capsys, monkeypatch, "zh", *argv)[2] == (
        "okr: --unit：没有单元 'Nope'（现有单元：Test org）\n"
    )
    assert okr(capsys, monkeypatch, "en", *argv)[2] == (
        "okr: --unit: no unit 'Nope' (units: Test org)\n"
    )


@pytest.mark.parametrize("command", ["serve", "ssh", "invite", "keys", "copy", "period", "import"])
def test_chinese_help_wraps_inside_the_terminal_and_english_help_is_as_before(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("OKR_LANG", "zh")
    i18n.start_language(None, {})
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "选项" in out
    assert max(cell_width(line) for line in out.splitlines()) <= 80
    assert "okr-\n" not in out  # a name is never cut at its hyphen
    monkeypatch.setenv("OKR_LANG", "en")
    i18n.start_language(None, {})
    with pytest.raises(SystemExit):
        main([command, "--help"])
    english = capsys.readouterr().out
    assert "options:" in english
    assert max(len(line) for line in english.splitlines()) <= 80
