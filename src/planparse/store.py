"""The corpus store: a DuckDB database of parsed plans, one row per document, section, box,
box item, table and commitment, so that SQL answers questions across a corpus::

    duckdb OUT/corpus.duckdb "select d.title from commitments c join documents d using (sha256)
                              where list_contains(c.leads, '省大数据局')"

Rows are made from trees (dicts as ``parse`` writes them), so every engine that returns trees
gives the same store. The schema is ``SCHEMA`` below (and in the README).
"""
from __future__ import annotations

import json
import os
import tempfile

SCHEMA: dict[str, dict[str, str]] = {
    "documents": {"sha256": "VARCHAR", "path": "VARCHAR", "title": "VARCHAR", "doc_number": "VARCHAR",
                  "issuer": "VARCHAR", "date": "VARCHAR", "edition": "VARCHAR", "period_start": "INTEGER",
                  "period_end": "INTEGER", "encoding": "VARCHAR", "script": "VARCHAR", "sections": "INTEGER",
                  "warnings": "VARCHAR[]"},
    "sections": {"sha256": "VARCHAR", "id": "INTEGER", "parent": "INTEGER", "level": "INTEGER",
                 "number": "INTEGER", "marker": "VARCHAR", "title": "VARCHAR", "path": "VARCHAR[]",
                 "text": "VARCHAR", "leads": "VARCHAR[]", "partners": "VARCHAR[]", "years": "INTEGER[]"},
    "boxes": {"sha256": "VARCHAR", "section": "INTEGER", "number": "INTEGER", "title": "VARCHAR",
              "items": "INTEGER"},
    "box_items": {"sha256": "VARCHAR", "section": "INTEGER", "box": "INTEGER", "name": "VARCHAR",
                  "text": "VARCHAR", "leads": "VARCHAR[]", "years": "INTEGER[]"},
    "tables": {"sha256": "VARCHAR", "section": "INTEGER", "appendix": "INTEGER", "caption": "VARCHAR",
               "columns": "VARCHAR[]", "rows": "INTEGER"},
    "commitments": {"sha256": "VARCHAR", "kind": "VARCHAR", "path": "VARCHAR[]", "box": "INTEGER",
                    "name": "VARCHAR", "text": "VARCHAR", "leads": "VARCHAR[]", "partners": "VARCHAR[]",
                    "lead_note": "VARCHAR", "when": "VARCHAR[]", "years": "INTEGER[]", "values": "VARCHAR",
                    "value": "DOUBLE", "unit": "VARCHAR", "comparator": "VARCHAR", "target_year": "INTEGER",
                    "attribute": "VARCHAR", "line": "INTEGER"},
    "errors": {"path": "VARCHAR", "sha256": "VARCHAR", "error": "VARCHAR"},
}
DATABASE = "corpus.duckdb"


def rows(sha256: str, path: str, tree: dict, commitments: list[dict]) -> dict[str, list[dict]]:
    """The rows one parsed document adds to each table."""
    meta, source = tree.get("meta") or {}, tree.get("source") or {}
    period = meta.get("period") or [None, None]
    out: dict[str, list[dict]] = {name: [] for name in SCHEMA}
    sections = _sections(sha256, tree.get("sections") or [], None, [], out)
    out["documents"].append({"sha256": sha256, "path": path, "title": meta.get("title"),
                             "doc_number": meta.get("doc_number"), "issuer": meta.get("issuer"),
                             "date": meta.get("date"), "edition": meta.get("edition"),
                             "period_start": period[0], "period_end": period[1],
                             "encoding": source.get("encoding"), "script": source.get("script"),
                             "sections": sections, "warnings": source.get("warnings") or []})
    for appendix in tree.get("appendices") or []:
        for table in appendix.get("tables") or []:
            out["tables"].append(_table(sha256, None, appendix.get("number"), table))
    for row in commitments:
        out["commitments"].append({"sha256": sha256, **{key: row.get(key) for key in SCHEMA["commitments"]
                                                        if key != "sha256"}})
    return out


def _sections(sha256: str, sections: list[dict], parent: int | None, path: list[str], out: dict) -> int:
    count = 0
    for section in sections:
        ident = len(out["sections"])
        years = sorted({m.get("year") for m in section.get("milestones") or [] if m.get("year")})
        out["sections"].append({"sha256": sha256, "id": ident, "parent": parent, "level": section.get("level"),
                                "number": section.get("number"), "marker": section.get("marker"),
                                "title": section.get("title"), "path": path,
                                "text": "\n".join(section.get("paragraphs") or []),
                                "leads": section.get("leads") or [], "partners": section.get("partners") or [],
                                "years": years})
        for box in section.get("boxes") or []:
            items = box.get("items") or []
            out["boxes"].append({"sha256": sha256, "section": ident, "number": box.get("number"),
                                 "title": box.get("title"), "items": len(items)})
            for item in items:
                out["box_items"].append({"sha256": sha256, "section": ident, "box": box.get("number"),
                                         "name": item.get("name"), "text": item.get("text"),
                                         "leads": item.get("leads") or [],
                                         "years": sorted({m["year"] for m in item.get("milestones") or []})})
        for table in section.get("tables") or []:
            out["tables"].append(_table(sha256, ident, None, table))
        count += 1 + _sections(sha256, section.get("sections") or [], ident, path + [section.get("title")], out)
    return count


def _table(sha256: str, section: int | None, appendix: int | None, table: dict) -> dict:
    return {"sha256": sha256, "section": section, "appendix": appendix, "caption": table.get("caption"),
            "columns": table.get("columns") or [], "rows": len(table.get("rows") or [])}


class Store:
    """The DuckDB database in ``folder``: created with the schema if new."""

    def __init__(self, folder: str):
        import duckdb

        os.makedirs(folder, exist_ok=True)
        self.folder = folder
        self.db = duckdb.connect(os.path.join(folder, DATABASE))
        for table, columns in SCHEMA.items():
            body = ", ".join(f'"{name}" {kind}' for name, kind in columns.items())
            self.db.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({body})')

    def known(self) -> set[str]:
        """The sha256 of every document in the store: those a resumed run skips."""
        return {sha for (sha,) in self.db.execute("SELECT sha256 FROM documents").fetchall()}

    def forget_errors(self, paths: list[str]) -> None:
        """Drop the errors recorded for files about to be tried again."""
        if paths:
            self.db.execute("DELETE FROM errors WHERE list_contains(?, path)", [paths])

    def add(self, batches: list[dict[str, list[dict]]]) -> None:
        """Insert the rows of many documents at once (through newline-delimited JSON, which
        DuckDB reads far faster than row-by-row inserts), in one transaction."""
        with tempfile.TemporaryDirectory() as scratch:
            self.db.execute("BEGIN TRANSACTION")
            try:
                for table, columns in SCHEMA.items():
                    found = [row for batch in batches for row in batch.get(table, [])]
                    if not found:
                        continue
                    file = os.path.join(scratch, f"{table}.jsonl")
                    with open(file, "w", encoding="utf-8") as handle:
                        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in found)
                    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
                    self.db.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM '
                                    f"read_json(?, format='newline_delimited', columns={spec})", [file])
                self.db.execute("COMMIT")
            except Exception:
                self.db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()
