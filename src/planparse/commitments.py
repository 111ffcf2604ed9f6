"""Commitments as a flat table: one row per box item, task with leads or deadlines,
indicator-table row, project-list row and running-text target, for Excel, Stata, pandas and R.

>>> import planparse
>>> doc = planparse.parse("一、重点任务\\n（一）建设平台。2023年底完成。（责任单位：某市数据局）")
>>> [(row.kind, row.name, row.leads, row.years) for row in commitments(doc)]
[('task', '建设平台', ['某市数据局'], [2023])]
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json

from .model import Commitment, Document, Section, Table

LIST_JOIN = "；"  # joins a list in one CSV cell (units never contain it: it separates them)
PATH_JOIN = " > "  # joins the section path in one CSV cell


def commitments(document: Document, grammar=None) -> list[Commitment]:
    """Every commitment of ``document``, in document order."""
    from .grammar import load_grammar

    grammar = grammar or load_grammar()
    rows: list[Commitment] = []
    if document.documents:  # a file of several documents: each row's path starts with its title
        for part in document.documents:
            _walk(document, part.sections, [part.title or ""], rows, grammar)
    else:
        _walk(document, document.sections, [], rows, grammar)
    for appendix in document.appendices:
        _walk(document, appendix.sections, [appendix.title or f"附件{appendix.number or ''}"], rows, grammar)
        for table in appendix.tables:
            rows += _table_rows(document, [appendix.title or ""], table, grammar)
    return rows


def _walk(document: Document, sections: list[Section], path: list[str], rows: list[Commitment], grammar) -> None:
    for section in sections:
        here = path + [section.title]
        if section.leads or section.milestones:
            rows.append(_row(document, path, "task", None, section.title, " ".join(section.paragraphs),
                             section, section.lines[0] if section.lines else None))
        for target in section.targets:
            rows.append(_row(document, here, "target", None, target.indicator, target.sentence, None, target.line,
                             value=target.value, unit=target.unit, comparator=target.comparator,
                             target_year=target.year))
        for box in section.boxes:
            for item in box.items:
                rows.append(_row(document, here, "box-item", box.number, item.name, item.text, item,
                                 item.lines[0] if item.lines else None))
        for table in section.tables:
            rows += _table_rows(document, here, table, grammar)
        _walk(document, section.sections, here, rows, grammar)


def _row(document: Document, path: list[str], kind: str, box: int | None, name: str, text: str, owner,
         line: int | None, **values) -> Commitment:
    """A row; ``owner`` (a section or a box item) gives leads, partners and milestones."""
    milestones = owner.milestones if owner is not None else []
    leads, partners = (list(owner.leads), list(owner.partners)) if owner is not None else ([], [])
    return Commitment(document.source.path, document.meta.edition, list(path), kind, box, name, text,
                      leads, partners, owner.lead_note if owner is not None else None,
                      [m.when for m in milestones], sorted({m.year for m in milestones}), line=line, **values)


def _table_rows(document: Document, path: list[str], table: Table, grammar) -> list[Commitment]:
    """An indicator table's rows as indicators; a project list's rows (a column names the
    project) as projects, with the deadlines their cells set; other tables are no commitments."""
    if table.indicators:
        return _indicator_rows(document, path, table)
    name = next((i for i, column in enumerate(table.columns) if grammar.pattern("table", "project_column").match(column)),
                None)
    if name is None:
        return []
    from .extract import milestones

    where = path + ([table.caption] if table.caption and table.caption not in path else [])
    rows = []
    for r, row in enumerate(table.rows):
        text = LIST_JOIN.join(f"{column}：{cell}" for c, (column, cell) in enumerate(zip(table.columns, row))
                              if c != name and cell and not cell.isdigit())
        dated = milestones(text, grammar)
        rows.append(Commitment(document.source.path, document.meta.edition, where, "project", None,
                               row[name] if name < len(row) else "", text, when=[m.when for m in dated],
                               years=sorted({m.year for m in dated}),
                               line=table.row_lines[r] if r < len(table.row_lines) else None))
    return rows


def _indicator_rows(document: Document, path: list[str], table: Table) -> list[Commitment]:
    rows = []
    for indicator in table.indicators:
        final = next((v for v in reversed(indicator.values) if v.value is not None), None)
        rows.append(Commitment(
            document.source.path, document.meta.edition, path + [table.caption or ""], "indicator", None,
            indicator.name, "", values=LIST_JOIN.join(f"{v.year}年：{v.text}" for v in indicator.values),
            value=final.value if final else None, unit=final.unit if final else None,
            comparator=final.comparator if final else None, target_year=final.year if final else None,
            attribute=indicator.attribute, years=[v.year for v in indicator.values if v.value is not None],
            line=indicator.line))
    return rows


# --- writers ------------------------------------------------------------------------------

COLUMNS = [field.name for field in dataclasses.fields(Commitment)]


def to_csv(rows: list[Commitment], bom: bool = False) -> str:
    """CSV with a header; lists joined by ；; a BOM on request so that Excel reads UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(getattr(row, name), PATH_JOIN if name == "path" else LIST_JOIN) for name in COLUMNS])
    return ("\ufeff" if bom else "") + out.getvalue()


def _cell(value, join: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return join.join(str(v) for v in value)
    return str(value)


def to_jsonl(rows: list[Commitment]) -> str:
    return "".join(json.dumps(dataclasses.asdict(row), ensure_ascii=False) + "\n" for row in rows)


def to_yaml(rows: list[Commitment]) -> str:
    from .emit import dump_yaml

    return dump_yaml([dataclasses.asdict(row) for row in rows])


WRITERS = {"csv": to_csv, "jsonl": to_jsonl, "yaml": to_yaml}
