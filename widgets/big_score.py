"""BigScore: an objective's score in large digits, coloured by its band, readable on a projector."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from okr_tui.rules import band, format_score

BAND_CLASSES = ("band-red", "band-yellow", "band-green", "band-none")


class BigScore(Widget):
    """Large digits for a score in 0..1 with its colour band and a one-line caption."""

    DEFAULT_CSS = """
    BigScore {
        width: 16;
        height: 4;
        align-horizontal: center;
    }
    BigScore Digits {
        width: auto;
    }
    BigScore #big-score-caption {
        width: 100%;
        text-align: center;
        color: $text-muted;
    }
    BigScore.band-red Digits { color: $error; }
    BigScore.band-yellow Digits { color: $warning; }
    BigScore.band-green Digits { color: $success; }
    BigScore.band-none Digits { color: $text-muted; }
    """

    score: reactive[float | None] = reactive(None)
    caption: reactive[str] = reactive("")

    def compose(self) -> ComposeResult:
        yield Digits(format_score(self.score), id="big-score-digits")
        yield Static(self.caption, id="big-score-caption", markup=False)

    def on_mount(self) -> None:
        self._show()

    def watch_score(self) -> None:
        self._show()

    def watch_caption(self) -> None:
        if self.is_mounted:
            self.query_one("#big-score-caption", Static).update(self.caption)

    def _show(self) -> None:
        if not self.is_mounted:
            return
        self.query_one(Digits).update(format_score(self.score))
        name = "band-none" if self.score is None else f"band-{band(self.score).value}"
        self.remove_class(*BAND_CLASSES)
        self.add_class(name)
