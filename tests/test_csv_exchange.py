"""CSV export and import: columns, privacy, round trip, Excel files, bad rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from okr_tui.cli import Context, UserError
from okr_tui.cli.exchange_formats import export_text, import_file
from okr_tui.csv_exchange import (
    COLUMNS,
    CsvImportError,
    export_csv,
    import_csv,
    sniff_delimiter,
    units_in_tree_order,
)
from okr_tui.models import CheckIn, KeyResult, Objective, Score, Unit
from okr_tui.store import Store
from tests.conftest import fixed_clock

DATA = Path(__file__).parent / "data"


def build_teebee(store: Store) -> dict[str, str]:
    """The field report's TeeBee, a UED support team and two personal OKRs; returns ids."""
    teebee = store.add(Unit(name="TeeBee", kind="company"))
    ued = store.add(Unit(name="UED", kind="support", parent_id=teebee.id))
    sales = store.add(Unit(name="Sales", kind="business", parent_id=teebee.id))
    wu = store.add(Unit(name="Wu Jun 吴军", kind="person", parent_id=teebee.id))
    q3 = store.ensure_period("2026-Q3").id
    year = store.ensure_period("2017").id
    prove = store.add(
        Objective(
            unit_id=teebee.id,
            period_id=q3,
            title="Prove the value of the high-quality tea we provide to restaurant suppliers",
            owner="hannah",
            kind="committed",
        )
    )
    renewal = store.add(
        KeyResult(
            objective_id=prove.id,
            title="The renewal rate of customers reaches 70%",
            target=70,
            measure="%",
            due=date(2026, 9, 30),
        )
    )
    store.add(
        KeyResult(
            objective_id=prove.id,
            title="50% of renewal customers can complete the renewal by themselves",
            target=50,
            measure="%",
            order=1,
        )
    )
    amount = store.add(
        KeyResult(
            objective_id=prove.id,
            title="The transaction amount is 250,000 yuan",
            target=250000,
            measure="¥",
            weight=2,
            order=2,
        )
    )
    store.check_in(renewal.id, 45, confidence=6)
    store.check_in(amount.id, 180000.5)
    store.add(Score(kr_id=renewal.id, suggested=0.6, agreed=0.7, at=fixed_clock()))
    system = store.add(
        Objective(
            unit_id=teebee.id,
            period_id=q3,
            title='Optimise the "supplier" order system; [bold]fast[/]',
            owner="jack",
            order=1,
        )
    )
    store.add(
        KeyResult(
            objective_id=system.id,
            title="System satisfaction reaches 8 points\n(full score 10)",
            baseline=5,
            target=8,
            measure="/10",
        )
    )
    store.add(
        Objective(
            unit_id=ued.id,
            period_id=q3,
            title="Layered user portraits by repurchase dimension",
            owner="ann",
            track="team-building",
        )
    )
    book = store.add(
        Objective(
            unit_id=wu.id,
            period_id=year,
            title="完成《数学之美》英文版和韩文版",
            owner="wu",
        )
    )
    store.add(
        KeyResult(
            objective_id=book.id,
            title="找到英文版出版社",
            milestone=True,
            indicator="process",
            direction="up",
        )
    )
    store.add(
        Objective(
            unit_id=wu.id,
            period_id=year,
            title="Family and yard repair",
            owner="wu",
            visibility="private",
        )
    )
    mine = store.add(
        Objective(
            unit_id=ued.id,
            period_id=q3,
            title="Run 1000 km",
            owner="ann",
            visibility="private",
        )
    )
    store.add(KeyResult(objective_id=mine.id, title="Kilometres run", target=1000))
    return {"teebee": teebee.id, "ued": ued.id, "sales": sales.id, "wu": wu.id, "mine": mine.id}


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_has_the_contract_columns_and_one_row_per_key_result(store: Store) -> None:
    build_teebee(store)
    text = export_csv(store, "ann")
    header = text.splitlines()[0]
    assert header == ",".join(COLUMNS)
    rows = parse(text)
    renewal = next(r for r in rows if r["key_result"].startswith("The renewal rate"))
    assert renewal == {
        "period": "2026-Q3",
        "unit": "TeeBee",
        "unit_kind": "company",
        "parent_unit": "",
        "objective": ("Prove the value of the high-quality tea we provide to restaurant suppliers"),
        "objective_kind": "committed",
        "track": "business",
        "visibility": "public",
        "owner": "hannah",
        "key_result": "The renewal rate of customers reaches 70%",
        "indicator": "result",
        "baseline": "0",
        "target": "70",
        "current": "45",
        "measure": "%",
        "direction": "up",
        "due": "2026-09-30",
        "weight": "1",
        "score": "0.7",
    }
    amount = next(r for r in rows if r["key_result"].startswith("The transaction"))
    assert (amount["current"], amount["weight"], amount["score"]) == ("180000.5", "2", "")
    # Objectives with no key result yet still get a row, so nothing is lost.
    portrait = next(r for r in rows if r["objective"].startswith("Layered"))
    assert portrait["key_result"] == "" and portrait["parent_unit"] == "TeeBee"


def test_units_come_in_tree_order(store: Store) -> None:
    build_teebee(store)
    names = [u.name for u, _ in units_in_tree_order(store.units())]
    assert names == ["TeeBee", "Sales", "UED", "Wu Jun 吴军"]
    units = [r["unit"] for r in parse(export_csv(store, "ann"))]
    assert units == sorted(units, key=lambda u: names.index(u))


def test_export_leaves_private_objectives_out(store: Store) -> None:
    build_teebee(store)
    text = export_csv(store, "ann")
    assert "Run 1000 km" not in text and "Family and yard" not in text
    # Its owner may ask for it; another person's private objective stays out even then.
    mine = export_csv(store, "ann", include_private=True)
    assert "Run 1000 km" in mine and "Kilometres run" in mine
    assert "Family and yard" not in mine
    assert "Family and yard" in export_csv(store, "wu", include_private=True)


def test_round_trip_gives_identical_bytes(store: Store, tmp_path: Path) -> None:
    build_teebee(store)
    first = export_csv(store, "ann", include_private=True)
    fresh = Store(tmp_path / "fresh.json", "ann", clock=fixed_clock)
    report = import_csv(fresh, first.encode())
    assert report.rows == len(parse(first))
    second = export_csv(fresh, "ann", include_private=True)
    assert second == first
    # The quoted newline and the markup-like title came through as typed.
    titles = {k.title for k in fresh.all(KeyResult)}
    assert "System satisfaction reaches 8 points\n(full score 10)" in titles
    assert any(o.title.endswith("[bold]fast[/]") for o in fresh.all(Objective))


def test_import_prints_what_it_created_and_makes_checkins_and_scores(
    store: Store, tmp_path: Path
) -> None:
    build_teebee(store)
    text = export_csv(store, "ann")
    fresh = Store(tmp_path / "fresh.json", "bob", clock=fixed_clock)
    report = import_csv(fresh, text)
    assert "unit TeeBee (company)" in report.created
    assert "unit UED (support, under TeeBee)" in report.created
    assert "period 2026-Q3" in report.created
    assert "check-in 45 on The renewal rate of customers reaches 70% (by bob)" in report.created
    assert "score 0.7 for The renewal rate of customers reaches 70%" in report.created
    assert "created:" in report.summary()
    renewal = next(k for k in fresh.all(KeyResult) if k.title.startswith("The renewal"))
    checkin = fresh.latest_checkin(renewal.id)
    assert checkin is not None and checkin.value == 45 and checkin.author == "bob"
    # 2026-Q3 is over on import day: its value is the quarter's final one, dated in it.
    assert checkin.at.date() == date(2026, 9, 30)
    score = fresh.by(Score, "kr_id", renewal.id)[0]
    assert (score.agreed, score.suggested, score.scored_by) == (0.7, 0.6, "bob")
    # It is on disk, in one write.
    again = Store(tmp_path / "fresh.json", "carl")
    assert len(again.all(KeyResult)) == len(fresh.all(KeyResult))


def test_importing_again_matches_by_name_and_creates_nothing(store: Store) -> None:
    build_teebee(store)
    text = export_csv(store, "ann", include_private=True)
    before = {t: len(store.all(t)) for t in (Unit, Objective, KeyResult, CheckIn, Score)}
    report = import_csv(store, text)
    assert report.created == []
    assert "already in the workspace" in report.summary()
    assert {t: len(store.all(t)) for t in before} == before


def test_import_adds_to_existing_units_and_objectives(store: Store) -> None:
    ids = build_teebee(store)
    text = (
        ",".join(COLUMNS) + "\n"
        "2026-Q3,teebee,,,prove the value of the high-quality tea we provide to restaurant "
        "suppliers,,,,,Renewals done online reach 80%,,0,80%,,,,,,\n"
        "2026-Q3,Design Ops,support,UED,Faster design reviews,,,,,,,,,,,,,,\n"
    )
    report = import_csv(store, text)
    assert report.created == [
        "unit Design Ops (support, under UED)",
        "key result Renewals done online reach 80% (under Prove the value of the "
        "high-quality tea we provide to restaurant suppliers)",
        "objective Faster design reviews (Design Ops, 2026-Q3)",
    ]
    online = next(k for k in store.all(KeyResult) if k.title.startswith("Renewals done"))
    assert (online.target, online.measure, online.order) == (80, "%", 3)
    design = next(u for u in store.units() if u.name == "Design Ops")
    assert design.parent_id == ids["ued"]


def test_excel_file_with_bom_semicolons_and_quoted_newlines(store: Store) -> None:
    raw = (DATA / "excel_semicolon_bom.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw
    report = import_csv(store, raw)
    assert report.rows == 3
    prove = next(o for o in store.all(Objective) if o.title.startswith("Prove"))
    assert prove.title == "Prove the value of our tea\nto restaurant suppliers"
    assert (prove.kind, prove.owner) == ("committed", "hannah")
    krs = {k.title: k for k in store.key_results(prove.id)}
    renewal = krs["Customer renewal rate reaches 70%"]
    assert (renewal.target, renewal.measure, renewal.due) == (70, "%", date(2026, 9, 30))
    assert store.by(Score, "kr_id", renewal.id)[0].agreed == 0.6
    amount = krs["Transaction amount"]
    assert (amount.target, amount.weight, amount.measure) == (250000, 2, "yuan")
    assert store.latest_checkin(amount.id).value == 180000  # type: ignore[union-attr]
    portrait = next(o for o in store.all(Objective) if o.title.startswith("Layered"))
    assert portrait.track == "team-building"
    tools = store.key_results(portrait.id)[0]
    assert (tools.indicator, tools.due) == ("process", date(2026, 9, 30))


def test_bad_rows_are_named_by_line_and_nothing_is_written(store: Store, workspace: Path) -> None:
    before = workspace.read_bytes()
    with pytest.raises(CsvImportError) as caught:
        import_csv(store, (DATA / "bad_rows.csv").read_bytes())
    problems = caught.value.problems
    assert problems[0] == "line 3: target: 'lots' is not a number (try 70%, 250,000, 1.5k or 8/10)"
    assert problems[1].startswith("line 4: period: a period is a quarter like 2026-Q3")
    assert problems[2] == "line 5: direction is up or down, not 'sideways'"
    assert problems[3].startswith("line 6: unit 'Ops' is new: say its unit_kind")
    assert len(problems) == 4
    assert "nothing was imported" in str(caught.value)
    assert workspace.read_bytes() == before
    assert store.all(Unit) == []


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2026-Q3,,company,,O,,,,,,,,,,,,,,", "line 2: unit is empty"),
        (",T,company,,O,,,,,,,,,,,,,,", "line 2: period is empty"),
        ("2026-Q3,T,company,,O,,,,,K,,,,,,,,,1.3", "line 2: score is 0.0 to 1.0, not 1.3"),
        ("2026-Q3,T,company,,O,,,,,K,,,,,,,,,0.65", "line 2: score goes in steps of 0.1"),
        ("2026-Q3,T,company,,O,,,,,K,,,,,,,,0,", "line 2: weight is more than 0"),
        ("2026-Q3,T,company,,O,,,,,K,,,,,,,30/09/2026,,", "line 2: due: '30/09/2026'"),
        ("2026-Q3,T,team,,O,,,,,,,,,,,,,,", "line 2: unit_kind is company, business"),
        ("2026-Q3,T,company,Nowhere,O,,,,,,,,,,,,,,", "line 2: parent_unit 'Nowhere'"),
        ("2026-Q3,T,company,,,,,,,K,,,,,,,,,", "line 2: key_result without an objective"),
        ("2026-Q3,T,company,,O,,,,,,,,70,,,,,,", "line 2: key result values but no"),
        ("2026-Q3,T,company,,O,,,,,K,,,,,,,,,,extra", "line 2: 20 cells"),
    ],
)
def test_each_kind_of_bad_row_has_a_reason(store: Store, row: str, reason: str) -> None:
    with pytest.raises(CsvImportError) as caught:
        import_csv(store, ",".join(COLUMNS) + "\n" + row + "\n")
    assert caught.value.problems[0].startswith(reason)
    assert store.all(Unit) == []


def test_conflicting_rows_and_duplicates_are_refused(store: Store) -> None:
    text = (
        ",".join(COLUMNS) + "\n"
        "2026-Q3,T,company,,O,committed,,,,K,,,,,,,,,\n"
        "2026-Q3,T,business,,O,,,,,K2,,,,,,,,,\n"
        "2026-Q3,T,,,O,aspirational,,,,K3,,,,,,,,,\n"
        "2026-Q3,T,,,O,,,,,k,,,,,,,,,\n"
        "2026-Q3,A,company,B,X,,,,,,,,,,,,,,\n"
        "2026-Q3,B,company,A,X,,,,,,,,,,,,,,\n"
    )
    with pytest.raises(CsvImportError) as caught:
        import_csv(store, text)
    problems = caught.value.problems
    assert "line 3: unit_kind of unit 'T' is 'company' on line 2, not 'business'" in problems
    assert (
        "line 4: objective_kind of objective 'O' is 'committed' on line 2, not 'aspirational'"
        in problems
    )
    assert "line 5: key result 'k' is already on line 2" in problems
    assert any("in a loop of parent units" in p for p in problems)


def test_header_problems(store: Store) -> None:
    with pytest.raises(CsvImportError, match="unknown column 'colour'"):
        import_csv(store, "unit,colour\nT,red\n")
    with pytest.raises(CsvImportError, match="no 'unit' column"):
        import_csv(store, "period,objective\n2026-Q3,O\n")
    with pytest.raises(CsvImportError, match="the file is empty"):
        import_csv(store, b"")
    with pytest.raises(CsvImportError, match="not UTF-8"):
        import_csv(store, "unit,unit_kind\nCafé,company\n".encode("cp1252"))


def test_separator_is_sniffed_from_the_header() -> None:
    assert sniff_delimiter("period;unit;objective\n2026-Q3;A, B;O\n") == ";"
    assert sniff_delimiter("period,unit,objective\n2026-Q3,A; B,O\n") == ","
    assert sniff_delimiter("period\tunit\n") == "\t"


def test_columns_may_come_in_any_order_and_some_may_be_missing(store: Store) -> None:
    report = import_csv(store, "Unit,Unit_Kind\nTeeBee,company\nUED,support\n")
    assert report.created == ["unit TeeBee (company)", "unit UED (support)"]


def test_private_rows_import_as_private_to_their_owner(store: Store) -> None:
    import_csv(store, ",".join(COLUMNS) + "\n2017,Wu,person,,Family,,,private,,,,,,,,,,,\n")
    family = store.all(Objective)[0]
    assert (family.visibility, family.owner) == ("private", "ann")


def cli_context(workspace: Path, user: str = "ann") -> Context:
    return Context(db=workspace, user=user, today=date(2026, 11, 26))


def test_cli_formats_export_and_period_choice(store: Store, workspace: Path) -> None:
    build_teebee(store)
    ctx = cli_context(workspace)
    assert export_text(ctx, store, "csv").startswith("period,unit,")
    assert export_text(ctx, store, "csv", bom=True).startswith("\ufeffperiod,unit,")
    assert export_text(ctx, store, "md").startswith("# OKRs of Test org")
    only_2017 = parse(export_text(ctx, store, "csv", period="2017"))
    assert {r["period"] for r in only_2017} == {"2017"}
    with pytest.raises(UserError, match="no period 2025-Q1 in this workspace"):
        export_text(ctx, store, "csv", period="2025-Q1")
    with pytest.raises(UserError, match="--period: a period is a quarter"):
        export_text(ctx, store, "md", period="Q3")


def test_cli_import_reports_every_bad_line_then_one_summary(store: Store, workspace: Path) -> None:
    err = io.StringIO()
    bad = DATA / "bad_rows.csv"
    with pytest.raises(UserError) as caught:
        import_file(cli_context(workspace), store, bad, err=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 3 and lines[0].startswith(f"okr: {bad} line 3: target:")
    assert str(caught.value).startswith(f"{bad} line 6: unit 'Ops' is new")
    assert str(caught.value).endswith("(4 problems; nothing was imported)")
    with pytest.raises(UserError, match="no such file"):
        import_file(cli_context(workspace), store, DATA / "missing.csv")
    summary = import_file(cli_context(workspace), store, DATA / "excel_semicolon_bom.csv")
    assert summary.startswith("3 rows read; created:\n  unit TeeBee (company)")


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(
    store: Store, tmp_path: Path
) -> None:
    unit = store.add(Unit(name="@ops", kind="company"))
    store.ensure_period("2026-Q4")
    objective = store.add(
        Objective(
            unit_id=unit.id,
            period_id="2026-Q4",
            title='=HYPERLINK("http://example.invalid","win")',
            visibility="public",
        )
    )
    store.add(KeyResult(objective_id=objective.id, title="-5 churn, +3 NPS", target=5))
    store.add(KeyResult(objective_id=objective.id, title="'quoted' already", target=1))
    text = export_csv(store, "ann")
    rows = parse(text)
    assert rows[0]["unit"] == "'@ops"
    assert rows[0]["objective"].startswith("'=HYPERLINK(")
    assert {r["key_result"] for r in rows} == {"'-5 churn, +3 NPS", "''quoted' already"}
    fresh = Store(tmp_path / "fresh.json", "ann", clock=fixed_clock)
    import_csv(fresh, text)
    assert [u.name for u in fresh.units()] == ["@ops"]
    assert {k.title for k in fresh.all(KeyResult)} == {"-5 churn, +3 NPS", "'quoted' already"}
    assert export_csv(fresh, "ann") == text
