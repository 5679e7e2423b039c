"""The sample workspaces, built from the field report's examples.

- teebee: the tea start-up: charter, two objectives and six KRs for the
  current quarter with ten weeks of check-ins, and a scored earlier quarter.
- ued: a UED support team serving a business team's repurchase-rate
  objective, with business and team-building objectives.
- personal: a writer's yearly OKR, eleven objectives, the last three private.

`build(name, path, today)` writes one, anchored so that its current quarter
(or year) holds `today`. The same `today` always gives the same bytes: ids
come from a seeded generator and every time is computed from `today`.
`python -m okr_tui.samples` rebuilds the bundled copies in sample_data/.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar

from okr_tui.models import (
    RECORD_TYPES,
    Charter,
    CheckIn,
    Event,
    KeyResult,
    Objective,
    Period,
    Person,
    Record,
    Reflection,
    Score,
    Task,
    Unit,
    period_for,
    quarter_of,
)
from okr_tui.rules import suggested_score
from okr_tui.storage import atomic_write_bytes
from okr_tui.store import Store

SAMPLES = ("teebee", "ued", "personal")
ANCHOR = date(2026, 11, 26)
"""The day the bundled copies are anchored at (Thursday of ISO week 48, in 2026-Q4)."""

SAMPLE_USERS = {"teebee": "hanna", "ued": "lin", "personal": "lena"}
"""Who `okr demo NAME` opens the sample as."""

R = TypeVar("R", bound=Record)

ORGS = {"teebee": "TeeBee", "ued": "Brightmart", "personal": "Lena Marsh"}


def bundled_path(name: str) -> Path:
    """The bundled JSON of a sample: sample_data/ in the source tree, okr_tui/sample_data/
    in the installed wheel."""
    if name not in SAMPLES:
        raise ValueError(f"no sample called {name!r} (there are: {', '.join(SAMPLES)})")
    here = Path(__file__).resolve().parent
    for folder in (here / "sample_data", here.parent / "sample_data"):
        candidate = folder / f"{name}.json"
        if candidate.exists():
            return candidate
    return here.parent / "sample_data" / f"{name}.json"


# -- the builder -----------------------------------------------------------------


def previous_quarter(label: str) -> str:
    year, quarter = int(label[:4]), int(label[-1])
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


class Builder:
    """Collects records as the store would write them, events included, with fixed ids."""

    def __init__(self, name: str, today: date) -> None:
        self.today = today
        self.rng = random.Random(f"okr-tui sample {name}")
        self.records: dict[str, dict[str, Record]] = {t.TABLE: {} for t in RECORD_TYPES}
        self.taken: set[str] = set()

    def new_id(self, prefix: str) -> str:
        while True:
            candidate = f"{prefix}-{self.rng.getrandbits(16):04x}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    def _event(
        self,
        action: str,
        record: Record,
        before: Record | None,
        at: datetime,
        who: str,
        reason: str = "",
    ) -> None:
        event = Event(
            id=self.new_id(Event.PREFIX),
            at=at,
            who=who,
            action=action,
            table=record.TABLE,
            record_id=record.id,
            before=before.to_doc() if before is not None else None,
            after=record.to_doc(),
            reason=reason,
        )
        self.records[Event.TABLE][event.id] = event

    def add(self, record: R, at: datetime, who: str, action: str = "create") -> R:
        if not record.id:
            record = record.model_copy(update={"id": self.new_id(record.PREFIX)})
        record = type(record).model_validate(record.to_doc())
        self.records[record.TABLE][record.id] = record
        if not isinstance(record, Period):
            self._event(action, record, None, at, who)
        return record

    def update(self, record: R, at: datetime, who: str, reason: str = "", **changes: Any) -> R:
        before = self.records[record.TABLE][record.id]
        after = type(record).model_validate({**before.to_doc(), **changes})
        self.records[record.TABLE][record.id] = after
        self._event("update", after, before, at, who, reason)
        return after  # type: ignore[return-value]

    def period(self, label: str) -> Period:
        period = period_for(label)
        self.records[Period.TABLE][period.id] = period
        return period

    def checkin(
        self,
        kr: KeyResult,
        value: float,
        at: datetime,
        author: str,
        confidence: int | None = None,
        note: str = "",
    ) -> CheckIn:
        return self.add(
            CheckIn(
                kr_id=kr.id,
                value=value,
                confidence=confidence,
                note=note,
                author=author,
                at=at,
            ),
            at,
            author,
            action="checkin",
        )

    def export(self, org: str) -> dict[str, Any]:
        """The records in the store's export format, each table in the order written."""
        data: dict[str, Any] = {"meta": {"org": org}}
        for table, records in self.records.items():
            if records:
                ordered = records.values()
                if table == Event.TABLE:
                    ordered = sorted(ordered, key=lambda e: (e.at, e.id))  # type: ignore[attr-defined]
                data[table] = [r.to_doc() for r in ordered]
        return data

    def write(self, path: Path, org: str) -> Path:
        """Write the workspace to `path` through the store, byte for byte the same each time."""
        stamp = moment(self.today, 8)
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder) / path.name
            store = Store(scratch, "", org=org, clock=lambda: stamp)
            store.import_data(self.export(org))
            store.close()
            payload = scratch.read_bytes()
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, payload)
        return path


def weekly_days(today: date, weekday: int, count: int) -> list[date]:
    """The last `count` days with `weekday` (0 = Monday) before today, oldest first."""
    last = today - timedelta(days=1)
    while last.weekday() != weekday:
        last -= timedelta(days=1)
    return [last - timedelta(weeks=count - 1 - n) for n in range(count)]


def curve(
    rng: random.Random, baseline: float, target: float, reached: float, steps: int, step: float
) -> list[float]:
    """Readings that move from the baseline to `reached` of the way, with a little noise."""
    values: list[float] = []
    for n in range(steps):
        share = reached * (n / (steps - 1)) ** 0.9 if steps > 1 else reached
        noise = rng.uniform(-0.04, 0.04) if 0 < n < steps - 1 else 0.0
        raw = baseline + (target - baseline) * max(0.0, share + noise)
        values.append(round(raw / step) * step)
    return values


def confidences(rng: random.Random, start: int, end: int, steps: int) -> list[int]:
    out: list[int] = []
    for n in range(steps):
        level = start + (end - start) * n / max(1, steps - 1) + rng.choice((-1, 0, 0, 1))
        out.append(max(0, min(10, round(level))))
    return out


# -- TeeBee ------------------------------------------------------------------------


TEEBEE_PEOPLE = (
    ("hanna", "Hanna", "CEO"),
    ("jack", "Jack", "product designer"),
    ("mia", "Mia", "customer success"),
    ("leo", "Leo", "engineer"),
    ("sara", "Sara", "sales"),
)

TEEBEE_NOTES: dict[str, list[str]] = {
    "renewal": [
        "Baseline from last quarter's contracts.",
        "",
        "Two cafés in Palo Alto renewed after the tasting day.",
        "Lost the hotel group: they chose a cheaper supplier.",
        "",
        "Renewal calls with the six biggest restaurants done.",
        "Tasting menu with Chef Ortega brought three renewals.",
        "",
        "Quality report sent to every customer before renewal.",
        "Two renewals waiting on their new menus.",
    ],
    "self": [
        "Most renewals still happen on the phone with Mia.",
        "",
        "Reminder emails with a one-click renewal link went out.",
        "",
        "Self-renewal works on desktop; mobile still confusing.",
        "First restaurant renewed at 2 am without calling us.",
        "",
        "Fixed the payment step that made people give up.",
        "",
        "Self-service renewals picked up this week.",
    ],
    "volume": [
        "",
        "Two large first orders from Mission Street restaurants.",
        "",
        "Autumn menu orders arriving.",
        "Slow week: two customers paused for renovation.",
        "",
        "Holiday pre-orders started.",
        "",
        "Biggest week so far: ¥31,000.",
        "Holiday orders ahead of plan.",
    ],
    "online": [
        "Order form rebuilt; measuring from here.",
        "",
        "Repeat-order button shipped.",
        "",
        "Saved carts for restaurant buyers.",
        "Bug in invoice download cost us a few online renewals.",
        "Invoice bug fixed.",
        "",
        "Account managers now send the online link first.",
        "Online share keeps climbing.",
    ],
    "satisfaction": [
        "First survey: 5.4 of 10, ordering on mobile is the complaint.",
        "Survey after the new order form: 6.0.",
        "Second survey round: 6.2, payments still slow.",
        "6.3, then the survey paused while the payment provider changes.",
    ],
    "phone": [
        "Counting calls per week from the support line's log.",
        "",
        "FAQ page on delivery times went up.",
        "",
        "Order-status emails cut the 'where is my tea' calls.",
        "",
        "A bad week: the invoice bug brought calls back.",
        "",
        "Calls down again after the fix.",
        "Lowest week so far.",
    ],
}


def build_teebee(today: date) -> Builder:
    b = Builder("teebee", today)
    rng = b.rng
    current = b.period(quarter_of(today))
    previous = b.period(previous_quarter(current.id))
    setup = moment(previous.start + timedelta(days=2), 9)

    people = {
        login: b.add(Person(login=login, name=name), setup, "hanna")
        for login, name, _role in TEEBEE_PEOPLE
    }
    company = b.add(Unit(name="TeeBee", kind="company"), setup, "hanna")
    for person in people.values():
        b.records[Person.TABLE][person.id] = person.model_copy(update={"unit_ids": [company.id]})
    b.add(
        Charter(
            unit_id=company.id,
            mission="Let tea lovers mix tea well.",
            vision="Good tea can be enjoyed in high-end restaurants or cafés in most areas.",
            strategy="Sell high-quality bulk tea to high-end restaurants and coffee shops.",
        ),
        setup,
        "hanna",
    )

    # The earlier quarter, scored and reflected on.
    old_objectives: list[tuple[str, str, str, list[tuple[str, dict[str, Any], float, str]]]] = [
        (
            "Win our first high-end restaurant customers",
            "hanna",
            "aspirational",
            [
                (
                    "Sign 10 restaurants or cafés",
                    {"target": 10, "measure": "customers", "owner": "sara"},
                    8,
                    "Eight signed; two more in trial.",
                ),
                (
                    "Transactions reach ¥100,000",
                    {"target": 100000, "measure": "¥", "owner": "hanna"},
                    62000,
                    "Orders came late in the quarter.",
                ),
                (
                    "Launch the online order system by September",
                    {"milestone": True, "due": previous.end - timedelta(days=15), "owner": "leo"},
                    1,
                    "Launched on time, but hard to use.",
                ),
            ],
        ),
        (
            "Build a tea catalogue that chefs trust",
            "jack",
            "committed",
            [
                (
                    "Publish 30 teas with tasting notes",
                    {"target": 30, "measure": "teas", "owner": "jack"},
                    30,
                    "All thirty online with photos.",
                ),
                (
                    "4 chefs recommend us on the record",
                    {"target": 4, "measure": "chefs", "owner": "hanna"},
                    1,
                    "One recommendation, from a friend: 0.2 is the honest score.",
                ),
            ],
        ),
    ]
    score_day = moment(previous.end - timedelta(days=1), 15)
    for order, (title, owner, kind, krs) in enumerate(old_objectives):
        objective = b.add(
            Objective(
                unit_id=company.id,
                period_id=previous.id,
                title=title,
                owner=owner,
                kind=kind,  # type: ignore[arg-type]
                status="committed",
                order=order,
            ),
            setup,
            owner,
        )
        for kr_order, (kr_title, fields, final, comment) in enumerate(krs):
            kr = b.add(
                KeyResult(objective_id=objective.id, title=kr_title, order=kr_order, **fields),
                setup,
                owner,
            )
            days = weekly_days(previous.end - timedelta(days=1), 2, 12)[1::2]
            target = kr.target if kr.target is not None else 1.0
            values = curve(
                rng,
                kr.baseline,
                target,
                (final - kr.baseline) / (target - kr.baseline),
                len(days),
                1.0 if target < 1000 else 1000.0,
            )
            if kr.milestone:
                values = [0.0] * (len(days) - 1) + [float(final)]
            confidence = confidences(rng, 6, 8 if final >= 0.7 * target else 4, len(days))
            for day, value, level in zip(days, values, confidence, strict=True):
                b.checkin(
                    kr,
                    value,
                    moment(day, rng.randint(9, 17), rng.choice((0, 15, 30, 45))),
                    kr.owner,
                    level,
                )
            suggested = suggested_score(kr, values[-1])
            # The team may agree a score other than the numbers suggest, and says why.
            agreed = 0.2 if kr_title.startswith("4 chefs") else suggested
            b.add(
                Score(
                    kr_id=kr.id,
                    suggested=suggested,
                    agreed=agreed,
                    comment=comment,
                    scored_by="hanna",
                    at=score_day,
                ),
                score_day,
                "hanna",
            )
        b.update(objective, score_day, "hanna", reason="quarter scored", status="closed")
    b.add(
        Reflection(
            unit_id=company.id,
            period_id=previous.id,
            went_well="Customers who tasted the tea stayed; we are proud of the catalogue.",
            went_badly="The order system launched on time but customers could not use it, "
            "and we argued about which customers to chase.",
            learned="Agree on what matters before the quarter starts: that is why we write OKRs. "
            "Prove the value to the customers we have before chasing new ones.",
            author="hanna",
        ),
        score_day,
        "hanna",
    )

    # The current quarter: the field report's two objectives and six KRs.
    days = weekly_days(today, 2, 10)
    planned = moment(days[0] - timedelta(days=1), 10)
    plan: list[
        tuple[str, str, str, list[tuple[str, str, dict[str, Any], float, float, tuple[int, int]]]]
    ] = [
        (
            "Prove the value of our high-quality tea to restaurant suppliers",
            "hanna",
            "aspirational",
            [
                (
                    "renewal",
                    "Customer renewal rate reaches 70%",
                    {"baseline": 40, "target": 70, "measure": "%", "owner": "hanna"},
                    0.6,
                    1,
                    (6, 7),
                ),
                (
                    "self",
                    "50% of renewing customers renew by themselves",
                    {"baseline": 10, "target": 50, "measure": "%", "owner": "mia"},
                    0.45,
                    1,
                    (5, 6),
                ),
                (
                    "volume",
                    "Transactions reach ¥250,000",
                    {"baseline": 0, "target": 250000, "measure": "¥", "owner": "sara"},
                    0.72,
                    1000,
                    (6, 8),
                ),
            ],
        ),
        (
            "Optimise the supplier online order management system",
            "jack",
            "committed",
            [
                (
                    "online",
                    "80% of renewals are completed online",
                    {"baseline": 20, "target": 80, "measure": "%", "owner": "leo"},
                    0.75,
                    1,
                    (6, 8),
                ),
                (
                    "satisfaction",
                    "System satisfaction reaches 8 out of 10",
                    {"baseline": 5, "target": 8, "measure": "/10", "owner": "jack"},
                    0.45,
                    0.1,
                    (5, 5),
                ),
                (
                    "phone",
                    "Phone support calls down 50%",
                    {
                        "baseline": 100,
                        "target": 60,
                        "measure": "calls a week",
                        "direction": "down",
                        "owner": "mia",
                    },
                    0.55,
                    1,
                    (5, 7),
                ),
            ],
        ),
    ]
    task_plan: dict[str, list[tuple[str, str, str]]] = {
        "renewal": [
            ("Tasting day for every customer due to renew", "hanna", "done"),
            ("Quality report before each renewal", "mia", "doing"),
            ("Call the six biggest restaurants", "hanna", "done"),
        ],
        "self": [
            ("One-click renewal link in reminder emails", "leo", "done"),
            ("Fix renewal on mobile", "leo", "doing"),
            ("Guide for first-time self-renewal", "mia", "todo"),
        ],
        "volume": [
            ("Holiday pre-order offer", "sara", "doing"),
            ("Visit 15 restaurants on Mission Street", "sara", "done"),
        ],
        "online": [
            ("Repeat-order button", "leo", "done"),
            ("Saved carts for buyers", "leo", "done"),
            ("Account managers send the online link first", "mia", "doing"),
        ],
        "satisfaction": [
            ("Monthly satisfaction survey", "jack", "doing"),
            ("Faster payment step", "leo", "todo"),
        ],
        "phone": [
            ("FAQ on delivery times", "mia", "done"),
            ("Order-status emails", "leo", "done"),
            ("Chat button in the order system", "jack", "todo"),
        ],
    }
    for order, (title, owner, kind, krs) in enumerate(plan):
        objective = b.add(
            Objective(
                unit_id=company.id,
                period_id=current.id,
                title=title,
                owner=owner,
                kind=kind,
                order=order,
            ),  # type: ignore[arg-type]
            planned,
            owner,
        )
        made: list[tuple[str, KeyResult, float, float, tuple[int, int]]] = []
        for kr_order, (key, kr_title, fields, reached, step, hope) in enumerate(krs):
            kr = b.add(
                KeyResult(objective_id=objective.id, title=kr_title, order=kr_order, **fields),
                planned,
                owner,
            )
            made.append((key, kr, reached, step, hope))
        b.update(objective, planned + timedelta(hours=2), "hanna", status="committed")
        for key, kr, reached, step, hope in made:
            for task_title, task_owner, status in task_plan[key]:
                due = current.end - timedelta(days=rng.choice((10, 20, 30, 40)))
                b.add(
                    Task(kr_id=kr.id, title=task_title, owner=task_owner, status=status, due=due),
                    planned + timedelta(hours=3),
                    task_owner,
                )  # type: ignore[arg-type]
            if key == "phone":
                # The first week's count showed the baseline was wrong: changed, with a reason.
                kr = b.update(
                    kr,
                    moment(days[0], 18),
                    "mia",
                    reason="the support log showed 120 calls a week, not 100",
                    baseline=120.0,
                    target=60.0,
                )
            # The survey KR was last read three weeks ago, so it shows as stale.
            readings = days if key != "satisfaction" else [days[i] for i in (0, 2, 4, 7)]
            target = kr.target if kr.target is not None else 1.0
            values = curve(rng, kr.baseline, target, reached, len(readings), step)
            levels = confidences(rng, hope[0], hope[1], len(readings))
            notes = TEEBEE_NOTES[key]
            for n, (day, value, level) in enumerate(zip(readings, values, levels, strict=True)):
                author = kr.owner if n % 4 != 3 else "hanna"
                at = moment(day, rng.randint(9, 17), rng.choice((0, 10, 20, 30, 40, 50)))
                b.checkin(kr, round(value, 1), at, author, level, notes[n % len(notes)])
    return b


# -- shared by UED and personal ----------------------------------------------------------

KrSpec = tuple[str, dict[str, Any], float, float, tuple[int, int]]
"""(title, KeyResult fields, share of the way reached, rounding step, confidence from-to)."""


def add_objective(
    b: Builder,
    unit: Unit,
    period: Period,
    title: str,
    owner: str,
    krs: Sequence[KrSpec],
    days: Sequence[date],
    at: datetime,
    *,
    authors: Sequence[str] = (),
    notes: Sequence[str] = (),
    **fields: Any,
) -> Objective:
    """An objective with its KRs, committed, and a reading of each KR on each of `days`."""
    rng = b.rng
    count = len(b.records[Objective.TABLE])
    objective = b.add(
        Objective(
            unit_id=unit.id, period_id=period.id, title=title, owner=owner, order=count, **fields
        ),
        at,
        owner,
    )
    made = []
    for order, (kr_title, kr_fields, reached, step, hope) in enumerate(krs):
        kr_fields = {"owner": owner, **kr_fields}
        made.append(
            (
                b.add(
                    KeyResult(objective_id=objective.id, title=kr_title, order=order, **kr_fields),
                    at,
                    owner,
                ),
                reached,
                step,
                hope,
            )
        )
    objective = b.update(objective, at + timedelta(hours=1), owner, status="committed")
    for n_kr, (kr, reached, step, hope) in enumerate(made):
        target = kr.target if kr.target is not None else 1.0
        if kr.milestone:
            # A milestone reached reads "done" from its due date (or the last reading) on.
            done_from = min(kr.due, days[-1]) if kr.due and days else (days[-1] if days else None)
            values = [1.0 if reached >= 1 and d >= done_from else 0.0 for d in days]  # type: ignore[operator]
        else:
            values = curve(rng, kr.baseline, target, reached, len(days), step)
        levels = confidences(rng, hope[0], hope[1], len(days))
        for n, (day, value, level) in enumerate(zip(days, values, levels, strict=True)):
            author = kr.owner if not authors or n % 3 else authors[(n + n_kr) % len(authors)]
            note = notes[(n + n_kr) % len(notes)] if notes and rng.random() < 0.5 else ""
            at_time = moment(day, rng.randint(9, 18), rng.choice((0, 15, 30, 45)))
            b.checkin(kr, round(value, 2), at_time, author, level, note)
    return objective


UED_PEOPLE = (
    ("zhou", "Zhou Min"),
    ("lin", "Lin Wei"),
    ("chen", "Chen Jie"),
    ("xu", "Xu Yang"),
    ("ma", "Ma Li"),
    ("he", "He Tao"),
    ("gao", "Gao Fei"),
)

UED_NOTES = (
    "Shared the findings at the business team's weekly meeting.",
    "Interviews this week: retail shop owners in Hangzhou.",
    "Data pulled from the order warehouse; one table was late.",
    "Team 2 asked for the pattern report a week early.",
    "Slower week: two designers on the campaign.",
)


def build_ued(today: date) -> Builder:
    b = Builder("ued", today)
    current = b.period(quarter_of(today))
    days = weekly_days(today, 3, 10)[2:]
    setup = moment(current.start - timedelta(days=7), 9)
    planned = moment(current.start + timedelta(days=1), 10)
    people = {
        login: b.add(Person(login=login, name=name), setup, "zhou") for login, name in UED_PEOPLE
    }
    company = b.add(Unit(name="Brightmart", kind="company"), setup, "zhou")
    sme = b.add(Unit(name="SME business", kind="business", parent_id=company.id), setup, "zhou")
    team1 = b.add(
        Unit(name="Team 1: retail shops", kind="business", parent_id=sme.id), setup, "zhou"
    )
    team2 = b.add(
        Unit(name="Team 2: industry accounts", kind="business", parent_id=sme.id), setup, "zhou"
    )
    team3 = b.add(
        Unit(name="Team 3: new customers", kind="business", parent_id=sme.id), setup, "zhou"
    )
    ued = b.add(Unit(name="UED 用户体验设计", kind="support", parent_id=company.id), setup, "lin")
    homes = {
        "zhou": sme,
        "lin": ued,
        "chen": ued,
        "xu": ued,
        "ma": team1,
        "he": team2,
        "gao": team3,
    }
    for login, person in people.items():
        b.records[Person.TABLE][person.id] = person.model_copy(
            update={"unit_ids": [homes[login].id]}
        )
    b.add(
        Charter(
            unit_id=ued.id,
            mission="Make every business team's customers easier to understand and to serve.",
            vision="No business decision at Brightmart is made without knowing the customer.",
            strategy="Serve the business teams' top objective each quarter with research, "
            "portraits and models, and get faster at it.",
        ),
        setup,
        "lin",
    )
    goal = add_objective(
        b,
        sme,
        current,
        "Make SME customers come back",
        "zhou",
        [
            (
                "Repurchase rate of the SME market up from 30% to 40%",
                {"baseline": 30, "target": 40, "measure": "%"},
                0.5,
                0.1,
                (6, 7),
            ),
            (
                "Repeat customers' orders reach ¥12M",
                {"target": 12_000_000, "measure": "¥"},
                0.6,
                10_000,
                (6, 8),
            ),
            (
                "Churned SME accounts down from 300 to 150",
                {"baseline": 300, "target": 150, "measure": "accounts", "direction": "down"},
                0.4,
                1,
                (5, 6),
            ),
        ],
        days,
        planned,
        kind="committed",
    )
    team_goals = [
        add_objective(
            b,
            team1,
            current,
            "Bring retail shops back every month",
            "ma",
            [
                (
                    "Retail repurchase rate from 32% to 42%",
                    {"baseline": 32, "target": 42, "measure": "%"},
                    0.55,
                    0.1,
                    (6, 7),
                ),
                (
                    "Monthly active retail shops reach 4,000",
                    {"baseline": 3000, "target": 4000, "measure": "shops"},
                    0.6,
                    10,
                    (6, 8),
                ),
            ],
            days,
            planned,
            parent_id=goal.id,
        ),
        add_objective(
            b,
            team2,
            current,
            "Win repeat business in our top industries",
            "he",
            [
                (
                    "Repurchase rate in the 5 top industries reaches 45%",
                    {"baseline": 35, "target": 45, "measure": "%"},
                    0.4,
                    0.1,
                    (5, 6),
                ),
                (
                    "Sales use 20 industry playbooks",
                    {"target": 20, "measure": "playbooks"},
                    0.5,
                    1,
                    (6, 7),
                ),
            ],
            days,
            planned,
            parent_id=goal.id,
        ),
        add_objective(
            b,
            team3,
            current,
            "Turn first orders into second orders",
            "gao",
            [
                (
                    "Second-order rate of new customers from 18% to 28%",
                    {"baseline": 18, "target": 28, "measure": "%"},
                    0.45,
                    0.1,
                    (5, 7),
                ),
                (
                    "Days to a second order down from 45 to 30",
                    {"baseline": 45, "target": 30, "measure": "days", "direction": "down"},
                    0.5,
                    1,
                    (6, 7),
                ),
            ],
            days,
            planned,
            parent_id=goal.id,
        ),
    ]
    crew = ("lin", "chen", "xu")
    add_objective(
        b,
        ued,
        current,
        "Know our repurchasing customers: layers and portraits by repurchase",
        "chen",
        [
            (
                "Customer layers by repurchase used by 3 teams",
                {"target": 3, "measure": "teams"},
                0.67,
                1,
                (7, 8),
            ),
            (
                "8 user portraits checked in 40 interviews",
                {"target": 40, "measure": "interviews"},
                0.7,
                1,
                (6, 8),
            ),
            (
                "Research the buying habits of 12 retail shops",
                {"target": 12, "measure": "sessions", "indicator": "process"},
                0.75,
                1,
                (8, 8),
            ),
        ],
        days,
        planned,
        authors=crew,
        notes=UED_NOTES,
        supports=[team_goals[0].id],
    )
    add_objective(
        b,
        ued,
        current,
        "Export what high-repurchase industries and levels do well",
        "lin",
        [
            (
                "Publish 6 success-pattern reports",
                {"target": 6, "measure": "reports"},
                0.5,
                1,
                (6, 7),
            ),
            (
                "Sales use the patterns in 30% of renewal pitches",
                {"target": 30, "measure": "%"},
                0.4,
                1,
                (5, 6),
            ),
        ],
        days,
        planned,
        authors=crew,
        notes=UED_NOTES,
        supports=[team_goals[1].id],
    )
    add_objective(
        b,
        ued,
        current,
        "Build a model of high-repurchase potential",
        "xu",
        [
            (
                "The potential model finds second orders with 70% precision",
                {"baseline": 40, "target": 70, "measure": "%"},
                0.6,
                1,
                (5, 7),
            ),
            (
                "Every new customer gets a potential score",
                {"milestone": True, "due": current.end - timedelta(days=31)},
                0.0,
                1,
                (6, 6),
            ),
        ],
        days,
        planned,
        authors=crew,
        notes=UED_NOTES,
        supports=[team_goals[2].id],
    )
    add_objective(
        b,
        ued,
        current,
        "Deliver research projects faster",
        "lin",
        [
            (
                "Project efficiency up 30%: lead time from 20 to 14 days",
                {"baseline": 20, "target": 14, "measure": "days", "direction": "down"},
                0.5,
                0.5,
                (6, 7),
            ),
            (
                "Every project starts from a one-page brief",
                {"target": 100, "measure": "%"},
                0.8,
                5,
                (8, 9),
            ),
        ],
        days,
        planned,
        authors=crew,
        track="team-building",
    )
    add_objective(
        b,
        ued,
        current,
        "Master three new analytical tools",
        "lin",
        [
            (
                "3 new tools each used in a real project",
                {"target": 3, "measure": "tools"},
                0.34,
                1,
                (6, 7),
            ),
            (
                "All 4 designers pass the SQL course",
                {"target": 4, "measure": "designers"},
                0.5,
                1,
                (7, 8),
            ),
        ],
        days,
        planned,
        authors=crew,
        track="team-building",
    )
    return b


# -- personal ------------------------------------------------------------------------


def build_personal(today: date) -> Builder:
    b = Builder("personal", today)
    year = b.period(str(today.year))
    start = moment(year.start + timedelta(days=3), 20)
    me = b.add(Person(login="lena", name="Lena Marsh"), start, "lena")
    unit = b.add(Unit(name="Lena Marsh", kind="person", person_login="lena"), start, "lena")
    b.records[Person.TABLE][me.id] = me.model_copy(update={"unit_ids": [unit.id]})
    b.add(
        Charter(
            unit_id=unit.id,
            mission="Explain hard ideas so that anyone can enjoy them.",
            vision="Books and lectures that readers still recommend in ten years.",
            strategy="Write every day, teach what I write, and guard time for family and health.",
        ),
        start,
        "lena",
    )

    def day(month: int, dom: int = 0) -> date:
        last = (date(today.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        return date(today.year, month, dom or last)

    # Month-end readings up to today, and one from this week for the freshest ones.
    months = [day(m) for m in range(1, 13) if day(m) < today]
    recent = weekly_days(today, 6, 1)
    readings = sorted({*months, *recent})
    plan: list[tuple[str, list[KrSpec], dict[str, Any]]] = [
        (
            "Bring out the English and Korean editions of my maths book and a second edition of "
            "the university guide",
            [
                ("Find the English publisher", {"milestone": True, "due": day(3)}, 1, 1, (7, 9)),
                (
                    "Find an English co-author to revise the manuscript",
                    {"milestone": True, "due": day(4)},
                    1,
                    1,
                    (7, 9),
                ),
                ("Finish the English manuscript", {"milestone": True, "due": day(9)}, 1, 1, (6, 8)),
                (
                    "The English edition is published before the end of the year",
                    {"milestone": True, "due": day(12)},
                    0,
                    1,
                    (5, 6),
                ),
                (
                    "The Korean edition is published before the end of the year",
                    {"milestone": True, "due": day(12)},
                    0,
                    1,
                    (6, 7),
                ),
                (
                    "Second edition of the guide: revised by April, published by September",
                    {"milestone": True, "due": day(8)},
                    1,
                    1,
                    (7, 9),
                ),
            ],
            {},
        ),
        (
            "Turn my letters into a book",
            [
                (
                    "Write 20 letters on each of 3 topics",
                    {"target": 60, "measure": "letters"},
                    0.85,
                    1,
                    (7, 8),
                ),
                (
                    "Expand the 60 letters to about 5,000 words each",
                    {"target": 60, "measure": "letters"},
                    0.5,
                    1,
                    (5, 6),
                ),
                (
                    "First draft by the end of August",
                    {"milestone": True, "due": day(8)},
                    0,
                    1,
                    (4, 3),
                ),
            ],
            {},
        ),
        (
            "Refresh my business school teaching",
            [
                ("Teach 60 hours", {"target": 60, "measure": "hours"}, 0.8, 1, (8, 8)),
                (
                    "Try the new courseware in the spring semester",
                    {"milestone": True, "due": day(6)},
                    1,
                    1,
                    (8, 9),
                ),
                (
                    "Split the new material into 3 lectures of 1.5 to 2 hours",
                    {"target": 3, "measure": "lectures"},
                    0.67,
                    1,
                    (7, 8),
                ),
            ],
            {},
        ),
        (
            "Write the letters as agreed with my readers",
            [
                (
                    "Publish 50 letters on schedule",
                    {"target": 50, "measure": "letters"},
                    0.88,
                    1,
                    (8, 9),
                )
            ],
            {},
        ),
        (
            "Travel, and put the photos in order",
            [
                ("A trip to Europe", {"milestone": True, "due": day(7)}, 1, 1, (8, 9)),
                (
                    "Drive around the western United States",
                    {"milestone": True, "due": day(10)},
                    1,
                    1,
                    (7, 9),
                ),
                ("Learn Lightroom", {"milestone": True, "due": day(3)}, 1, 1, (8, 9)),
                (
                    "Make 5 photo albums: 2 of this year, 3 of last year",
                    {"target": 5, "measure": "albums"},
                    0.6,
                    1,
                    (6, 6),
                ),
            ],
            {},
        ),
        (
            "Learn outside my field",
            [
                (
                    "Finish 2 Coursera courses: law and biology",
                    {"target": 2, "measure": "courses"},
                    0.5,
                    1,
                    (6, 7),
                ),
                (
                    "Read 10 books carefully and 10 quickly",
                    {"target": 20, "measure": "books"},
                    0.75,
                    1,
                    (7, 8),
                ),
            ],
            {},
        ),
        (
            "Finish the first drafts of two books",
            [
                (
                    "Both first drafts reach the publisher by June",
                    {"target": 2, "measure": "drafts", "due": day(6)},
                    0.5,
                    1,
                    (5, 4),
                ),
                (
                    "Ask friends for the forewords early",
                    {"milestone": True, "due": day(5)},
                    1,
                    1,
                    (8, 9),
                ),
            ],
            {},
        ),
        (
            "Exercise and run 1000 km",
            [
                ("Run 1,000 km", {"target": 1000, "measure": "km"}, 0.86, 1, (7, 8)),
                (
                    "Run 3 times a week in 40 weeks",
                    {"target": 40, "measure": "weeks"},
                    0.8,
                    1,
                    (7, 8),
                ),
            ],
            {},
        ),
        (
            "Close the third round of financing",
            [
                ("Meet 20 investors", {"target": 20, "measure": "investors"}, 0.9, 1, (7, 8)),
                ("The third round is closed", {"milestone": True, "due": day(10)}, 1, 1, (6, 9)),
            ],
            {"visibility": "private"},
        ),
        (
            "Family: time with the children, and the yard repaired",
            [
                (
                    "One weekend trip with the children each month",
                    {"target": 12, "measure": "trips"},
                    0.8,
                    1,
                    (8, 8),
                ),
                ("The yard is repaired by June", {"milestone": True, "due": day(6)}, 1, 1, (7, 9)),
            ],
            {"visibility": "private"},
        ),
        (
            "Put our finances in order",
            [
                ("Save 30% of what we earn", {"target": 30, "measure": "%"}, 0.8, 1, (7, 8)),
                (
                    "Pay off the second part of the house loan",
                    {"milestone": True, "due": day(12)},
                    0,
                    1,
                    (6, 7),
                ),
            ],
            {"visibility": "private"},
        ),
    ]
    for title, krs, fields in plan:
        add_objective(
            b, unit, year, title, "lena", krs, readings, start, kind="aspirational", **fields
        )
    return b


def build(name: str, path: Path, today: date) -> Path:
    """Write a fresh sample workspace at `path`, anchored at `today`."""
    builders = {"teebee": build_teebee, "ued": build_ued, "personal": build_personal}
    if name not in SAMPLES:
        raise ValueError(f"no sample called {name!r} (there are: {', '.join(SAMPLES)})")
    builder = builders[name](today)
    return builder.write(Path(path), ORGS[name])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m okr_tui.samples", description="Rebuild the bundled sample workspaces."
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"one of {', '.join(SAMPLES)}")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "sample_data"
    )
    parser.add_argument("--today", type=date.fromisoformat, default=ANCHOR)
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in SAMPLES]
    if unknown:
        parser.error(f"no sample called {unknown[0]!r} (there are: {', '.join(SAMPLES)})")
    for name in args.names or SAMPLES:
        print(build(name, args.out / f"{name}.json", args.today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
