"""HealthBadge and ScoreBadge: small labels that carry their meaning in words and numbers.

Colour follows the band (red / yellow / green) and is grey when there is no
reading, but the text alone always says it: "at risk", "0.7".
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from okr_tui.rules import BAND_COLOUR, HEALTH_BAND, Health, format_score, score_band

HEALTH_MARK: dict[Health, str] = {
    Health.ON_TRACK: "●",
    Health.AT_RISK: "▲",
    Health.OFF_TRACK: "✖",
    Health.STALE: "◌",
    Health.NO_DATA: "○",
}
"""A shape per health, so the badge reads without colour too."""

_BAND_CLASSES = ("-red", "-yellow", "-green", "-none")


def health_label(health: Health | None) -> str:
    """'▲ at risk'; a missing health reads as no check-in."""
    value = health or Health.NO_DATA
    return f"{HEALTH_MARK[value]} {value.words}"


def health_class(health: Health | None) -> str:
    colour = HEALTH_BAND.get(health) if health is not None else None
    return "-none" if colour is None else f"-{colour.value}"


def score_label(score: float | None) -> str:
    """'0.7', or a dash when not scored."""
    return " — " if score is None else format_score(score)


def score_class(score: float | None) -> str:
    return "-none" if score is None else f"-{score_band(score).value}"


def score_text(value: float | None, *, bold: bool = True) -> Text:
    """A score as Rich text, coloured by the band of what it shows (dim when there is none)."""
    if value is None:
        return Text("–", style="dim")
    colour = BAND_COLOUR[score_band(value)]
    return Text(format_score(value), style=f"bold {colour}" if bold else colour)


class HealthBadge(Widget):
    """How a key result is doing: on track, at risk, off track, stale or no check-in."""

    DEFAULT_CSS = """
    HealthBadge {
        width: auto;
        height: 1;
        color: $text-muted;
    }
    HealthBadge.-red { color: $text-error; }
    HealthBadge.-yellow { color: $text-warning; }
    HealthBadge.-green { color: $text-success; }
    HealthBadge.-none { color: $text-muted; }
    """

    health: reactive[Health | None] = reactive(None, layout=True)

    def __init__(
        self,
        health: Health | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(HealthBadge.health, health)
        self.add_class(health_class(health))

    def watch_health(self, health: Health | None) -> None:
        self.remove_class(*_BAND_CLASSES)
        self.add_class(health_class(health))

    def render(self) -> Text:
        return Text(health_label(self.health), no_wrap=True)


class ScoreBadge(Widget):
    """A score 0.0-1.0 on its band's colour; a dash when not scored yet."""

    DEFAULT_CSS = """
    ScoreBadge {
        width: auto;
        min-width: 5;
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $panel;
        color: $text-muted;
    }
    ScoreBadge.-red { background: $error-muted; color: $text-error; }
    ScoreBadge.-yellow { background: $warning-muted; color: $text-warning; }
    ScoreBadge.-green { background: $success-muted; color: $text-success; }
    """

    score: reactive[float | None] = reactive(None, layout=True)

    def __init__(
        self,
        score: float | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(ScoreBadge.score, score)
        self.add_class(score_class(score))

    def watch_score(self, score: float | None) -> None:
        self.remove_class(*_BAND_CLASSES)
        self.add_class(score_class(score))

    def render(self) -> Text:
        return Text(score_label(self.score), no_wrap=True)
