"""The Chinese catalog is complete, keeps every placeholder, and its .mo is compiled from its .po.

And every string shown to users is marked for translation: an AST scan of every module
(but the few on EXEMPT) finds literals passed without `_()`/`N_()` to the calls that show
text (Text, Static, Label, notify, print, a Binding's description...) and to every
exception class of okr-tui, whose messages reach toasts and the command line.
"""

from __future__ import annotations

import ast
import io
import re
from functools import cache
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

EXEMPT = {
    # The samples tell their own story in their own language (teebee, teebee-zh): text is data.
    *(f"okr_tui/{p.name}" for p in (ROOT / "okr_tui").glob("sample*.py")),
    "okr_tui/demo.py",  # moves a sample's dates to today
    # The records: their field rules speak to pydantic, and the store words its failures.
    "okr_tui/models.py",
    # Mechanics with no words for people: the start, the package marks, the file layout.
    "okr_tui/__init__.py",
    "okr_tui/__main__.py",
    "okr_tui/door/__init__.py",
    "screens/__init__.py",
    "widgets/__init__.py",
    "okr_tui/i18n.py",  # the language machinery itself
}
"""Modules whose literals are not scanned; every other module of the three packages is."""

SCANNED = sorted(
    str(p.relative_to(ROOT))
    for package in ("okr_tui", "screens", "widgets")
    for p in (ROOT / package).rglob("*.py")
    if str(p.relative_to(ROOT)) not in EXEMPT
)

SHOWING = {"Text", "Static", "Label", "Button", "notify", "print", "save_text", "UserError"}
"""Calls whose string arguments people read; and every exception of ours (`our_errors`)."""


@cache
def our_errors() -> frozenset[str]:
    """The exception classes defined in okr-tui: their messages reach toasts and the CLI's line.

    Python's own (ValueError, KeyError...) and other libraries' are not ours: a message
    people read is raised as one of ours.
    """
    bases: dict[str, list[str]] = {}
    for package in ("okr_tui", "screens", "widgets"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ClassDef):
                    bases[node.name] = [_name_of(b) for b in node.bases]

    def is_error(name: str) -> bool:
        if name in ("Exception", "ValueError", "OSError", "RuntimeError"):
            return True
        return any(is_error(b) for b in bases.get(name, ()) if b != name)

    return frozenset(name for name in bases if is_error(name))


def _name_of(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


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


def _shown_literals(tree: ast.AST, showing: set[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name_of(node.func)
        if name == "Binding":
            args = node.args[2:3] + [
                k.value for k in node.keywords if k.arg in ("description", "tooltip")
            ]
        elif name in showing:
            args = [*node.args, *(k.value for k in node.keywords if k.arg in ("message", "title"))]
        else:
            continue
        for arg in args:
            for part in _literal_parts(arg):
                if part not in ALLOWED and re.search("[A-Za-z]{2}", part):
                    found.append((node.lineno, part))
    return found


def _literal_parts(node: ast.expr) -> list[str]:
    """The text of a literal or f-string argument (also "...".format(), either branch of an
    if), unless it is a call such as _(...)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp):
        return _literal_parts(node.left) + _literal_parts(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_parts(node.body) + _literal_parts(node.orelse)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return _literal_parts(node.func.value)
    return []


def test_the_scan_reads_every_module_but_the_exempt() -> None:
    assert len(SCANNED) > 150
    assert all((ROOT / path).is_file() for path in EXEMPT)


def test_the_scan_reads_the_messages_of_our_own_errors() -> None:
    errors = our_errors()
    assert {"WorkspaceError", "NotFound", "WeekError", "TargetError", "UserError"} <= errors
    assert not errors & {"ValueError", "KeyError", "OSError"}
    raised = ast.parse(
        'raise WeekError("no such week")\n'
        'raise ValueError("mechanics")\n'
        'raise NotFound("no {what} here".format(what=x))\n'
        'raise NotFound(_("no {what} here").format(what=x))\n'
    )
    found = sorted(_shown_literals(raised, SHOWING | errors))
    assert found == [(1, "no such week"), (3, "no {what} here")]


@pytest.mark.parametrize("path", SCANNED)
def test_every_string_shown_to_users_is_marked_for_translation(path: str) -> None:
    tree = ast.parse((ROOT / path).read_text(), path)
    found = [(line, text) for line, text in _shown_literals(tree, SHOWING | our_errors())]
    assert not found, f"{path}: shown but not marked with _() or N_(): {found}"
