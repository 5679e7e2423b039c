"""Render the README's screenshots from the TeeBee sample (SVG files in docs/).

Run with `python docs/screenshots.py`; the date is pinned so the pictures are
stable. Each shot opens one screen headless and saves what it shows.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date
from pathlib import Path

from okr_tui.app import OkrApp
from okr_tui.samples import SAMPLE_USERS, build
from okr_tui.store import Store

TODAY = date(2026, 11, 26)
DOCS = Path(__file__).resolve().parent
SHOTS = [
    ("home", "home", {}, ()),
    ("review", "review", {}, ()),
    ("checkin", "checkin", {}, ()),
    ("workshop", "workshop", {}, ()),
    ("scoring", "scoring", {"period_id": "2026-Q3"}, ()),
    ("alignment", "alignment", {}, ()),
]


async def shoot(workspace: Path, name: str, screen: str, kwargs: dict[str, str]) -> None:
    store = Store(workspace, SAMPLE_USERS["teebee"])
    app = OkrApp(store, today=TODAY, watch_file=False, start_screen=screen, start_kwargs=kwargs)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.pause(0.5)
        app.save_screenshot(filename=f"{name}.svg", path=str(DOCS))


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        for name, screen, kwargs, _keys in SHOTS:
            workspace = Path(folder) / f"{name}.json"
            build("teebee", workspace, TODAY)
            asyncio.run(shoot(workspace, name, screen, kwargs))
            print(f"docs/{name}.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
