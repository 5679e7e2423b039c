"""A timebox for one workshop step: set minutes, start, pause, add time, and one alert at zero.

The clock is injected (seconds as a float, monotonic), so tests drive time by
hand and the screen only asks how much is left.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


class Timebox:
    """A countdown that can run past zero (overtime) and says once when it got there."""

    def __init__(self, minutes: float, *, clock: Clock = time.monotonic) -> None:
        if minutes <= 0:
            raise ValueError("a timebox is at least a few seconds long")
        self.clock = clock
        self.minutes = float(minutes)
        self._used = 0.0
        self._started_at: float | None = None
        self._alerted = False

    # -- reading -------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._started_at is not None

    @property
    def elapsed(self) -> float:
        """Seconds used so far, counting the running stretch."""
        running = self.clock() - self._started_at if self._started_at is not None else 0.0
        return self._used + running

    @property
    def remaining(self) -> float:
        """Seconds left; negative once the time is up (overtime)."""
        return self.minutes * 60 - self.elapsed

    @property
    def over(self) -> bool:
        return self.remaining <= 0

    def label(self) -> str:
        """mm:ss while time is left, -mm:ss in overtime (whole seconds, rounded up)."""
        left = self.remaining
        if left > 0:
            seconds = int(-(-left // 1))
            return f"{seconds // 60:02d}:{seconds % 60:02d}"
        seconds = int(-left)
        return f"-{seconds // 60:02d}:{seconds % 60:02d}"

    def state(self) -> str:
        """A word for the screen: ready, running, paused or over."""
        if self.over:
            return "time is up"
        if self.running:
            return "running"
        return "paused" if self._used else "ready"

    # -- changing --------------------------------------------------------------
    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self.clock()

    def pause(self) -> None:
        if self._started_at is not None:
            self._used += self.clock() - self._started_at
            self._started_at = None

    def toggle(self) -> bool:
        """Start when paused, pause when running; True when it now runs."""
        if self.running:
            self.pause()
        else:
            self.start()
        return self.running

    def add_minutes(self, minutes: float) -> None:
        """More time (or less); re-arms the alert when time is left again."""
        self.minutes = max(1 / 60, self.minutes + minutes)
        if not self.over:
            self._alerted = False

    def set_minutes(self, minutes: float) -> None:
        """A new length for the box; time already used still counts."""
        if minutes <= 0:
            raise ValueError("a timebox is at least a few seconds long")
        self.minutes = float(minutes)
        if not self.over:
            self._alerted = False

    def reset(self) -> None:
        self._used = 0.0
        self._started_at = None
        self._alerted = False

    def due_alert(self) -> bool:
        """True exactly once when a running box reaches zero: the moment for a gentle alert."""
        if self.running and self.over and not self._alerted:
            self._alerted = True
            return True
        return False


def parse_minutes(text: str) -> float:
    """Minutes typed by a facilitator: "10", "7.5", "90s", "1:30"; ValueError with a sentence."""
    raw = text.strip().lower().removesuffix("min").removesuffix("m").strip()
    try:
        if raw.endswith("s"):
            value = float(raw[:-1]) / 60
        elif ":" in raw:
            mins, secs = raw.split(":", 1)
            value = int(mins or 0) + int(secs) / 60
        else:
            value = float(raw)
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a number of minutes (try 10, 7.5 or 1:30)"
        ) from None
    if not 0 < value <= 600:
        raise ValueError("a timebox is between a few seconds and 10 hours")
    return value
