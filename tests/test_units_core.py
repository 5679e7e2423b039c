"""Managing units and people: the checks that keep the tree sound, and nothing deleted."""

from __future__ import annotations

import pytest

from okr_tui.alignment import build_tree, unit_record
from okr_tui.models import Event, Person, Unit
from okr_tui.store import Store, WorkspaceError
from okr_tui.units import (
    add_person,
    add_unit,
    archive_unit,
    descendants,
    move_unit,
    path_of,
    rename_unit,
)
from tests.conftest import fixed_clock
from tests.test_alignment_core import build_org


@pytest.fixture
def org(store: Store) -> Store:
    return build_org(store)


def test_add_unit_under_a_team(org: Store) -> None:
    unit = add_unit(org, "  Growth   team ", "business", "un-co")
    reopened = Store(org.path, "ann", clock=fixed_clock)
    assert reopened.get(Unit, unit.id).name == "Growth team"
    assert reopened.get(Unit, unit.id).parent_id == "un-co"
    assert [e.action for e in reopened.events(unit.id)] == ["create"]


@pytest.mark.parametrize(
    ("name", "kind", "parent", "message"),
    [
        ("", "business", "un-co", "needs a name"),
        ("Sales", "business", "un-co", "already a unit called Sales"),
        ("sales", "support", "un-co", "already a unit called Sales"),
        ("Team", "business", "un-ann", "is a person"),
        ("Team", "business", "un-lab", "is archived"),
        ("Team", "business", "un-nope", "no unit with id"),
        ("Holding", "company", "un-co", "sits at the top"),
        ("Team", "guild", None, "not 'guild'"),
    ],
)
def test_add_unit_refuses_bad_input(
    org: Store, name: str, kind: str, parent: str | None, message: str
) -> None:
    before = len(org.all(Unit))
    with pytest.raises(WorkspaceError, match=message):
        add_unit(org, name, kind, parent)  # type: ignore[arg-type]
    assert len(Store(org.path).all(Unit)) == before


def test_rename(org: Store) -> None:
    rename_unit(org, "un-sales", "Sales & renewals")
    assert Store(org.path).get(Unit, "un-sales").name == "Sales & renewals"
    with pytest.raises(WorkspaceError, match="already a unit called UED"):
        rename_unit(org, "un-sales", "ued")
    with pytest.raises(WorkspaceError, match="needs a name"):
        rename_unit(org, "un-sales", "   ")


def test_move_under_another_parent(org: Store) -> None:
    move_unit(org, "un-bob", "un-sales")
    assert Store(org.path).get(Unit, "un-bob").parent_id == "un-sales"
    assert [u.id for u in path_of(org, "un-bob")] == ["un-co", "un-sales", "un-bob"]


@pytest.mark.parametrize(
    ("unit", "parent", "message"),
    [
        ("un-co", "un-sales", "TeeBee cannot move under Sales: Sales is inside TeeBee"),
        ("un-co", "un-ann", "cannot move under Ann Lee"),
        ("un-sales", "un-sales", "cannot move under Sales"),
        ("un-sales", "un-ann", "cannot move under Ann Lee"),
        ("un-ued", "un-bob", "cannot move under Bob"),
        ("un-ann", "un-bob", "is a person"),
        ("un-ann", None, "a person belongs to a team"),
        ("un-ued", "un-lab", "is archived"),
    ],
)
def test_move_refuses_a_cycle_and_bad_parents(
    org: Store, unit: str, parent: str | None, message: str
) -> None:
    before = org.get(Unit, unit).parent_id
    with pytest.raises(WorkspaceError, match=message):
        move_unit(org, unit, parent)
    assert Store(org.path).get(Unit, unit).parent_id == before


def test_descendants(org: Store) -> None:
    assert descendants(org, "un-co") == {"un-sales", "un-ued", "un-lab", "un-ann", "un-bob"}
    assert descendants(org, "un-ann") == set()


def test_archive_hides_but_keeps_history(org: Store) -> None:
    archive_unit(org, "un-bob")
    reopened = Store(org.path, "carl")
    assert reopened.get(Unit, "un-bob").archived
    assert "un-bob" not in {n.id for r in build_tree(reopened, "2026-Q4", "carl") for n in r.walk()}
    shown = build_tree(reopened, "2026-Q4", "carl", include_archived=True)
    assert "un-bob" in {n.id for r in shown for n in r.walk()}
    # Its objectives and the events stay.
    assert len(reopened.objectives(unit_id="un-bob")) == 1
    assert [r.period_id for r in unit_record(reopened, "un-bob", "bob")] == ["2026-Q4"]
    assert [e.action for e in reopened.events("un-bob")][-1] == "archive"
    archive_unit(reopened, "un-bob", archived=False)
    assert not Store(org.path).get(Unit, "un-bob").archived


def test_archive_refuses_a_unit_with_active_units_under_it(org: Store) -> None:
    with pytest.raises(WorkspaceError, match="still holds 1 active unit"):
        archive_unit(org, "un-ued")
    assert not Store(org.path).get(Unit, "un-ued").archived


def test_restore_refuses_inside_an_archived_parent(org: Store) -> None:
    org.add(Unit(id="un-lab2", name="Sub lab", kind="business", parent_id="un-lab", archived=True))
    with pytest.raises(WorkspaceError, match="which is archived"):
        archive_unit(org, "un-lab2", archived=False)


def test_nothing_is_deleted(org: Store) -> None:
    archive_unit(org, "un-bob")
    move_unit(org, "un-ued", "un-sales")
    rename_unit(org, "un-ued", "Design")
    assert not [e for e in Store(org.path).all(Event) if e.action == "delete"]
    assert len(org.units(include_archived=True)) == 6


def test_add_person_makes_their_page(org: Store) -> None:
    unit = add_person(org, "wu.jun", "Wu Jun", "un-ued")
    reopened = Store(org.path)
    person = reopened.person("wu.jun")
    assert person is not None and person.unit_ids == [unit.id]
    assert reopened.get(Unit, unit.id).person_login == "wu.jun"
    assert reopened.get(Unit, unit.id).kind == "person"


def test_add_person_links_an_existing_person(org: Store) -> None:
    unit = add_person(org, "hanna", "", "un-co")
    assert org.get(Unit, unit.id).name == "Hannah"
    assert org.get(Person, "pe-hanna").unit_ids == ["un-co", unit.id]


@pytest.mark.parametrize(
    ("login", "message"),
    [("", "one word"), ("two words", "one word"), ("ann", "already has a page")],
)
def test_add_person_refuses(org: Store, login: str, message: str) -> None:
    with pytest.raises(WorkspaceError, match=message):
        add_person(org, login, "X", "un-sales")
