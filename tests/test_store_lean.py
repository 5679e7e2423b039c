"""A store opened lean (`okr checkin`): large tables stay on disk, the answers stay the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from okr_tui import cli, tablefile
from okr_tui import store as store_module
from okr_tui.models import CheckIn, Event, KeyResult, Objective, Person, Unit, record_types
from okr_tui.store import Store
from okr_tui.table_scan import TakenIds
from tests.test_store_concurrency import run_writers
from tests.test_weekly_core import build_team


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The UED team's workspace in chunks of a few documents, with a journal; lean stores
    leave every table on disk."""
    monkeypatch.delenv("OKR_DB", raising=False)
    monkeypatch.setattr(tablefile, "CHUNK_BYTES", 600)
    monkeypatch.setattr(store_module, "JOURNAL_FROM", 0)
    monkeypatch.setattr(store_module, "LEAN_FROM", 0, raising=False)
    store = build_team(tmp_path / "team.json")
    store.set_org("TeeBee")  # a whole-file write: chunks, an index, and a journal from here on
    store.close()
    return store.path


def okr(capsys: pytest.CaptureFixture[str], team: Path, user: str, *argv: str) -> tuple[int, str]:
    code = cli.main(["--db", str(team), "--as", user, *argv])
    out, err = capsys.readouterr()
    return code, (out if code == 0 else err).strip()


@pytest.fixture
def left_on_disk(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The tables each store still had on disk when it was closed."""
    seen: list[set[str]] = []
    close = Store.close

    def noting_close(self: Store) -> None:
        seen.append(set(self._t.on_disk))
        close(self)

    monkeypatch.setattr(Store, "close", noting_close)
    return seen


def test_okr_checkin_reads_neither_the_check_ins_nor_the_other_large_tables(
    capsys: pytest.CaptureFixture[str], team: Path, left_on_disk: list[set[str]]
) -> None:
    code, line = okr(capsys, team, "ann", "checkin", "kr-seg", "60%", "--confidence", "7")
    assert code == 0
    assert line == (
        "kr-seg Segment users by repurchase dimension: 55% → 60%, progress 60%, confidence 7/10"
    )
    tables = {CheckIn.TABLE, KeyResult.TABLE, Objective.TABLE, Person.TABLE, Event.TABLE}
    assert left_on_disk == [left_on_disk[0]] and tables <= left_on_disk[0]


def test_a_lean_check_in_reads_back_as_saved_with_its_event(team: Path) -> None:
    lean = Store(team, "ann", lean=True)
    saved = lean.check_in("kr-seg", 60, confidence=7, note="more layers")
    assert lean.latest_checkin("kr-seg") == saved
    assert lean.find(CheckIn, saved.id) == saved
    assert CheckIn.TABLE in lean._t.on_disk
    lean.close()
    full = Store(team, "x")
    assert full.get(CheckIn, saved.id) == saved
    assert [c.id for c in full.checkins("kr-seg")] == ["ci-01", "ci-02", "ci-03", saved.id]
    assert full.latest_checkin("kr-seg") == saved
    [event] = full.events(saved.id)
    assert (event.action, event.who, event.table) == ("checkin", "ann", CheckIn.TABLE)
    assert (event.before, event.after) == (None, saved.to_doc())
    assert len(full.events()) == len(Store(team, "x").events())


def test_lean_answers_are_the_full_stores_with_a_colleagues_changes_too(team: Path) -> None:
    colleague = Store(team, "bob")
    colleague.check_in("kr-cyc", 24, note="journal line")  # new: stays beside the table
    colleague.add(Unit(name="New team", kind="business"))
    lean, full = Store(team, "x", lean=True), Store(team, "x")
    assert CheckIn.TABLE in lean._t.on_disk and CheckIn.TABLE not in full._t.on_disk
    for record_type in record_types().values():
        if record_type is Event:
            continue
        for record in full.all(record_type):
            assert lean.find(record_type, record.id) == record
    assert lean.find(CheckIn, "ci-99") is None and lean.find(KeyResult, "kr-nope") is None
    for kr in full.all(KeyResult):
        assert lean.by(CheckIn, "kr_id", kr.id) == full.by(CheckIn, "kr_id", kr.id)
        assert lean.latest_checkin(kr.id) == full.latest_checkin(kr.id)
    for person in full.people():
        assert lean.person(person.login) == person
    assert lean.objectives(unit_id="un-ued") == full.objectives(unit_id="un-ued")
    assert CheckIn.TABLE in lean._t.on_disk


def test_a_colleagues_correction_in_the_journal_is_seen_by_a_lean_store(team: Path) -> None:
    colleague = Store(team, "ann")
    colleague.update(CheckIn, "ci-03", value=65, reason="typed 55 for 65")
    lean = Store(team, "x", lean=True)
    assert lean.get(CheckIn, "ci-03").value == 65
    assert lean.latest_checkin("kr-seg") == colleague.get(CheckIn, "ci-03")
    assert lean.get(KeyResult, "kr-seg").title == "Segment users by repurchase dimension"
    colleague.update(KeyResult, "kr-seg", title="Segment users", reason="shorter")
    assert lean.refresh()
    assert lean.get(KeyResult, "kr-seg") == colleague.get(KeyResult, "kr-seg")
    assert lean.get(KeyResult, "kr-seg").title == "Segment users"


def test_a_lean_store_reads_a_colleagues_new_version_of_the_file_afresh(team: Path) -> None:
    lean = Store(team, "ann", lean=True)
    assert lean.get(KeyResult, "kr-seg").target == 100
    colleague = Store(team, "bob")
    colleague.update(KeyResult, "kr-seg", target=90, reason="a smaller market")
    colleague.set_org("TeeBee Ltd")  # a new version of the file, not a journal line
    assert lean.refresh()
    assert KeyResult.TABLE in lean._t.on_disk
    assert lean.get(KeyResult, "kr-seg").target == 90
    saved = lean.check_in("kr-seg", 61)
    assert Store(team, "x").latest_checkin("kr-seg") == saved


@pytest.mark.parametrize(
    ("user", "argv", "message"),
    [
        ("ann", ("kr-sec", "5"), "okr: no key result 'kr-sec' (okr list shows the ids)"),
        ("ann", ("kr-none", "5"), "okr: no key result 'kr-none' (okr list shows the ids)"),
        ("ann", ("kr-seg", "99999%"), "okr: VALUE '99999%' is 1,000x the target"),
    ],
)
def test_a_lean_check_in_keeps_the_rules(
    capsys: pytest.CaptureFixture[str], team: Path, user: str, argv: tuple[str, ...], message: str
) -> None:
    before = Store(team, "x").export_data()
    code, line = okr(capsys, team, user, "checkin", *argv)
    assert code == 2 and line.startswith(message)
    assert Store(team, "x").export_data() == before


def test_a_private_key_result_takes_its_owners_lean_check_in(
    capsys: pytest.CaptureFixture[str], team: Path
) -> None:
    code, line = okr(capsys, team, "bob", "checkin", "kr-sec", "6")
    assert code == 0 and line == "kr-sec Secret number: 5 → 6, progress 50%"
    assert [c.value for c in Store(team, "x").checkins("kr-sec")] == [5, 6]


def test_a_new_id_is_never_one_a_table_on_disk_holds(team: Path) -> None:
    lean = Store(team, "ann", lean=True)
    chunks = lean._t.on_disk[CheckIn.TABLE].chunks
    taken = TakenIds({"ci-new"}, lean._file.read_span, chunks, CheckIn.TABLE, lean._fail)
    assert "ci-new" in taken  # in memory
    assert "ci-nope" not in taken
    assert "kr-seg" not in taken  # a value, not a check-in's id
    assert "ci-05" in taken  # found in the chunks: from here on their ids are gathered
    assert all(f"ci-0{n}" in taken for n in range(1, 10))
    assert "ci-10" not in taken and 3 not in taken
    lean.close()


def test_only_the_documents_holding_what_is_asked_are_parsed_out_of_a_chunk() -> None:
    from okr_tui.table_scan import _docs_holding

    docs = [
        {"id": "ev-1", "record_id": "ci-1", "before": None, "after": {"id": "ci-1", "v": 1}},
        {"id": "ev-2", "record_id": "ci-2", "before": {"id": "ci-1"}, "after": {"id": "ci-2"}},
        {"id": "ev-3", "record_id": "ci-3", "reason": 'says "12":{"id":"ci-1"} in words'},
        {"id": "ev-4", "record_id": "ci-4", "after": {"id": "ci-4", "note": "ci-1"}},
    ]
    raw = b",".join(tablefile.doc_segment(n, doc) for n, doc in enumerate(docs, start=7))

    def fail(problem: str) -> store_module.WorkspaceError:
        return store_module.WorkspaceError(problem)

    # Not the third: its reason holds the words, quotes escaped.
    assert _docs_holding(raw, b'"ci-1"', "events", fail) == [docs[0], docs[1], docs[3]]
    assert _docs_holding(raw, b'"ci-3"', "events", fail) == [docs[2]]
    assert _docs_holding(raw, b'"ci-4"', "events", fail) == docs[3:]
    assert _docs_holding(raw, b'"ev-2"', "events", fail) == [docs[1]]
    # Laid out otherwise (not the store's own writing): the chunk is read whole.
    odd = b'"7":{"record_id":"ci-1","id":"ev-1"},"8":{"id":"ev-2","record_id":"ci-1"}'
    assert [d["id"] for d in _docs_holding(odd, b'"ci-1"', "events", fail)] == ["ev-1", "ev-2"]


def test_four_lean_writers_at_once_keep_every_check_in_with_its_own_id_and_number(
    team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKR_TEST_STORE_LEAN", "1")
    monkeypatch.setenv("OKR_TEST_STORE_SETTINGS", '{"LEAN_FROM": 0, "JOURNAL_FROM": 0}')
    acknowledged = run_writers(team, "kr-mod", writers=4, each=15)
    full = Store(team, "x")
    stored = full.checkins("kr-mod")
    assert {c.id for c in stored} == {"ci-04", *acknowledged}
    numbers = full._t.doc_ids[CheckIn.TABLE]
    assert len(set(numbers.values())) == len(numbers) == len(full.all(CheckIn))
    events = [e for e in full.events() if e.action == "checkin"]
    assert {e.record_id for e in events} == set(acknowledged)
    assert len({e.id for e in full.events()}) == len(full.events())


def test_a_lean_look_up_of_a_value_documents_may_leave_out_reads_the_table(team: Path) -> None:
    lean, full = Store(team, "x", lean=True), Store(team, "x")
    assert lean.by(Person, "lang", "") == full.by(Person, "lang", "") != []
    assert Person.TABLE not in lean._t.on_disk
    assert lean.by(KeyResult, "start", None) == full.by(KeyResult, "start", None) != []
