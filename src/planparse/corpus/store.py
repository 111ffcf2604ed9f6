"""The corpus store: a DuckDB database of parsed plans, one row per document, section, box,
box item, table and commitment, so that SQL answers questions across a corpus::

    planparse query OUT "select title, name from commitments where list_contains(leads, '省大数据局')"

Rows are made from trees (dicts as ``parse`` writes them), so every engine that returns trees
gives the same store. The schema is ``SCHEMA`` below (and in the README); ``VERSION`` is
recorded in the store, and a store of another version is refused.
"""
from __future__ import annotations

import datetime
import json
import os
import tempfile
from collections.abc import Sequence

from ..errors import PlanparseError

VERSION = 4  # 1 (recorded nowhere): a table named `tables`, dates as text, an indicator's values as text;
# 2: no `files` table, no documents.current; 3: commitments without part, low, high, direction
VALUE = "STRUCT(year INTEGER, text VARCHAR, value DOUBLE, unit VARCHAR, comparator VARCHAR)"
SCHEMA: dict[str, dict[str, str]] = {
    "documents": {"sha256": "VARCHAR", "path": "VARCHAR", "title": "VARCHAR", "doc_number": "VARCHAR",
                  "issuer": "VARCHAR", "date": "DATE", "date_precision": "VARCHAR", "date_text": "VARCHAR",
                  "edition": "VARCHAR", "period_start": "INTEGER", "period_end": "INTEGER", "encoding": "VARCHAR",
                  "script": "VARCHAR", "sections": "INTEGER", "warnings": "VARCHAR[]", "current": "BOOLEAN"},
    "sections": {"sha256": "VARCHAR", "id": "INTEGER", "unit_id": "VARCHAR", "parent": "INTEGER",
                 "level": "INTEGER", "number": "INTEGER", "marker": "VARCHAR", "title": "VARCHAR",
                 "path": "VARCHAR[]", "text": "VARCHAR", "leads": "VARCHAR[]", "partners": "VARCHAR[]",
                 "years": "INTEGER[]"},
    "boxes": {"sha256": "VARCHAR", "section": "INTEGER", "number": "INTEGER", "title": "VARCHAR",
              "items": "INTEGER"},
    "box_items": {"sha256": "VARCHAR", "section": "INTEGER", "box": "INTEGER", "name": "VARCHAR",
                  "text": "VARCHAR", "leads": "VARCHAR[]", "years": "INTEGER[]"},
    "doc_tables": {"sha256": "VARCHAR", "section": "INTEGER", "appendix": "INTEGER", "caption": "VARCHAR",
                   "columns": "VARCHAR[]", "rows": "VARCHAR[][]", "row_count": "INTEGER"},
    "commitments": {"sha256": "VARCHAR", "document": "VARCHAR", "title": "VARCHAR", "edition": "VARCHAR",
                    "period_start": "INTEGER", "period_end": "INTEGER", "date": "DATE", "date_precision": "VARCHAR",
                    "issuer": "VARCHAR", "unit_id": "VARCHAR", "path": "VARCHAR[]", "markers": "VARCHAR[]",
                    "kind": "VARCHAR", "part": "VARCHAR", "box": "INTEGER", "box_title": "VARCHAR", "name": "VARCHAR",
                    "text": "VARCHAR", "leads": "VARCHAR[]", "partners": "VARCHAR[]", "lead_note": "VARCHAR",
                    "when": "VARCHAR[]", "years": "INTEGER[]", "values": f"{VALUE}[]", "value": "DOUBLE",
                    "low": "DOUBLE", "high": "DOUBLE", "unit": "VARCHAR", "comparator": "VARCHAR",
                    "direction": "VARCHAR", "measure": "VARCHAR", "target_year": "INTEGER", "attribute": "VARCHAR",
                    "line": "INTEGER"},
    "files": {"path": "VARCHAR", "sha256": "VARCHAR"},
    "errors": {"path": "VARCHAR", "sha256": "VARCHAR", "error": "VARCHAR"},
    "store_info": {"version": "INTEGER", "planparse": "VARCHAR"},
}
DATABASE = "corpus.duckdb"
STORAGE_FORMAT = "v1.0.0"  # DuckDB's storage compatibility version the store is written in
CONTENT = ("documents", "sections", "boxes", "box_items", "doc_tables", "commitments")  # keyed by sha256
PRECISIONS = ("year", "month", "day")


def rows(sha256: str, path: str, tree: dict, commitments: list[dict]) -> dict[str, list[dict]]:
    """The rows one parsed document adds to each table."""
    meta, source = tree.get("meta") or {}, tree.get("source") or {}
    period = meta.get("period") or [None, None]
    out: dict[str, list[dict]] = {name: [] for name in SCHEMA}
    sections = _sections(sha256, tree.get("sections") or [], out)
    date, precision = day(meta.get("date"))
    out["documents"].append({"sha256": sha256, "path": path, "title": meta.get("title"),
                             "doc_number": meta.get("doc_number"), "issuer": meta.get("issuer"),
                             "date": date, "date_precision": precision, "date_text": meta.get("date"),
                             "edition": meta.get("edition"), "period_start": period[0], "period_end": period[1],
                             "encoding": source.get("encoding"), "script": source.get("script"),
                             "sections": sections, "warnings": source.get("warnings") or [], "current": True})
    for appendix in tree.get("appendices") or []:
        for table in appendix.get("tables") or []:
            out["doc_tables"].append(_table(sha256, None, appendix.get("number"), table))
    for row in commitments:
        out["commitments"].append({**{key: row.get(key) for key in SCHEMA["commitments"]}, "sha256": sha256,
                                   "date": date, "date_precision": precision})
    return out


def day(text: str | None) -> tuple[str | None, str | None]:
    """A plan's ISO date, as precise as it is, as a day and that precision.

    >>> day("2021-10"), day("2006-03-14"), day("2021"), day(None)
    (('2021-10-01', 'month'), ('2006-03-14', 'day'), ('2021-01-01', 'year'), (None, None))
    """
    parts = (text or "")[:10].split("-")
    try:
        found = datetime.date(*(int(part) for part in parts), *[1] * (3 - len(parts)))
    except (TypeError, ValueError):
        return None, None
    return found.isoformat(), PRECISIONS[len(parts) - 1]


def _sections(sha256: str, sections: list[dict], out: dict) -> int:
    """The rows of every section of a tree (and of its boxes, items and tables); how many sections."""
    from ..model.walk import walk

    first = len(out["sections"])
    count = 0
    for visit in walk(sections):
        section, ident = visit.section, first + visit.index
        years = sorted({m.get("year") for m in section.get("milestones") or [] if m.get("year")})
        out["sections"].append({"sha256": sha256, "id": ident, "unit_id": visit.id,
                                "parent": first + visit.parent.index if visit.parent else None,
                                "level": section.get("level"), "number": section.get("number"),
                                "marker": section.get("marker"), "title": section.get("title"),
                                "path": list(visit.path), "text": "\n".join(section.get("paragraphs") or []),
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
            out["doc_tables"].append(_table(sha256, ident, None, table))
        count += 1
    return count


def _table(sha256: str, section: int | None, appendix: int | None, table: dict) -> dict:
    cells = [[str(cell) for cell in row] for row in table.get("rows") or []]
    return {"sha256": sha256, "section": section, "appendix": appendix, "caption": table.get("caption"),
            "columns": table.get("columns") or [], "rows": cells, "row_count": len(cells)}


def version(db) -> int | None:
    """The store version of an open database; None for one with no tables at all."""
    names = {name for (name,) in db.execute("SHOW TABLES").fetchall()}
    if not names:
        return None
    if "store_info" not in names:
        return 1
    return db.execute("SELECT max(version) FROM store_info").fetchone()[0] or 1


def _refuse(file: str, found: int) -> PlanparseError:
    return PlanparseError(f"{file}: a store of version {found}, and this planparse reads and writes version "
                          f"{VERSION} only: batch into a new --out folder (or delete this one)")


def open_store(path: str, files: bool = True):
    """A read-only DuckDB connection to the store at ``path`` (a batch ``--out`` folder or its
    corpus.duckdb); ``files=False`` also bars reading and writing other files."""
    import duckdb

    file = os.path.join(path, DATABASE) if os.path.isdir(path) else path
    if not os.path.isfile(file):
        raise PlanparseError(f"{path}: no such store" + (f" (no {DATABASE} in this folder)" if file != path else ""))
    try:
        db = duckdb.connect(file, read_only=True, config={} if files else {"enable_external_access": False})
        found = version(db)
    except duckdb.Error as err:
        busy = _busy(path, err)
        raise busy or PlanparseError(f"{path}: cannot be opened as a DuckDB store ({str(err).splitlines()[0]})") \
            from None
    if found != VERSION:
        db.close()
        if found is None:
            raise PlanparseError(f"{path}: not a planparse store (it has no tables)")
        raise _refuse(path, found)
    return db


def _busy(path: str, err: Exception) -> PlanparseError | None:
    """DuckDB's refusal of a database another process has open for writing, as one line."""
    import re

    if "Could not set lock" not in str(err):
        return None
    pid = re.search(r"\(PID (\d+)\)", str(err))
    return PlanparseError(f"{path}: another process{f' (pid {pid[1]})' if pid else ''} has this store open, "
                          "a batch writing it perhaps: try again when it is done")


def as_lines(tables: dict[str, list[dict]]) -> dict[str, str]:
    """Rows as :meth:`Store.add` takes them: per table, one JSON object a line."""
    return {table: "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in found)
            for table, found in tables.items() if found}


class Store:
    """The DuckDB database in ``folder`` (which exists): created with the schema if new."""

    def __init__(self, folder: str):
        import duckdb

        self.folder = folder
        self.file = os.path.join(folder, DATABASE)
        try:
            # written in the storage format of DuckDB 1.0 on, so that the DuckDB command line most
            # people have (any from mid-2024) opens the store, whatever duckdb planparse runs on
            try:
                self.db = duckdb.connect(self.file, config={"storage_compatibility_version": STORAGE_FORMAT})
            except duckdb.InvalidInputException:  # a duckdb older than 1.1 knows no v1.0.0: it writes 1.0's own
                self.db = duckdb.connect(self.file)
            found = version(self.db)
        except duckdb.Error as err:
            raise _busy(self.file, err) or PlanparseError(
                f"{self.file}: cannot be opened for writing ({str(err).splitlines()[0]})") from None
        if found not in (None, VERSION):
            self.db.close()
            raise _refuse(self.file, found)
        if found is None:  # the tables and the version they are, at once
            from .. import __version__

            self.commit(create=True, info=[VERSION, __version__])

    def files(self) -> dict[str, str]:
        """Every input file the store mirrors: its path and its content's sha256."""
        return dict(self.db.execute("SELECT path, sha256 FROM files").fetchall())

    def failed(self) -> list[str]:
        """The paths of the files an error is recorded for."""
        return [path for (path,) in self.db.execute("SELECT DISTINCT path FROM errors").fetchall()]

    def documents(self) -> dict[str, tuple[str, bool]]:
        """Every document: its sha256, the path it was parsed from, and whether it is current
        (not an old version that ``--keep-history`` kept)."""
        return {sha: (path, current) for sha, path, current
                in self.db.execute('SELECT sha256, path, "current" FROM documents').fetchall()}

    def commit(self, batches: Sequence[dict[str, str]] = (), *, drop: Sequence[str] = (), retire: Sequence[str] = (),
               revive: Sequence[str] = (), unfile: Sequence[str] = (), file: Sequence[tuple[str, str]] = (),
               forget: Sequence[str] = (), create: bool = False, info: list | None = None) -> None:
        """One transaction, whole or not at all: ``drop`` the documents of these sha256 (every
        table's rows), ``retire`` or ``revive`` some (documents.current), ``unfile`` paths
        (their files rows), ``forget`` the errors of paths, then insert ``file`` rows (path,
        sha256) and the rows of ``batches`` — per table, newline-delimited JSON
        (:func:`as_lines`), which DuckDB reads far faster than row-by-row inserts, and which a
        batch's workers write, not this process."""
        import duckdb

        db = self.db
        try:
            db.execute("BEGIN TRANSACTION")
            try:
                if create:
                    create_tables(db)
                    db.execute("INSERT INTO store_info VALUES (?, ?)", info)
                if drop:
                    for table in CONTENT:
                        db.execute(f'DELETE FROM "{table}" WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))', [drop])
                for shas, flag in ((retire, "false"), (revive, "true")):
                    if shas:
                        db.execute(f'UPDATE documents SET "current" = {flag} '
                                   "WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))", [shas])
                for table, paths in (("files", unfile), ("errors", forget)):
                    if paths:
                        db.execute(f'DELETE FROM "{table}" WHERE path IN (SELECT unnest(?::VARCHAR[]))', [paths])
                if file:
                    db.execute("INSERT INTO files SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                               [[path for path, _ in file], [sha for _, sha in file]])
                if batches:
                    insert_rows(db, batches)
                db.execute("COMMIT")
            except BaseException:
                try:
                    db.execute("ROLLBACK")
                except duckdb.Error:
                    pass
                raise
        except duckdb.Error as err:
            raise PlanparseError(f"{self.file}: cannot be written ({str(err).splitlines()[0]})") from None
        except OSError as err:
            raise PlanparseError(f"{self.file}: cannot be written ({err.strerror or err})") from None

    def close(self, checkpoint: bool = True) -> None:
        """Close the store; with ``checkpoint``, first write the run's work from the log into
        the database file — a failure there (a full disk) is an error, not a success: the work
        stays in the log, and a run again completes it."""
        import duckdb

        try:
            if checkpoint:
                self.db.execute("CHECKPOINT")
        except (duckdb.Error, OSError) as err:
            raise PlanparseError(f"{self.file}: cannot be written at the checkpoint "
                                 f"({str(err).splitlines()[0][:200]}): free space and run batch again") from None
        finally:
            self.db.close()


def create_tables(db) -> None:
    for table, columns in SCHEMA.items():
        body = ", ".join(f'"{name}" {kind}' for name, kind in columns.items())
        db.execute(f'CREATE TABLE "{table}" ({body})')


def insert_rows(db, batches: Sequence[dict[str, str]]) -> None:
    """The rows of ``batches`` (newline-delimited JSON per table) into their tables."""
    with tempfile.TemporaryDirectory() as scratch:
        for table, columns in SCHEMA.items():
            found = [batch[table] for batch in batches if batch.get(table)]
            if not found:
                continue
            file = os.path.join(scratch, f"{table}.jsonl")
            with open(file, "w", encoding="utf-8") as handle:
                handle.writelines(found)
            spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
            db.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM '
                       f"read_json(?, format='newline_delimited', columns={spec})", [file])
