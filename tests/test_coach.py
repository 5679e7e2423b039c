"""Coach hints: each rule, table-driven, and the workspace-wide sweep behind `okr check`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from okr_tui import coach
from okr_tui.coach import (
    RULES,
    Hint,
    has_errors,
    key_result_hints,
    objective_hints,
    title_hints,
    unit_period_hints,
    workspace_hints,
)
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store


def rules(hints: list[Hint]) -> set[str]:
    return {h.rule for h in hints}


def kr(title: str, **fields: object) -> KeyResult:
    return KeyResult(id="kr-1", objective_id="ob-1", title=title, **fields)  # type: ignore[arg-type]


def objective(title: str = "Prove the value of our tea", **fields: object) -> Objective:
    values: dict[str, object] = {"id": "ob-1", "unit_id": "un-1", "period_id": "2026-Q4"}
    values.update(fields)
    return Objective(title=title, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "fields", "expected"),
    [
        # The field report's pair.
        ("make gmail a success", {}, {"kr-not-measurable"}),
        ("launch gmail in September, have 10,000 users in October", {}, set()),
        # A numeric target, a due date, a number word or a date word each make it measurable.
        ("Renewal rate of customers", {"target": 70.0, "measure": "%"}, set()),
        ("Launch the new order system", {"due": date(2026, 12, 15)}, set()),
        ("Sign ten new restaurants", {}, set()),
        ("Ship the app by the end of the quarter", {}, set()),
        ("Double the repeat orders", {}, set()),
        ("上线新系统", {}, {"kr-not-measurable"}),
        ("十月上线新系统", {}, set()),
        # A milestone is done or not; it still needs a date.
        ("Launch the new order system", {"milestone": True}, {"kr-milestone-without-date"}),
        ("Launch the new order system in March", {"milestone": True}, set()),
        ("Launch the system", {"milestone": True, "due": date(2026, 12, 1)}, set()),
        # Activity words mark a process indicator.
        ("Help the sales team sign 10 restaurants", {}, {"kr-activity"}),
        ("Hold meetings with 20 suppliers", {}, {"kr-activity"}),
        ("Analyse churn of 50 customers", {}, {"kr-activity"}),
        ("Analyze churn of 50 customers", {}, {"kr-activity"}),
        ("Consult 12 experts", {}, {"kr-activity"}),
        ("Participate in 3 trade fairs", {}, {"kr-activity"}),
        ("Research 5 competitors", {}, {"kr-activity"}),
        ("We will support 4 business teams", {}, {"kr-activity"}),
        ("协助三个业务团队", {}, {"kr-activity"}),
        ("Helped 30 users", {"indicator": "process"}, {"kr-process-indicator"}),
        # ... but a noun is not an activity.
        ("Phone support calls down 50%", {}, set()),
        # Business as usual.
        ("Maintain uptime at 99.9%", {}, {"kr-business-as-usual"}),
        ("Keep churn under 5%", {}, {"kr-business-as-usual"}),
        ("We continue 3 weekly tastings", {}, {"kr-business-as-usual"}),
        ("保持满意度8分", {}, {"kr-business-as-usual"}),
        # A target on the wrong side of the baseline.
        ("Phone calls", {"baseline": 100, "target": 50, "direction": "down"}, set()),
        ("Phone calls", {"baseline": 100, "target": 50}, {"kr-target-wrong-way"}),
        ("Orders", {"baseline": 10, "target": 50, "direction": "down"}, {"kr-target-wrong-way"}),
    ],
)
def test_key_result_rules(title: str, fields: dict[str, object], expected: set[str]) -> None:
    hints = key_result_hints(kr(title, **fields))
    assert rules(hints) == expected
    assert all(h.record_id == "kr-1" for h in hints)
    assert all(h.severity == RULES[h.rule] for h in hints)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Prove the value of our high-quality tea to restaurant suppliers", set()),
        ("Optimise the supplier online order management system", set()),
        ("Run 1000 km", {"objective-has-number"}),
        ("Improve project efficiency by 30%", {"objective-has-number"}),
        ("Publish the 2nd edition in 2027", set()),
        ("Maintain our service quality", {"objective-business-as-usual"}),
        ("Keep customers happy", {"objective-business-as-usual"}),
        ("继续提升复购率", {"objective-business-as-usual"}),
    ],
)
def test_objective_title_rules(title: str, expected: set[str]) -> None:
    krs = [kr("a 1"), kr("b 2")]
    assert rules(objective_hints(objective(title), krs)) == expected
    assert rules(title_hints(title, kind="objective")) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, {"objective-too-few-krs"}),
        (1, {"objective-too-few-krs"}),
        (2, set()),
        (5, set()),
        (6, {"objective-too-many-krs"}),
    ],
)
def test_key_results_per_objective(count: int, expected: set[str]) -> None:
    krs = [kr(f"KR reaches {n}") for n in range(count)]
    assert rules(objective_hints(objective(), krs)) == expected


def test_dropped_key_results_do_not_count() -> None:
    krs = [kr("a 1"), kr("b 2", status="dropped")]
    assert rules(objective_hints(objective(), krs)) == {"objective-too-few-krs"}


@pytest.mark.parametrize(
    ("kind", "track", "supports", "expected"),
    [
        ("support", "business", [], {"support-supports-nothing"}),
        ("support", "business", ["ob-9"], set()),
        ("support", "team-building", [], set()),
        ("business", "business", [], set()),
    ],
)
def test_support_team_objective_supports_something(
    kind: str, track: str, supports: list[str], expected: set[str]
) -> None:
    unit = Unit(id="un-1", name="UED", kind=kind)  # type: ignore[arg-type]
    ob = objective(track=track, supports=supports)
    assert rules(objective_hints(ob, [kr("a 1"), kr("b 2")], unit)) == expected


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, set()),
        (1, {"unit-too-few-objectives"}),
        (2, {"unit-too-few-objectives"}),
        (3, set()),
        (5, set()),
        (6, {"unit-too-many-objectives"}),
        (11, {"unit-too-many-objectives"}),
    ],
)
def test_objectives_per_unit_and_period(count: int, expected: set[str]) -> None:
    unit = Unit(id="un-1", name="TeeBee", kind="company")
    objectives = [objective(f"Objective {chr(65 + n)}", id=f"ob-{n}") for n in range(count)]
    hints = unit_period_hints(objectives, unit)
    assert rules(hints) == expected
    assert all(h.record_id == "un-1" for h in hints)
    if count == 11:
        assert "11 objectives for 2026-Q4" in hints[0].message


def test_dropped_objectives_do_not_count() -> None:
    objectives = [objective(id=f"ob-{n}", status="dropped") for n in range(3)]
    objectives.append(objective(id="ob-x"))
    assert rules(unit_period_hints(objectives)) == {"unit-too-few-objectives"}


def test_title_hints_while_typing() -> None:
    assert title_hints("", kind="key_result") == []
    assert rules(title_hints("Help the sales team", kind="key_result")) == {"kr-activity"}
    # Measurability needs the whole KR (target, due date), so typing alone does not judge it.
    assert title_hints("make gmail a success", kind="key_result") == []
    message = title_hints("Help the sales team", kind="key_result")[0].message
    assert '"help"' in message and "result it serves" in message


def test_severities_make_only_real_problems_errors() -> None:
    assert {r for r, s in RULES.items() if s == "error"} == {"kr-not-measurable"}
    assert has_errors(key_result_hints(kr("make gmail a success")))
    assert not has_errors(key_result_hints(kr("Maintain uptime at 99.9%")))


def test_every_hint_is_one_sentence() -> None:
    hints = (
        key_result_hints(kr("make gmail a success"))
        + key_result_hints(kr("Help them", milestone=True))
        + objective_hints(objective("Keep 3 things"), [])
        + unit_period_hints([objective(id=f"o{n}") for n in range(7)])
    )
    assert len(rules(hints)) >= 5
    for hint in hints:
        assert hint.message.endswith(".")
        assert hint.message.count(". ") == 0, hint.message


def test_word_lists_are_data_per_language() -> None:
    from okr_tui.coach_words import WORDS

    assert {"en", "zh"} <= set(WORDS)
    for words in WORDS.values():
        assert set(words) == {
            "activity",
            "business_as_usual",
            "dates",
            "numbers",
            "clause_openers",
        }
    assert "maintain" in WORDS["en"]["business_as_usual"]
    assert coach.activity_word("Assist the team") == "assist"


def test_workspace_hints_cover_units_objectives_and_krs_but_not_others_private(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "w.json", "ann")
    unit = store.add(Unit(name="Support", kind="support"))
    store.ensure_period("2026-Q4")
    store.ensure_period("2026-Q3")
    mine = store.add(
        Objective(unit_id=unit.id, period_id="2026-Q4", title="Serve the teams", owner="ann")
    )
    store.add(KeyResult(objective_id=mine.id, title="make gmail a success"))
    secret = store.add(
        Objective(
            unit_id=unit.id,
            period_id="2026-Q4",
            title="Secret plan",
            owner="bob",
            visibility="private",
        )
    )
    store.add(KeyResult(objective_id=secret.id, title="be loved"))
    store.add(Objective(unit_id=unit.id, period_id="2026-Q3", title="Old one", owner="ann"))

    hints = workspace_hints(store)
    by_record: dict[str, set[str]] = {}
    for hint in hints:
        by_record.setdefault(hint.record_id, set()).add(hint.rule)
    assert "kr-not-measurable" in set().union(*by_record.values())
    assert secret.id not in by_record
    assert not any("Secret" in h.message for h in hints)
    # Both periods are checked without --period; the count includes the private one.
    unit_hints = [h for h in hints if h.record_id == unit.id]
    assert [h.message.split(": ")[0] for h in unit_hints] == [
        "Support has 1 objective for 2026-Q3",
        "Support has 2 objectives for 2026-Q4",
    ]
    assert has_errors(hints)

    only_q3 = workspace_hints(store, "2026-Q3")
    assert {h.record_id for h in only_q3} <= {unit.id, *[o.id for o in store.objectives()]}
    assert not has_errors(only_q3)

    # The owner gets hints on their private objective.
    bob = workspace_hints(store, "2026-Q4", viewer="bob")
    assert secret.id in {h.record_id for h in bob}
