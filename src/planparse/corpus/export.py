"""What leaves the store: a table exported with DuckDB's COPY (CSV with lists joined as
``planparse commitments`` joins them, JSON lines, Parquet), the answer of a SQL query as CSV,
JSON or aligned text, and one document's commitments as the Parquet file an export would write.
"""
from __future__ import annotations

import datetime
import json

from ..errors import PlanparseError
from .store import SCHEMA, as_lines, create_tables, insert_rows

EXPORTS = {"commitments": "document, rowid", "sections": "sha256, id"}  # the tables export writes, in order
COPY_FORMATS = {"csv": "FORMAT csv, HEADER", "jsonl": "FORMAT json", "parquet": "FORMAT parquet"}


def export(db, table: str, fmt: str, file: str, kind: str | None = None) -> int:
    """Write ``table`` (one of ``EXPORTS``) to ``file`` with DuckDB's COPY and say how many rows
    it has (nothing is written for none). CSV joins lists as ``planparse commitments`` does;
    JSON lines and Parquet keep them; Parquet's ``date`` is a timestamp (pandas: datetime64).
    The old versions ``batch --keep-history`` keeps are left out; ``kind`` keeps the rows of
    one kind only (a commitment's: target, task, indicator …)."""
    current = 'WHERE sha256 NOT IN (SELECT sha256 FROM documents WHERE NOT "current")'
    if kind is not None:
        current += " AND kind = '" + kind.replace("'", "''") + "'"
    count = db.execute(f'SELECT count(*) FROM "{table}" {current}').fetchone()[0]
    if count:
        columns = ", ".join(_exported(name, kind, fmt) for name, kind in SCHEMA[table].items())
        target = file.replace("'", "''")
        db.execute(f'COPY (SELECT {columns} FROM "{table}" {current} ORDER BY {EXPORTS[table]}) TO \'{target}\' '
                   f"({COPY_FORMATS[fmt]})")
    return count


def _exported(name: str, kind: str, fmt: str) -> str:
    """The select expression of a column in an export of ``fmt``."""
    column = f'"{name}"'
    if fmt == "csv" and kind.endswith("[]"):
        from ..model.ids import LIST_JOIN, PATH_JOIN

        items = f"[v.year || '年：' || v.text FOR v IN {column}]" if name == "values" else column
        return f"array_to_string({items}, '{PATH_JOIN if name in ('path', 'markers') else LIST_JOIN}') AS {column}"
    if fmt == "parquet" and kind == "DATE":
        return f"CAST({column} AS TIMESTAMP) AS {column}"
    return column


def query(db, sql: str) -> tuple[list[str], list[tuple]]:
    """The column names and rows ``sql`` gives; a DuckDB error is a one-line PlanparseError."""
    import duckdb

    try:
        found = db.execute(sql)
        if found.description is None:
            return [], []
        return [column[0] for column in found.description], found.fetchall()
    except duckdb.Error as err:
        raise PlanparseError(f"query: {str(err).splitlines()[0]}") from None


def plain(value) -> str:
    """A value of a query's result as text: lists joined by ；, structs as JSON, NULL empty."""
    from ..model.ids import LIST_JOIN

    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_JOIN.join(plain(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=_json_value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def to_csv(columns: list[str], found: list[tuple]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([plain(value) for value in row] for row in found)
    return out.getvalue()


def to_json(columns: list[str], found: list[tuple]) -> str:
    """A JSON array of one object a row (a line each): lists stay lists, dates are ISO text."""
    lines = [json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=_json_value) for row in found]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def to_text(columns: list[str], found: list[tuple]) -> str:
    """Plain columns aligned by display width (a CJK character takes two), for a pipe."""
    from rich.cells import cell_len

    if not columns:
        return ""
    cells = [columns] + [[" ".join(plain(value).split()) for value in row] for row in found]
    widths = [max(cell_len(row[c]) for row in cells) for c in range(len(columns))]
    return "".join("  ".join(cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths)).rstrip()
                   + "\n" for row in cells)


CELL = 48  # display cells a value takes at most in columns on a screen (longer ones end in …)


def to_screen(columns: list[str], found: list[tuple], width: int) -> str:
    """A query's result for a terminal ``width`` cells wide: the columns side by side when
    they fit (a value cut to ``CELL`` cells), else each row as a record — one line a column,
    its name and its value wrapped to the width (psql's expanded display) — so that no column
    of a ``select *`` is squeezed to nothing. A CJK character takes two cells."""
    from rich.cells import cell_len, chop_cells, set_cell_size

    if not columns:
        return ""
    cells = [[" ".join(plain(value).split()) for value in row] for row in found]
    widths = [min(CELL, max([cell_len(name)] + [cell_len(row[c]) for row in cells])) for c, name in enumerate(columns)]
    count = f"({len(found)} row{'' if len(found) == 1 else 's'})\n"

    def cut(text: str, size: int) -> str:
        return text if cell_len(text) <= size else chop_cells(text, size - 1)[0] + "…"

    if sum(widths) + 2 * (len(columns) - 1) <= width:
        lines = ["  ".join(set_cell_size(cut(cell, size), size) for cell, size in zip(row, widths)).rstrip()
                 for row in [columns, ["─" * size for size in widths]] + cells]
        return "\n".join(lines) + "\n" + count
    names = max(cell_len(name) for name in columns)
    room = max(width - names - 3, 10)
    lines = []
    for n, row in enumerate(cells, start=1):
        lines.append(f"─[ row {n} ]" + "─" * max(width - len(f"─[ row {n} ]"), 0))
        for name, value in zip(columns, row):
            pieces = chop_cells(value, room) if value else [""]
            lines.append(set_cell_size(name, names) + " │ " + pieces[0])
            lines.extend(" " * names + " │ " + piece for piece in pieces[1:])
    return "\n".join(line.rstrip() for line in lines) + "\n" + count


def commitments_parquet(tables: dict[str, list[dict]], file: str) -> int:
    """One document's commitments (``tables`` as :func:`rows` makes them) as a Parquet file
    with the columns and types ``planparse export --format parquet`` writes for a corpus; how
    many rows it has."""
    import duckdb

    db = duckdb.connect()  # in memory: a store of one document, for DuckDB's writer
    try:
        create_tables(db)
        insert_rows(db, [as_lines({"commitments": tables.get("commitments") or []})])
        return export(db, "commitments", "parquet", file)
    finally:
        db.close()
