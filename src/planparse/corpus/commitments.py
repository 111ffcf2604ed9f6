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
from dataclasses import dataclass

from ..model import Commitment, Document, Indicator, Section, Table, TargetKind
from ..model.ids import LIST_JOIN, PATH_JOIN, appendix_id, document_id, unit_id, within
from ..model.kinds import PlanPart, RowKind


@dataclass
class _Place:
    """Where rows stand: the path with its markers, and the id of the section (``scope`` prefixes
    the ids of what the diff has no unit for: a second document's ``d2-``, an appendix's ``a1-``)."""

    path: list[str]
    markers: list[str]
    section: str = ""
    scope: str = ""

    def under(self, title: str, marker: str = "", section: str | None = None) -> _Place:
        return _Place(self.path + [title], self.markers + [marker],
                      self.section if section is None else section, self.scope)

    def id(self, **where) -> str:
        return within(self.scope, unit_id(self.section, **where) if where else self.section)


def commitments(document: Document, grammar=None) -> list[Commitment]:
    """Every commitment of ``document``, in document order."""
    from ..rules.grammar import load_grammar

    grammar = grammar or load_grammar()
    rows: list[Commitment] = []
    if document.documents:  # a file of several documents: each row's path starts with its title
        for d, bundled in enumerate(document.documents, start=1):
            _walk(document, bundled.sections, _Place([bundled.title or ""], [""], "", document_id(d)),
                  rows, grammar)
    else:
        _walk(document, document.sections, _Place([], []), rows, grammar)
    for a, appendix in enumerate(document.appendices, start=1):
        title = appendix.title or f"附件{appendix.number or ''}"
        _walk(document, appendix.sections, _Place([title], [""], "", appendix_id(a)), rows, grammar)
        for t, table in enumerate(appendix.tables, start=1):
            rows += _table_rows(document, _Place([appendix.title or ""], [""], appendix_id(a)), t, table, grammar)
    return rows


def _walk(document: Document, sections: list[Section], place: _Place, rows: list[Commitment], grammar) -> None:
    """The rows of every section below ``place`` (an appendix's or a bundled document's title
    and scope, or the top): its task, its targets, its 专栏 items and its tables' rows."""
    from ..model.walk import walk

    parts: dict[int, PlanPart] = {}  # a section's place in the walk → the part of the document it stands in
    for visit in walk(sections, path=place.path, markers=place.markers):
        section: Section = visit.section
        where = parts[visit.index] = part_of(section, grammar, parts[visit.parent.index] if visit.parent else None)
        path, markers = visit.below()
        here = _Place(list(path), list(markers), visit.id, place.scope)
        if section.leads or section.milestones or not section.sections:
            # a task with leads or deadlines, and every leaf section: a 节 of an outline, a
            # numbered task, a run-in （一）… of a report
            rows.append(_row(document, _Place(list(visit.path), list(visit.markers), visit.id, place.scope), "task",
                             where, None, None, section.title, " ".join(section.paragraphs), section,
                             section.lines[0] if section.lines else None))
        for n, target in enumerate(section.targets, start=1):
            kind: RowKind = "result" if target.kind == TargetKind.RESULT else \
                "forecast" if target.kind == TargetKind.FORECAST else "target"  # (a tree read back holds str)
            rows.append(_row(document, here, kind, where, None,
                             None, target.indicator, target.sentence, None, target.line, f"{here.id()}#{n}",
                             value=target.value, low=target.low, high=target.high, unit=target.unit,
                             comparator=getattr(target.comparator, "value", target.comparator),
                             direction=target.direction, measure=target.measure, target_year=target.year,
                             attribute=target.attribute))
        for b, box in enumerate(section.boxes, start=1):
            for i, item in enumerate(box.items, start=1):
                rows.append(_row(document, here, "box-item", where, box.number, box.title or None, item.name,
                                 item.text, item, item.lines[0] if item.lines else None, here.id(box=b, item=i)))
        for t, table in enumerate(section.tables, start=1):
            rows += _table_rows(document, here, t, table, grammar, where)


def part_of(section: Section, grammar, above: PlanPart | None = None) -> PlanPart:
    """The part of the document a section stands in: ``review`` (of the past period, as
    extract read it), ``goals`` (guidance, principles, goals — the grammar's ``roles``),
    ``safeguards``, or ``tasks``; a section keeps the part of the one above it unless its own
    title says otherwise."""
    from ..diff.units import role_of

    if section.review:
        return "review"
    role = role_of(section.title, grammar)
    if role in ("guidance", "principles", "goals"):
        return "goals"
    if role == "safeguards":
        return "safeguards"
    if role == "environment":
        return "review"
    return above if above is not None else "tasks"


def _document(document: Document) -> dict:
    """The columns every row of ``document`` shares."""
    meta = document.meta
    start, end = (list(meta.period) + [None, None])[:2] if meta.period else (None, None)
    return {"document": document.source.path, "title": meta.title, "edition": meta.edition, "period_start": start,
            "period_end": end, "date": meta.date, "issuer": meta.issuer}


def _row(document: Document, place: _Place, kind: RowKind, part: PlanPart | None, box: int | None, box_title: str | None,
         name: str, text: str, owner, line: int | None, uid: str | None = None, **values) -> Commitment:
    """A row; ``owner`` (a section or a box item) gives leads, partners and milestones."""
    milestones = owner.milestones if owner is not None else []
    leads, partners = (list(owner.leads), list(owner.partners)) if owner is not None else ([], [])
    return Commitment(**_document(document), unit_id=uid or place.id(), path=list(place.path),
                      markers=list(place.markers), kind=kind, part=part, box=box, box_title=box_title, name=name,
                      text=text,
                      leads=leads, partners=partners, lead_note=owner.lead_note if owner is not None else None,
                      when=[m.when for m in milestones], years=sorted({m.year for m in milestones}), line=line,
                      **values)


def _table_rows(document: Document, place: _Place, t: int, table: Table, grammar,
                part: PlanPart | None = None) -> list[Commitment]:
    """An indicator table's rows as indicators; a project list's rows (a column names the
    project) as projects, with the deadlines their cells set; other tables are no commitments.
    ``t`` is the table's place in its section (or appendix)."""
    if table.indicators:
        return _indicator_rows(document, place.under(table.caption or ""), place, t, table, part)
    name = next((i for i, column in enumerate(table.columns) if grammar.pattern("table", "project_column").match(column)),
                None)
    if name is None:
        return []
    from ..parse.extract import milestones

    where = place.under(table.caption) if table.caption and table.caption not in place.path else place
    rows = []
    for r, row in enumerate(table.rows):
        text = LIST_JOIN.join(f"{column}：{cell}" for c, (column, cell) in enumerate(zip(table.columns, row))
                              if c != name and cell and not cell.isdigit())
        dated = milestones(text, grammar)
        rows.append(Commitment(**_document(document), unit_id=place.id(table=t, row=r + 1), path=list(where.path),
                               markers=list(where.markers), kind="project", part=part, box=None, box_title=None,
                               name=row[name] if name < len(row) else "", text=text, when=[m.when for m in dated],
                               years=sorted({m.year for m in dated}),
                               line=table.row_lines[r] if r < len(table.row_lines) else None))
    return rows


def _indicator_rows(document: Document, where: _Place, place: _Place, t: int, table: Table,
                    part: PlanPart | None = None) -> list[Commitment]:
    rows = []
    for r, indicator in enumerate(table.indicators, start=1):
        final = next((v for v in reversed(indicator.values) if v.value is not None), None)
        rows.append(Commitment(
            **_document(document), unit_id=place.id(table=t, row=r), path=list(where.path),
            markers=list(where.markers), kind="indicator", part=part or "goals", box=None, box_title=None,
            name=indicator.name, text="",
            values=_values(indicator), value=final.value if final else None, unit=final.unit if final else None,
            comparator=final.comparator if final else None, target_year=final.year if final else None,
            attribute=indicator.attribute,
            # (the parser gives every value its year; a tree read back may hold one without: None)
            years=[v.year for v in indicator.values if v.value is not None],  # type: ignore[misc]
            line=indicator.line))
    return rows


def _values(indicator: Indicator) -> list[dict]:
    return [{"year": v.year, "text": v.text, "value": v.value, "unit": v.unit, "comparator": v.comparator}
            for v in indicator.values]


# --- writers ------------------------------------------------------------------------------

COLUMNS = [field.name for field in dataclasses.fields(Commitment)]


def to_csv(rows: list[Commitment], bom: bool = False) -> str:
    """CSV with a header; lists joined by ；, the path and its markers by ` > `, an indicator's
    values as 2022年：85%；2025年：>95%; a BOM on request so that Excel reads UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(name, getattr(row, name)) for name in COLUMNS])
    return ("\ufeff" if bom else "") + out.getvalue()


def _cell(name: str, value) -> str:
    if value is None:
        return ""
    if name == "values":
        return LIST_JOIN.join(f"{v['year']}年：{v['text']}" for v in value)
    if isinstance(value, list):
        return (PATH_JOIN if name in ("path", "markers") else LIST_JOIN).join(str(v) for v in value)
    return str(value)


def to_jsonl(rows: list[Commitment]) -> str:
    """One JSON object a line; lists stay lists and integers integers."""
    return "".join(json.dumps(dataclasses.asdict(row), ensure_ascii=False) + "\n" for row in rows)


def to_yaml(rows: list[Commitment]) -> str:
    from ..model.emit import dump_yaml

    return dump_yaml([dataclasses.asdict(row) for row in rows])


WRITERS = {"csv": to_csv, "jsonl": to_jsonl, "yaml": to_yaml}
