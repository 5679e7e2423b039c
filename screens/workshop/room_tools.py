"""The workshop screen's room tools: the shared timer, the ready check, handing over the lead.

A mixin of WorkspaceScreen (screens/workshop/screen.py), kept apart so each file stays short.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.widgets import Digits

from okr_tui import presence
from okr_tui import workshop as core
from okr_tui.i18n import _
from okr_tui.models import Workshop
from okr_tui.store import WorkspaceError
from okr_tui.timebox import TimerReading, parse_minutes
from okr_tui.workshop import room
from screens.base import OkrScreen
from screens.workshop.dialogs import AskText, Confirm, PickOne
from widgets.timer import TimerDisplay


class RoomTools(OkrScreen):
    """Timer, ready and lead actions; every change is a store write everyone's screen reads."""

    clock: Callable[[], datetime]
    workshop: Workshop | None
    _alerted: tuple[object, ...] | None = None
    _shown: tuple[str, str, bool] | None = None

    if TYPE_CHECKING:
        # Provided by WorkshopScreen.
        def refuse(self, action: str) -> bool: ...

        def refresh_room(self) -> None: ...

        def reload(self) -> None: ...

    # -- the shared timer ---------------------------------------------------------------------
    def timebox(self) -> TimerReading | None:
        """The session's timer as it stands now (the same on every screen)."""
        if self.workshop is None:
            return None
        return room.timer_of(self.workshop).at(self.clock())

    def tick(self) -> None:
        box = self.timebox()
        leads = self.workshop is not None and room.leads(self.workshop, self.user)
        shown = None if box is None else (box.label(), box.state(), leads)
        if shown != self._shown:
            # Four ticks a second, but a redraw only when the clock shows something new:
            # an idle room costs little CPU.
            self._shown = shown
            self.query_one(TimerDisplay).show(box, _("F6 go · F8 set") if leads else "")
            if box is not None:
                self.query_one("#pr-clock", Digits).update(box.label())
        if box is None or self.workshop is None:
            return
        # One gentle alert per countdown, on every screen that watches it reach zero.
        alarm = (self.workshop.id, box.timer.started, box.timer.left)
        if box.running and box.over and self._alerted != alarm:
            self._alerted = alarm
            self.app.bell()
            self.notify(
                _("Time is up for {step}.").format(step=_(core.step_of(self.workshop.step).title))
                + (_(" Wrap up, or F7 adds a minute.") if leads else _(" Time to wrap up.")),
                title=_("Timebox"),
                timeout=8,
            )

    def hear_of_presence(self) -> None:
        """Presence is re-read every few seconds by the app: redraw the room when it changed."""
        self.okr_app.presence_changed.subscribe(self, self._presence_moved, immediate=True)

    def _presence_moved(self, _: None) -> None:
        self.refresh_room()

    def on_unmount(self) -> None:
        self.okr_app.presence_changed.unsubscribe(self)
        self.step_away()

    def step_away(self) -> None:
        """Leaving the screen or quitting gives up the lead, so the others need not wait.

        A session that dies never gets here: the others wait for its heartbeat to go stale.
        """
        if self.workshop is None or not room.leads(self.workshop, self.user):
            return
        # At once, not in a worker: the app may be quitting, and no worker outlives it.
        with contextlib.suppress(WorkspaceError, OSError):
            room.step_away(self.store, self.workshop.id)

    async def _timer_change(self, change: Callable[..., Workshop], *args: object) -> None:
        if self.workshop is None or self.refuse("timer"):
            return
        updated = await self.okr_app.write(change, self.store, self.workshop.id, *args)
        if updated is not None:
            self.workshop = updated
        self.tick()

    async def action_timer(self) -> None:
        await self._timer_change(room.toggle_timer, self.clock())

    async def action_more_time(self) -> None:
        await self._timer_change(room.add_time, self.clock(), 1)

    def action_set_minutes(self) -> None:
        box = self.timebox()
        workshop = self.workshop
        if box is None or workshop is None or self.refuse("timer"):
            return

        def check(text: str) -> str:
            try:
                parse_minutes(text)
            except ValueError as exc:
                return str(exc)
            return ""

        async def done(text: str | None) -> None:
            if text is not None:
                await self._timer_change(room.set_minutes, self.clock(), parse_minutes(text))

        self.app.push_screen(
            AskText(
                _("Minutes for {step}").format(step=_(core.step_of(workshop.step).title)),
                value=f"{box.timer.seconds / 60:g}",
                placeholder=_("10, 7.5, 90s or 1:30"),
                note=_("Counted from now, on everyone's screen."),
                check=check,
            ),
            done,
        )

    # -- the ready check and the lead ----------------------------------------------------------
    async def action_ready(self) -> None:
        if self.workshop is None:
            return
        updated = await self.okr_app.write(room.toggle_ready, self.store, self.workshop.id)
        if updated is not None:
            self.workshop = updated
            self.refresh_room()

    async def action_lead(self) -> None:
        """The facilitator hands the session over; anyone takes over from one who has gone."""
        workshop = self.workshop
        if workshop is None:
            return
        if room.leads(workshop, self.user):
            self.hand_over(workshop)
            return
        # Through the app's heartbeat: presence is in files beside a workspace file, in a
        # table of a database.
        heartbeat = self.okr_app.heartbeat
        now = self.clock()
        others = await asyncio.to_thread(heartbeat.others, now) if heartbeat is not None else []
        problem = room.takeover_problem(workshop, self.user, others)
        if problem:
            self.notify(problem, timeout=5)
            return

        async def done(yes: bool | None) -> None:
            if yes:
                taken = await self.okr_app.write(room.take_over, self.store, workshop.id, others)
                if taken is not None:
                    self.workshop = taken
                    self.notify(_("You lead the session now."), timeout=4)
                self.reload()

        if workshop.facilitator_left:
            # They gave the role up as they left: nothing to confirm, nobody to wait for.
            await done(True)
            return

        self.app.push_screen(
            Confirm(
                _("Take over the session from {who}?").format(who=workshop.facilitator),
                _(
                    "{who} has not been here for {seconds} seconds. You will move the steps, "
                    "run the timer and the rounds, and commit."
                ).format(who=workshop.facilitator, seconds=f"{presence.STALE_SECONDS:.0f}"),
            ),
            done,
        )

    def hand_over(self, workshop: Workshop) -> None:
        here = [p.login for p in room.in_session(self.okr_app.present or [], workshop, self.user)]
        people = sorted({*workshop.participants, *here} - {self.user, ""}, key=str.casefold)
        if not people:
            self.notify(_("Nobody else has joined this session yet."), timeout=4)
            return

        async def done(login: str | None) -> None:
            if login:
                given = await self.okr_app.write(room.hand_over, self.store, workshop.id, login)
                if given is not None:
                    self.workshop = given
                    self.notify(_("{who} leads the session now.").format(who=login), timeout=4)
                self.reload()

        options = [(p, p + (_(" (here)") if p in here else "")) for p in people]
        self.app.push_screen(PickOne(_("Who leads the session next?"), options), done)
