"""Markdown export: units in tree order, charters, OKRs, privacy and escaping."""

from __future__ import annotations

import re
from datetime import date

from okr_tui.markdown_export import export_for_download, export_markdown, md_inline, md_lines
from okr_tui.models import Charter, KeyResult, Objective, Unit
from okr_tui.scoring import set_score
from okr_tui.store import Store
from tests.conftest import TODAY
from tests.test_csv_exchange import build_teebee


def teebee_document(store: Store, viewer: str = "ann", **kwargs: object) -> str:
    ids = build_teebee(store)
    store.add(
        Charter(
            unit_id=ids["teebee"],
            mission="Let tea lovers mix tea well.",
            vision="Good tea can be enjoyed in high-end restaurants or cafes in most areas.",
            strategy="Sell high-quality bulk tea to high-end restaurants or coffee shops.",
        )
    )
    return export_markdown(store, viewer, today=TODAY, **kwargs)  # type: ignore[arg-type]


def test_document_has_units_in_tree_order_with_charters(store: Store) -> None:
    text = teebee_document(store)
    assert text.startswith("# OKRs of Test org\n\n_Exported 2026-11-26.")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["TeeBee", "Sales", "UED", "Wu Jun 吴军"]
    assert "_support team in TeeBee_" in text
    assert "- **Mission:** Let tea lovers mix tea well." in text
    assert "- **Strategy:** Sell high-quality bulk tea" in text
    assert "### 2026-Q3" in text and "### 2017" in text
    assert text.count("_No objectives yet._") == 1  # Sales has none


def test_key_results_show_progress_latest_value_and_scores(store: Store) -> None:
    text = teebee_document(store)
    assert "| Key result | Progress | Latest | Target | Due | Score |" in text
    assert (
        "| The renewal rate of customers reaches 70% | 64% | 45% | 70% | 2026-09-30 | 0.7 |" in text
    )
    assert "| The transaction amount is 250,000 yuan | 72% | ¥180,000.5 | ¥250,000 |  |  |" in text
    # The objective's score waits until every KR has one; until then it shows its progress.
    assert "committed · business · owner hannah · progress 52%\n" in text
    assert "| 找到英文版出版社 _(process)_ | – | – | 1 |  |  |" in text


def test_objective_score_uses_agreed_scores(store: Store) -> None:
    build_teebee(store)
    prove = next(o for o in store.all(Objective) if o.title.startswith("Prove"))
    for kr in store.key_results(prove.id):
        set_score(store, kr.id, agreed=1.0)
    text = export_markdown(store, "ann", today=TODAY)
    assert "committed · business · owner hannah · score 1.0" in text


def test_private_objectives_are_counted_not_shown(store: Store) -> None:
    text = teebee_document(store)
    assert "Run 1000 km" not in text and "Kilometres" not in text
    assert "Family and yard" not in text
    assert text.count("_1 private objective_") == 2  # ann's in UED, wu's in his own unit
    mine = export_markdown(store, "ann", include_private=True, today=TODAY)
    assert "Run 1000 km" in mine and "aspirational · business · private · owner ann" in mine
    assert "Family and yard" not in mine and mine.count("_1 private objective_") == 1


def test_one_period_only(store: Store) -> None:
    text = teebee_document(store, period_id="2017")
    assert "### 2017" in text and "### 2026-Q3" not in text
    assert "Prove the value" not in text


def test_user_text_cannot_break_the_structure(store: Store) -> None:
    unit = store.add(Unit(name="## Ops | <b>team</b>", kind="business"))
    period = store.ensure_period("2026-Q4").id
    objective = store.add(
        Objective(
            unit_id=unit.id,
            period_id=period,
            title="[bold]x[/] *y* [link](http://evil) <script>alert(1)</script> #",
        )
    )
    store.add(KeyResult(objective_id=objective.id, title="a | b | c\n- d", target=3))
    store.add(Charter(unit_id=unit.id, mission="one\n- two\n# three\n1. four"))
    text = export_markdown(store, "ann", today=date(2026, 11, 26))
    assert "<script>" not in text and "<b>" not in text
    assert re.findall(r"^## (.+)$", text, flags=re.M) == [r"\#\# Ops \| \<b\>team\</b\>"]
    heading = next(line for line in text.splitlines() if line.startswith("#### "))
    assert heading == (
        r"#### O1. \[bold\]x\[/\] \*y\* \[link\](http://evil) "
        r"\<script\>alert(1)\</script\> \#"
    )
    row = next(line for line in text.splitlines() if line.startswith("| a"))
    # Exactly the table's 7 pipes are unescaped: the title's own pipes cannot add a column.
    assert len(re.findall(r"(?<!\\)\|", row)) == 7
    assert "- **Mission:** one  \n  \\- two  \n  \\# three  \n  1\\. four" in text


def test_escaping_helpers() -> None:
    assert md_inline("50% of *all*_users_") == r"50% of \*all\*\_users\_"
    assert md_inline("- starts a list") == r"\- starts a list"
    assert md_inline("3. starts a numbered list") == r"3\. starts a numbered list"
    assert md_inline("a\nb") == "a b"
    assert md_lines("a\n\n> b") == ["a", r"\> b"]


def test_empty_workspace(store: Store) -> None:
    assert "_No units yet._" in export_markdown(store, "ann", today=TODAY)


def test_export_for_download_names_the_file(store: Store) -> None:
    build_teebee(store)
    name, text = export_for_download(store, "ann", "md", today=TODAY)
    assert name == "Test-org-2026-11-26.md" and text.startswith("# OKRs of Test org")
    name, text = export_for_download(store, "ann", "csv", period_id="2017", today=TODAY)
    assert name == "Test-org-2017-2026-11-26.csv" and text.startswith("\ufeffperiod,")
    assert "Run 1000 km" not in text


def test_a_number_at_the_start_of_a_line_is_escaped_only_when_it_opens_a_list() -> None:
    assert md_inline("6.5/10 satisfaction") == "6.5/10 satisfaction"
    assert md_inline("3.14") == "3.14"
    assert md_inline("1. heading") == "1\\. heading"
    assert md_inline("12.") == "12\\."


def test_drafts_of_an_open_workshop_are_marked_as_not_agreed(store: Store) -> None:
    from okr_tui.workshop import add_candidate, start_or_resume

    build_teebee(store)
    prove = next(o for o in store.all(Objective) if o.title.startswith("Prove"))
    store.update(Objective, prove.id, status="committed", reason="agreed last week")
    workshop = start_or_resume(store, prove.unit_id, prove.period_id)
    add_candidate(store, workshop, "Win back the cafés we lost")
    text = export_markdown(store, "ann", today=TODAY)
    block = text.split("Win back the cafés we lost", 1)[1].split("\n\n", 2)[1]
    assert "draft in an open workshop, not agreed yet" in block
    agreed = text.split(prove.title, 1)[1].split("\n\n", 2)[1]
    assert "not agreed" not in agreed
