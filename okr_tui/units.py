"""Managing units and people: add, rename, move, archive, with the checks that keep the tree sound.

Nothing is deleted outright: an archived unit is hidden from the tree and the
finder, and its objectives, scores and history stay. Every function raises
WorkspaceError with a message meant to be shown as it is.
"""

from __future__ import annotations

from okr_tui.i18n import _, ngettext
from okr_tui.models import Person, Unit, UnitKind
from okr_tui.store import WorkspaceError
from okr_tui.workspace import WorkspaceStore

UNIT_KINDS: tuple[UnitKind, ...] = ("company", "business", "support", "person")


def find_unit(store: WorkspaceStore, text: str) -> Unit | None:
    """A unit by id, else by name (case-insensitive, archived ones too)."""
    found = store.find(Unit, text.strip())
    if found is not None:
        return found
    wanted = text.strip().casefold()
    for unit in store.units(include_archived=True):
        if unit.name.casefold() == wanted:
            return unit
    return None


def default_unit(store: WorkspaceStore, user: str) -> Unit | None:
    """The unit a command means when it is not told (`--unit` left out), None without units.

    The only unit; else the user's own unit (their person record's first active
    unit, else the person unit with their login); else the top unit, the company.
    """
    units = store.units()
    if len(units) <= 1:
        return units[0] if units else None
    active = {u.id: u for u in units}
    person = store.person(user) if user else None
    for unit_id in person.unit_ids if person is not None else []:
        if unit_id in active:
            return active[unit_id]
    for unit in units:
        if user and unit.kind == "person" and unit.person_login == user:
            return unit
    tops = [u for u in units if u.parent_id not in active]
    return next((u for u in tops if u.kind == "company"), tops[0] if tops else units[0])


def unit_names(store: WorkspaceStore) -> str:
    """The current units' names, for a message that says what can be chosen."""
    return _(", ").join(u.name for u in store.units()) or _("none yet")


def descendants(store: WorkspaceStore, unit_id: str) -> set[str]:
    """Ids of every unit below `unit_id` (archived ones too)."""
    children: dict[str | None, list[str]] = {}
    for unit in store.units(include_archived=True):
        children.setdefault(unit.parent_id, []).append(unit.id)
    found: set[str] = set()
    stack = list(children.get(unit_id, []))
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def path_of(store: WorkspaceStore, unit_id: str) -> list[Unit]:
    """The unit and its ancestors, top first (stops at a loop rather than spinning)."""
    chain: list[Unit] = []
    seen: set[str] = set()
    current = store.find(Unit, unit_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        chain.append(current)
        current = store.find(Unit, current.parent_id)
    return list(reversed(chain))


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise WorkspaceError(_("a unit needs a name"))
    if len(cleaned) > 120:
        raise WorkspaceError(
            _("a unit name is at most 120 characters, not {length}").format(length=len(cleaned))
        )
    return cleaned


def _check_parent(store: WorkspaceStore, parent_id: str | None, kind: str) -> Unit | None:
    if parent_id is None:
        return None
    parent = store.find(Unit, parent_id)
    if parent is None:
        raise WorkspaceError(_("no unit with id {id!r}").format(id=parent_id))
    if parent.archived:
        raise WorkspaceError(
            _("{unit} is archived: restore it first, or pick another unit").format(unit=parent.name)
        )
    if parent.kind == "person":
        raise WorkspaceError(
            _("{unit} is a person: only teams hold other units").format(unit=parent.name)
        )
    if kind == "company" and parent is not None:
        raise WorkspaceError(_("the company sits at the top: it has no parent unit"))
    return parent


def _check_unique(
    store: WorkspaceStore, name: str, parent_id: str | None, except_id: str = ""
) -> None:
    for unit in store.units():
        if (
            unit.id != except_id
            and unit.parent_id == parent_id
            and unit.name.casefold() == name.casefold()
        ):
            raise WorkspaceError(
                _("there is already a unit called {unit} there").format(unit=unit.name)
            )


def add_unit(
    store: WorkspaceStore,
    name: str,
    kind: UnitKind,
    parent_id: str | None = None,
    *,
    person_login: str | None = None,
) -> Unit:
    """A new unit under `parent_id` (the top when None)."""
    if kind not in UNIT_KINDS:
        raise WorkspaceError(
            _("a unit is one of {kinds}, not {kind!r}").format(
                kinds=", ".join(UNIT_KINDS), kind=kind
            )
        )
    cleaned = _clean_name(name)
    with store.transaction():
        _check_parent(store, parent_id, kind)
        _check_unique(store, cleaned, parent_id)
        return store.add(
            Unit(name=cleaned, kind=kind, parent_id=parent_id, person_login=person_login)
        )


def add_person(store: WorkspaceStore, login: str, name: str, team_id: str | None) -> Unit:
    """A person in a team: their Person record and the person unit that holds their OKRs."""
    login = login.strip()
    if not login or any(ch.isspace() for ch in login):
        raise WorkspaceError(_("a login is one word, like ann or wu.jun"))
    with store.transaction():
        for unit in store.units():
            if unit.person_login == login:
                raise WorkspaceError(
                    _("{login} already has a page ({unit})").format(login=login, unit=unit.name)
                )
        person = store.person(login)
        display = name.strip() or (person.name if person else "") or login
        unit = add_unit(store, display, "person", team_id, person_login=login)
        if person is None:
            store.add(Person(login=login, name=name.strip(), unit_ids=[unit.id]))
        elif unit.id not in person.unit_ids:
            store.update(Person, person.id, unit_ids=[*person.unit_ids, unit.id])
        return unit


def rename_unit(store: WorkspaceStore, unit_id: str, name: str) -> Unit:
    cleaned = _clean_name(name)
    with store.transaction():
        unit = store.get(Unit, unit_id)
        if unit.name == cleaned:
            return unit
        _check_unique(store, cleaned, unit.parent_id, except_id=unit.id)
        return store.update(Unit, unit_id, name=cleaned)


def move_unit(store: WorkspaceStore, unit_id: str, parent_id: str | None) -> Unit:
    """Put a unit under another parent; refuses a move that would make a loop."""
    with store.transaction():
        unit = store.get(Unit, unit_id)
        if parent_id == unit.id or (
            parent_id is not None and parent_id in descendants(store, unit_id)
        ):
            target = store.find(Unit, parent_id)
            where = target.name if target is not None else parent_id
            raise WorkspaceError(
                _("{unit} cannot move under {where}: {where} is inside {unit}").format(
                    unit=unit.name, where=where
                )
            )
        if unit.kind == "person" and parent_id is None:
            raise WorkspaceError(
                _("{unit} is a person: a person belongs to a team").format(unit=unit.name)
            )
        _check_parent(store, parent_id, unit.kind)
        if parent_id == unit.parent_id:
            return unit
        _check_unique(store, unit.name, parent_id, except_id=unit.id)
        return store.update(Unit, unit_id, parent_id=parent_id)


def archive_unit(store: WorkspaceStore, unit_id: str, *, archived: bool = True) -> Unit:
    """Hide a unit (or show it again); its objectives and history stay.

    A unit with active units under it is refused: they would vanish with it
    without anyone deciding where they go.
    """
    with store.transaction():
        unit = store.get(Unit, unit_id)
        if archived:
            active = [u for u in store.units() if u.parent_id == unit_id]
            if active:
                names = ", ".join(sorted(u.name for u in active)[:3])
                raise WorkspaceError(
                    ngettext(
                        "{unit} still holds {count} active unit ({names}): "
                        "move or archive them first",
                        "{unit} still holds {count} active units ({names}): "
                        "move or archive them first",
                        len(active),
                    ).format(unit=unit.name, count=len(active), names=names)
                )
        else:
            parent = store.find(Unit, unit.parent_id)
            if parent is not None and parent.archived:
                raise WorkspaceError(
                    _("{unit} sits in {parent}, which is archived").format(
                        unit=unit.name, parent=parent.name
                    )
                )
        if unit.archived == archived:
            return unit
        return store.update(
            Unit, unit_id, action="archive" if archived else "restore", archived=archived
        )
