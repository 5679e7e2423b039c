"""ProgressGauge: a progress bar with its percentage, coloured by score band.

The number is always printed, so the colour is never the only meaning.
`gauge_text` draws the same bar as plain rich Text for table cells.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from okr_tui.rules import band, clip, format_percent

FULL = "█"
EMPTY = "░"
PERCENT_WIDTH = 5
"""Room for " 100%" after the bar."""


def percent_label(value: float | None) -> str:
    """'45%' for 0.45, a dash when there is no reading yet."""
    if value is None:
        return "  —"
    return format_percent(clip(value)).rjust(4)


def band_class(value: float | None) -> str:
    """The CSS class for a value's band: -red, -yellow, -green, or -none without data."""
    return "-none" if value is None else f"-{band(clip(value)).value}"


def gauge_text(
    value: float | None,
    width: int = 14,
    *,
    bar_style: Style | str = "",
    empty_style: Style | str = "dim",
) -> Text:
    """A bar of `width` cells including its percentage, e.g. '█████░░░░  50%'."""
    bar_width = max(1, width - PERCENT_WIDTH)
    clipped = None if value is None else clip(value)
    filled = 0 if clipped is None else round(clipped * bar_width)
    text = Text(no_wrap=True, overflow="crop")
    text.append(FULL * filled, style=bar_style)
    text.append(EMPTY * (bar_width - filled), style=empty_style)
    text.append(" " + percent_label(value).rjust(PERCENT_WIDTH - 1))
    return text


class ProgressGauge(Widget):
    """A one-line progress bar with its percentage; value is 0..1 or None (no reading)."""

    DEFAULT_CSS = """
    ProgressGauge {
        width: 1fr;
        min-width: 8;
        height: 1;
        color: $text-muted;
    }
    ProgressGauge.-red { color: $text-error; }
    ProgressGauge.-yellow { color: $text-warning; }
    ProgressGauge.-green { color: $text-success; }
    ProgressGauge.-none { color: $text-muted; }
    ProgressGauge > .progress-gauge--empty {
        color: $foreground 25%;
    }
    """

    COMPONENT_CLASSES = {"progress-gauge--empty"}

    value: reactive[float | None] = reactive(None)
    """Progress 0..1 (values outside are clipped for the bar), or None for no reading."""

    def __init__(
        self,
        value: float | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(ProgressGauge.value, value)
        self.add_class(band_class(value))

    def watch_value(self, value: float | None) -> None:
        self.remove_class("-red", "-yellow", "-green", "-none")
        self.add_class(band_class(value))

    def render(self) -> Text:
        empty = self.get_component_rich_style("progress-gauge--empty", partial=True)
        return gauge_text(self.value, self.content_size.width or 14, empty_style=empty)
