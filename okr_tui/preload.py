"""Warming up the screens in the background, once home shows its data.

Opening a screen the first time costs its import and reading its stylesheet
(Textual then re-parses every stylesheet and restyles every widget). Both are
done here for all screens at once, while the user reads home, so the first
visit to each is quick.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

PRELOAD_PAUSE_SECONDS = 0.02
"""A breath between two background imports, so keys and redraws get the interpreter."""


def import_modules(modules: Iterable[str], cancelled: Callable[[], bool]) -> None:
    """Import each module in turn (in a worker thread), pausing between two."""
    for module_name in modules:
        if cancelled():
            return
        try:
            importlib.import_module(module_name)
        except Exception:  # opening that screen will say what is wrong
            continue
        time.sleep(PRELOAD_PAUSE_SECONDS)


def css_paths(screen_class: type[Screen[Any]] | None) -> list[Path]:
    """A screen class's CSS_PATH as the files Textual reads (relative to its module)."""
    css_path = getattr(screen_class, "CSS_PATH", None)
    if screen_class is None or not css_path:
        return []
    names = css_path if isinstance(css_path, list) else [css_path]
    base = Path(inspect.getfile(screen_class))  # what Textual uses for a class of a module
    return [
        Path(name) if Path(name).is_absolute() else (base.parent / name).resolve() for name in names
    ]


def read_stylesheets(app: App[Any], screens: Iterable[tuple[str, str]]) -> None:
    """Read the imported screens' .tcss files now, in one restyle (on the UI thread).

    The paths are resolved as Textual does, so pushing the screen later finds its
    stylesheet already read. Screens whose module is not imported yet are skipped.
    """
    changed = False
    for module_name, class_name in screens:
        module = sys.modules.get(module_name)
        screen_class = getattr(module, class_name, None) if module is not None else None
        for path in css_paths(screen_class):
            if path.is_file() and not app.stylesheet.has_source(str(path), ""):
                app.stylesheet.read(path)
                changed = True
    if changed:
        app.stylesheet.reparse()
        app.stylesheet.update(app)
