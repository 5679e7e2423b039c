"""A workshop step's timebox: set minutes, start, pause, add time.

`SharedTimer` is the session's: it is stored as when it started, for how long,
and what was left when paused, never as a ticking value, so every screen (and a
restarted one) works out the same countdown from the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from okr_tui.i18n import N_, _
from okr_tui.numbers import half_width


def clock_label(left: float) -> str:
    """mm:ss while time is left, -mm:ss in overtime (whole seconds, rounded up)."""
    if left > 0:
        seconds = int(-(-left // 1))
        return f"{seconds // 60:02d}:{seconds % 60:02d}"
    seconds = int(-left)
    return f"-{seconds // 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True)
class SharedTimer:
    """The session's countdown as stored: length, seconds left at the last start or pause,
    and when the running stretch began (None while paused). Every change returns a new one."""

    seconds: float
    left: float
    started: datetime | None = None

    @classmethod
    def fresh(cls, minutes: float) -> SharedTimer:
        if minutes <= 0:
            raise ValueError(_("a timebox is at least a few seconds long"))
        return cls(seconds=minutes * 60, left=minutes * 60)

    @property
    def running(self) -> bool:
        return self.started is not None

    def remaining(self, now: datetime) -> float:
        """Seconds left at `now`; negative once the time is up (overtime)."""
        if self.started is None:
            return self.left
        return self.left - max(0.0, (now - self.started).total_seconds())

    def at(self, now: datetime) -> TimerReading:
        return TimerReading(self, now)

    def start(self, now: datetime) -> SharedTimer:
        return self if self.running else replace(self, started=now)

    def pause(self, now: datetime) -> SharedTimer:
        return self if not self.running else replace(self, left=self.remaining(now), started=None)

    def toggle(self, now: datetime) -> SharedTimer:
        return self.pause(now) if self.running else self.start(now)

    def add_minutes(self, now: datetime, minutes: float) -> SharedTimer:
        """More time (or less) on the clock as it stands."""
        left = self.remaining(now) + minutes * 60
        return replace(
            self,
            seconds=max(1.0, self.seconds + minutes * 60),
            left=left,
            started=now if self.running else None,
        )

    def set_minutes(self, now: datetime, minutes: float) -> SharedTimer:
        """A new length, counted from now: "10" while it runs means ten minutes from now,
        not ten minutes from when it started (which could already be over)."""
        fresh = SharedTimer.fresh(minutes)
        return fresh.start(now) if self.running else fresh


@dataclass(frozen=True)
class TimerReading:
    """A SharedTimer read at one moment: what the timer widget shows."""

    timer: SharedTimer
    now: datetime

    @property
    def running(self) -> bool:
        return self.timer.running

    @property
    def remaining(self) -> float:
        return self.timer.remaining(self.now)

    @property
    def over(self) -> bool:
        return self.remaining <= 0

    def label(self) -> str:
        return clock_label(self.remaining)

    def state(self) -> str:
        # In English: the timer widget shows them translated.
        if self.over:
            return N_("time is up")
        if self.running:
            return N_("running")
        return N_("paused") if self.timer.left < self.timer.seconds else N_("ready")


def parse_minutes(text: str) -> float:
    """Minutes typed by a facilitator: "10", "7.5", "90s", "1:30", "10分钟", "90秒", "１０";
    ValueError with a sentence."""
    raw = half_width(text).strip().lower()
    raw = raw.removesuffix("分钟").removesuffix("分").removesuffix("min").removesuffix("m").strip()
    try:
        if raw.endswith(("s", "秒")):
            value = float(raw[:-1]) / 60
        elif ":" in raw:
            mins, secs = raw.split(":", 1)
            value = int(mins or 0) + int(secs) / 60
        else:
            value = float(raw)
    except ValueError:
        raise ValueError(
            _("{text} is not a number of minutes (try 10, 7.5 or 1:30)").format(
                text=repr(text.strip())
            )
        ) from None
    if not 0 < value <= 600:
        raise ValueError(_("a timebox is between a few seconds and 10 hours"))
    return value
