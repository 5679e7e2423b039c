"""Every screen of the app, declared once: its name, class, title, key and palette entry.

The app opens a screen by name (`app.action_open("review", unit_id=...)`), the
home screen's keys and the command palette's "Open ..." entries are built from
NAVIGATION, the help screen's title comes from `title`, and the screens to import
in the background are those marked `preload`. Adding a screen is one line here.

Screens sit above the app, so they are named by module and class, never imported;
this module imports nothing of Textual (the core below the app may read it).
"""

from __future__ import annotations

from dataclasses import dataclass

from okr_tui.i18n import N_, _


@dataclass(frozen=True)
class ScreenSpec:
    """One screen: how to find it and how people reach it."""

    name: str
    module: str
    class_name: str
    title: str
    key: str = ""
    """A key on home that opens it (and its footer label is `label`)."""
    label: str = ""
    help: str = ""
    """The palette's line of help for "Open <label>"."""
    preload: bool = True

    @property
    def screen(self) -> str:
        return self.name


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("home", "screens.home", "HomeScreen", N_("Home"), preload=False),
    ScreenSpec(
        "workshop",
        "screens.workshop",
        "WorkshopScreen",
        N_("Workshop"),
        "w",
        N_("Workshop"),
        N_("Run the OKR workshop: charter, objectives, key results"),
    ),
    ScreenSpec(
        "checkin",
        "screens.checkin",
        "CheckInScreen",
        N_("Check-in"),
        "c",
        N_("Check-in"),
        N_("Record this week's values and confidence"),
    ),
    ScreenSpec(
        "review",
        "screens.review",
        "ReviewScreen",
        N_("Weekly review"),
        "r",
        N_("Review"),
        N_("The weekly review: what moved, what is stuck"),
    ),
    ScreenSpec(
        "scoring",
        "screens.scoring",
        "ScoringScreen",
        N_("Scoring"),
        "s",
        N_("Scoring"),
        N_("Score the quarter's key results 0.0-1.0"),
    ),
    ScreenSpec(
        "alignment",
        "screens.alignment",
        "AlignmentScreen",
        N_("Alignment"),
        "a",
        N_("Alignment"),
        N_("How objectives support each other across units"),
    ),
    ScreenSpec("unit", "screens.unit_page", "UnitPageScreen", N_("Unit page")),
    ScreenSpec("help", "screens.help", "HelpScreen", N_("Help")),
    ScreenSpec("units", "screens.manage_units", "ManageUnitsScreen", N_("Units and people")),
    ScreenSpec("history", "screens.kr_history", "KrHistoryScreen", N_("Key result history")),
    ScreenSpec("changes", "screens.changes", "ChangesScreen", N_("Changes")),
    ScreenSpec("report", "screens.weekly_report", "WeeklyReportScreen", N_("Weekly report")),
    ScreenSpec("summary", "screens.score_summary", "ScoreSummaryScreen", N_("Quarter summary")),
)

SCREENS_BY_NAME: dict[str, tuple[str, str]] = {s.name: (s.module, s.class_name) for s in SCREENS}
"""Screen name -> (module, class). Each screen's constructor takes keyword arguments only."""

NAVIGATION: tuple[ScreenSpec, ...] = tuple(s for s in SCREENS if s.key)
"""The screens reached from home by one key; the palette lists the same entries."""

DIALOG_MODULES: tuple[str, ...] = (
    "screens.palette",
    "screens.finder",
    "screens.change_dialog",
    "screens.task_dialog",
    "screens.checkin_dialogs",
)
"""Dialogs and palette providers, warmed up with the screens."""

PRELOAD_MODULES: tuple[str, ...] = tuple(
    dict.fromkeys([*(s.module for s in SCREENS if s.preload), *DIALOG_MODULES])
)
"""Imported one by one in the background once the workspace is open, most used first."""

EXPORT_FORMATS: dict[str, str] = {"md": "Markdown", "csv": "CSV"}  # names, not words
"""Export format -> its name in the palette and notifications."""


LANGUAGE_COMMAND = "Language: English / 中文"
"""The palette's language switch, in both languages so either reader finds it."""


def title_of(name: str) -> str:
    """A screen's title for people, from its name ("" when unknown), in the language spoken."""
    return next((_(s.title) for s in SCREENS if s.name == name), "")
