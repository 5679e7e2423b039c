"""The story of a sample workspace, read from its data file in okr_tui/sample_specs/.

A spec is a TOML file: the people and units, the charter, the objectives with
their key results, and how each key result went (how far it got, the team's
confidence, notes, tasks, scores). These models check a spec as it is read,
so a misspelt field names itself instead of vanishing from the sample.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from okr_tui.models import (
    Direction,
    Indicator,
    ObjectiveKind,
    Period,
    TaskStatus,
    Track,
    UnitKind,
    Visibility,
)
from okr_tui.sample_calendar import due_date

# The fields of a key result that a spec passes on to the record as written.
KEY_RESULT_FIELDS = ("baseline", "target", "measure", "direction", "milestone", "indicator")
OBJECTIVE_FIELDS = ("kind", "track", "visibility")


class Part(BaseModel):
    """A part of a spec: every field known, nothing changed after reading."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def given(self, names: tuple[str, ...]) -> dict[str, Any]:
        """The fields among `names` that the spec writes, so records keep their defaults."""
        return {name: getattr(self, name) for name in names if name in self.model_fields_set}


class PersonSpec(Part):
    login: str
    name: str
    home: str
    """The key of the unit the person belongs to."""
    lang: Literal["", "en", "zh"] = ""
    """The language the person reads okr-tui in ("" for the locale's)."""


class UnitSpec(Part):
    key: str
    name: str
    kind: UnitKind
    parent: str | None = None
    person: str | None = None
    """The login of the person a personal unit belongs to."""
    by: str | None = None
    """Who added the unit, if not the lead."""


class CharterSpec(Part):
    unit: str
    mission: str
    vision: str
    strategy: str
    by: str | None = None


class KeyResultSpec(Part):
    """A key result as written: the record's own fields, and a due date as a phrase."""

    title: str
    baseline: float = 0.0
    target: float | None = None
    measure: str = ""
    direction: Direction = "up"
    milestone: bool = False
    indicator: Indicator = "result"
    owner: str | None = None
    due: str | None = None

    def fields(self, owner: str, period: Period) -> dict[str, Any]:
        """Keyword arguments for the KeyResult; the objective's owner owns it unless named."""
        out: dict[str, Any] = {"owner": self.owner or owner, **self.given(KEY_RESULT_FIELDS)}
        if self.due is not None:
            out["due"] = due_date(self.due, period)
        return out


class TaskSpec(Part):
    title: str
    owner: str
    status: TaskStatus


class CorrectionSpec(Part):
    """A change to a committed key result after its first reading, with the reason given."""

    by: str
    reason: str
    baseline: float | None = None
    target: float | None = None

    def changes(self) -> dict[str, Any]:
        return self.given(("baseline", "target"))


class TrackedKeyResult(KeyResultSpec):
    """A key result of the current period, read week by week (or month by month)."""

    reached: float
    """The share of the way from baseline to target reached by the last reading."""
    step: float = 1
    """What the readings round to."""
    confidence: tuple[int, int]
    """The owner's confidence at the first reading and at the last."""
    notes: list[str] = []
    tasks: list[TaskSpec] = []
    weeks: list[int] | None = None
    """The only reading days with a reading (counted from 0), if not all of them."""
    correction: CorrectionSpec | None = None


class ObjectiveSpec(Part):
    title: str
    owner: str
    unit: str
    kind: ObjectiveKind = "aspirational"
    track: Track = "business"
    visibility: Visibility = "public"
    key: str | None = None
    """A name other objectives use to point at this one."""
    parent: str | None = None
    supports: list[str] = []
    crew: bool = False
    """The crew take turns at the check-ins instead of the owner now and then."""
    crew_notes: bool = False
    key_results: list[TrackedKeyResult]

    def fields(self) -> dict[str, Any]:
        return self.given(OBJECTIVE_FIELDS)


class ScoredKeyResult(KeyResultSpec):
    """A key result of the earlier period: where it ended and how the team scored it."""

    final: float
    comment: str
    agreed: float | None = None
    """The score the team agreed, if not the one the numbers suggest."""
    step: float = 1.0


class ScoredObjective(Part):
    title: str
    owner: str
    unit: str
    kind: ObjectiveKind = "aspirational"
    key_results: list[ScoredKeyResult]

    def fields(self) -> dict[str, Any]:
        return self.given(("kind",))


class ReflectionSpec(Part):
    unit: str
    author: str
    went_well: str
    went_badly: str
    learned: str


class EarlierSpec(Part):
    """The period before the current one: closed, scored and reflected on."""

    scored_by: str
    objectives: list[ScoredObjective]
    reflection: ReflectionSpec


class SampleSpec(Part):
    lead: str
    """Who sets the workspace up and commits the objectives."""
    people: list[PersonSpec]
    units: list[UnitSpec]
    charter: CharterSpec
    crew: list[str] = []
    crew_notes: list[str] = []
    earlier: EarlierSpec | None = None
    objectives: list[ObjectiveSpec]


def spec_text(name: str) -> str:
    """The TOML text of a sample's spec, from the package (source tree or installed wheel)."""
    return resources.files("okr_tui").joinpath("sample_specs", f"{name}.toml").read_text("utf-8")


def parse_spec(text: str, source: str) -> SampleSpec:
    """A spec from its TOML text; a mistake is reported with the file it is in."""
    try:
        return SampleSpec.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source}: {error}") from error
    except ValidationError as error:
        raise ValueError(f"{source}: {first_problem(error)}") from error


def first_problem(error: ValidationError) -> str:
    """The first thing wrong with a spec, on one line, with where it is."""
    problems = error.errors()
    where = ".".join(str(part) for part in problems[0]["loc"])
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {problems[0]['msg']}{more}"


def load_spec(name: str) -> SampleSpec:
    return parse_spec(spec_text(name), f"sample_specs/{name}.toml")
