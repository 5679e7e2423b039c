"""Sub-commands of `okr` for a workspace: demo, init, list, checkin, export, import, check.

Export and import dispatch on the format: json lives here; the other formats
(csv, md) are handed to okr_tui.cli.exchange_formats through EXPORTERS and
IMPORTERS, so a format is added by adding one entry.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from okr_tui import coach
from okr_tui.cli import Context, UserError, open_app
from okr_tui.cli.checkin import register as register_checkin
from okr_tui.cli.columns import TITLE_CELLS, shorten, table
from okr_tui.cli.exchange import register as register_exchange
from okr_tui.cli.period import register as register_period
from okr_tui.i18n import N_, _, current_language, format_date
from okr_tui.models import (
    KeyResult,
    Objective,
    Period,
    Person,
    Score,
    Unit,
    period_for,
    quarter_of,
)
from okr_tui.numbers import format_number
from okr_tui.periods import describe
from okr_tui.places import default_workspace
from okr_tui.privacy import hidden_label, split_visible
from okr_tui.rules import format_percent, format_score, health, objective_progress, progress
from okr_tui.samples import ORGS, SAMPLE_USERS, SAMPLES
from okr_tui.stores import location_exists, open_location
from okr_tui.units import find_unit as lookup_unit
from okr_tui.units import unit_names
from okr_tui.workspace import WorkspaceStore

Exporter = Callable[[Context, WorkspaceStore, argparse.Namespace], str]
Importer = Callable[[Context, WorkspaceStore, Path, argparse.Namespace], str]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's sub-commands to the `okr` parser."""
    demo = sub.add_parser(
        "demo",
        help=_("open a fresh copy of a sample workspace (teebee, ued, personal, teebee-zh)"),
        description=(
            _(
                "Write a fresh copy of a sample workspace into okr-tui's data folder (demo/), "
                "with its dates moved so its current quarter is today's, and open the app on it. "
                "teebee and teebee-zh open as hanna, ued as lin, personal as lena, unless --as "
                "says otherwise."
            )
        ),
    )
    demo.add_argument("sample", nargs="?", default="teebee", choices=SAMPLES, metavar="SAMPLE")
    demo.add_argument("--no-open", action="store_true", help=_("only write the copy; print where"))
    demo.set_defaults(handler=run_demo)

    init = sub.add_parser(
        "init",
        help=_("create a new workspace with a company unit and the current quarter"),
        description=_("Create a new workspace. It never overwrites an existing one."),
    )
    init.add_argument("--org", required=True, metavar="NAME", help=_("the organisation's name"))
    init.set_defaults(handler=run_init)

    listing = sub.add_parser(
        "list",
        help=_("objectives and key results with progress, as a plain table"),
        description=(
            _(
                "Objectives and key results of a period with ids, progress and health. "
                "Others' private objectives show as a count."
            )
        ),
    )
    listing.add_argument("--period", metavar="P", help=_("like 2026-Q4 or 2027 (default: today's)"))
    listing.add_argument("--unit", metavar="U", help=_("a unit's name or id (default: all units)"))
    listing.set_defaults(handler=run_list)

    register_checkin(sub)

    register_exchange(sub)

    register_period(sub)

    check = sub.add_parser(
        "check",
        help=_("coach hints on the OKRs; exits 1 when one is an error"),
        description=(
            _(
                "Coach hints on how the OKRs are written. Exit status 1 when any hint is an "
                "error (a key result that cannot be measured), else 0."
            )
        ),
    )
    check.add_argument("--period", metavar="P", help=_("like 2026-Q4 (default: today's periods)"))
    check.set_defaults(handler=run_check)


# -- helpers ---------------------------------------------------------------------


def one_line(text: str) -> str:
    return " ".join(text.split())


def resolve_period(store: WorkspaceStore, label: str | None, ctx: Context) -> Period | None:
    """The period asked for, else the quarter (or year) holding today, else the latest."""
    if label:
        try:
            wanted = period_for(label.strip().upper()).id
        except ValueError as exc:
            raise UserError(f"--period: {exc}") from None  # the reason is the period reader's
        found = store.find(Period, wanted)
        if found is None:
            known = ", ".join(p.id for p in store.periods()) or _("none yet")
            raise UserError(
                _("--period: no period {period} in this workspace (there are: {known})").format(
                    period=wanted, known=known
                )
            )
        return found
    periods = store.periods()
    current = store.period_at(ctx.today) or store.period_at(ctx.today, quarters_only=False)
    return current or (periods[-1] if periods else None)


def find_unit(store: WorkspaceStore, text: str) -> Unit:
    found = lookup_unit(store, text)
    if found is None:
        raise UserError(
            _("--unit: no unit {unit} (units: {units})").format(
                unit=repr(text), units=unit_names(store)
            )
        )
    return found


def demo_folder() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("okr-tui", appauthor=False)) / "demo"


# -- demo and init ---------------------------------------------------------------------


def run_demo(ctx: Context, args: argparse.Namespace) -> int:
    from okr_tui.demo import make_demo

    # --db names where the copy goes; OKR_DB, which names the everyday workspace, does not.
    chosen = getattr(args, "db", None)
    target = Path(chosen).expanduser() if chosen else demo_folder() / f"{args.sample}.json"
    if chosen and target.exists():
        raise UserError(
            _("{path} exists; okr demo writes a fresh copy and never overwrites").format(
                path=target
            )
        )
    user = getattr(args, "user", None) or SAMPLE_USERS[args.sample]
    here = sessions_on(target)
    if here:
        # A fresh copy would pull the workspace from under them: join theirs instead.
        path = target
        print(
            _(
                "{org} demo workspace, open now ({people}): {path}; joining it, not starting "
                "over (a fresh copy once every session has closed)"
            ).format(org=ORGS[args.sample], people=", ".join(here), path=path)
        )
    else:
        try:
            path = make_demo(args.sample, target, ctx.today)
        except OSError as exc:
            raise UserError(
                _("cannot write the demo to {path} ({reason})").format(
                    path=target, reason=exc.strerror or exc
                )
            ) from None
        print(
            _("{org} demo workspace (a fresh copy): {path}").format(
                org=ORGS[args.sample], path=path
            )
        )
    if args.no_open:
        return 0
    return open_app(Context(db=path, user=user, today=ctx.today))


def sessions_on(workspace: Path) -> list[str]:
    """Who has the workspace open now, by their heartbeats (nobody when it does not exist)."""
    if not workspace.exists():
        return []
    from okr_tui.presence import everyone

    return [p.display for p in everyone(workspace)]


def run_init(ctx: Context, args: argparse.Namespace) -> int:
    org = one_line(args.org)
    if not org:
        raise UserError(_("--org: give the organisation a name"))
    if location_exists(ctx.db):
        raise UserError(
            _(
                "{path}: a workspace is already here; okr init never overwrites one "
                "(choose another file with --db)"
            ).format(path=ctx.db)
        )
    store = open_location(ctx.db, ctx.user, create=True, org=org)
    try:
        with store.transaction():
            company = store.add(Unit(name=org[:120], kind="company"))
            period = store.ensure_period(quarter_of(ctx.today))
            if ctx.user:
                person = store.ensure_person(ctx.user)
                store.update(Person, person.id, unit_ids=[*person.unit_ids, company.id])
    finally:
        store.close()
    print(_("Created a workspace for {org} at {path}").format(org=org, path=store.path))
    print(
        "  "
        + _("the company {company} and the quarter {quarter}").format(
            company=company.name, quarter=describe(period)
        )
    )
    command = "okr" + ("" if ctx.db == default_workspace() else f" --db {ctx.db}")
    print("  " + _("Open it with: {command}").format(command=command))
    return 0


# -- list ---------------------------------------------------------------------


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    try:
        period = resolve_period(store, args.period, ctx)
        if period is None:
            print(_("No periods yet: okr init creates one, or open okr and start a workshop."))
            return 0
        units = [find_unit(store, args.unit)] if args.unit else store.units()
        print(
            _("Period {period} ({start} – {end})").format(
                period=period.id, start=format_date(period.start, "short"), end=end_day(period.end)
            )
        )
        rows: list[list[str]] = [["ID", "TITLE", "NOW", "PROGRESS", "HEALTH"]]
        shown_any = False
        for unit in units:
            objectives = store.objectives(period_id=period.id, unit_id=unit.id)
            if not objectives:
                continue
            visible, hidden = split_visible(objectives, ctx.user)
            shown_any = True
            rows.append(["", f"[{shorten(one_line(unit.name), TITLE_CELLS)}]", "", "", ""])
            for objective in visible:
                rows += objective_rows(store, objective, period, ctx)
            if hidden:
                rows.append(["", f"  {hidden_label(hidden)}", "", "", ""])
        if not shown_any:
            if args.unit:
                message = _("No objectives of {unit} in {period}.")
            else:
                message = _("No objectives in {period}.")
            print(message.format(unit=units[0].name, period=period.id))
            return 0
        for line in table(rows, right=(2, 3)):
            print(line)
    finally:
        store.close()
    return 0


def objective_rows(
    store: WorkspaceStore, objective: Objective, period: Period, ctx: Context
) -> list[list[str]]:
    krs = store.key_results(objective.id)
    scores = {s.kr_id: s for kr in krs for s in store.by(Score, "kr_id", kr.id)}
    rows: list[list[str]] = []
    readings: list[tuple[float | None, float]] = []
    for kr in krs:
        last = store.latest_checkin(kr.id)
        value = last.value if last else None
        done = progress(kr, value)
        readings.append((done, kr.weight))
        if kr.milestone and value is not None:
            shown = _("done") if value >= 1 else _("not done")
        else:
            shown = format_number(value, kr.measure) if last else "–"
        score = scores.get(kr.id)
        if period.end < ctx.today and score is not None:
            # A finished period is judged by its agreed score, not by how fresh its check-ins are.
            agreed = score.agreed if score.agreed is not None else score.suggested
            state = _("score {score}").format(score=format_score(agreed))
        else:
            state = health(kr, last, period, ctx.today).words
        rows.append(
            [
                kr.id,
                f"  {shorten(one_line(kr.title), TITLE_CELLS - 2)}",
                shown,
                format_percent(done),
                state,
            ]
        )
    overall = objective_progress(readings)
    private = " (" + _("private") + ")" if objective.visibility == "private" else ""
    head = [
        objective.id,
        shorten(one_line(objective.title), TITLE_CELLS - len(private)) + private,
        "",
        format_percent(overall),
        "",
    ]
    return [head, *rows]


# -- check ---------------------------------------------------------------------


def run_check(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    try:
        periods: Sequence[Period | None]
        if args.period:
            periods = [resolve_period(store, args.period, ctx)]
        else:
            periods = [
                p for p in store.periods() if p.start <= ctx.today <= p.end
            ] or store.periods()[-1:]
        hints: list[coach.Hint] = []
        for period in periods:
            assert period is not None
            hints += coach.workspace_hints(store, period.id)
        rows = [
            [h.severity, h.record_id or "-", f"{where(store, h.record_id)}{h.message}"]
            for h in hints
        ]
    finally:
        store.close()
    label = ", ".join(p.id for p in periods if p is not None) or _("no period")
    if not hints:
        print(_("No coach hints for {periods}: these OKRs read well.").format(periods=label))
        return 0
    for line in table(rows):
        print(line)
    counts = {s: sum(1 for h in hints if h.severity == s) for s in reversed(coach.SEVERITIES)}
    summary = ", ".join(severity_count(s, n) for s, n in counts.items() if n)
    print(_("{summary} for {periods}").format(summary=summary, periods=label))
    return 1 if coach.has_errors(hints) else 0


SEVERITY_WORDS: tuple[str, ...] = (N_("info"), N_("warning"), N_("error"))
"""coach.SEVERITIES, for the catalog (the first column of `okr check` stays as stored)."""


def severity_count(severity: str, count: int) -> str:
    """'2 warnings', '1 error', in the language spoken (the severity itself is a stored word)."""
    if current_language() == "en":
        return f"{count} {severity}{'' if count == 1 else 's'}"
    return _("{count} {severity}").format(count=count, severity=_(severity))


def end_day(day: date) -> str:
    """The last day of a period with its year: "31 Dec 2026", "2026年12月31日"."""
    return f"{day:%d %b %Y}" if current_language() == "en" else format_date(day)


def where(store: WorkspaceStore, record_id: str) -> str:
    """The record's title (or unit name) to put before a hint, shortened."""
    record = store.find(KeyResult, record_id) or store.find(Objective, record_id)
    if record is None:
        return ""  # a unit's hint names the unit itself
    return f"{shorten(one_line(record.title), 40)}: "
