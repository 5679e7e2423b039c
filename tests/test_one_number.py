"""One objective, one progress, one score, whichever surface shows it.

One key result at 50% and one with no check-in yet: the objective stands at 25%
(silence is not progress) on home, alignment, the unit page, `okr list`, the
weekly report and the Markdown export. Scores show to a tenth everywhere, and
their band and their bar in the distribution follow the tenth shown (0.37 is 0.4).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui import cli
from okr_tui.alignment import objective_value
from okr_tui.home_view import unit_okrs
from okr_tui.models import KeyResult, Objective, Unit
from okr_tui.store import Store
from tests.conftest import TODAY, fixed_clock


@pytest.fixture
def half_checked(workspace: Path) -> Store:
    store = Store(workspace, "ann", clock=fixed_clock)
    store.ensure_period("2026-Q4")
    unit = store.add(Unit(id="un-tea", name="Tea", kind="company"))
    objective = store.add(
        Objective(id="ob-tea", unit_id=unit.id, period_id="2026-Q4", title="Prove our tea")
    )
    store.add(KeyResult(id="kr-a", objective_id=objective.id, title="Renewals", target=10))
    store.add(KeyResult(id="kr-b", objective_id=objective.id, title="Referrals", target=4))
    store.check_in("kr-a", 5)
    return store


def test_home_alignment_and_okr_list_agree(
    half_checked: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (row,) = unit_okrs(half_checked, "un-tea", "2026-Q4", "ann", TODAY).rows
    assert row.progress == pytest.approx(0.25)
    objective = half_checked.get(Objective, "ob-tea")
    assert objective_value(half_checked, objective).value == pytest.approx(0.25)
    monkeypatch.setattr(
        cli, "make_context", lambda args: cli.Context(db=half_checked.path, user="ann", today=TODAY)
    )
    assert cli.main(["list", "--period", "2026-Q4"]) == 0
    listing = capsys.readouterr().out
    (line,) = [line for line in listing.splitlines() if line.startswith("ob-tea")]
    assert line.split()[-1] == "25%"


def test_unit_page_reports_and_exports_agree_too(half_checked: Store) -> None:
    from okr_tui.alignment import unit_record
    from okr_tui.markdown_export import export_markdown
    from okr_tui.weekly import Week
    from okr_tui.weekly_report import weekly_report
    from screens.unit_page import record_chart

    (record,) = unit_record(half_checked, "un-tea", "ann")
    assert record.value.value == pytest.approx(0.25)
    assert " 25% so far" in record_chart([record], "2026-Q4").plain
    weekly = weekly_report(half_checked, "un-tea", Week.of(TODAY), TODAY, "ann")
    assert "_aspirational · business · progress 25%_" in weekly
    assert "| Renewals | 5 | – | 50% |" in weekly
    exported = export_markdown(half_checked, "ann", today=TODAY)
    assert "aspirational · business · progress 25%\n" in exported
    assert "| Renewals | 50% | 5 | 10 |" in exported


# -- scores: shown to a tenth, and banded and binned by what is shown ------------------------


@pytest.fixture
def scored(workspace: Path) -> Store:
    """Two finished objectives scoring 0.37 and 0.65: shown as 0.4 and 0.7."""
    from okr_tui.scoring import set_score

    store = Store(workspace, "ann", clock=fixed_clock)
    store.ensure_period("2026-Q3")
    store.add(Unit(id="un-tea", name="Tea", kind="company"))
    for objective_id, scores in (("ob-low", (0.3, 0.4)), ("ob-mid", (0.6, 0.7))):
        store.add(
            Objective(id=objective_id, unit_id="un-tea", period_id="2026-Q3", title=objective_id)
        )
        # Weights 3 and 7 make 0.37 of 0.3 and 0.4; 1 and 1 make 0.65 of 0.6 and 0.7.
        weights = (3.0, 7.0) if objective_id == "ob-low" else (1.0, 1.0)
        for number, (score, weight) in enumerate(zip(scores, weights, strict=True)):
            kr_id = f"kr-{objective_id[3:]}{number}"
            store.add(
                KeyResult(
                    id=kr_id, objective_id=objective_id, title=kr_id, target=10, weight=weight
                )
            )
            set_score(store, kr_id, agreed=score)
    return store


def test_scores_read_the_same_everywhere(scored: Store) -> None:
    from okr_tui.alignment import unit_record
    from okr_tui.quarter_report import quarter_report
    from okr_tui.rules import Band, format_score, score_band
    from okr_tui.scoring import band_counts, distribution, unit_scoring
    from screens.alignment import value_text
    from screens.unit_page import record_chart
    from widgets.badges import score_text

    low = objective_value(scored, scored.get(Objective, "ob-low"))
    mid = objective_value(scored, scored.get(Objective, "ob-mid"))
    assert (low.value, mid.value) == (pytest.approx(0.37), pytest.approx(0.65))
    assert (format_score(low.value), format_score(mid.value)) == ("0.4", "0.7")
    assert value_text(low).plain.split() == ["score", "0.4"]
    assert value_text(mid).plain.split() == ["score", "0.7"]
    assert (score_text(low.value).plain, score_text(mid.value).plain) == ("0.4", "0.7")
    (record,) = unit_record(scored, "un-tea", "ann")
    assert record_chart([record], "").plain.split()[2:4] == ["0.5", "score"]  # mean 0.51

    summary = unit_scoring(scored, "un-tea", "2026-Q3", "ann")
    counts = distribution(summary.scores)
    assert (counts[0.4], counts[0.7], counts[0.3], counts[0.6]) == (1, 1, 0, 0)
    assert band_counts(summary.scores) == {Band.RED: 0, Band.YELLOW: 1, Band.GREEN: 1}
    assert score_band(0.37) == Band.YELLOW and score_band(0.65) == Band.GREEN

    report = quarter_report(scored, "un-tea", "2026-Q3", "ann")
    assert "| ob-low | aspirational | 0.4 | yellow |" in report
    assert "| ob-mid | aspirational | 0.7 | green |" in report
    assert "| 0.4 | █ 1 |" in report and "| 0.7 | █ 1 |" in report
    assert "Red 0 · yellow 1 · green 1 · average 0.5" in report


def test_a_reading_out_of_ten_is_not_escaped_in_markdown(workspace: Path) -> None:
    from okr_tui.markdown_export import export_markdown
    from okr_tui.quarter_report import quarter_report
    from okr_tui.weekly import Week
    from okr_tui.weekly_report import weekly_report

    store = Store(workspace, "ann", clock=fixed_clock)
    store.ensure_period("2026-Q4")
    store.add(Unit(id="un-tea", name="Tea", kind="company"))
    store.add(Objective(id="ob-tea", unit_id="un-tea", period_id="2026-Q4", title="Happy users"))
    store.add(
        KeyResult(id="kr-sat", objective_id="ob-tea", title="Satisfaction", target=8, measure="/10")
    )
    store.check_in("kr-sat", 6.5)
    documents = [
        export_markdown(store, "ann", today=TODAY),
        weekly_report(store, "un-tea", Week.of(TODAY), TODAY, "ann"),
        quarter_report(store, "un-tea", "2026-Q4", "ann"),
    ]
    for text in documents:
        assert "6.5/10" in text and "\\." not in text
