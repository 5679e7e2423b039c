"""`okr checkin`: record a reading of a key result, or correct or withdraw one's own.

    okr checkin KR_ID VALUE [--confidence N] [--note TEXT] [--force]
    okr checkin --correct CHECKIN_ID VALUE --reason TEXT [--confidence N] [--note TEXT] [--force]
    okr checkin --withdraw CHECKIN_ID --reason TEXT

A value far outside the key result's range is refused unless --force says it is meant.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from okr_tui.checkin_input import read_confidence, read_value
from okr_tui.cli import Context, UserError
from okr_tui.i18n import _
from okr_tui.models import CheckIn, KeyResult, Objective
from okr_tui.numbers import NumberError, format_number, shown
from okr_tui.privacy import can_see
from okr_tui.rules import far_outside, progress

if TYPE_CHECKING:
    from okr_tui.workspace import WorkspaceStore


# argparse takes any word starting with '-' for an option: a negative value (-1.5k, -inf)
# would be refused as an unknown option instead of being read (and explained) as a value.
_VALUE_LIKE = re.compile(r"-+(?=[^-A-Za-z]|(?i:inf|nan))")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    checkin = sub.add_parser(
        "checkin",
        help=_("record this week's value of a key result"),
        description=(
            _(
                "Record a reading of a key result. VALUE is written as you would say it: "
                "70%, 250,000, ¥250k, 8/10; 'done' or 'not done' for a milestone. "
                "--correct and --withdraw put a wrong check-in of yours right."
            )
        ),
    )
    kr_id = checkin.add_argument(
        "kr_id", metavar="KR_ID", help=_("the key result's id (see okr list)")
    )
    value = checkin.add_argument("value", metavar="VALUE")
    # Not nargs="?": argparse would then give VALUE nothing in `KR_ID --note TEXT VALUE`.
    # Left out only with --correct or --withdraw, which run_checkin checks.
    kr_id.required = value.required = False
    checkin.add_argument(
        "--confidence", metavar="N", help=_("how sure you are of the target, 0-10")
    )
    checkin.add_argument("--note", metavar="TEXT", help=_("what happened this week"))
    checkin.add_argument(
        "--force", action="store_true", help=_("save a value far outside the key result's range")
    )
    fix = checkin.add_mutually_exclusive_group()
    fix.add_argument(
        "--correct",
        nargs=2,
        metavar=("CHECKIN_ID", "VALUE"),
        help=_("change the value of a check-in of yours (a key result's id: your latest on it)"),
    )
    fix.add_argument(
        "--withdraw",
        metavar="CHECKIN_ID",
        help=_("take back a check-in of yours: it no longer counts"),
    )
    checkin.add_argument(
        "--reason", metavar="TEXT", help=_("why (required to correct or withdraw)")
    )
    checkin._negative_number_matcher = _VALUE_LIKE
    checkin.set_defaults(handler=run_checkin)


def confidence_of(text: str | None) -> int | None:
    try:
        return read_confidence(text)
    except ValueError as exc:
        raise UserError(f"--{exc}") from None


def visible_kr(store: WorkspaceStore, ctx: Context, kr_id: str) -> KeyResult:
    kr = store.find(KeyResult, kr_id.strip())
    objective = store.find(Objective, kr.objective_id) if kr else None
    if kr is None or objective is None or not can_see(objective, ctx.user):
        raise UserError(_("no key result {kr} (okr list shows the ids)").format(kr=repr(kr_id)))
    return kr


def value_of(kr: KeyResult, text: str, *, force: bool) -> float:
    """VALUE as typed; refused when unreadable, or far outside the range without --force."""
    try:
        value = read_value(text, kr)
    except NumberError as exc:
        raise UserError(f"VALUE: {exc}") from None
    far = far_outside(kr, value)
    if far is not None and not force:
        raise UserError(
            _("VALUE {value} is {how_far} ({range}): add --force to save it anyway").format(
                value=shown(text), how_far=far.how_far, range=far.range_text
            )
        )
    return value


def run_checkin(ctx: Context, args: argparse.Namespace) -> int:
    if args.correct or args.withdraw:
        return run_fix(ctx, args)
    if args.reason is not None:
        raise UserError(_("--reason goes with --correct or --withdraw"))
    if args.kr_id is None or args.value is None:
        raise UserError(_("give KR_ID VALUE, like: okr checkin kr-1a2b 70%"))
    confidence = confidence_of(args.confidence)
    # One check-in needs its key result, objective, latest reading and person, not the rest.
    store = ctx.open_store(lean=True)
    try:
        kr = visible_kr(store, ctx, args.kr_id)
        value = value_of(kr, args.value, force=args.force)
        before = store.latest_checkin(kr.id)
        note = (args.note or "").strip()
        checkin = store.check_in(kr.id, value, confidence=confidence, note=note)
    finally:
        store.close()
    print(describe_checkin(kr, before, checkin))
    return 0


def run_fix(ctx: Context, args: argparse.Namespace) -> int:
    from okr_tui.corrections import checkin_to_fix, correct_checkin, withdraw_checkin

    if args.kr_id is not None:
        raise UserError(
            _("--correct and --withdraw name the check-in themselves: drop KR_ID VALUE")
        )
    if not (args.reason or "").strip():
        raise UserError(_('--reason: say why, like --reason "typed 55 for 65"'))
    confidence = confidence_of(args.confidence)
    store = ctx.open_store()
    try:
        ident = args.withdraw if args.withdraw else args.correct[0]
        original = checkin_to_fix(store, ident)
        kr = store.get(KeyResult, original.kr_id)
        if args.withdraw:
            withdraw_checkin(store, original.id, reason=args.reason)
            now = store.latest_checkin(kr.id)
            reads = format_number(now.value, kr.measure) if now else _("no check-in")
            line = _("{checkin} withdrawn: {kr} {title} now reads {value}").format(
                checkin=original.id, kr=kr.id, title=one_line(kr.title), value=reads
            )
        else:
            value = value_of(kr, args.correct[1], force=args.force)
            fixed = correct_checkin(
                store,
                original.id,
                value=value,
                confidence=confidence if args.confidence is not None else original.confidence,
                note=args.note,
                reason=args.reason,
            )
            line = _("{checkin} corrected: {what}").format(
                checkin=original.id, what=describe_checkin(kr, original, fixed)
            )
    finally:
        store.close()
    print(line)
    return 0


def one_line(text: str) -> str:
    return " ".join(text.split())


def describe_checkin(kr: KeyResult, before: CheckIn | None, checkin: CheckIn) -> str:
    now = format_number(checkin.value, kr.measure)
    was = f"{format_number(before.value, kr.measure)} → " if before else ""
    parts = [f"{kr.id} {one_line(kr.title)}: {was}{now}"]
    done = progress(kr, checkin.value)
    if done is not None:
        parts.append(_("progress {percent}").format(percent=f"{done:.0%}"))
    if checkin.confidence is not None:
        parts.append(_("confidence {confidence}/10").format(confidence=checkin.confidence))
    return ", ".join(parts)
