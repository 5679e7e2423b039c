"""A reading far outside its key result's range is caught before it is saved."""

from __future__ import annotations

import pytest

from okr_tui.models import KeyResult
from okr_tui.rules import far_outside


def kr(**fields: object) -> KeyResult:
    return KeyResult(objective_id="ob-1", title="Renewal", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "inside", "outside"),
    [
        # 0 → 70%: 10x the distance is 700 either side of the range.
        ({"target": 70, "measure": "%"}, [0, 70, 770, -700, 99], [771, -701, 99999]),
        # A "down" KR, 30 → 21 days: distance 9, so 111 above and -90 below.
        ({"baseline": 30, "target": 21, "direction": "down"}, [21, 30, 120, -69], [121, -91]),
        # "Keep it at 95": measured by the size of 95.
        ({"baseline": 95, "target": 95}, [0, 95, 1045], [1046, -856]),
        # Keep it at zero (no incidents): measured by one.
        ({"baseline": 0, "target": 0}, [0, 10, -10], [11, -11]),
        # A milestone is 0 or 1.
        ({"milestone": True}, [0, 1, 11], [12, -11]),
    ],
)
def test_far_is_ten_times_the_distance_beyond_the_range(
    fields: dict[str, object], inside: list[float], outside: list[float]
) -> None:
    key_result = kr(**fields)
    assert [v for v in inside if far_outside(key_result, v) is not None] == []
    assert [v for v in outside if far_outside(key_result, v) is None] == []


def test_a_key_result_without_a_target_has_no_range() -> None:
    assert far_outside(kr(), 1e15) is None


def test_what_the_app_asks_and_the_cli_says() -> None:
    far = far_outside(kr(target=25, measure="%"), 99999)
    assert far is not None
    assert far.question == "That is 4,000x the target (0% → 25%): save 99,999% anyway?"
    assert far.range_text == "0% → 25%"
    below = far_outside(kr(baseline=40, target=70, measure="%"), -500)
    assert below is not None and below.how_far == "far below the range"
    above_a_zero_target = far_outside(kr(baseline=50, target=0, direction="down"), 5000)
    assert above_a_zero_target is not None
    assert (
        above_a_zero_target.question == "That is far above the range (50 → 0): save 5,000 anyway?"
    )
