"""The one data model: the tree of a parsed plan (:mod:`.document`), the rows of the flat export
(:mod:`.rows`), the records of a diff and a chain (:mod:`.report`), their typed kinds and
statuses (:mod:`.kinds`), the one id scheme (:mod:`.ids`) and the one walker (:mod:`.walk`).
Writing a tree is :mod:`.emit`; reading one back, :mod:`.load`.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (for the type checker: at run time each name is imported on first use)
    from .document import *  # noqa: F403
    from .kinds import Kind, Status  # noqa: F401
    from .report import CHAIN_SCHEMA, DIFF_SCHEMA, Chain, Group, Lineage, Pair, Report, Step, Unit, Verdict  # noqa: F401
    from .rows import Commitment  # noqa: F401

# where each name lives: importing the model loads only the part a caller uses (a parse needs
# the tree, not the diff's records), so that a short command starts fast
_HOMES = {
    **dict.fromkeys(("SCHEMA", "Appendix", "Box", "BoxItem", "BundledDocument", "Comparator", "Document",
                     "Figure", "Indicator", "Leads", "Ledger", "Meta", "Milestone", "Notice", "Repair",
                     "Section", "Source", "Table", "Target", "TargetKind", "TocEntry", "Value", "all_tables",
                     "from_data", "shown_target", "walk_sections"), "document"),
    **dict.fromkeys(("Kind", "Status"), "kinds"),
    **dict.fromkeys(("CHAIN_SCHEMA", "DIFF_SCHEMA", "Chain", "Group", "Lineage", "Pair", "Report", "Step", "Unit",
                     "Verdict"), "report"),
    "Commitment": "rows",
}
__all__ = list(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
