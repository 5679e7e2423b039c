"""Managing units and people: a list of every unit, and small forms to add, rename, move, archive.

The checks live in okr_tui.units; a form stays open with what was typed when a
change is refused, and the reason shows as a notification.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Header, Input, Label, Select, Static
from textual.widgets.data_table import RowDoesNotExist

from okr_tui.i18n import N_, _
from okr_tui.models import Unit
from okr_tui.units import (
    UNIT_KINDS,
    add_person,
    add_unit,
    archive_unit,
    descendants,
    move_unit,
    rename_unit,
)
from okr_tui.words import KIND_WORDS
from screens.base import OkrScreen
from widgets.footer import QuietFooter

TOP = "-"
"""The parent choice meaning "at the top" (Select values cannot be None)."""


@dataclass
class Field:
    """One field of a form: a text input, or a choice among options (label, value)."""

    key: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    placeholder: str = ""


Save = Callable[[dict[str, str]], Awaitable[bool]]


class UnitForm(ModalScreen[bool]):
    """A small form; `save` does the change and says whether it worked."""

    CSS_PATH = "manage_units.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, fields: list[Field], save: Save) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(Text(self.form_title), id="form-title")
            for spec in self.fields:
                yield Label(spec.label, classes="form-label")
                if spec.options:
                    yield Select(
                        [(Text(label), value) for label, value in spec.options],
                        value=spec.value or spec.options[0][1],
                        allow_blank=False,
                        id=f"field-{spec.key}",
                    )
                else:
                    yield Input(spec.value, placeholder=spec.placeholder, id=f"field-{spec.key}")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save"), variant="primary", id="form-save")
                yield Button(_("Cancel"), id="form-cancel")

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.key}")
            value: Any = widget.value  # type: ignore[attr-defined]
            out[spec.key] = "" if value is Select.NULL else str(value)
        return out

    @on(Button.Pressed, "#form-save")
    @on(Input.Submitted)
    async def _save(self) -> None:
        if await self.save(self.values()):
            self.dismiss(True)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ManageUnitsScreen(OkrScreen):
    """Every unit, archived ones too, with the changes a unit can take."""

    CSS_PATH = "manage_units.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("a", "add", N_("Add")),
        Binding("p", "add_person", N_("Person")),
        Binding("r", "rename", N_("Rename")),
        Binding("m", "move", N_("Move")),
        Binding("x", "archive", N_("Archive")),
        Binding("o", "open", N_("Page")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            _(
                "Nothing is deleted: an archived unit leaves the tree and the finder, "
                "and keeps its history."
            ),
            id="units-hint",
        )
        table: DataTable[Any] = DataTable(id="units-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield QuietFooter(at_once=True)

    def on_mount(self) -> None:
        self.sub_title = _("Units and people")
        table: DataTable[Any] = self.query_one(DataTable)
        table.add_columns(_("Unit"), _("Kind"), _("Id"), _("State"))
        self.on_workspace_changed()
        table.focus()

    # -- drawing -----------------------------------------------------------------------
    def ordered(self) -> list[tuple[Unit, int]]:
        """Every unit in tree order with its depth (loops and lost parents go to the top)."""
        units = self.store.units(include_archived=True)
        known = {u.id for u in units}
        children: dict[str | None, list[Unit]] = {}
        for unit in units:
            parent = unit.parent_id if unit.parent_id in known else None
            children.setdefault(parent, []).append(unit)
        out: list[tuple[Unit, int]] = []
        seen: set[str] = set()

        def visit(parent: str | None, depth: int) -> None:
            for unit in sorted(children.get(parent, []), key=lambda u: u.name.casefold()):
                if unit.id not in seen:
                    seen.add(unit.id)
                    out.append((unit, depth))
                    visit(unit.id, depth + 1)

        visit(None, 0)
        out.extend((u, 0) for u in units if u.id not in seen)
        return out

    def on_workspace_changed(self) -> None:
        table: DataTable[Any] = self.query_one(DataTable)
        current = self.current_id()
        table.clear()
        for unit, depth in self.ordered():
            style = "dim" if unit.archived else ""
            name = Text("  " * depth + unit.name, style=style)
            kind = _(KIND_WORDS[unit.kind]) + (
                f" @{unit.person_login}" if unit.person_login else ""
            )
            table.add_row(
                name,
                Text(kind, style=style),
                Text(unit.id, style="dim"),
                Text(_("archived") if unit.archived else _("active"), style=style),
                key=unit.id,
            )
        if current is not None:
            self.select(current)
        if not table.row_count:
            self.query_one("#units-hint", Static).update(
                _("No units yet: press {key} to add the company first.").format(
                    key=self.key_for("add")
                )
            )

    def current_id(self) -> str | None:
        table: DataTable[Any] = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def select(self, unit_id: str) -> None:
        table: DataTable[Any] = self.query_one(DataTable)
        # The row may have gone (another session's change): leave the cursor where it is.
        with contextlib.suppress(RowDoesNotExist):
            table.move_cursor(row=table.get_row_index(unit_id))

    def current(self) -> Unit | None:
        unit = self.store.find(Unit, self.current_id())
        if unit is None:
            self.notify(
                _("No unit here yet: press {key} to add one.").format(key=self.key_for("add")),
                severity="warning",
            )
        return unit

    def parent_options(self, exclude: set[str] | None = None) -> list[tuple[str, str]]:
        """Active teams a unit can sit under, indented as in the tree."""
        options = [(_("(top: no parent)"), TOP)]
        for unit, depth in self.ordered():
            if unit.archived or unit.kind == "person" or unit.id in (exclude or set()):
                continue
            options.append(("  " * depth + unit.name, unit.id))
        return options

    # -- actions -------------------------------------------------------------------------
    async def action_back(self) -> None:
        await self.okr_app.action_back()

    def _after(self, unit_id: str | None) -> Callable[[bool | None], None]:
        def done(saved: bool | None) -> None:
            if saved and unit_id:
                self.on_workspace_changed()
                self.select(unit_id)

        return done

    def action_add(self) -> None:
        here = self.store.find(Unit, self.current_id())
        parent = here.id if here is not None and here.kind != "person" else TOP
        if here is not None and here.kind == "person":
            parent = here.parent_id or TOP
        added: list[str] = []

        async def save(values: dict[str, str]) -> bool:
            parent_id = None if values["parent"] == TOP else values["parent"]
            unit = await self.okr_app.write(
                add_unit, self.store, values["name"], values["kind"], parent_id
            )
            if unit is not None:
                added.append(unit.id)
                self.notify(_("Added {name}.").format(name=unit.name))
            return unit is not None

        kinds: list[tuple[str, str]] = [(_(KIND_WORDS[k]), k) for k in UNIT_KINDS if k != "person"]
        has_company = any(u.kind == "company" for u in self.store.units())
        fields = [
            Field("name", _("Name"), placeholder=_("e.g. UED")),
            Field("kind", _("Kind"), "business" if has_company else "company", kinds),
            Field("parent", _("Under"), parent, self.parent_options()),
        ]
        self.app.push_screen(
            UnitForm(_("Add a unit"), fields, save), lambda ok: self._after_add(ok, added)
        )

    def _after_add(self, saved: bool | None, added: list[str]) -> None:
        if saved and added:
            self.on_workspace_changed()
            self.select(added[-1])

    def action_add_person(self) -> None:
        here = self.store.find(Unit, self.current_id())
        team = TOP
        if here is not None:
            team = (here.parent_id or TOP) if here.kind == "person" else here.id
        added: list[str] = []

        async def save(values: dict[str, str]) -> bool:
            team_id = None if values["team"] == TOP else values["team"]
            unit = await self.okr_app.write(
                add_person, self.store, values["login"], values["name"], team_id
            )
            if unit is not None:
                added.append(unit.id)
                self.notify(_("Added {name}: their page holds their OKRs.").format(name=unit.name))
            return unit is not None

        fields = [
            Field("login", _("Login (what they type after --as)"), placeholder=_("e.g. wu.jun")),
            Field("name", _("Name"), placeholder=_("e.g. Wu Jun")),
            Field("team", _("Team"), team, self.parent_options()),
        ]
        self.app.push_screen(
            UnitForm(_("Add a person"), fields, save), lambda ok: self._after_add(ok, added)
        )

    def action_rename(self) -> None:
        unit = self.current()
        if unit is None:
            return

        async def save(values: dict[str, str]) -> bool:
            done = await self.okr_app.write(rename_unit, self.store, unit.id, values["name"])
            return done is not None

        self.app.push_screen(
            UnitForm(
                _("Rename {name}").format(name=unit.name),
                [Field("name", _("New name"), unit.name)],
                save,
            ),
            self._after(unit.id),
        )

    def action_move(self) -> None:
        unit = self.current()
        if unit is None:
            return

        async def save(values: dict[str, str]) -> bool:
            parent_id = None if values["parent"] == TOP else values["parent"]
            done = await self.okr_app.write(move_unit, self.store, unit.id, parent_id)
            if done is not None:
                self.notify(_("Moved {name}.").format(name=unit.name))
            return done is not None

        # A unit cannot go under itself or anything inside it: those are not offered.
        exclude = {unit.id} | descendants(self.store, unit.id)
        fields = [
            Field("parent", _("Move under"), unit.parent_id or TOP, self.parent_options(exclude))
        ]
        self.app.push_screen(
            UnitForm(_("Move {name}").format(name=unit.name), fields, save), self._after(unit.id)
        )

    async def action_archive(self) -> None:
        unit = self.current()
        if unit is None:
            return
        done = await self.okr_app.write(
            archive_unit, self.store, unit.id, archived=not unit.archived
        )
        if done is not None:
            message = (
                _("Archived {name} ({key} restores it; its history stays).")
                if done.archived
                else _("Restored {name}.")
            )
            self.notify(message.format(name=done.name, key=self.key_for("archive")))
            self.on_workspace_changed()
            self.select(unit.id)

    def action_open(self) -> None:
        unit = self.current()
        if unit is not None:
            self.okr_app.action_open("unit", unit_id=unit.id)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()
