"""Legal-database exports (北大法宝 and the like): a header of bracketed fields before the text
(【发布部门】, 【发文字号】, 【发布日期】 …) and reference lines (【法宝引证码】, 原文链接：…). They
are the document's metadata and its source, not its text: the lines are taken out (blank,
so line numbers stay) and counted, their values go to ``meta`` and ``source``. Which labels
mean what is the grammar's (``readers.export_fields``)."""
from __future__ import annotations

from ...model import Repair


def take_fields(text: str, grammar) -> tuple[str, dict[str, str], int]:
    """``text`` without its export lines, the fields they give, and how many lines went."""
    fields = (grammar.sections.get("readers", {}).get("export_fields") if grammar is not None else None) or {}
    if not fields:
        return text, {}, 0
    lines = text.split("\n")
    found: dict[str, str] = {}
    taken = 0
    any_field = grammar.union("export-fields", fields.values())  # one test a line before trying each field
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > 200 or (any_field is not None and not any_field.match(stripped)):
            continue
        for name, pattern in fields.items():
            match = pattern.match(stripped)
            if match:
                value = (match.groupdict().get("value") or "").strip()
                if value and name != "other" and name not in found:
                    found[name] = value
                lines[index] = ""
                taken += 1
                break
    return "\n".join(lines), found, taken


def repairs(taken: int) -> list[Repair]:
    return [Repair("database-fields", taken)] if taken else []
