"""The number reader: numbers as people write them."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from okr_tui.json_import import import_json
from okr_tui.numbers import NumberError, format_number, read_number


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("70%", 70, "%"),
        ("80 %", 80, "%"),
        ("250,000", 250_000, ""),
        ("1.5k", 1_500, ""),
        ("¥250,000", 250_000, "¥"),
        ("$1.2M", 1_200_000, "$"),
        ("8/10", 8, "/10"),
        ("-3", -3, ""),
        ("−2", -2, ""),
        ("1,234.5", 1234.5, ""),
        ("1.234,5", 1234.5, ""),
        ("0,5", 0.5, ""),
        ("10 000 users", 10_000, "users"),
        ("25万", 250_000, ""),
    ],
)
def test_reads_numbers_as_people_write_them(text: str, value: float, measure: str) -> None:
    assert read_number(text).value == pytest.approx(value)
    assert read_number(text).measure == measure


@pytest.mark.parametrize("text", ["", "   ", "abc", "3 4", "1e5", "8/ten", "12 and 13"])
def test_unreadable_text_gets_a_message(text: str) -> None:
    with pytest.raises(NumberError) as info:
        read_number(text)
    assert str(info.value)


@pytest.mark.parametrize(
    ("value", "measure", "shown"),
    [
        (70, "%", "70%"),
        (250000, "¥", "¥250,000"),
        (8, "/10", "8/10"),
        (1.5, "users", "1.5 users"),
        (None, "", "–"),
    ],
)
def test_format_number(value: float | None, measure: str, shown: str) -> None:
    assert format_number(value, measure) == shown


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("1.000.000", 1_000_000, ""),
        ("1.234.567,89", 1_234_567.89, ""),
        ("1,000,000", 1_000_000, ""),
        ("₹1,00,000", 100_000, "₹"),
        ("12,34,567", 1_234_567, ""),
        ("62,5", 62.5, ""),
        ("0,500", 0.5, ""),
        ("¥-5", -5, "¥"),
        ("-0", 0, ""),
        ("１２３％", 123, "%"),
        ("999999999999999", 999_999_999_999_999, ""),
        ("2.5亿", 250_000_000, ""),
    ],
)
def test_still_reads_every_clear_number(text: str, value: float, measure: str) -> None:
    reading = read_number(text)
    assert (reading.value, reading.measure) == (pytest.approx(value), measure)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.5.5", "'1.5.5' is not one number"),
        ("1.5.5.5", "'1.5.5.5' is not one number"),
        ("12.34.56", "'12.34.56' is not one number"),
        ("1.2.3k", "'1.2.3k' is not one number"),
        ("12,34,5", "'12,34,5' is not one number"),
        ("1,2,3", "'1,2,3' is not one number"),
        ("1,234,56", "'1,234,56' is not one number"),
        ("1.2,5", "'1.2,5' is not one number"),
        ("--5", "'--5' is not one number"),
        ("+-5", "'+-5' is not one number"),
        ("-$-5", "'-$-5' is not one number"),
        ("5/0", "'5/0': after '/' comes a number above 0"),
        ("5/10/2", "after '/' comes a number above 0"),
        ("1e400", "'1e400' is not one number"),
        ("inf", "'inf' is not a number"),
        ("-inf", "'-inf' is not a number"),
        ("nan", "'nan' is not a number"),
        ("Infinity", "'Infinity' is not a number"),
        ("١٢٣", "type the number with the digits 0-9"),
        ("1٢3", "type the number with the digits 0-9"),
        ("²", "type the number with the digits 0-9"),
        ("9999999999999999", "more than 15 digits"),
        ("99999999999999999999%", "more than 15 digits"),
        pytest.param("9" * 400, "too long to be one number", id="400 digits"),
    ],
)
def test_refuses_what_is_not_one_clear_number(text: str, message: str) -> None:
    with pytest.raises(NumberError) as info:
        read_number(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value) and len(str(info.value)) < 120


def test_models_never_hold_nan_or_infinity() -> None:
    from pydantic import ValidationError

    from okr_tui.models import CheckIn, KeyResult

    for bad in (math.inf, -math.inf, math.nan, "Infinity", "NaN"):
        with pytest.raises(ValidationError):
            CheckIn(kr_id="kr-1", value=bad)
        with pytest.raises(ValidationError):
            KeyResult(objective_id="ob-1", title="Renewal", target=bad)
        with pytest.raises(ValidationError):
            KeyResult(objective_id="ob-1", title="Renewal", baseline=bad)
    assert KeyResult(objective_id="ob-1", title="Renewal").target is None  # still optional


def test_the_store_refuses_non_finite_numbers_whichever_way_in(tmp_path: Path) -> None:
    from okr_tui.models import KeyResult, Objective, Unit
    from okr_tui.store import Store, WorkspaceError

    store = Store(tmp_path / "w.json", "ann")
    unit = store.add(Unit(name="Team", kind="business"))
    objective = store.add(Objective(unit_id=unit.id, period_id="2026-Q4", title="Grow"))
    kr = store.add(KeyResult(objective_id=objective.id, title="Renewal", target=70))
    with pytest.raises(WorkspaceError, match="finite"):
        store.check_in(kr.id, math.inf)
    with pytest.raises(WorkspaceError, match="finite"):
        store.update(KeyResult, kr.id, target=math.nan)
    with pytest.raises(WorkspaceError, match="finite"):
        import_json(
            store,
            {"schema_version": 1, "checkins": [{"id": "ci-x", "kr_id": kr.id, "value": "inf"}]},
        )
    assert store.checkins(kr.id) == [] and store.get(KeyResult, kr.id).target == 70
