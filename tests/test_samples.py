"""The sample workspaces: built deterministically, true to the field report, kept in step."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from okr_tui import coach, samples
from okr_tui.models import (
    Charter,
    CheckIn,
    Event,
    KeyResult,
    Objective,
    Person,
    Reflection,
    Score,
    Task,
    Unit,
)
from okr_tui.rules import Health, health
from okr_tui.store import Store

TODAY = date(2026, 11, 26)
BUILT = ("teebee",)


def built(tmp_path: Path, name: str, today: date = TODAY) -> Store:
    path = samples.build(name, tmp_path / f"{name}.json", today)
    return Store(path, samples.SAMPLE_USERS[name], create=False)


@pytest.mark.parametrize("name", BUILT)
def test_same_day_gives_identical_bytes(tmp_path: Path, name: str) -> None:
    first = samples.build(name, tmp_path / "a" / "w.json", TODAY).read_bytes()
    second = samples.build(name, tmp_path / "b" / "w.json", TODAY).read_bytes()
    assert first == second
    other = samples.build(name, tmp_path / "c" / "w.json", TODAY + timedelta(days=7))
    assert other.read_bytes() != first


@pytest.mark.parametrize("name", BUILT)
def test_bundled_files_equal_a_fresh_build(tmp_path: Path, name: str) -> None:
    bundled = samples.bundled_path(name)
    assert bundled.exists(), "run: python -m okr_tui.samples"
    fresh = samples.build(name, tmp_path / f"{name}.json", samples.ANCHOR)
    assert bundled.read_bytes() == fresh.read_bytes(), "run: python -m okr_tui.samples"


@pytest.mark.parametrize("name", BUILT)
def test_samples_open_without_errors_and_leave_nothing_beside_them(
    tmp_path: Path, name: str
) -> None:
    path = samples.build(name, tmp_path / f"{name}.json", TODAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.json"]
    store = Store(path, samples.SAMPLE_USERS[name], create=False)
    assert store.objectives()
    assert not coach.has_errors(coach.workspace_hints(store))


def test_bundled_path_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="no sample called 'nope'"):
        samples.bundled_path("nope")


def test_teebee_is_the_field_reports_story(tmp_path: Path) -> None:
    store = built(tmp_path, "teebee")
    assert store.meta.org == "TeeBee"
    logins = {p.login for p in store.all(Person)}
    assert {"hanna", "jack"} <= logins and 4 <= len(logins) <= 5
    (company,) = store.units()
    assert company.kind == "company"
    (charter,) = store.all(Charter)
    assert charter.mission == "Let tea lovers mix tea well."
    assert "high-end restaurants" in charter.vision
    assert "bulk tea" in charter.strategy

    current = store.objectives(period_id="2026-Q4")
    assert [o.title for o in current] == [
        "Prove the value of our high-quality tea to restaurant suppliers",
        "Optimise the supplier online order management system",
    ]
    assert all(o.status == "committed" for o in current)
    krs = {k.title: k for o in current for k in store.key_results(o.id)}
    assert len(krs) == 6
    assert krs["Customer renewal rate reaches 70%"].target == 70
    assert krs["Transactions reach ¥250,000"].target == 250000
    assert krs["System satisfaction reaches 8 out of 10"].measure == "/10"
    phone = krs["Phone support calls down 50%"]
    assert phone.direction == "down" and phone.target == phone.baseline / 2

    authors = set()
    for kr in krs.values():
        checkins = store.checkins(kr.id)
        authors |= {c.author for c in checkins}
        assert all(c.at.date() < TODAY for c in checkins)
        assert all(c.confidence is not None for c in checkins)
        assert 2 <= len(store.by(Task, "kr_id", kr.id)) <= 3
    assert len(authors) >= 4
    weeks = {
        c.at.isocalendar()[:2]
        for c in store.all(CheckIn)
        if c.kr_id in {k.id for k in krs.values()}
    }
    assert len(weeks) == 10
    statuses = {t.status for t in store.all(Task)}
    assert statuses == {"todo", "doing", "done"}

    q4 = next(p for p in store.periods() if p.id == "2026-Q4")
    healths = {
        title: health(kr, store.latest_checkin(kr.id), q4, TODAY) for title, kr in krs.items()
    }
    assert healths["System satisfaction reaches 8 out of 10"] == Health.STALE
    assert list(healths.values()).count(Health.STALE) == 1

    # A committed KR changed with a reason.
    reasons = [e for e in store.events(phone.id) if e.action == "update" and e.reason]
    assert reasons and reasons[0].before["baseline"] == 100.0


def test_teebee_earlier_quarter_is_scored(tmp_path: Path) -> None:
    store = built(tmp_path, "teebee")
    earlier = store.objectives(period_id="2026-Q3")
    assert len(earlier) == 2 and all(o.status == "closed" for o in earlier)
    krs = [k for o in earlier for k in store.key_results(o.id)]
    scores = {s.kr_id: s for s in store.all(Score)}
    assert {k.id for k in krs} == set(scores)
    assert all(s.agreed is not None and s.comment for s in scores.values())
    assert any(s.agreed != s.suggested for s in scores.values())
    (reflection,) = store.all(Reflection)
    assert reflection.period_id == "2026-Q3"
    assert reflection.went_well and reflection.went_badly and reflection.learned
    # Events tell the story the store would have recorded.
    assert {e.action for e in store.all(Event)} >= {"create", "update", "checkin"}
    assert all(isinstance(u, Unit) for u in store.units())
    assert all(isinstance(k, KeyResult) for k in krs)
    assert all(isinstance(o, Objective) for o in earlier)
