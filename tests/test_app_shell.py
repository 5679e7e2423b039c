"""The app shell: widgets, home screen, header, period switching, help, palette, live refresh."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from okr_tui.rules import Health
from widgets.badges import HealthBadge, ScoreBadge, health_label, score_label
from widgets.gauge import ProgressGauge, gauge_text, percent_label

# --- widgets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"),
    [(None, "  —"), (0.0, "  0%"), (0.345, " 34%"), (0.5, " 50%"), (1.0, "100%"), (1.7, "100%")],
)
def test_percent_label(value: float | None, label: str) -> None:
    assert percent_label(value) == label


def test_gauge_text_fills_in_proportion_and_prints_the_number() -> None:
    text = gauge_text(0.5, 15).plain
    assert len(text) == 15
    assert text.startswith("█████░░░░░")
    assert text.endswith(" 50%")
    assert gauge_text(None, 15).plain.startswith("░" * 10)
    assert gauge_text(-0.3, 15).plain.count("█") == 0


@pytest.mark.parametrize(
    ("health", "label"),
    [
        (Health.ON_TRACK, "● on track"),
        (Health.AT_RISK, "▲ at risk"),
        (Health.OFF_TRACK, "✖ off track"),
        (Health.STALE, "◌ stale"),
        (None, "○ no check-in"),
    ],
)
def test_health_label(health: Health | None, label: str) -> None:
    assert health_label(health) == label


def test_score_label() -> None:
    assert score_label(0.7) == "0.7"
    assert score_label(None).strip() == "—"


class WidgetsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ProgressGauge(0.35, id="gauge")
        yield HealthBadge(Health.STALE, id="health")
        yield ScoreBadge(0.4, id="score")


async def test_widgets_take_band_classes_and_follow_their_reactive_values() -> None:
    app = WidgetsApp()
    async with app.run_test(size=(40, 6)) as pilot:
        gauge = app.query_one(ProgressGauge)
        health = app.query_one(HealthBadge)
        score = app.query_one(ScoreBadge)
        assert gauge.has_class("-red") and "35%" in str(gauge.render())
        assert health.has_class("-none")
        assert score.has_class("-yellow")
        gauge.value = 0.7
        health.health = Health.ON_TRACK
        score.score = None
        await pilot.pause()
        assert gauge.has_class("-green") and not gauge.has_class("-red")
        assert "70%" in str(gauge.render())
        assert health.has_class("-green") and "on track" in str(health.render())
        assert score.has_class("-none") and "—" in str(score.render())
        gauge.value = None
        await pilot.pause()
        assert gauge.has_class("-none") and "—" in str(gauge.render())
