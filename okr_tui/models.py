"""The records of a workspace, as pydantic v2 models.

These models are the single definition of every record: the store validates
what it reads and what it writes against them. Each record carries its own
short, typeable id (`kr-7f3a`) rather than a TinyDB document id.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

UnitKind = Literal["company", "business", "support", "person"]
ObjectiveKind = Literal["committed", "aspirational"]
Track = Literal["business", "team-building"]
Visibility = Literal["public", "private"]
ObjectiveStatus = Literal["draft", "committed", "closed", "dropped", "parked"]
KeyResultStatus = Literal["active", "dropped"]
Direction = Literal["up", "down"]
Indicator = Literal["result", "process"]
TaskStatus = Literal["todo", "doing", "done"]

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")


def utcnow() -> datetime:
    """The current time, timezone-aware, to the millisecond.

    Finer than a second, so two check-ins saved in the same second keep their order.
    """
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Record(BaseModel):
    """Base of every stored record: an id, and strict validation."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
        # Built on first validation: a session that never meets a workshop or a score
        # does not pay for their schemas at start-up.
        defer_build=True,
    )

    TABLE: ClassVar[str] = ""
    PREFIX: ClassVar[str] = ""
    WATCHED: ClassVar[bool] = True
    """Whether a person who saved this record hears when someone else changes it."""

    id: str = ""

    def to_doc(self) -> dict[str, Any]:
        """The record as a JSON-ready dict, as it is stored."""
        return self.model_dump(mode="json")


class Meta(BaseModel):
    """The workspace header: schema version and organisation name."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    schema_version: int
    org: str = ""
    created: datetime = Field(default_factory=utcnow)


class Person(Record):
    TABLE: ClassVar[str] = "people"
    PREFIX: ClassVar[str] = "pe"

    login: str = Field(min_length=1, max_length=64)
    name: str = Field(default="", max_length=120)
    unit_ids: list[str] = Field(default_factory=list)
    archived: bool = False
    lang: Literal["", "en", "zh"] = ""
    """The language this person reads okr-tui in; "" for the locale's."""

    @property
    def display(self) -> str:
        return self.name or self.login

    def to_doc(self) -> dict[str, Any]:
        # Left out when unset: people who never chose keep the documents they had before.
        doc = super().to_doc()
        if not doc.get("lang"):
            doc.pop("lang", None)
        return doc


class Unit(Record):
    TABLE: ClassVar[str] = "units"
    PREFIX: ClassVar[str] = "un"

    name: str = Field(min_length=1, max_length=120)
    kind: UnitKind
    parent_id: str | None = None
    person_login: str | None = None
    archived: bool = False


class Period(Record):
    """A quarter (`2026-Q3`) or a year (`2017`); the id is the label itself."""

    TABLE: ClassVar[str] = "periods"
    PREFIX: ClassVar[str] = ""

    start: date
    end: date

    @field_validator("id")
    @classmethod
    def _label(cls, value: str) -> str:
        if not PERIOD_RE.match(value):
            raise ValueError(
                f"a period is a quarter like 2026-Q3 or a year like 2017, not {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _dates(self) -> Period:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")
        return self

    @property
    def is_year(self) -> bool:
        return "-Q" not in self.id


class Charter(Record):
    TABLE: ClassVar[str] = "charters"
    PREFIX: ClassVar[str] = "ch"

    unit_id: str
    mission: str = Field(default="", max_length=2000)
    vision: str = Field(default="", max_length=2000)
    strategy: str = Field(default="", max_length=2000)


class Objective(Record):
    TABLE: ClassVar[str] = "objectives"
    PREFIX: ClassVar[str] = "ob"

    unit_id: str
    period_id: str
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=4000)
    owner: str = ""
    kind: ObjectiveKind = "aspirational"
    track: Track = "business"
    visibility: Visibility = "public"
    status: ObjectiveStatus = "draft"
    parent_id: str | None = None
    supports: list[str] = Field(default_factory=list)
    weight: float = Field(default=1.0, gt=0, le=100)
    order: int = 0
    votes: int = Field(default=0, ge=0)
    author: str = ""
    """Who wrote it as a candidate in a workshop ("" when the round was anonymous)."""
    sealed: bool = False
    """A draft written in a silent round: its author's alone until the facilitator reveals."""


class KeyResult(Record):
    TABLE: ClassVar[str] = "key_results"
    PREFIX: ClassVar[str] = "kr"

    objective_id: str
    title: str = Field(min_length=1, max_length=300)
    # Never nan or infinity: no progress can be computed from them, and JSON cannot keep them.
    baseline: float = Field(default=0.0, allow_inf_nan=False)
    target: float | None = Field(default=None, allow_inf_nan=False)
    measure: str = Field(default="", max_length=40)
    direction: Direction = "up"
    milestone: bool = False
    due: date | None = None
    indicator: Indicator = "result"
    owner: str = ""
    weight: float = Field(default=1.0, gt=0, le=100)
    status: KeyResultStatus = "active"
    order: int = 0
    start: date | None = None
    """The day it began, when that was after its period began (added mid-quarter); its pace
    and its weeks count from here. None: from the start of its period."""

    def to_doc(self) -> dict[str, Any]:
        # Left out when unset: most key results begin with their period, and their stored
        # documents, exports and events stay as they were before key results had a start.
        doc = super().to_doc()
        if doc.get("start") is None:
            doc.pop("start", None)
        return doc

    @model_validator(mode="before")
    @classmethod
    def _milestone(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("milestone") and data.get("target") is None:
            # A milestone is done (1) or not (0): fill the numbers in for the user.
            data = {**data, "baseline": 0.0, "target": 1.0}
        return data


class Task(Record):
    TABLE: ClassVar[str] = "tasks"
    PREFIX: ClassVar[str] = "tk"

    kr_id: str
    title: str = Field(min_length=1, max_length=300)
    owner: str = ""
    status: TaskStatus = "todo"
    due: date | None = None


class CheckIn(Record):
    TABLE: ClassVar[str] = "checkins"
    PREFIX: ClassVar[str] = "ci"

    kr_id: str
    value: float = Field(allow_inf_nan=False)
    confidence: int | None = Field(default=None, ge=0, le=10)
    note: str = Field(default="", max_length=1000)
    author: str = ""
    at: datetime = Field(default_factory=utcnow)


class Score(Record):
    TABLE: ClassVar[str] = "scores"
    PREFIX: ClassVar[str] = "sc"

    kr_id: str
    suggested: float = Field(ge=0.0, le=1.0)
    agreed: float | None = Field(default=None, ge=0.0, le=1.0)
    comment: str = Field(default="", max_length=2000)
    scored_by: str = ""
    at: datetime = Field(default_factory=utcnow)

    @field_validator("suggested", "agreed")
    @classmethod
    def _tenths(cls, value: float | None) -> float | None:
        if value is None:
            return None
        rounded = round(value, 1)
        if abs(rounded - value) > 1e-9:
            raise ValueError(f"a score goes in steps of 0.1 (0.0, 0.1 ... 1.0), not {value}")
        return rounded


class Reflection(Record):
    TABLE: ClassVar[str] = "reflections"
    PREFIX: ClassVar[str] = "rf"

    unit_id: str
    period_id: str
    went_well: str = Field(default="", max_length=4000)
    went_badly: str = Field(default="", max_length=4000)
    learned: str = Field(default="", max_length=4000)
    author: str = ""


class Event(Record):
    """One recorded change: who, when, what, before, after and why."""

    TABLE: ClassVar[str] = "events"
    PREFIX: ClassVar[str] = "ev"

    at: datetime = Field(default_factory=utcnow)
    who: str = ""
    action: str
    table: str
    record_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""

    @field_validator("before", "after", mode="plain")
    @classmethod
    def _snapshot(cls, value: Any) -> dict[str, Any] | None:
        # The same check as dict[str, Any], but the dict read from the file is kept rather
        # than copied: events are half of a large workspace, and a copy of every
        # snapshot doubled the memory they take.
        if value is None:
            return None
        if not isinstance(value, dict) or not all(type(key) is str for key in value):
            raise PydanticCustomError("dict_type", "Input should be a valid dictionary")
        return value


class UnplannedWork(Record):
    """Important work that is in no OKR, logged so the team can decide whether to revise."""

    TABLE: ClassVar[str] = "unplanned"
    PREFIX: ClassVar[str] = "uw"

    unit_id: str
    title: str = Field(min_length=1, max_length=300)
    note: str = Field(default="", max_length=2000)
    author: str = ""
    at: datetime = Field(default_factory=utcnow)


WorkshopStep = Literal[
    "mission", "vision", "strategy", "objectives", "key_results", "alignment", "review"
]


class Workshop(Record):
    """A facilitated OKR session for one unit and period; saved as it goes so it can resume."""

    TABLE: ClassVar[str] = "workshops"
    PREFIX: ClassVar[str] = "ws"
    WATCHED: ClassVar[bool] = False
    """Others' changes here are the room moving on (the step, the timer), shown on screen:
    they are not edits to warn about (see okr_tui.conflicts)."""

    unit_id: str
    period_id: str
    facilitator: str = ""
    facilitator_left: bool = False
    """The facilitator left cleanly (quit, or closed the workshop): anyone may take over at once."""
    step: WorkshopStep = "mission"
    participants: list[str] = Field(default_factory=list)
    parking_lot: list[str] = Field(default_factory=list)
    timebox_minutes: dict[str, float] = Field(default_factory=dict)
    status: Literal["open", "committed"] = "open"
    started: datetime = Field(default_factory=utcnow)
    minutes_markdown: str = ""
    # The room: what everyone's screen shares (see okr_tui.workshop.room).
    ready: list[str] = Field(default_factory=list)
    """Who said they are ready for the next step; emptied when the step changes."""
    timer_seconds: float = Field(default=0.0, ge=0)
    """The session's timebox length; 0 until the facilitator first sets or starts it."""
    timer_left: float = 0.0
    """Seconds left when the timer last started or paused (negative in overtime)."""
    timer_started: datetime | None = None
    """When the running stretch began; None while it is paused or not started."""
    writing: Literal["", "open", "revealed"] = ""
    """The silent writing round of step 4: not held, open (drafts sealed) or revealed."""
    writing_anonymous: bool = False
    voting: Literal["", "open", "closed"] = ""
    """Dot voting: not held, open (votes hidden) or closed (counts shown)."""
    vote_budget: int = Field(default=3, ge=1, le=50)
    vote_most: int = Field(default=2, ge=1, le=50)
    """The most dots one person may put on one candidate."""


class Vote(Record):
    """One person's dots on one candidate in a workshop's voting round."""

    TABLE: ClassVar[str] = "votes"
    PREFIX: ClassVar[str] = "vo"

    workshop_id: str
    objective_id: str
    voter: str = Field(min_length=1)
    dots: int = Field(default=0, ge=0, le=50)


Decision = Literal["keep", "modify", "abandon"]


class ObjectiveReview(Record):
    """Quarter-end notes on one objective: why a committed one missed, and what happens next."""

    TABLE: ClassVar[str] = "objective_reviews"
    PREFIX: ClassVar[str] = "or"

    objective_id: str
    miss_reason: str = Field(default="", max_length=2000)
    comment: str = Field(default="", max_length=2000)
    decision: Decision | None = None
    carried_to: str | None = None


RoundKind = Literal["confidence", "score"]
RoundState = Literal["open", "revealed", "agreed", "cancelled"]


class EstimateRound(Record):
    """A round on one key result: everyone's confidence (weekly) or score (quarter end).

    Its rules live in okr_tui.estimate_rounds.
    """

    TABLE: ClassVar[str] = "estimate_rounds"
    PREFIX: ClassVar[str] = "er"

    kr_id: str
    kind: RoundKind
    facilitator: str = Field(min_length=1)
    state: RoundState = "open"
    expected: list[str] = Field(default_factory=list)
    """Who is asked: the count beside the answers ("2 of 3 have answered")."""
    agreed: float | None = Field(default=None, ge=0, le=10, allow_inf_nan=False)
    at: datetime = Field(default_factory=utcnow)


class Estimate(Record):
    """One person's answer in an estimate round: sealed (its author's only) until the reveal."""

    TABLE: ClassVar[str] = "estimates"
    PREFIX: ClassVar[str] = "es"
    # The reveal unseals everyone's answers: their authors need no note that it happened.
    WATCHED: ClassVar[bool] = False

    round_id: str
    author: str = Field(min_length=1)
    value: float = Field(ge=0, le=10, allow_inf_nan=False)
    sealed: bool = True


RECORD_TYPES: tuple[type[Record], ...] = (
    Person,
    Unit,
    Period,
    Charter,
    Objective,
    KeyResult,
    Task,
    CheckIn,
    Score,
    Reflection,
    Event,
    UnplannedWork,
    Workshop,
    ObjectiveReview,
    Vote,
    EstimateRound,
    Estimate,
)
"""Every record type a workspace holds; the store refuses tables not named here."""


def record_types() -> dict[str, type[Record]]:
    """Table name -> record type."""
    return {t.TABLE: t for t in RECORD_TYPES}


def quarter_of(day: date) -> str:
    """The quarter label of a day, e.g. 2026-Q4."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_for(label: str) -> Period:
    """A Period with the right dates for a label like 2026-Q3 or 2017."""
    match = PERIOD_RE.match(label.strip())
    if not match:
        raise ValueError(f"a period is a quarter like 2026-Q3 or a year like 2017, not {label!r}")
    year = int(match["year"])
    if match["quarter"] is None:
        return Period(id=label.strip(), start=date(year, 1, 1), end=date(year, 12, 31))
    quarter = int(match["quarter"])
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(id=label.strip(), start=start, end=date.fromordinal(end.toordinal() - 1))
