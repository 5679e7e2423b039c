"""A large organisation's workspace, generated quickly for the benchmarks.

By default: a company and 500 teams below it (grouped under divisions of about
25), 2,000 people, 4 committed objectives with 3 key results each per unit in
the current quarter, 13 weekly check-ins per key result, and an earlier
quarter that is closed and scored (one closing check-in per key result).
Every record comes with the event real use leaves for it. Sizes are flags:

    .venv/bin/python benchmarks/synth.py big.json                       # ~80k check-ins
    .venv/bin/python benchmarks/synth.py big.json --target-checkins 100000
    .venv/bin/python benchmarks/synth.py small.json --teams 20 --people 80

The data is written straight in the store's format (dicts shaped like
`Model.to_doc()`, dumped with orjson), not through the store: 100k check-ins
take a couple of seconds rather than minutes. Ids are fixed, so two runs
with the same flags give the same file.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from okr_tui.models import Meta, period_for
from okr_tui.storage import write_workspace
from okr_tui.store import SCHEMA_VERSION

TODAY = date(2026, 12, 24)
"""The day the benchmarks pretend it is: the 13th week of 2026-Q4."""
CURRENT, EARLIER = "2026-Q4", "2026-Q3"
TEAMS_PER_DIVISION = 25

Doc = dict[str, Any]


@dataclass
class Summary:
    path: Path
    units: int
    people: int
    objectives: int
    key_results: int
    checkins: int
    events: int
    largest_unit: str
    seconds: float


def stamp(moment: datetime) -> str:
    """A time as the models dump it (UTC, whole seconds, `Z`)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def units_for(target_checkins: int, objectives: int, krs: int, checkins_per_kr: int) -> int:
    """How many teams (below the company) give about `target_checkins` check-ins."""
    per_unit = objectives * krs * (checkins_per_kr + 1)
    return max(1, round(target_checkins / per_unit) - 1)


class Synth:
    """Builds the tables in memory, then writes them once."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tables: dict[str, dict[str, Doc]] = {}
        self.counter: dict[str, int] = {}
        self.events = 0

    def put(self, table: str, doc: Doc, *, at: datetime, who: str, action: str = "create") -> Doc:
        docs = self.tables.setdefault(table, {})
        docs[str(len(docs) + 1)] = doc
        self.events += 1
        event = {
            "id": f"ev-{self.events:06x}",
            "at": stamp(at),
            "who": who,
            "action": action,
            "table": table,
            "record_id": doc["id"],
            "before": None,
            "after": doc,
            "reason": "",
        }
        events = self.tables.setdefault("events", {})
        events[str(len(events) + 1)] = event
        return doc

    def next_id(self, prefix: str, width: int) -> str:
        self.counter[prefix] = self.counter.get(prefix, 0) + 1
        return f"{prefix}-{self.counter[prefix]:0{width}x}"


def build(
    path: Path,
    *,
    teams: int = 500,
    people: int = 2000,
    objectives: int = 4,
    krs: int = 3,
    checkins_per_kr: int = 13,
    seed: int = 8,
) -> Summary:
    """Write the workspace to `path` (replacing it) and say what is in it."""
    started = time.perf_counter()
    s = Synth(seed)
    rng = s.rng
    setup = datetime(2026, 6, 20, 9, tzinfo=UTC)
    for label in (EARLIER, CURRENT):
        s.put("periods", period_for(label).to_doc(), at=setup, who="admin")

    # Units: the company, divisions of about 25 teams, the teams.
    company = {"id": "un-0000", "name": "Synthetic Corp", "kind": "company", "parent_id": None,
               "person_login": None, "archived": False}  # fmt: skip
    s.put("units", company, at=setup, who="admin")
    units: list[Doc] = [company]
    division: Doc = company
    for n in range(teams):
        is_division = n % TEAMS_PER_DIVISION == 0 and teams > TEAMS_PER_DIVISION
        kind = "business" if is_division or n % 3 else "support"
        unit = {
            "id": s.next_id("un", 4),
            "name": f"Division {n // TEAMS_PER_DIVISION + 1}" if is_division else f"Team {n + 1}",
            "kind": kind,
            "parent_id": company["id"] if is_division else division["id"],
            "person_login": None,
            "archived": False,
        }
        if is_division:
            division = unit
        s.put("units", unit, at=setup, who="admin")
        units.append(unit)

    # People, spread unevenly: the last team is the largest, as in real organisations.
    members: dict[str, list[str]] = {u["id"]: [] for u in units}
    for n in range(people):
        unit = units[-1] if n % 10 == 0 else units[rng.randrange(len(units))]
        login = f"p{n:04d}"
        members[unit["id"]].append(login)
        person = {"id": f"pe-{n:04x}", "login": login, "name": f"Person {n}",
                  "unit_ids": [unit["id"]], "archived": False}  # fmt: skip
        s.put("people", person, at=setup, who="admin")
    largest = max(units, key=lambda u: len(members[u["id"]]))

    # Objectives and key results for both quarters; the earlier one closed and scored.
    heads: dict[tuple[str, str], list[str]] = {}
    key_results: list[tuple[Doc, str]] = []
    for label in (EARLIER, CURRENT):
        period = period_for(label)
        created = datetime.combine(period.start, datetime.min.time(), UTC) + timedelta(hours=9)
        for unit in units:
            owners = members[unit["id"]] or ["admin"]
            parent_heads = heads.get((unit["parent_id"] or "", label), [])
            mine: list[str] = []
            for o in range(objectives):
                owner = owners[o % len(owners)]
                private = unit["kind"] != "company" and rng.random() < 0.02
                objective = {
                    "id": s.next_id("ob", 5),
                    "unit_id": unit["id"],
                    "period_id": label,
                    "title": f"{unit['name']}: objective {o + 1} of {label}",
                    "description": "",
                    "owner": owner,
                    "kind": "committed" if o == 0 else "aspirational",
                    "track": "team-building" if o == objectives - 1 else "business",
                    "visibility": "private" if private else "public",
                    "status": "closed" if label == EARLIER else "committed",
                    "parent_id": parent_heads[o % len(parent_heads)] if parent_heads else None,
                    "supports": [],
                    "weight": 1.0,
                    "order": o,
                    "votes": 0,
                }
                s.put("objectives", objective, at=created, who=owner)
                mine.append(objective["id"])
                for k in range(krs):
                    kr = {
                        "id": s.next_id("kr", 5),
                        "objective_id": objective["id"],
                        "title": f"Reach {100 * (k + 1)} on measure {k + 1}",
                        "baseline": 0.0,
                        "target": float(100 * (k + 1)),
                        "measure": "points",
                        "direction": "up",
                        "milestone": False,
                        "due": None,
                        "indicator": "process" if k == krs - 1 else "result",
                        "owner": owners[(o + k) % len(owners)],
                        "weight": 1.0,
                        "status": "active",
                        "order": k,
                    }
                    s.put("key_results", kr, at=created, who=owner)
                    key_results.append((kr, label))
            heads[(unit["id"], label)] = mine

    # Check-ins: weekly through the current quarter, one closing reading for the earlier one.
    for kr, label in key_results:
        period = period_for(label)
        first = datetime.combine(period.start, datetime.min.time(), UTC) + timedelta(hours=10)
        reach = rng.uniform(0.2, 1.1)
        weeks = checkins_per_kr if label == CURRENT else 1
        offset = 12 if label == EARLIER else 0
        for week in range(weeks):
            share = reach * (week + 1 + offset) / (checkins_per_kr if label == CURRENT else 13)
            checkin = {
                "id": s.next_id("ci", 6),
                "kr_id": kr["id"],
                "value": round(kr["target"] * share, 1),
                "confidence": rng.randrange(3, 10),
                "note": f"week {week + 1 + offset}: steady" if week % 4 else "",
                "author": kr["owner"],
                "at": stamp(first + timedelta(weeks=week + offset, minutes=rng.randrange(300))),
            }
            moment = datetime.fromisoformat(checkin["at"].replace("Z", "+00:00"))
            s.put("checkins", checkin, at=moment, who=kr["owner"], action="checkin")
        if label == EARLIER:
            suggested = round(min(1.0, reach * 13 / 13), 1)
            score = {
                "id": s.next_id("sc", 5),
                "kr_id": kr["id"],
                "suggested": suggested,
                "agreed": suggested,
                "comment": "",
                "scored_by": kr["owner"],
                "at": stamp(datetime(2026, 9, 30, 15, tzinfo=UTC)),
            }
            s.put("scores", score, at=datetime(2026, 9, 30, 15, tzinfo=UTC), who=kr["owner"])

    meta = Meta(schema_version=SCHEMA_VERSION, org="Synthetic Corp", created=setup)
    write_workspace(path, meta.model_dump(mode="json"), s.tables)
    t = s.tables
    return Summary(
        path=path,
        units=len(t["units"]),
        people=len(t["people"]),
        objectives=len(t["objectives"]),
        key_results=len(t["key_results"]),
        checkins=len(t["checkins"]),
        events=len(t["events"]),
        largest_unit=largest["id"],
        seconds=time.perf_counter() - started,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="workspace file to write (replaced)")
    parser.add_argument("--teams", type=int, default=500, help="units below the company")
    parser.add_argument("--people", type=int, default=0, help="default: 4 per team")
    parser.add_argument("--objectives", type=int, default=4, help="per unit and quarter")
    parser.add_argument("--krs", type=int, default=3, help="key results per objective")
    parser.add_argument("--checkins-per-kr", type=int, default=13, help="this quarter's weeks")
    parser.add_argument(
        "--target-checkins", type=int, default=0, help="pick --teams to get about this many"
    )
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    teams = args.teams
    if args.target_checkins:
        teams = units_for(args.target_checkins, args.objectives, args.krs, args.checkins_per_kr)
    summary = build(
        args.path,
        teams=teams,
        people=args.people or 4 * teams,
        objectives=args.objectives,
        krs=args.krs,
        checkins_per_kr=args.checkins_per_kr,
        seed=args.seed,
    )
    print(
        f"{summary.path}: {summary.units:,} units, {summary.people:,} people, "
        f"{summary.objectives:,} objectives, {summary.key_results:,} key results, "
        f"{summary.checkins:,} check-ins, {summary.events:,} events; "
        f"largest unit {summary.largest_unit}; {summary.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
