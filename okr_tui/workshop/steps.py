"""The seven workshop steps: what each asks the room, its examples and its timebox."""

from __future__ import annotations

from dataclasses import dataclass

from okr_tui.models import WorkshopStep
from okr_tui.store import WorkspaceError


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
        "Mission",
        "Why does the team exist? One sentence everyone can remember.",
        "Let tea lovers mix tea well.",
        "Be the best tea company and maximise revenue.",
        10,
    ),
    Step(
        "vision",
        2,
        "Vision",
        "What does the world look like when the mission works?",
        "Good tea can be enjoyed in high-end restaurants or cafes in most areas.",
        "Grow fast.",
        10,
    ),
    Step(
        "strategy",
        3,
        "Strategy",
        "How will you get there? The choice you make, and what you will not do.",
        "Sell high-quality bulk tea to high-end restaurants or coffee shops.",
        "Do whatever any customer asks for.",
        10,
    ),
    Step(
        "objectives",
        4,
        "Objectives",
        "Capture every candidate objective (qualitative, inspiring), then vote: keep 3-5.",
        "Prove the value of our high-quality tea to restaurant suppliers.",
        "Make gmail a success.",
        25,
    ),
    Step(
        "key_results",
        5,
        "Key results",
        "For each objective, 2-5 key results with a number or a date: baseline, target, due.",
        "The renewal rate of customers reaches 70%.",
        "Improve the ordering system.",
        30,
    ),
    Step(
        "alignment",
        6,
        "Alignment and owners",
        "Link each objective to the one above it (or top-level); "
        "a support team names the business objectives it serves; give each an owner.",
        "UED: a repurchase potential model, supporting 'Raise the repurchase rate'.",
        "Improve design quality (serving no one's objective).",
        15,
    ),
    Step(
        "review",
        7,
        "Review and commit",
        "Read the whole set aloud. Coach hints are advice, not blockers. "
        "Commit when the room agrees.",
        "Committed objectives are expected at 1.0; aspirational ones land at 0.6-0.7.",
        "Ten objectives with eight key results each.",
        10,
    ),
)


STEP_KEYS: tuple[WorkshopStep, ...] = tuple(s.key for s in STEPS)


CHARTER_STEPS: tuple[WorkshopStep, ...] = ("mission", "vision", "strategy")


def step_of(key: str) -> Step:
    for step in STEPS:
        if step.key == key:
            return step
    raise WorkspaceError(f"no workshop step called {key!r}")


def next_step(key: str, delta: int) -> WorkshopStep:
    """The step `delta` places away, staying within the first and the last."""
    index = STEP_KEYS.index(step_of(key).key) + delta
    return STEP_KEYS[max(0, min(len(STEP_KEYS) - 1, index))]
