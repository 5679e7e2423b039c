"""The sample workspaces, built from the field report's examples.

- teebee: the tea start-up: charter, two objectives and six KRs for the
  current quarter with ten weeks of check-ins, and a scored earlier quarter.
- ued: a UED support team serving a business team's repurchase-rate
  objective, with business and team-building objectives.
- personal: a writer's yearly OKR, eleven objectives, the last three private.
- teebee-zh: TeeBee's story in Chinese, its people reading the app in Chinese.

Each story lives as data in okr_tui/sample_specs/NAME.toml; the sample_*
modules turn a spec into records. `build(name, path, today)` writes one,
anchored so that its current quarter (or year) holds `today`. The same
`today` always gives the same bytes: ids come from a seeded generator and
every time is computed from `today`.
`python -m okr_tui.samples` rebuilds the bundled copies in sample_data/.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

SAMPLES = ("teebee", "ued", "personal", "teebee-zh")
ANCHOR = date(2026, 11, 26)
"""The day the bundled copies are anchored at (Thursday of ISO week 48, in 2026-Q4)."""

SAMPLE_USERS = {"teebee": "hanna", "ued": "lin", "personal": "lena", "teebee-zh": "hanna"}
"""Who `okr demo NAME` opens the sample as."""

ORGS = {
    "teebee": "TeeBee",
    "ued": "Brightmart",
    "personal": "Lena Marsh",
    "teebee-zh": "茶蜂 TeeBee",
}


def check_name(name: str) -> None:
    if name not in SAMPLES:
        raise ValueError(f"no sample called {name!r} (there are: {', '.join(SAMPLES)})")


def bundled_path(name: str) -> Path:
    """The bundled JSON of a sample: sample_data/ in the source tree, okr_tui/sample_data/
    in the installed wheel."""
    check_name(name)
    here = Path(__file__).resolve().parent
    for folder in (here / "sample_data", here.parent / "sample_data"):
        candidate = folder / f"{name}.json"
        if candidate.exists():
            return candidate
    return here.parent / "sample_data" / f"{name}.json"


def build(name: str, path: Path, today: date) -> Path:
    """Write a fresh sample workspace at `path`, anchored at `today`."""
    check_name(name)
    # Imported here: the command line reads this module's names on every start, and only
    # building a sample needs the spec reader and its models.
    from okr_tui.sample_personal import build_personal
    from okr_tui.sample_spec import load_spec
    from okr_tui.sample_teebee import build_teebee
    from okr_tui.sample_ued import build_ued

    stories = {
        "teebee": build_teebee,
        "ued": build_ued,
        "personal": build_personal,
        "teebee-zh": build_teebee,  # the same story, told in Chinese
    }
    return stories[name](load_spec(name), today).write(Path(path), ORGS[name])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m okr_tui.samples", description="Rebuild the bundled sample workspaces."
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"one of {', '.join(SAMPLES)}")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "sample_data"
    )
    parser.add_argument("--today", type=date.fromisoformat, default=ANCHOR)
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in SAMPLES]
    if unknown:
        parser.error(f"no sample called {unknown[0]!r} (there are: {', '.join(SAMPLES)})")
    for name in args.names or SAMPLES:
        print(build(name, args.out / f"{name}.json", args.today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
