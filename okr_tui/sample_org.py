"""The organisation of a sample: its people, its units and the charter, set up by the lead."""

from __future__ import annotations

from datetime import datetime

from okr_tui.models import Charter, Person, Unit
from okr_tui.sample_builder import Builder
from okr_tui.sample_spec import SampleSpec


def add_organisation(b: Builder, spec: SampleSpec, at: datetime) -> dict[str, Unit]:
    """Add the people, then the units (each after its parent), then the charter.

    Returns the units by their key in the spec.
    """
    people = {
        p.login: b.add(Person(login=p.login, name=p.name, lang=p.lang), at, spec.lead)
        for p in spec.people
    }
    units: dict[str, Unit] = {}
    for unit in spec.units:
        parent_id = units[unit.parent].id if unit.parent else None
        units[unit.key] = b.add(
            Unit(name=unit.name, kind=unit.kind, parent_id=parent_id, person_login=unit.person),
            at,
            unit.by or spec.lead,
        )
    # People join their units as the workspace is set up: no event of its own.
    for person in spec.people:
        b.replace(people[person.login], unit_ids=[units[person.home].id])
    charter = spec.charter
    b.add(
        Charter(
            unit_id=units[charter.unit].id,
            mission=charter.mission,
            vision=charter.vision,
            strategy=charter.strategy,
        ),
        at,
        charter.by or spec.lead,
    )
    return units
