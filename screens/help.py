"""The help screen: the keys of the app and of the screen beneath, read from their bindings.

Nothing here is copied by hand: a key added to any screen shows up here too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import ScrollableContainer, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from okr_tui.app import screen_name
from okr_tui.i18n import N_, _
from okr_tui.navigation import title_of
from okr_tui.rules import STALE_AFTER, band_legend
from widgets.badges import HEALTH_MARK, health_label

KEY_WIDTH = 14


def key_sections(screen: Screen[object]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(key, description)]) for the screen, its focused widget and the app."""
    app = screen.app
    bindings = screen.active_bindings
    groups: dict[str, list[tuple[str, str]]] = {}
    order: list[str] = []
    seen: set[tuple[str, str]] = set()
    for active in bindings.values():
        heading = _heading(active, screen)
        binding = active.binding
        description = _(binding.tooltip or binding.description)
        # super+ keys repeat ctrl+ ones for another keyboard; one entry is enough.
        if not description or binding.key.startswith("super+"):
            continue
        # The key itself, not a footer shorthand such as "[ ]" for a pair of keys.
        key = app.get_key_display(replace(binding, key_display=None))
        if (key, description) in seen:
            continue
        seen.add((key, description))
        if heading not in groups:
            groups[heading] = []
            order.append(heading)
        groups[heading].append((key, description))
    # The screen's own keys first, then the app's, then the focused widget's (cursor keys).
    rank = {_("This screen"): 0, _("Everywhere"): 1}
    ranked = sorted(order, key=lambda h: rank.get(h, 2))
    return [(heading, groups[heading]) for heading in ranked]


def _heading(active: ActiveBinding, screen: Screen[object]) -> str:
    if isinstance(active.node, App):
        return _("Everywhere")
    if active.node is screen:
        return _("This screen")
    if isinstance(active.node, ScrollableContainer):
        return _("Scrolling")
    # "DataTable" -> "data table": a name a person reads, not a class name.
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(active.node).__name__).lower()
    return _("In the {widget}").format(widget=_(words))


def render_keys(sections: list[tuple[str, list[tuple[str, str]]]]) -> Text:
    text = Text()
    for index, (heading, rows) in enumerate(sections):
        if index:
            text.append("\n")
        text.append(heading + "\n", style="bold underline")
        for key, description in rows:
            text.append(f"  {key:<{KEY_WIDTH}}", style="bold")
            text.append(description + "\n")
    return text


def legend() -> Text:
    text = Text(_("Health of a key result") + "\n", style="bold underline")
    for health in HEALTH_MARK:
        text.append("  " + health_label(health) + "\n")
    lines = [
        _("Stale: no check-in for more than {days} days (never shown green).").format(
            days=STALE_AFTER.days
        ),
        _("Progress: (now - baseline) / (target - baseline), 0-100%."),
        _("Bands: {legend}.").format(legend=band_legend()),
    ]
    text.append("".join(f"  {line}\n" for line in lines))
    return text


class HelpScreen(ModalScreen[None]):
    """A list of every key that works here, and what the colours mean."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    HelpScreen #help-title {
        text-style: bold;
        margin-bottom: 1;
    }
    HelpScreen VerticalScroll {
        height: auto;
        max-height: 1fr;
    }
    HelpScreen #help-close {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", N_("Close"), key_display="esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._beneath: Screen[object] | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("okr-tui keys")), id="help-title")
            with VerticalScroll():
                yield Static(id="help-keys")
                yield Static(legend(), id="help-legend")
            yield Static(
                Text(_("Press esc to close. Ctrl+P finds any screen, unit or period.")),
                id="help-close",
            )

    def on_mount(self) -> None:
        stack = self.app.screen_stack
        beneath = stack[-2] if len(stack) > 1 and stack[-1] is self else self.app.screen
        self._beneath = beneath
        name = title_of(screen_name(beneath)) or _("this screen")
        self.query_one("#help-title", Static).update(
            Text(_("Keys: {screen}").format(screen=name), style="bold")
        )
        self.query_one("#help-keys", Static).update(render_keys(key_sections(beneath)))
