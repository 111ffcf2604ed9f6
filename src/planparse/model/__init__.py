"""The one data model: the tree of a parsed plan (:mod:`.document`), the rows of the flat export
(:mod:`.rows`), the records of a diff and a chain (:mod:`.report`), their typed kinds and
statuses (:mod:`.kinds`), the one id scheme (:mod:`.ids`) and the one walker (:mod:`.walk`).
Writing a tree is :mod:`.emit`; reading one back, :mod:`.load`.
"""
from __future__ import annotations

from .document import (
    SCHEMA,
    Appendix,
    Box,
    BoxItem,
    BundledDocument,
    Comparator,
    Document,
    Figure,
    Indicator,
    Leads,
    Ledger,
    Meta,
    Milestone,
    Notice,
    Repair,
    Section,
    Source,
    Table,
    Target,
    TargetKind,
    TocEntry,
    Value,
    all_tables,
    from_data,
    shown_target,
    walk_sections,
)
from .kinds import Kind, Status
from .report import (
    CHAIN_SCHEMA,
    DIFF_SCHEMA,
    Chain,
    Group,
    Lineage,
    Pair,
    Report,
    Step,
    Unit,
    Verdict,
)
from .rows import Commitment

__all__ = ["SCHEMA", "Appendix", "Box", "BoxItem", "Comparator", "Document", "Figure", "Indicator", "Leads",
           "Ledger", "Meta", "Milestone", "Notice", "BundledDocument", "Repair", "Section", "Source", "Table", "Target",
           "TargetKind", "TocEntry", "Value", "all_tables", "from_data", "shown_target", "walk_sections", "Kind",
           "Status", "CHAIN_SCHEMA", "DIFF_SCHEMA", "Chain", "Group", "Lineage", "Pair", "Report", "Step", "Unit",
           "Verdict", "Commitment"]
