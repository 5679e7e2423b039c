"""The seven workshop steps: what each asks the room, its examples and its timebox.

A person planning their own OKRs (a unit that is a person) is asked in words
that speak to them: SOLO_PROMPTS replaces the prompts that address a team.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from okr_tui.i18n import N_, _
from okr_tui.models import Unit, Workshop, WorkshopStep
from okr_tui.store import WorkspaceError
from okr_tui.workspace import WorkspaceStore


@dataclass(frozen=True)
class Step:
    """One step of the workshop: what to ask the room, and one good and one weak example."""

    key: WorkshopStep
    number: int
    title: str
    prompt: str
    good: str
    weak: str
    minutes: float


STEPS: tuple[Step, ...] = (
    Step(
        "mission",
        1,
        N_("Mission"),
        N_("Why does the team exist? One sentence everyone can remember."),
        N_("Let tea lovers mix tea well."),
        N_("Be the best tea company and maximise revenue."),
        10,
    ),
    Step(
        "vision",
        2,
        N_("Vision"),
        N_("What does the world look like when the mission works?"),
        N_("Good tea can be enjoyed in high-end restaurants or cafes in most areas."),
        N_("Grow fast."),
        10,
    ),
    Step(
        "strategy",
        3,
        N_("Strategy"),
        N_("How will you get there? The choice you make, and what you will not do."),
        N_("Sell high-quality bulk tea to high-end restaurants or coffee shops."),
        N_("Do whatever any customer asks for."),
        10,
    ),
    Step(
        "objectives",
        4,
        N_("Objectives"),
        N_("Capture every candidate objective (qualitative, inspiring), then vote: keep 3-5."),
        N_("Prove the value of our high-quality tea to restaurant suppliers."),
        N_("Make gmail a success."),
        25,
    ),
    Step(
        "key_results",
        5,
        N_("Key results"),
        N_("For each objective, 2-5 key results with a number or a date: baseline, target, due."),
        N_("The renewal rate of customers reaches 70%."),
        N_("Improve the ordering system."),
        30,
    ),
    Step(
        "alignment",
        6,
        N_("Alignment and owners"),
        N_(
            "Link each objective to the one above it (or top-level); "
            "a support team names the business objectives it serves; give each an owner."
        ),
        N_("UED: a repurchase potential model, supporting 'Raise the repurchase rate'."),
        N_("Improve design quality (serving no one's objective)."),
        15,
    ),
    Step(
        "review",
        7,
        N_("Review and commit"),
        N_(
            "Read the whole set aloud. Coach hints are advice, not blockers. "
            "Commit when the room agrees."
        ),
        N_("Committed objectives are expected at 1.0; aspirational ones land at 0.6-0.7."),
        N_("Ten objectives with eight key results each."),
        10,
    ),
)


STEP_KEYS: tuple[WorkshopStep, ...] = tuple(s.key for s in STEPS)


CHARTER_STEPS: tuple[WorkshopStep, ...] = ("mission", "vision", "strategy")

CHARTER_WORDS: tuple[str, ...] = (N_("mission"), N_("vision"), N_("strategy"))
"""The charter's lines as a message names them ("jack changed the mission")."""


SOLO_PROMPTS: dict[WorkshopStep, str] = {
    "mission": N_("Why do you do what you do? One sentence you will remember."),
    "objectives": N_(
        "Write down every candidate objective (qualitative, inspiring), then pick: keep 3-5."
    ),
    "alignment": N_("Link each objective to the objective above yours that it serves, if any."),
    "review": N_(
        "Read the whole set once more. Coach hints are advice, not blockers. "
        "Commit when it reads right to you."
    ),
}
"""The prompts a person working on their own OKRs reads instead of the room's."""


def step_of(key: str, *, solo: bool = False) -> Step:
    """The step called `key`; `solo` words its prompt for one person rather than a room."""
    for step in STEPS:
        if step.key == key:
            return (
                replace(step, prompt=SOLO_PROMPTS[step.key])
                if solo and step.key in SOLO_PROMPTS
                else step
            )
    raise WorkspaceError(_("no workshop step called {key!r}").format(key=key))


def is_solo(store: WorkspaceStore, workshop: Workshop | None) -> bool:
    """Whether the workshop plans a person's own OKRs (its unit is a person)."""
    unit = store.find(Unit, workshop.unit_id) if workshop is not None else None
    return unit is not None and unit.kind == "person"


def shown(step: Step) -> Step:
    """The step as people read it: its title, prompt and examples in the language spoken."""
    return replace(
        step, title=_(step.title), prompt=_(step.prompt), good=_(step.good), weak=_(step.weak)
    )


CHARTER_TITLES: dict[str, tuple[str, str]] = {
    "mission": (N_("The team's mission"), N_("Your mission")),
    "vision": (N_("The team's vision"), N_("Your vision")),
    "strategy": (N_("The team's strategy"), N_("Your strategy")),
}


def charter_title(field: str, *, solo: bool = False) -> str:
    """The heading over a charter line: "The team's mission", or "Your mission"."""
    team, own = CHARTER_TITLES[field]
    return _(own if solo else team)


def charter_placeholder(*, solo: bool = False) -> str:
    """What the presenter shows while a charter line is empty."""
    return _("(you write it here)") if solo else _("(the team writes it here)")


def next_step(key: str, delta: int) -> WorkshopStep:
    """The step `delta` places away, staying within the first and the last."""
    index = STEP_KEYS.index(step_of(key).key) + delta
    return STEP_KEYS[max(0, min(len(STEP_KEYS) - 1, index))]
