"""How readings are written on screens and in reports (okr_tui.scoring.figures.format_value)."""

import pytest

from okr_tui.scoring.figures import format_value


@pytest.mark.parametrize(
    ("value", "measure", "shown"),
    [
        (61, "%", "61%"),
        (61.5, "%", "61.5%"),
        (2.001, "%", "2%"),
        (2.999, "", "3"),
        (-0.001, "", "0"),
        (250000, "¥", "¥250,000"),
        (8, "/10", "8/10"),
        (60.25, "calls", "60.25 calls"),
        (None, "%", "–"),
    ],
)
def test_a_reading_is_written_without_a_bare_point(
    value: float | None, measure: str, shown: str
) -> None:
    assert format_value(value, measure) == shown
