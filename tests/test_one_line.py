"""One-line fields: a pasted block becomes one line, and text that does not fit is reported."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App, ComposeResult

from okr_tui.models import CheckIn, Objective, Task
from widgets.one_line import OneLineInput, as_one_line, limit_of


def test_limits_come_from_the_models() -> None:
    assert limit_of(Objective, "title") == 300
    assert limit_of(Task, "title") == 300
    assert limit_of(CheckIn, "note") == 1000
    assert limit_of(Objective, "owner") == 0


def test_pasted_lines_become_one() -> None:
    assert as_one_line("Win back\n  the cafés \n\nwe lost\r\n") == "Win back the cafés we lost"
    assert as_one_line("\n\n") == ""


class FieldApp(App[None]):
    def __init__(self, **field: Any) -> None:
        super().__init__()
        self.field_args = field
        self.said: list[str] = []

    def compose(self) -> ComposeResult:
        yield OneLineInput(**self.field_args)

    @property
    def field(self) -> OneLineInput:
        return self.query_one(OneLineInput)

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.said.append(message)


async def paste(app: FieldApp, pilot: Any, text: str) -> None:
    app.field.post_message(events.Paste(text))
    await pilot.pause()


async def test_a_paste_of_several_lines_keeps_them_all() -> None:
    app = FieldApp(value="Objective: ")
    async with app.run_test() as pilot:
        app.field.focus()
        app.field.cursor_position = len(app.field.value)
        await paste(app, pilot, "Win back\nthe cafés\nwe lost")
        assert app.field.value == "Objective: Win back the cafés we lost"
        assert app.said == []


async def test_a_paste_too_long_keeps_what_fits_and_says_so() -> None:
    app = FieldApp(max_length=10)
    async with app.run_test() as pilot:
        app.field.focus()
        await paste(app, pilot, "abcdefghijklmnop")
        assert app.field.value == "abcdefghij"
        assert app.said == [
            "This field holds at most 10 characters: 6 of the 16 pasted were left out."
        ]
        await pilot.press("x")
        assert app.field.value == "abcdefghij"
        assert app.said[-1] == "This field holds at most 10 characters."
