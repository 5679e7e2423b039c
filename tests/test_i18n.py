"""The language: how it is chosen, switched, saved on a person, and how dates and numbers read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from okr_tui import i18n
from okr_tui.cli import main
from okr_tui.i18n import _, language_from, ngettext
from okr_tui.models import Person
from okr_tui.store import Store


class Someone:
    def __init__(self, lang: str) -> None:
        self.lang = lang


@pytest.mark.parametrize(
    ("args", "env", "person", "expected"),
    [
        (None, {}, None, "en"),
        ("zh", {"OKR_LANG": "en", "LANG": "en_US.UTF-8"}, Someone("en"), "zh"),
        (None, {"OKR_LANG": "zh"}, Someone("en"), "zh"),
        (None, {"OKR_LANG": "zh_CN.UTF-8"}, None, "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, Someone("en"), "en"),
        (None, {"LANG": "zh_CN.UTF-8"}, Someone(""), "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, None, "zh"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, None, "en"),
        (None, {"LC_MESSAGES": "zh_TW", "LANG": "en_US"}, None, "zh"),
        (None, {"LANG": "C.UTF-8"}, None, "en"),
        (None, {"OKR_LANG": "fr", "LANG": "zh_CN"}, None, "zh"),
    ],
)
def test_the_language_is_chosen_by_flag_then_env_then_person_then_locale(
    args: str | None, env: dict[str, str], person: Someone | None, expected: str
) -> None:
    assert language_from(args, env, person) == expected


def test_switching_language_changes_every_message_at_once() -> None:
    assert _("Weekly review") == "Weekly review"
    i18n.set_language("zh")
    assert _("Weekly review") == "周复盘"
    assert ngettext("{count} key result", "{count} key results", 2) == "{count} 个关键结果"
    i18n.set_language("en")
    assert _("Weekly review") == "Weekly review"
    assert ngettext("{count} key result", "{count} key results", 2) == "{count} key results"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_the_person_choice_applies_unless_something_more_explicit_was_given() -> None:
    i18n.start_language(None, {"LANG": "en_US.UTF-8"})
    assert i18n.settle_for(Someone("zh")) is True
    assert i18n.current_language() == "zh"
    i18n.start_language("en", {})
    assert i18n.settle_for(Someone("zh")) is False
    assert i18n.current_language() == "en"


def test_dates_weeks_and_numbers_read_naturally_in_each_language() -> None:
    day = date(2026, 12, 1)
    assert i18n.format_date(day) == "2026-12-01"
    assert i18n.format_week(2026, 49) == "2026-W49"
    assert i18n.format_currency(250000) == "$250,000"
    i18n.set_language("zh")
    assert i18n.format_date(day) == "2026年12月1日"
    assert i18n.format_date(day, "short") == "12月1日"
    assert i18n.format_week(2026, 49) == "第49周"
    assert i18n.format_currency(250000) == "¥250,000"
    assert i18n.format_decimal(1234567.5) == "1,234,567.5"


def test_a_person_without_a_language_is_stored_as_before(tmp_path: Path) -> None:
    assert "lang" not in Person(login="ann").to_doc()
    assert Person(login="ann", lang="zh").to_doc()["lang"] == "zh"
    store = Store(tmp_path / "w.json", "ann", create=True)
    store.ensure_person("ann")
    store.close()
    people = json.loads((tmp_path / "w.json").read_text())["people"]
    assert all("lang" not in doc for doc in people.values())


def test_okr_lang_zh_shows_the_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "--help"])
    assert "工作区文件" in capsys.readouterr().out


def test_okr_lang_en_overrides_a_chinese_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKR_LANG", "zh")
    with pytest.raises(SystemExit):
        main(["--lang=en", "--help"])
    assert "workspace file" in capsys.readouterr().out


def test_okr_lang_saves_the_choice_on_the_person_and_auto_forgets_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.json"
    Store(db, "ann", create=True).close()
    assert main(["--db", str(db), "--as", "ann", "lang", "zh"]) == 0
    store = Store(db, "ann")
    person = store.person("ann")
    assert person is not None and person.lang == "zh"
    store.close()
    capsys.readouterr()
    i18n.start_language(None, {})
    # Another command by ann speaks Chinese: her saved choice, no flag, no locale.
    assert main(["--db", str(db), "--as", "ann", "lang"]) == 0
    assert "中文" in capsys.readouterr().out
    assert i18n.current_language() == "zh"
    i18n.start_language(None, {})
    assert main(["--db", str(db), "--as", "ann", "lang", "auto"]) == 0
    people = json.loads(db.read_text())["people"]
    assert all("lang" not in doc for doc in people.values())


def test_okr_lang_refuses_a_language_it_does_not_speak(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(tmp_path / "w.json"), "lang", "fr"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_okr_commands_speak_chinese_and_keep_their_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "w.json")
    assert main(["--lang", "zh", "--db", db, "--as", "ann", "init", "--org", "Acme"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已为 Acme 在 ")
    assert "okr --db" in out  # the command to type is never translated
    assert main(["--lang", "zh", "--db", db, "--as", "ann", "checkin", "kr-0000", "5"]) == 2
    err = capsys.readouterr().err
    assert err == "okr: 没有关键结果 'kr-0000'（okr list 会列出 id）\n"
    assert main(["--lang", "zh", "--db", db, "--as", "ann", "list"]) == 0
    assert "没有目标" in capsys.readouterr().out


def test_okr_list_shows_health_in_chinese_and_keeps_its_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from okr_tui import samples
    from tests.conftest import TODAY

    db = samples.build("teebee", tmp_path / "t.json", TODAY)
    argv = ["--lang", "zh", "--db", str(db), "--as", "hanna", "list", "--period", "2026-Q4"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "ID" in out and "HEALTH" in out  # column names stay, as scripts read them
    assert "有风险" in out and "周期 2026-Q4" in out


def test_numbers_shown_in_chinese_follow_the_locale_data_not_a_hand_written_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from okr_tui.numbers import format_number

    i18n.set_language("zh")
    assert format_number(250000, "¥") == "¥250,000"
    assert format_number(1234.5, "通/周") == "1,234.5 通/周"
    # Pointed at German locale data, the same call groups as German does: the format is
    # Babel's, so a language whose marks differ gets its own without code of its own.
    monkeypatch.setitem(i18n.BABEL_LOCALE, "zh", "de_DE")
    assert format_number(1234.5) == "1.234,5"
    i18n.set_language("en")
    assert format_number(1234.5) == "1,234.5"
