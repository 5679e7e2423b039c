"""The alignment tree: how objectives align across units, as one viewer may see it.

Plain functions of the store's records, tested without a screen. Each module
has one job: `values` (the number beside a line), `flags` (coach hints),
`nodes` (a line of the tree), `search`, `tree` (the tree, made a level at a
time) and `history` (a unit's or a person's record over time). This face hands
on their public names, for callers that import them from the package.
"""

from okr_tui.alignment.flags import TEAM_KINDS, Flag, FlagKind, alignment_flags
from okr_tui.alignment.history import (
    PeriodRecord,
    person_objectives,
    person_record,
    person_units,
    record_of,
    unit_record,
)
from okr_tui.alignment.nodes import Node, NodeKind
from okr_tui.alignment.search import Found, Query, filter_tree, node_matches, people_names
from okr_tui.alignment.tree import Alignment, build_tree, unit_children
from okr_tui.alignment.values import (
    Value,
    ValueKind,
    kr_value,
    latest_score,
    mean_value,
    objective_value,
)

__all__ = [
    "TEAM_KINDS",
    "Alignment",
    "Flag",
    "FlagKind",
    "Found",
    "Node",
    "NodeKind",
    "PeriodRecord",
    "Query",
    "Value",
    "ValueKind",
    "alignment_flags",
    "build_tree",
    "filter_tree",
    "kr_value",
    "latest_score",
    "mean_value",
    "node_matches",
    "objective_value",
    "people_names",
    "person_objectives",
    "person_record",
    "person_units",
    "record_of",
    "unit_children",
    "unit_record",
]
