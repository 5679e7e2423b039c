"""The Chinese catalog is complete, keeps every placeholder, and its .mo is compiled from its .po.

And every string shown to users in a translated module is marked for translation:
an AST scan of the calls that show text (Text, Static, Label, notify, print,
UserError, a Binding's description) finds literals passed without `_()`/`N_()`.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "okr_tui" / "locale" / "zh" / "LC_MESSAGES"
PO = LOCALE / "okr_tui.po"
MO = LOCALE / "okr_tui.mo"
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "NP_": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
}

TRANSLATED = (
    "okr_tui/navigation.py",
    "okr_tui/rules.py",
    "okr_tui/privacy.py",
    "okr_tui/weekly_report.py",
    "okr_tui/words.py",
    "okr_tui/cli/__init__.py",
    "okr_tui/cli/checkin.py",
    "okr_tui/cli/lang.py",
    "okr_tui/cli/quarter.py",
    "okr_tui/cli/report.py",
    "okr_tui/cli/weekly.py",
    "okr_tui/cli/workspace.py",
    "okr_tui/cli/period.py",
    "okr_tui/cli/exchange.py",
    "okr_tui/cli/exchange_formats.py",
    "okr_tui/cli/serve.py",
    "okr_tui/cli/invite.py",
    "okr_tui/cli/ssh.py",
    "okr_tui/cli/keys.py",
    "okr_tui/cli/copy.py",
    "okr_tui/cli/workshop.py",
    "okr_tui/cli/argparse_words.py",
    "okr_tui/door/pages.py",
    "okr_tui/door/web.py",
    "okr_tui/door/address.py",
    "okr_tui/door/invites.py",
    "okr_tui/door/ssh_keys.py",
    "okr_tui/door/ssh_session.py",
    "okr_tui/door/ssh_server.py",
    "okr_tui/csv_read.py",
    "okr_tui/csv_plan.py",
    "okr_tui/csv_import.py",
    "okr_tui/json_import.py",
    "screens/change_dialog.py",
    "screens/finder.py",
    "screens/checkin.py",
    "screens/checkin_dialogs.py",
    "screens/checkin_words.py",
    "screens/home.py",
    "screens/leave_dialog.py",
    "screens/next_quarter.py",
    "screens/review.py",
    "screens/review_rows.py",
    "screens/estimate_round.py",
    "screens/round_notice.py",
    "okr_tui/estimate_rounds.py",
    "screens/task_dialog.py",
    "screens/weekly_report.py",
    "screens/help.py",
    "screens/palette.py",
    "widgets/badges.py",
    "widgets/footer.py",
    "widgets/coach_panel.py",
    "widgets/parking_lot.py",
    "widgets/timer.py",
    "okr_tui/presence.py",
    "okr_tui/coach.py",
    "okr_tui/workshop/candidates.py",
    "okr_tui/workshop/charter.py",
    "okr_tui/workshop/key_results.py",
    "okr_tui/workshop/room.py",
    "okr_tui/workshop/rounds.py",
    "okr_tui/workshop/steps.py",
    "okr_tui/workshop/tips.py",
    "okr_tui/quarter_report.py",
    "okr_tui/markdown_export.py",
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "okr_tui" / "scoring").glob("*.py"))),
    "screens/scoring.py",
    "screens/score_summary.py",
    "okr_tui/numbers.py",
    "okr_tui/checkin_input.py",
    "okr_tui/timebox.py",
    "okr_tui/workshop/undo.py",
    "okr_tui/store.py",
    "okr_tui/store_errors.py",
    "okr_tui/store_queries.py",
    "okr_tui/record_rules.py",
    "okr_tui/file_read.py",
    "okr_tui/file_write.py",
    "okr_tui/storage.py",
    "okr_tui/lock_holder.py",
    "okr_tui/app.py",
    "okr_tui/app_language.py",
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "okr_tui" / "pg").glob("*.py"))),
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "screens" / "workshop").glob("*.py"))),
    "screens/alignment.py",
    "screens/changes.py",
    "screens/kr_history.py",
    "screens/manage_units.py",
    "screens/unit_page.py",
    "okr_tui/okr_changes.py",
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "okr_tui" / "alignment").glob("*.py"))),
)
"""The modules translated so far; each new one joins this list."""

BINDINGS_TRANSLATED = (
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "screens").glob("*.py"))),
    "okr_tui/app.py",
)
"""Every screen's keys outside the workshop are marked (the footer, help and palette read them)."""

SHOWING = {"Text", "Static", "Label", "notify", "print", "UserError"}
"""Calls whose string arguments people read."""

ALLOWED = {
    "",
    "okr-tui",  # the product's name
    "okr: ",  # the command's name before its one-line error
    "okr ssh: ",  # the server's name before each line it prints
    "okr serve: ",
    "VALUE: ",  # an argument's or option's name before the reader's own message
    "--period: ",
    "--unit: ",
    "--url ",  # an option's name before the address reader's own message
    "--public-url ",
    "–",
    " — ",
}
"""Literals shown as they are in every language: names and marks, no words."""

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[sdrf]")


def catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle, locale="zh")


def marked_messages() -> set[tuple[str | None, str]]:
    """(context, message) of every marked message: the same words in two contexts are two."""
    found: set[tuple[str | None, str]] = set()
    for package in ("okr_tui", "screens", "widgets"):
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / package, [("**.py", "python")], keywords=KEYWORDS
        ):
            found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_every_marked_message_has_a_chinese_translation() -> None:
    translated = {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog()
        if m.id
        and (m.string[0] if isinstance(m.string, tuple) else m.string)
        and "fuzzy" not in m.flags
    }
    missing = sorted(marked_messages() - translated)
    assert not missing, f"not in the Chinese catalog (run make catalogs, translate): {missing}"


def test_each_translation_keeps_the_placeholders_of_its_message() -> None:
    wrong = []
    for message in catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if sorted(PLACEHOLDER.findall(string)) != expected:
                wrong.append((ids[0], string))
    assert not wrong


def test_the_compiled_catalog_is_compiled_from_the_po() -> None:
    out = io.BytesIO()
    write_mo(out, catalog())
    assert MO.read_bytes() == out.getvalue(), "the .mo is out of date: run make catalogs"


def _shown_literals(tree: ast.AST, *, bindings_only: bool) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "Binding":
            args = node.args[2:3] + [
                k.value for k in node.keywords if k.arg in ("description", "tooltip")
            ]
        elif name in SHOWING and not bindings_only:
            args = [*node.args, *(k.value for k in node.keywords if k.arg in ("message", "title"))]
        else:
            continue
        for arg in args:
            for part in _literal_parts(arg):
                if part not in ALLOWED and re.search("[A-Za-z]{2}", part):
                    found.append((node.lineno, part))
    return found


def _literal_parts(node: ast.expr) -> list[str]:
    """The text of a literal or f-string argument, unless it is a call such as _(...)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp):
        return _literal_parts(node.left) + _literal_parts(node.right)
    return []


@pytest.mark.parametrize("path", sorted(set(TRANSLATED) | set(BINDINGS_TRANSLATED)))
def test_every_string_shown_to_users_is_marked_for_translation(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text(), path)
    found = _shown_literals(tree, bindings_only=path not in TRANSLATED)
    assert not found, f"{path}: shown but not marked with _() or N_(): {found}"
