"""The README's key tables tell the truth: every key a screen shows in its footer is there.

Keys are declared once, in each screen's BINDINGS (the footer and the help
screen read them); this test holds the README to the same declarations.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from textual.binding import Binding

from okr_tui.navigation import SCREENS

README = Path(__file__).resolve().parent.parent / "README.md"

SECTION_OF = {
    "home": "Home",
    "workshop": "The guided workshop (`w`)",
    "checkin": "Weekly check-in (`c`) and review (`r`)",
    "review": "Weekly check-in (`c`) and review (`r`)",
    "history": "Weekly check-in (`c`) and review (`r`)",
    "scoring": "Quarter end: scoring (`s`)",
    "alignment": "Alignment and pages (`a`)",
}
"""Which README section documents each screen's keys."""

STEP_VIEWS = [
    ("screens.workshop.objectives", "ObjectivesStep"),
    ("screens.workshop.key_results", "KeyResultsStep"),
    ("screens.workshop.alignment", "AlignmentStep"),
    ("screens.workshop.review", "ReviewStep"),
]
"""The workshop's steps have keys of their own, documented in the workshop's section."""

KEY_WORDS = {
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "delete": "Del",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
    "plus": "+",
    "minus": "-",
    "slash": "/",
    "exclamation_mark": "!",
}


def sections() -> dict[str, str]:
    found: dict[str, str] = {}
    heading = ""
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            found[heading] = ""
        elif heading:
            found[heading] += line + "\n"
    return found


def mentioned(key: str, text: str) -> bool:
    """A one-character key must stand in backticks (`e`); a named one as written (Ctrl+G)."""
    word = KEY_WORDS.get(key, key)
    if len(word) == 1:
        pattern = r"`[^`\n]*(?<!\w)" + re.escape(word) + r"(?!\w)[^`\n]*`"
        return re.search(pattern, text) is not None
    return word.lower() in text.lower()


def shown_bindings(module: str, class_name: str) -> list[Binding]:
    cls = getattr(importlib.import_module(module), class_name)
    return [b for b in cls.BINDINGS if isinstance(b, Binding) and b.show and b.description]


CASES = [
    (spec.name, spec.module, spec.class_name) for spec in SCREENS if spec.name in SECTION_OF
] + [("workshop", module, name) for module, name in STEP_VIEWS]


@pytest.mark.parametrize(("screen", "module", "class_name"), CASES)
def test_every_footer_key_is_in_the_readme(screen: str, module: str, class_name: str) -> None:
    text = sections()[SECTION_OF[screen]]
    missing = [
        f"{b.key} ({b.description})"
        for b in shown_bindings(module, class_name)
        if not any(mentioned(key, text) for key in b.key.split(","))
    ]
    assert missing == [], f"README section {SECTION_OF[screen]!r} does not name {missing}"


def test_the_check_finds_a_key_that_is_missing() -> None:
    assert mentioned("e", "| `e` `g` | edit |")
    assert not mentioned("e", "edit the objective")
    assert mentioned("pagedown", "| PgDn / Ctrl+N |")
    assert not mentioned("f9", "| F6, F7, F8 |")
