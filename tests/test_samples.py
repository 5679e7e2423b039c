"""The sample workspaces: built deterministically, true to the field report, kept in step."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from okr_tui import coach, sample_spec, samples
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
    period_for,
)
from okr_tui.rules import Health, health
from okr_tui.sample_calendar import due_date
from okr_tui.store import Store

TODAY = date(2026, 11, 26)
BUILT = samples.SAMPLES


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


def test_tests_never_open_the_bundled_files() -> None:
    folder = samples.bundled_path("teebee").parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["README.md", *(f"{n}.json" for n in samples.SAMPLES)]
    )


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


# -- demo copies shifted to today ----------------------------------------------------------


def demo(tmp_path: Path, name: str, today: date) -> tuple[Store, Store]:
    """The demo copy made on `today`, and the bundled original to compare with."""
    from okr_tui.demo import make_demo

    path = make_demo(name, tmp_path / "demo" / f"{name}-{today}.json", today)
    copy = tmp_path / "original" / f"{name}.json"
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(samples.bundled_path(name), copy)  # the bundled file is never opened
    original = Store(copy, "", create=False)
    return Store(path, samples.SAMPLE_USERS[name], create=False), original


@pytest.mark.parametrize(
    ("today", "quarters"),
    [
        (date(2027, 2, 10), ["2026-Q4", "2027-Q1"]),
        (date(2026, 11, 26), ["2026-Q3", "2026-Q4"]),
        (date(2028, 8, 31), ["2028-Q2", "2028-Q3"]),
        (date(2026, 1, 1), ["2025-Q4", "2026-Q1"]),
        (date(2025, 5, 5), ["2025-Q1", "2025-Q2"]),
    ],
)
def test_demo_moves_the_current_quarter_to_today(
    tmp_path: Path, today: date, quarters: list[str]
) -> None:
    store, original = demo(tmp_path, "teebee", today)
    assert [p.id for p in store.periods()] == quarters
    current = store.period_at(today)
    assert current is not None and current.id == quarters[-1]
    assert (current.start, current.end) == (
        date(today.year, 3 * ((today.month - 1) // 3) + 1, 1),
        current.end,
    )
    # The same objectives under the moved periods, nothing lost.
    assert [o.title for o in store.objectives(period_id=quarters[-1])] == [
        o.title for o in original.objectives(period_id="2026-Q4")
    ]
    assert len(store.all(CheckIn)) == len(original.all(CheckIn))
    assert len(store.all(Event)) == len(original.all(Event))

    # Times move by whole weeks: same weekday and clock time, all in the past, latest recent.
    before = {c.id: c.at for c in original.all(CheckIn)}
    after = {c.id: c.at for c in store.all(CheckIn)}
    deltas = {after[i] - before[i] for i in before}
    assert len(deltas) == 1
    (delta,) = deltas
    assert delta.total_seconds() % (7 * 86400) == 0
    assert all(a.date() < today for a in after.values())
    assert today - max(after.values()).date() <= timedelta(days=7)
    assert all(e.at.date() < today for e in store.all(Event))

    # Health reads the same as on the day the sample was made: one stale KR, the rest fresh.
    krs = [k for o in store.objectives(period_id=current.id) for k in store.key_results(o.id)]
    healths = [health(k, store.latest_checkin(k.id), current, today) for k in krs]
    assert healths.count(Health.STALE) == 1
    assert Health.NO_DATA not in healths

    # Scores, reflection and events follow their periods.
    reflection = store.all(Reflection)[0]
    assert reflection.period_id == quarters[0]
    for event in store.all(Event):
        if event.table == "objectives" and event.after:
            assert event.after["period_id"] in quarters
    # Tasks' due dates stay inside the current quarter.
    for task in store.all(Task):
        assert task.due is None or current.start <= task.due <= current.end


def test_demo_on_the_anchor_day_changes_nothing_but_order(tmp_path: Path) -> None:
    store, original = demo(tmp_path, "teebee", samples.ANCHOR)
    a, b = store.export_data(), original.export_data()
    for table in a:
        if isinstance(a[table], list):
            assert sorted(map(str, a[table])) == sorted(map(str, b[table])), table


def test_demo_replaces_an_old_copy(tmp_path: Path) -> None:
    from okr_tui.demo import make_demo

    path = tmp_path / "d.json"
    make_demo("teebee", path, date(2027, 2, 10))
    store = Store(path, "hanna")
    store.check_in(store.all(KeyResult)[0].id, 1.0)
    count = len(store.all(CheckIn))
    store.close()
    make_demo("teebee", path, date(2027, 2, 10))
    fresh = Store(path, "hanna", create=False)
    assert len(fresh.all(CheckIn)) == count - 1


def test_ued_support_team_serves_the_business_teams(tmp_path: Path) -> None:
    store = built(tmp_path, "ued")
    units = {u.name: u for u in store.units()}
    kinds = sorted(u.kind for u in units.values())
    assert kinds == ["business"] * 4 + ["company", "support"]
    ued = next(u for u in units.values() if u.kind == "support")
    business = next(u for u in units.values() if u.name == "SME business")
    teams = [u for u in units.values() if u.parent_id == business.id]
    assert len(teams) == 3
    (goal,) = store.objectives(unit_id=business.id)
    assert "come back" in goal.title
    assert any("Repurchase rate" in k.title for k in store.key_results(goal.id))
    team_goals = {o.id: o for t in teams for o in store.objectives(unit_id=t.id)}
    assert all(o.parent_id == goal.id for o in team_goals.values())

    ued_objectives = store.objectives(unit_id=ued.id)
    support = [o for o in ued_objectives if o.track == "business"]
    building = [o for o in ued_objectives if o.track == "team-building"]
    assert len(support) == 3 and len(building) == 2
    # Each business objective of UED serves one team's objective, one team each.
    served = [o.supports for o in support]
    assert all(len(s) == 1 and s[0] in team_goals for s in served)
    assert len({s[0] for s in served}) == 3
    titles = " ".join(o.title for o in ued_objectives)
    for words in ("portraits", "high-repurchase industries", "high-repurchase potential"):
        assert words in titles
    assert any("30%" in k.title for o in building for k in store.key_results(o.id))
    assert any(o.title == "Master three new analytical tools" for o in building)
    hints = coach.workspace_hints(store)
    assert not [h for h in hints if h.rule == "support-supports-nothing"]
    assert any(h.rule == "kr-process-indicator" for h in hints)


def test_personal_is_a_yearly_okr_with_three_private_objectives(tmp_path: Path) -> None:
    store = built(tmp_path, "personal")
    (period,) = store.periods()
    assert period.id == "2026" and period.is_year
    (unit,) = store.units()
    assert unit.kind == "person" and unit.person_login == "lena"
    objectives = store.objectives(period_id="2026")
    assert len(objectives) == 11
    assert [o.visibility for o in objectives] == ["public"] * 8 + ["private"] * 3
    assert all(o.owner == "lena" for o in objectives)
    titles = [o.title for o in objectives]
    assert "Exercise and run 1000 km" in titles
    assert any("second edition" in t for t in titles)
    assert any("letters into a book" in t for t in titles)
    krs = [k for o in objectives for k in store.key_results(o.id)]
    assert any(k.title == "Teach 60 hours" and k.target == 60 for k in krs)
    assert all(c.at.date() < TODAY for c in store.all(CheckIn))
    # The coach has things to say about the writer's real OKR: eleven is a lot.
    rules = {h.rule for h in coach.workspace_hints(store, viewer="lena")}
    assert {"unit-too-many-objectives", "objective-has-number"} <= rules


def test_personal_demo_moves_by_years(tmp_path: Path) -> None:
    store, original = demo(tmp_path, "personal", date(2028, 3, 3))
    (period,) = store.periods()
    assert period.id == "2028"
    dues = {k.id: k.due for k in original.all(KeyResult) if k.due}
    moved = {k.id: k.due for k in store.all(KeyResult) if k.due}
    assert all(moved[i] == d.replace(year=2028) for i, d in dues.items())
    assert all(o.period_id == "2028" for o in store.all(Objective))


# -- the stories are data ------------------------------------------------------------------


@pytest.mark.parametrize("name", BUILT)
def test_each_sample_is_told_from_its_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    text = sample_spec.spec_text(name)
    mission = sample_spec.parse_spec(text, f"{name}.toml").charter.mission
    assert text.count(f'mission = "{mission}"') == 1
    edited = text.replace(f'mission = "{mission}"', 'mission = "An edited mission."')
    monkeypatch.setattr(sample_spec, "spec_text", lambda _name: edited)
    (charter,) = built(tmp_path, name).all(Charter)
    assert charter.mission == "An edited mission."


@pytest.mark.parametrize("name", BUILT)
def test_the_spec_agrees_with_the_samples_org_and_user(name: str) -> None:
    spec = sample_spec.load_spec(name)
    assert spec.units[0].name == samples.ORGS[name]
    assert samples.SAMPLE_USERS[name] in {p.login for p in spec.people}


def test_a_misspelt_field_in_a_spec_is_reported_with_its_file() -> None:
    text = sample_spec.spec_text("ued").replace("target = 40\n", "tagret = 40\n", 1)
    with pytest.raises(
        ValueError, match=r"^ued\.toml: objectives\.0\.key_results\.0\.tagret: "
    ) as seen:
        sample_spec.parse_spec(text, "ued.toml")
    assert "\n" not in str(seen.value)
    with pytest.raises(ValueError, match=r"ued\.toml: "):
        sample_spec.parse_spec("lead = ", "ued.toml")


@pytest.mark.parametrize(
    ("phrase", "period", "due"),
    [
        ("15 days before the end", "2026-Q3", date(2026, 9, 15)),
        ("1 day before the end", "2026", date(2026, 12, 30)),
        ("end of February", "2028", date(2028, 2, 29)),
        ("end of February", "2027", date(2027, 2, 28)),
        ("end of December", "2026-Q4", date(2026, 12, 31)),
    ],
)
def test_due_date_phrases(phrase: str, period: str, due: date) -> None:
    assert due_date(phrase, period_for(period)) == due


@pytest.mark.parametrize("phrase", ["next Tuesday", "end of Brumaire", "the end"])
def test_an_unknown_due_date_phrase_is_refused(phrase: str) -> None:
    with pytest.raises(ValueError, match="cannot read the due date"):
        due_date(phrase, period_for("2026"))


def test_teebee_zh_is_teebees_story_in_chinese_read_in_chinese(tmp_path: Path) -> None:
    store = built(tmp_path, "teebee-zh")
    english = built(tmp_path / "en", "teebee")
    people = store.all(Person)
    assert {p.login for p in people} == {p.login for p in english.all(Person)}
    assert all(p.lang == "zh" for p in people)
    (charter,) = store.all(Charter)
    assert charter.mission == "让爱茶的人把茶调好。"
    current = store.objectives(period_id="2026-Q4")
    assert [o.title for o in current] == [
        "向餐饮供应商证明我们高品质茶叶的价值",
        "优化供应商在线订单管理系统",
    ]
    krs = [k for o in current for k in store.key_results(o.id)]
    english_krs = [
        k for o in english.objectives(period_id="2026-Q4") for k in english.key_results(o.id)
    ]
    assert len(krs) == 6
    # The same story: the same numbers, read on the same days.
    assert [(k.baseline, k.target) for k in krs] == [(k.baseline, k.target) for k in english_krs]
    assert [len(store.checkins(k.id)) for k in krs] == [
        len(english.checkins(k.id)) for k in english_krs
    ]
