"""Widgets that redraw only when what they show really changes.

A room's screens hear of every change anyone makes (a step, a vote, the timer, a
heartbeat) and re-read what they show. Most of it is as it was; giving Textual
the same text again still costs a layout of the whole screen and a redraw, and
eight participants on one machine pay it eight times. These helpers compare first;
`SettledSize` spares widgets that never scroll Textual's second layout after a resize.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.geometry import Size
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


def same_content(shown: object, new: object) -> bool:
    """Whether `new` would draw exactly as `shown` does (text, styles and layout options)."""
    if shown is new:
        # The same object may have been changed in place since: it cannot be compared.
        return False
    if isinstance(shown, Text) and isinstance(new, Text):
        return _text_key(shown) == _text_key(new)
    if isinstance(shown, str) and isinstance(new, str):
        return shown == new
    return False


def _text_key(text: Text) -> tuple[object, ...]:
    # Rich's own Text equality ignores the base style and the justification.
    return (
        text.plain,
        text.spans,
        str(text.style),
        text.justify,
        text.overflow,
        text.no_wrap,
        text.end,
        text.tab_size,
    )


class SettledSize(Widget):
    """A mixin for widgets that never scroll: a new size does not ask for a second layout.

    Name it after the widget's own class (`class X(Static, SettledSize)`): Textual's CSS
    reads a widget's type names along its first base only.

    When a layout gives a widget a new size, Textual sets its virtual (scrollable) size,
    which lays the whole screen out once more, for the scrollbars' sake. A widget that
    cannot scroll was placed right by the first layout; the second only costs CPU, on
    every participant's screen at every step.
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        scrolls = self.styles.overflow_x != "hidden" or self.styles.overflow_y != "hidden"
        return super()._size_updated(size, virtual_size, container_size, layout=layout and scrolls)


class QuietStatic(Static, SettledSize):
    """A Static whose `update` does nothing when given what it already shows."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if same_content(self.content, content):
            return
        super().update(content, layout=layout)


def same_options(listing: OptionList, options: Sequence[Option]) -> bool:
    """Whether the list already holds these options (ids, prompts, enabled), in this order."""
    shown = listing.options
    return len(shown) == len(options) and all(
        old.id == new.id and old.disabled == new.disabled and same_content(old.prompt, new.prompt)
        for old, new in zip(shown, options, strict=True)
    )


def show_options(listing: OptionList, options: Sequence[Option]) -> bool:
    """Put these options in the list unless it holds them already; True when it changed.

    Left as they are, the list keeps its highlight and scroll and is not redrawn.
    """
    if same_options(listing, options):
        return False
    listing.clear_options()
    listing.add_options(options)
    return True


def set_border_title(widget: Widget, title: str) -> None:
    """Set a border's title unless it reads so already (each setting redraws the widget)."""
    if widget.border_title != title:
        widget.border_title = title


def set_border_subtitle(widget: Widget, subtitle: str) -> None:
    """Set a border's subtitle unless it reads so already."""
    if (widget.border_subtitle or "") != subtitle:
        widget.border_subtitle = subtitle
