"""The alignment tree, its flags, search and records, without a screen.

`build_org` is the deterministic workspace the alignment UI and snapshot
tests share: fixed ids, a fixed clock, a support team serving a business
team, and private objectives owned by ann and bob.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from okr_tui.alignment import (
    Alignment,
    FlagKind,
    Node,
    Query,
    alignment_flags,
    build_tree,
    filter_tree,
    objective_value,
    people_names,
    person_objectives,
    person_record,
    unit_record,
)
from okr_tui.models import (
    Charter,
    CheckIn,
    KeyResult,
    Objective,
    Person,
    Score,
    Unit,
    period_for,
)
from okr_tui.store import Store

SECRET = "Close the secret financing round"
BOB_SECRET = "Repair the yard before winter"


def build_org(store: Store) -> Store:
    """TeeBee: a company, a business team, a support team and two people, over three quarters."""
    with store.transaction():
        for label in ("2026-Q2", "2026-Q3", "2026-Q4"):
            store.add(period_for(label))
        units = [
            Unit(id="un-co", name="TeeBee", kind="company"),
            Unit(id="un-sales", name="Sales", kind="business", parent_id="un-co"),
            Unit(id="un-ued", name="UED", kind="support", parent_id="un-co"),
            Unit(id="un-lab", name="Old lab", kind="business", parent_id="un-co", archived=True),
            Unit(
                id="un-ann", name="Ann Lee", kind="person", parent_id="un-sales", person_login="ann"
            ),
            Unit(id="un-bob", name="Bob 王", kind="person", parent_id="un-ued", person_login="bob"),
        ]
        for unit in units:
            store.add(unit)
        store.add(Person(id="pe-ann", login="ann", name="Ann Lee", unit_ids=["un-ann"]))
        store.add(Person(id="pe-bob", login="bob", name="Bob 王", unit_ids=["un-bob"]))
        store.add(Person(id="pe-hanna", login="hanna", name="Hannah", unit_ids=["un-co"]))
        store.add(
            Charter(
                id="ch-co",
                unit_id="un-co",
                mission="Let tea lovers mix tea well.",
                vision="Good tea can be enjoyed in high-end restaurants or cafes in most areas.",
                strategy="Sell high-quality bulk tea to high-end restaurants or coffee shops.",
            )
        )
        store.add(Charter(id="ch-ann", unit_id="un-ann", mission="Help [bold]every[/] customer."))

        def objective(oid: str, unit: str, title: str, **kw: object) -> None:
            kw.setdefault("period_id", "2026-Q4")
            kw.setdefault("status", "committed")
            store.add(Objective(id=oid, unit_id=unit, title=title, **kw))  # type: ignore[arg-type]

        def kr(kid: str, oid: str, title: str, target: float, reading: float | None) -> None:
            store.add(KeyResult(id=kid, objective_id=oid, title=title, target=target))
            if reading is not None:
                store.add(
                    CheckIn(
                        id=f"ci-{kid[3:]}",
                        kr_id=kid,
                        value=reading,
                        confidence=6,
                        author="ann",
                        at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
                    )
                )

        objective("ob-co1", "un-co", "Prove the value of our tea", owner="hanna")
        kr("kr-co1a", "ob-co1", "Renewal rate reaches 70%", 70, 35)
        objective("ob-co2", "un-co", "Optimise the online order system", owner="hanna")
        kr("kr-co2a", "ob-co2", "80% of renewals completed online", 80, 60)
        objective(
            "ob-sa1",
            "un-sales",
            "Win back [bold]restaurant[/] renewals",
            parent_id="ob-co1",
            owner="ann",
        )
        kr("kr-sa1a", "ob-sa1", "Renew 40 restaurants", 40, 20)
        objective("ob-sa2", "un-sales", "Open a second city", owner="carl")
        kr("kr-sa2a", "ob-sa2", "10 cafes signed", 10, None)
        objective("ob-ue1", "un-ued", "Map repurchase layers", owner="bob", supports=["ob-sa1"])
        kr("kr-ue1a", "ob-ue1", "3 user portraits", 3, 3)
        objective("ob-ue2", "un-ued", "Redesign the icons", owner="bob")
        objective(
            "ob-ue3",
            "un-ued",
            "Master three new analytical tools",
            owner="bob",
            track="team-building",
        )
        objective(
            "ob-an1", "un-ann", "Learn the 订单 system inside out", owner="ann", parent_id="ob-co2"
        )
        kr("kr-an1a", "ob-an1", "Pass the order-system quiz", 1, 1)
        objective("ob-an2", "un-ann", SECRET, owner="ann", visibility="private")
        kr("kr-an2a", "ob-an2", "Term sheet signed", 1, 0)
        objective("ob-bo1", "un-bob", BOB_SECRET, owner="bob", visibility="private")
        objective("ob-lab1", "un-lab", "Brew a cold tea", owner="carl")
        # Earlier quarters, scored.
        for label, score in (("2026-Q2", 0.4), ("2026-Q3", 0.7)):
            q = label[-2:].lower()
            objective(
                f"ob-sa-{q}",
                "un-sales",
                f"Sales goal of {label}",
                period_id=label,
                owner="ann",
                status="closed",
            )
            kr(f"kr-sa-{q}", f"ob-sa-{q}", "A number", 10, None)
            store.add(Score(id=f"sc-sa-{q}", kr_id=f"kr-sa-{q}", suggested=score, agreed=score))
            objective(
                f"ob-an-{q}",
                "un-ann",
                f"Ann's secret of {label}",
                period_id=label,
                owner="ann",
                status="closed",
                visibility="private",
            )
            kr(f"kr-an-{q}", f"ob-an-{q}", "Private number", 1, None)
            store.add(Score(id=f"sc-an-{q}", kr_id=f"kr-an-{q}", suggested=1.0, agreed=1.0))
        objective("ob-lab-q3", "un-lab", "Lab goal", period_id="2026-Q3", status="closed")
        kr("kr-lab-q3", "ob-lab-q3", "Lab number", 1, None)
        store.add(Score(id="sc-lab-q3", kr_id="kr-lab-q3", suggested=0.5))
    return store


@pytest.fixture
def org(store: Store) -> Store:
    return build_org(store)


def find(roots: list[Node], node_id: str) -> Node:
    for root in roots:
        for node in root.walk():
            if node.id == node_id:
                return node
    raise AssertionError(f"{node_id} not in the tree")


def all_text(roots: list[Node]) -> str:
    return "\n".join(f"{n.label} {n.link_note}" for r in roots for n in r.walk())


# -- flags ---------------------------------------------------------------------------

FLAG_CASES = [
    ("ob-co1", set()),
    ("ob-sa1", set()),
    ("ob-sa2", {FlagKind.ORPHAN}),
    ("ob-ue1", set()),
    ("ob-ue2", {FlagKind.ORPHAN, FlagKind.SUPPORTS_NOTHING}),
    ("ob-ue3", {FlagKind.ORPHAN}),
    ("ob-an1", {FlagKind.SKIP_LEVEL}),
    # Ann's private objective: her team (Sales) has objectives, and it has no parent,
    # but a person's objective is not a team objective.
    ("ob-an2", set()),
]


@pytest.mark.parametrize(("objective_id", "expected"), FLAG_CASES)
def test_alignment_flags(org: Store, objective_id: str, expected: set[FlagKind]) -> None:
    flags = alignment_flags(org, org.get(Objective, objective_id))
    assert {f.kind for f in flags} == expected
    assert all(f.message for f in flags)


def test_no_orphan_when_the_parent_unit_has_no_objectives_that_period(org: Store) -> None:
    org.add(Objective(id="ob-sa9", unit_id="un-sales", period_id="2026-Q2", title="Early"))
    # TeeBee has no objectives in 2026-Q2, so Sales' objective there has nothing to align to.
    assert alignment_flags(org, org.get(Objective, "ob-sa9")) == []


def test_broken_links_are_flagged(org: Store) -> None:
    org.add(
        Objective(
            id="ob-x",
            unit_id="un-ued",
            period_id="2026-Q4",
            title="X",
            parent_id="ob-gone",
            supports=["ob-none"],
        )
    )
    kinds = [f.kind for f in alignment_flags(org, org.get(Objective, "ob-x"))]
    assert kinds.count(FlagKind.BROKEN_LINK) == 2
    assert FlagKind.SUPPORTS_NOTHING not in kinds


def test_a_support_objective_that_serves_someone_is_no_orphan(org: Store) -> None:
    assert alignment_flags(org, org.get(Objective, "ob-ue1")) == []


# -- the tree --------------------------------------------------------------------------


def test_tree_runs_company_teams_people(org: Store) -> None:
    roots = build_tree(org, "2026-Q4", "carl")
    assert [r.id for r in roots] == ["un-co"]
    company = roots[0]
    units = [c.id for c in company.children if c.kind == "unit"]
    assert units == ["un-sales", "un-ued"]  # the archived lab is hidden
    sales = find(roots, "un-sales")
    assert [c.id for c in sales.children] == ["ob-sa2", "ob-sa1", "un-ann"]  # by order, title
    assert find(roots, "un-bob").kind == "unit"


def test_archived_units_show_on_request(org: Store) -> None:
    roots = build_tree(org, "2026-Q4", "carl", include_archived=True)
    assert find(roots, "un-lab").children[0].label == "Brew a cold tea"


def test_children_and_support_links(org: Store) -> None:
    roots = build_tree(org, "2026-Q4", "carl")
    co1 = find(roots, "ob-co1")
    assert [(c.kind, c.target_id, c.link_note) for c in co1.children] == [
        ("link", "ob-sa1", "aligned from Sales")
    ]
    sa1 = find(roots, "ob-sa1")
    assert ("link", "ob-ue1", "supported by UED") in [
        (c.kind, c.target_id, c.link_note) for c in sa1.children
    ]
    ue1 = find(roots, "ob-ue1")
    assert [(c.target_id, c.link_note) for c in ue1.children] == [("ob-sa1", "supports Sales")]


def test_children_in_the_same_unit_nest_under_their_parent(org: Store) -> None:
    org.add(
        Objective(
            id="ob-co3", unit_id="un-co", period_id="2026-Q4", title="Sub goal", parent_id="ob-co1"
        )
    )
    roots = build_tree(org, "2026-Q4", "carl")
    assert "ob-co3" in [c.id for c in find(roots, "ob-co1").children]
    assert "ob-co3" not in [c.id for c in roots[0].children]


def test_every_node_has_progress_or_score(org: Store) -> None:
    roots = build_tree(org, "2026-Q4", "ann")
    assert find(roots, "ob-co1").value.value == pytest.approx(0.5)
    assert find(roots, "ob-co1").value.kind == "progress"
    assert find(roots, "ob-sa2").value.value == 0.0  # no check-in yet: counts as nothing done
    assert find(roots, "ob-ue2").value.value is None  # no KRs at all
    sales = find(roots, "un-sales")
    assert sales.value.value == pytest.approx(0.25)  # mean of 0.5 and 0.0


def test_scored_objective_shows_its_score(org: Store) -> None:
    value = objective_value(org, org.get(Objective, "ob-sa-q3"))
    assert (value.value, value.kind) == (pytest.approx(0.7), "score")


# -- privacy ----------------------------------------------------------------------------


def test_others_see_only_a_count_of_private_objectives(org: Store) -> None:
    roots = build_tree(org, "2026-Q4", "carl")
    text = all_text(roots)
    assert SECRET not in text and BOB_SECRET not in text
    ann = find(roots, "un-ann")
    assert [(c.kind, c.label) for c in ann.children] == [
        ("objective", "Learn the 订单 system inside out"),
        ("hidden", "1 private objective"),
    ]
    # The unit's number leaves the private objective out (it is 1.0 on its own; 0 for the secret).
    assert ann.value.value == pytest.approx(1.0)
    assert all(n.objective is None or n.objective.visibility == "public" for n in ann.walk())


def test_the_owner_sees_their_private_objective(org: Store) -> None:
    roots = build_tree(org, "2026-Q4", "ann")
    assert SECRET in all_text(roots)
    assert BOB_SECRET not in all_text(roots)
    assert find(roots, "ob-an2").value.value == 0.0
    assert find(roots, "un-ann").value.value == pytest.approx(0.5)


def test_search_never_matches_a_hidden_title(org: Store) -> None:
    roots = build_tree(org, "2026-Q4", "carl")
    pruned, count = filter_tree(roots, "financing", people_names(org))
    assert (pruned, count) == ([], 0)
    pruned, count = filter_tree(build_tree(org, "2026-Q4", "ann"), "financing")
    assert count == 1 and SECRET in all_text(pruned)


# -- search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Query()),
        ("Tea  value", Query(("tea", "value"), "")),
        ("@Ann renewals", Query(("renewals",), "ann")),
        ("owner:bob", Query((), "bob")),
        ("@", Query(("@",), "")),
    ],
)
def test_query_parse(text: str, expected: Query) -> None:
    assert Query.parse(text) == expected


def test_search_by_text_keeps_ancestors(org: Store) -> None:
    pruned, count = filter_tree(build_tree(org, "2026-Q4", "carl"), "renewals")
    assert count == 1
    assert [n.id for n in pruned[0].walk() if n.kind != "link"] == ["un-co", "un-sales", "ob-sa1"]


def test_search_by_owner_login_or_name(org: Store) -> None:
    names = people_names(org)
    roots = build_tree(org, "2026-Q4", "carl")
    for text in ("@bob", "@王"):
        pruned, count = filter_tree(roots, text, names)
        found = {n.id for r in pruned for n in r.walk() if n.kind == "objective"}
        assert found == {"ob-ue1", "ob-ue2", "ob-ue3"}, text
        assert count == 3


def test_search_by_unit_name_keeps_its_objectives(org: Store) -> None:
    pruned, count = filter_tree(build_tree(org, "2026-Q4", "carl"), "ued")
    ued = find(pruned, "un-ued")
    assert count == 1
    assert {c.id for c in ued.children if c.kind == "objective"} == {"ob-ue1", "ob-ue2", "ob-ue3"}


# -- records -------------------------------------------------------------------------------


def test_unit_record_over_periods(org: Store) -> None:
    record = unit_record(org, "un-sales", "carl")
    assert [r.period_id for r in record] == ["2026-Q2", "2026-Q3", "2026-Q4"]
    assert [r.value.value for r in record[:2]] == [pytest.approx(0.4), pytest.approx(0.7)]
    assert record[0].value.kind == "score"
    assert record[2].value.kind == "progress"


def test_person_record_hides_private_scores_from_others(org: Store) -> None:
    others = person_record(org, "ann", "carl")
    mine = person_record(org, "ann", "ann")
    q3_other = next(r for r in others if r.period_id == "2026-Q3")
    q3_mine = next(r for r in mine if r.period_id == "2026-Q3")
    # Carl sees only ann's public Sales objective (0.7) and a count of one private one.
    assert (q3_other.value.value, q3_other.hidden) == (pytest.approx(0.7), 1)
    assert (q3_mine.value.value, q3_mine.hidden) == (pytest.approx(0.85), 0)


def test_person_objectives_include_what_they_own_elsewhere(org: Store) -> None:
    found = {o.id for o in person_objectives(org, "ann", period_id="2026-Q4")}
    assert found == {"ob-sa1", "ob-an1", "ob-an2"}


def test_archived_unit_keeps_its_history(org: Store) -> None:
    record = unit_record(org, "un-lab", "carl")
    assert [(r.period_id, r.value.value) for r in record] == [
        ("2026-Q3", pytest.approx(0.5)),
        ("2026-Q4", None),
    ]


# -- the tree a level at a time ----------------------------------------------------------


def add_deep_branch(store: Store) -> Store:
    """Sales gets a regional team with a person in it: four levels below the company."""
    with store.transaction():
        store.add(Unit(id="un-eu", name="Sales Europe", kind="business", parent_id="un-sales"))
        store.add(
            Unit(id="un-dan", name="Dan", kind="person", parent_id="un-eu", person_login="dan")
        )
        store.add(
            Objective(
                id="ob-eu1",
                unit_id="un-eu",
                period_id="2026-Q4",
                title="Open Lisbon",
                parent_id="ob-sa1",
            )
        )
        store.add(
            Objective(
                id="ob-dan1",
                unit_id="un-dan",
                period_id="2026-Q4",
                title="Map the Iberian cafes",
                owner="dan",
                parent_id="ob-eu1",
            )
        )
        store.add(
            Objective(
                id="ob-dan2",
                unit_id="un-dan",
                period_id="2026-Q4",
                title="Visit ten of them",
                owner="dan",
                parent_id="ob-dan1",
            )
        )
    return store


def test_nodes_come_without_children_or_numbers_until_asked(org: Store) -> None:
    model = Alignment(org, "2026-Q4", "carl")
    (company,) = model.roots()
    assert (company.id, company.children, company.value, company.expandable) == (
        "un-co",
        [],
        None,
        True,
    )
    kids = model.children(company)
    assert [k.id for k in kids] == ["ob-co2", "ob-co1", "un-sales", "un-ued"]
    assert all(k.children == [] and k.value is None for k in kids)
    assert model.node_value(company).value == pytest.approx(0.625)
    assert model.node_value(kids[1]).value == pytest.approx(0.5)


@pytest.mark.parametrize("viewer", ["carl", "ann"])
def test_level_by_level_gives_the_whole_tree(org: Store, viewer: str) -> None:
    add_deep_branch(org)
    model = Alignment(org, "2026-Q4", viewer, include_archived=True)
    full = build_tree(org, "2026-Q4", viewer, include_archived=True)

    def same(lazy: list[Node], whole: list[Node]) -> None:
        assert [(n.kind, n.id, n.label, n.link_note) for n in lazy] == [
            (n.kind, n.id, n.label, n.link_note) for n in whole
        ]
        for mine, theirs in zip(lazy, whole, strict=True):
            assert mine.expandable == bool(theirs.children), mine.id
            assert model.node_value(mine) == theirs.value
            assert mine.flags == theirs.flags
            same(model.children(mine), theirs.children)

    same(model.roots(), full)


def test_flag_count_counts_what_the_tree_can_show(org: Store) -> None:
    assert Alignment(org, "2026-Q4", "carl").flag_count() == 5
    # Ann sees her private objective too; it has no flags.
    assert Alignment(org, "2026-Q4", "ann").flag_count() == 5
    # The archived lab's objective is an orphan, counted only when the lab is shown.
    assert Alignment(org, "2026-Q4", "carl", include_archived=True).flag_count() == 6


def test_path_to_a_unit_or_objective(org: Store) -> None:
    add_deep_branch(org)
    model = Alignment(org, "2026-Q4", "carl")
    assert model.path_to("un-co") == ["un-co"]
    assert model.path_to("un-dan") == ["un-co", "un-sales", "un-eu", "un-dan"]
    # ob-dan2 nests under ob-dan1, in the same unit.
    assert model.path_to("ob-dan2") == [
        "un-co",
        "un-sales",
        "un-eu",
        "un-dan",
        "ob-dan1",
        "ob-dan2",
    ]
    assert model.path_to("ob-an2") == []  # Ann's private objective: not for carl
    assert Alignment(org, "2026-Q4", "ann").path_to("ob-an2")[-2:] == ["un-ann", "ob-an2"]
    assert model.path_to("ob-lab1") == []  # in an archived unit
    assert model.path_to("ob-gone") == []


def test_search_finds_a_deep_hit_and_the_way_to_it(org: Store) -> None:
    add_deep_branch(org)
    model = Alignment(org, "2026-Q4", "carl")
    found = model.find("iberian", people_names(org))
    assert found.count == 1
    assert found.matches == {"ob-dan1"}
    assert found.keep == {"un-co", "un-sales", "un-eu", "un-dan"}
    (company,) = model.roots()
    assert [c.id for c in model.children(company, found)] == ["un-sales"]
    sales = model.children(company, found)[0]
    assert [c.id for c in model.children(sales, found)] == ["un-eu"]
    # The hit itself shows all it holds.
    dan = model.children(model.children(sales, found)[0], found)[0]
    hit = model.children(dan, found)[0]
    assert [c.id for c in model.children(hit, found)] == ["ob-dan2"]


def test_search_stops_at_a_hit_and_counts_it_once(org: Store) -> None:
    add_deep_branch(org)
    model = Alignment(org, "2026-Q4", "carl")
    found = model.find("sales")
    # Sales matches; Sales Europe below it is shown as part of Sales, not as a hit of its own.
    assert (found.count, found.matches, found.keep) == (1, {"un-sales"}, {"un-co"})
    sales = model.children(model.roots()[0], found)[0]
    assert "un-eu" in [c.id for c in model.children(sales, found)]


def test_lazy_search_never_matches_a_hidden_title(org: Store) -> None:
    assert Alignment(org, "2026-Q4", "carl").find("financing").count == 0
    found = Alignment(org, "2026-Q4", "ann").find("financing")
    assert found.matches == {"ob-an2"}
    by_owner = Alignment(org, "2026-Q4", "carl").find("@bob", people_names(org))
    assert by_owner.matches == {"ob-ue1", "ob-ue2", "ob-ue3"}  # not bob's private one


def test_the_first_hit_is_the_first_from_the_top(org: Store) -> None:
    model = Alignment(org, "2026-Q4", "carl")
    assert model.find("@bob", people_names(org)).first == "ob-ue1"
    assert model.find("teebee").first == "un-co"
    assert model.find("tea").first == "ob-co1"  # after ob-co2, which does not match
    assert model.find("nothing like this").first == ""
