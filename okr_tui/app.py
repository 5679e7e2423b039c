"""The Textual App: holds the store, the date and the user, and opens screens.

The core never imports this module. Screens are imported when first opened,
which keeps start-up fast and avoids an import cycle with `screens`.

`okr` hands the app a way to open the workspace rather than an open store: the
home screen draws at once in an "Opening ..." state, the store (and pydantic,
which validates it) is loaded in a thread worker after the first frame, and the
other screens' modules are imported in the background once it is ready. So this
module and the home screen import no store, models or pydantic at module level.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import io
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import get_current_worker

from okr_tui.app_language import AppLanguage
from okr_tui.app_watch import WorkspaceWatch
from okr_tui.app_watch import screen_name as screen_name  # screens import it from here
from okr_tui.i18n import N_, _
from okr_tui.location import Location
from okr_tui.navigation import (
    EXPORT_FORMATS,
    PRELOAD_MODULES,
    SCREENS_BY_NAME,
)
from okr_tui.plain_text import clean, one_line
from okr_tui.preload import import_modules, read_stylesheets

if TYPE_CHECKING:
    from okr_tui.conflicts import ConflictWatch
    from okr_tui.models import Period
    from okr_tui.presence import Heartbeat
    from okr_tui.workspace import WorkspaceChange, WorkspaceStore

T = TypeVar("T")

STILL_OPENING = N_("Still opening the workspace, one moment.")


def palette_provider(module: str, name: str) -> Callable[[], type[Provider]]:
    """A command palette provider from `screens`, imported when the palette first opens.

    Screens sit above the app (they import it), so the app names them as strings,
    as SCREENS_BY_NAME does, and never imports a screen module itself.
    """

    def load() -> type[Provider]:
        return cast("type[Provider]", getattr(importlib.import_module(module), name))

    load.__name__ = name
    return load


class OkrApp(AppLanguage, WorkspaceWatch):
    """okr-tui: set, track and score OKRs together."""

    # Absolute, so subclasses elsewhere (benchmarks, tests) still find it.
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    COMMANDS = App.COMMANDS | {
        palette_provider("screens.palette", "Navigator"),
        palette_provider("screens.finder", "UnitFinder"),
        palette_provider("screens.palette", "ScreenKeys"),
    }
    TITLE = "okr-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", N_("Help"), key_display="F1"),
        Binding("escape", "back", N_("Back"), show=False),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]

    period_id: reactive[str] = reactive("")
    unit_id: reactive[str] = reactive("")

    ready: reactive[bool] = reactive(False)
    """True once the store is open; the home screen fills in when it turns True."""

    store: WorkspaceStore
    """The open workspace; absent until `ready` when the app was given `open_store`."""

    heartbeat: Heartbeat | None = None
    conflicts: ConflictWatch

    _told_revision = 0
    """The store's revision the last change notice went out for."""

    open_error: Exception | None = None
    """Why the workspace could not be opened; the app has exited, `okr` reports it."""

    def __init__(
        self,
        store: WorkspaceStore | None = None,
        *,
        open_store: Callable[[], WorkspaceStore] | None = None,
        workspace_path: Location | None = None,
        today: date | None = None,
        watch_file: bool = True,
        start_screen: str = "home",
        start_kwargs: dict[str, Any] | None = None,
    ) -> None:
        """Give either an open `store`, or `open_store` to open it after the first frame.

        `workspace_path` names the file in the "Opening ..." notice meanwhile.
        """
        if (store is None) == (open_store is None):
            raise TypeError("OkrApp needs a store or open_store, not both")
        super().__init__()
        self.workspace_changed: Signal[WorkspaceChange] = Signal(self, "workspace-changed")
        """Published whenever the workspace changed, here or elsewhere: the new revision
        and which tables changed since the last one published."""
        self.today = today or date.today()
        self.watch_file = watch_file
        self.start_screen = start_screen
        self.start_kwargs = start_kwargs or {}
        self.init_watch()
        self._open_store = open_store
        self._opening = False
        self.workspace_path = workspace_path if store is None else store.path
        self.preloaded = False
        """True once every screen module in PRELOAD_MODULES is imported (or failed to)."""
        if store is not None:
            self._take_store(store)
            self.set_reactive(OkrApp.ready, True)

    def _take_store(self, store: WorkspaceStore) -> None:
        from okr_tui.conflicts import ConflictWatch
        from okr_tui.presence import Heartbeat

        self.store = store
        # A screen opened while the database is out of reach shows what it can, not a crash.
        store.read_through_outages()
        self.workspace_path = store.path
        self.settle_language(store)
        # Screens read the store as it is now when they open: notices start from here.
        self._told_revision = store.revision
        self.set_reactive(OkrApp.period_id, self._default_period())
        if isinstance(store.path, Path):
            self.heartbeat = Heartbeat(store.path, store.user)
        else:  # a database keeps presence in a table of its own
            from okr_tui.pg_presence import PgHeartbeat

            self.heartbeat = PgHeartbeat(store.path, store.user)
        self.conflicts = ConflictWatch(store.user)

    @property
    def user(self) -> str:
        return self.store.user if hasattr(self, "store") else ""

    @property
    def period(self) -> Period | None:
        from okr_tui.models import Period

        return self.store.find(Period, self.period_id)

    def _default_period(self) -> str:
        from okr_tui.models import quarter_of

        current = self.store.period_at(self.today)
        if current is not None:
            return current.id
        periods = self.store.periods()
        return periods[-1].id if periods else quarter_of(self.today)

    @property
    def opening_label(self) -> str:
        """What the app says while the workspace opens."""
        name = self.workspace_path.name if self.workspace_path is not None else ""
        return _("Opening {name}...").format(name=name) if name else _("Opening the workspace...")

    def describe(self) -> str:
        """The header's line: workspace (organisation and file), period and user."""
        return self._workspace_line() if self.ready else self.opening_label

    def _workspace_line(self) -> str:
        org = self.store.meta.org or "Workspace"
        line = f"{org} ({self.store.path.name}) · {self.period_id} · {self.user or 'anonymous'}"
        return f"{line} · {self.presence_note}" if self.presence_note else line

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast of the app: its text is shown as it is, never read as markup.

        Toasts name units, objectives and people, and a name like `[/]` or
        `[@click=app.quit]x[/]` must neither crash the app nor run an action;
        control characters are shown as pictures. `markup` is accepted for
        Textual's own callers and ignored.
        """
        super().notify(
            clean(str(message)),
            title=one_line(str(title)),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        self.sub_title = self.describe()
        # Home sits beneath whatever opens first, so escape always has somewhere to go;
        # it is also the one screen that can draw before the workspace is open.
        self.action_open("home", **(self.start_kwargs if self.start_screen == "home" else {}))
        if not self.ready:
            # Home calls open_workspace() once it has drawn: opening any sooner would
            # compete with that first frame for the interpreter.
            return
        self._start_session()

    def _start_session(self) -> None:
        """The store is open: open the first screen, start watching the file."""
        if self.start_screen != "home":
            self.action_open(self.start_screen, **self.start_kwargs)
        if self.watch_file:
            self.start_watching()

    def open_workspace(self) -> None:
        """Start opening the workspace in a thread, once; `ready` turns True when it is open."""
        if self.ready or self._opening:
            return
        self._opening = True
        # A daemon thread rather than a worker: quitting while a large workspace is
        # still being read must end the process now, not when the reading is done.
        threading.Thread(target=self._open_in_thread, name="open workspace", daemon=True).start()

    def _open_in_thread(self) -> None:
        assert self._open_store is not None
        try:
            store = self._open_store()
        except Exception as exc:  # `okr` reports it once the app has ended
            self._from_thread(self._open_failed, exc)
            return
        # The workspace's records live as long as the session: the cycle collector need
        # not walk them on every full pass (pauses of 350 ms and more at 100k check-ins).
        # They are freed by reference counting as usual when replaced.
        gc.freeze()
        self._from_thread(self._opened, store)

    def _from_thread(self, callback: Callable[..., object], *args: object) -> None:
        if not self.is_running:  # the user quit while it was opening
            return
        with contextlib.suppress(RuntimeError):  # ... or is quitting right now
            self.call_from_thread(callback, *args)

    def _open_failed(self, exc: Exception) -> None:
        self.open_error = exc
        self.exit(return_code=2)

    def _opened(self, store: WorkspaceStore) -> None:
        self._take_store(store)
        self.sub_title = self._workspace_line()
        self.ready = True
        self._start_session()
        # After home has drawn its data: the imports would compete with that frame.
        self.call_after_refresh(self.preload_screens)

    @work(thread=True, exclusive=True, group="preload", name="preload screens")
    def preload_screens(self) -> None:
        """Import the other screens now, so opening one later does not pay for it."""
        worker = get_current_worker()
        try:
            import_modules(PRELOAD_MODULES, lambda: worker.is_cancelled)
            if not worker.is_cancelled:
                self._from_thread(self.preload_stylesheets)
        finally:
            self.preloaded = True

    def preload_stylesheets(self) -> None:
        read_stylesheets(self, SCREENS_BY_NAME.values())

    def on_unmount(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.stop()

    def still_opening(self) -> bool:
        """True (and says so) when the workspace is not open yet."""
        if self.ready:
            return False
        self.notify(_(STILL_OPENING), timeout=2)
        return True

    def action_command_palette(self) -> None:
        if (
            self.still_opening()
            or not self.use_command_palette
            or isinstance(self.screen, CommandPalette)
        ):
            return
        # Textual's own palette, with its search prompt in the language spoken.
        self.push_screen(
            CommandPalette(id="--command-palette", placeholder=_("Search for commands…"))
        )

    def watch_period_id(self) -> None:
        self.sub_title = self.describe()

    def watch_revision(self, revision: int) -> None:
        # The organisation may have been renamed, here or in another process.
        self.sub_title = self.describe()
        from okr_tui.workspace import WorkspaceChange

        # Also called as the app starts, before the store may be open: then it cannot tell.
        store: WorkspaceStore | None = getattr(self, "store", None)
        tables = None if store is None else store.changed_tables(self._told_revision)
        self._told_revision = max(self._told_revision, revision)
        self.workspace_changed.publish(WorkspaceChange(revision, tables))

    def period_step(self, step: int) -> str | None:
        """The period `step` places before (-1) or after (+1) the current one, if any."""
        ids = [p.id for p in self.store.periods()]
        if self.period_id in ids:
            index = ids.index(self.period_id) + step
            return ids[index] if 0 <= index < len(ids) else None
        # The current period has no record yet: step to the nearest one on that side.
        current = self.period
        start = current.start if current is not None else self.today
        if step < 0:
            before = [p.id for p in self.store.periods() if p.start < start]
            return before[-1] if before else None
        after = [p.id for p in self.store.periods() if p.start > start]
        return after[0] if after else None

    def action_period(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) period present in the workspace."""
        if self.still_opening():
            return
        target = self.period_step(step)
        if target is None:
            message = (
                _("No earlier period in this workspace.")
                if step < 0
                else _("No later period in this workspace.")
            )
            self.notify(message, timeout=3)
            return
        self.period_id = target

    def show_unit(self, unit_id: str) -> None:
        """Make a unit the current one and go back to home, where it is selected."""
        self.unit_id = unit_id
        while len(self.screen_stack) > 2 and screen_name(self.screen) != "home":
            self.pop_screen()
        if screen_name(self.screen) != "home":
            self.push_screen(self.make_screen("home"))

    def action_help(self) -> None:
        if screen_name(self.screen) != "help":
            self.action_open("help")

    async def action_back(self) -> None:
        """Escape goes back one screen; home is the bottom of the stack."""
        if len(self.screen_stack) > 2:
            self.pop_screen()

    export_directory: Path | None = None
    """Where exports and reports are saved in a terminal; None is the user's downloads folder."""

    async def action_export(self, fmt: str) -> None:
        """Export the OKRs this user may read: a download in a browser, a file in a terminal.

        Private objectives show only as a count, the user's own too: a file travels
        further than a screen (`okr export --include-private` adds one's own).
        """
        if self.still_opening():
            return
        from okr_tui.markdown_export import export_for_download
        from okr_tui.store import WorkspaceError

        label = EXPORT_FORMATS.get(fmt, fmt)
        try:
            name, text = await asyncio.to_thread(
                export_for_download, self.store, self.user, fmt, today=self.today
            )
        except (WorkspaceError, ValueError) as exc:
            self.notify(str(exc), title=_("Not exported"), severity="error")
            return
        self.save_text(name, text, _("{format} export").format(format=label))

    def save_text(self, name: str, text: str, what: str) -> None:
        """Save `text` as `name`: a download in a browser, in the downloads folder in a terminal."""
        folder = self.export_directory
        if not self.is_web:
            from platformdirs import user_downloads_path

            folder = folder or user_downloads_path()
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.notify(
                    _("Cannot save the {what} in {folder} ({problem})").format(
                        what=what, folder=folder, problem=exc.strerror or exc
                    ),
                    title=_("Not saved"),
                    severity="error",
                )
                return
        self.deliver_text(
            io.StringIO(text), save_directory=folder, save_filename=name, name=f"save:{what}"
        )

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if (event.name or "").startswith("save:"):
            where = (
                _("Saved to {path}").format(path=event.path)
                if event.path is not None
                else _("Sent to your browser")
            )
            self.notify(where, title=(event.name or "")[len("save:") :], timeout=10)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        if (event.name or "").startswith("save:"):
            what = (event.name or "")[len("save:") :]
            self.notify(
                _("The {what} was not saved ({problem})").format(
                    what=what, problem=event.exception
                ),
                title=_("Not saved"),
                severity="error",
                timeout=10,
            )

    def make_screen(self, name: str, **kwargs: Any) -> Screen[Any]:
        module_name, class_name = SCREENS_BY_NAME[name]
        screen_class = getattr(importlib.import_module(module_name), class_name)
        screen: Screen[Any] = screen_class(**kwargs)
        screen.screen_name = name  # type: ignore[attr-defined]
        # Kept so the language switch can open the same screen again.
        screen.open_kwargs = kwargs  # type: ignore[attr-defined]
        return screen

    def action_open(self, name: str, **kwargs: Any) -> None:
        """Open a screen by name (bindings and the command palette use this)."""
        if name not in ("home", "help") and self.still_opening():
            return
        try:
            screen = self.make_screen(name, **kwargs)
        except ModuleNotFoundError:
            self.notify(
                _("The {name} screen is not available yet.").format(name=name), severity="warning"
            )
            return
        self.push_screen(screen)

    async def write(self, change: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a store change off the UI thread; show a problem instead of raising.

        Returns the change's result, or None when it failed (the user was told why).
        """
        from okr_tui.models import Record
        from okr_tui.store import WorkspaceError

        try:
            result = await asyncio.to_thread(change, *args, **kwargs)
        except WorkspaceError as exc:
            self.notify(str(exc), title=_("Not saved"), severity="error", timeout=10)
            return None
        self.revision = self.store.revision
        if isinstance(result, Record) and result.WATCHED:
            self.conflicts.remember(result)
        return result
