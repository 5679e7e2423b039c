"""Words that read the same in English but not in Chinese have their own entries (a context):
the workshop's step keys, an objective's kind beside its status."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY, fixed_clock, settle

from okr_tui import i18n
from okr_tui import workshop as core
from okr_tui.app import OkrApp
from okr_tui.i18n import N_, NP_, _, pgettext
from okr_tui.models import Objective, Unit
from okr_tui.store import Store
from okr_tui.words import STATUS_WORDS, tag_words
from screens.workshop.objectives import badge
from widgets.footer import QuietFooter


def test_a_message_in_context_is_its_english_and_its_own_chinese() -> None:
    step = NP_("workshop step", "Next")
    assert step == "Next" and _(step) == "Next"
    i18n.set_language("zh")
    assert _(step) == "下一步"
    assert _(N_("Next")) == "下一个"  # the same words elsewhere (scoring) keep theirs
    assert pgettext("objective kind", "committed") == "承诺型"


def test_the_kind_of_an_objective_and_its_status_read_apart_in_chinese() -> None:
    objective = Objective(unit_id="un-1", period_id="2026-Q4", title="T", kind="committed")
    dream = objective.model_copy(update={"kind": "aspirational"})
    assert tag_words(objective)[0] == "committed" and badge(dream).startswith("aspirational")
    i18n.set_language("zh")
    assert tag_words(objective)[0] == "承诺型"
    assert tag_words(dream)[0] == "愿景型"
    assert badge(objective) == "承诺型 · 业务"
    assert badge(dream).startswith("愿景型")
    assert _(STATUS_WORDS["committed"]) == "已承诺"


def footer_words(app: OkrApp) -> list[str]:
    return [key[2] for key in app.screen.query_one(QuietFooter).shown_keys()]


async def test_the_workshop_footer_says_previous_and_next_step(workspace: Path) -> None:
    store = Store(workspace, "ann", clock=fixed_clock)
    unit = store.add(Unit(name="茶蜂", kind="company"))
    core.start_or_resume(store, unit.id, "2026-Q4")
    for lang, words in (("zh", ["上一步", "下一步"]), ("en", ["Prev", "Next"])):
        i18n.start_language(lang, {})
        app = OkrApp(store, today=TODAY, watch_file=False, start_screen="workshop")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            assert footer_words(app)[:2] == words
