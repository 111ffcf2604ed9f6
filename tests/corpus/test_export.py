"""`planparse export` and `planparse query` on a corpus store: every format read back with pandas
and DuckDB (integers stay integers, lists stay lists, dates are dates), the store's typed
columns and unit ids, the batch progress, and one-line errors with exit 2."""
from __future__ import annotations

import csv
import io
import json

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

import planparse
from conftest import FIXTURES
from planparse.cli.commands import main
from planparse.cli.progress import Progress, rate
from planparse.corpus.batch import run
from planparse.corpus.commitments import COLUMNS
from planparse.corpus.store import SCHEMA, VERSION
from planparse.diff.units import units
from planparse.model.emit import to_data

PLANS = [FIXTURES / "liaoning-digital-gov-14th.txt", FIXTURES / "guangdong-egov-2014-2020.txt"]
INTEGERS = ("box", "target_year", "line", "period_start", "period_end")


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    plans = tmp_path_factory.mktemp("plans")
    for path in PLANS:
        (plans / path.name).write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("corpus")
    summary = run([str(plans)], str(out), jobs=1)
    assert summary.parsed == 2 and not summary.failed
    return out


@pytest.fixture
def db(store):
    """A connection for one test: closed before the next, as a query's barred file access is
    another configuration, which DuckDB refuses beside an open connection in one process."""
    connection = duckdb.connect(str(store / "corpus.duckdb"), read_only=True)
    yield connection
    connection.close()


def one_line_error(result, *words):
    assert result.exit_code == 2, result.output
    assert result.output.startswith("planparse: error: ") and len(result.output.strip().splitlines()) == 1
    assert all(word in result.output for word in words), result.output


# --- the store ----------------------------------------------------------------------------

def test_doc_tables_can_be_described_and_carry_the_cells(db):
    described = dict(db.execute("DESCRIBE doc_tables").fetchall()[i][:2] for i in range(7))
    assert described["rows"] == "VARCHAR[][]" and described["row_count"] == "INTEGER"
    assert "tables" not in {name for (name,) in db.execute("SHOW TABLES").fetchall()}
    caption, rows, count = db.execute("select caption, rows, row_count from doc_tables "
                                      "where caption like '表1%'").fetchone()
    assert count == len(rows) == 15 and rows[0][2] == "云平台整合率"


def test_dates_are_typed_with_their_precision(db):
    import datetime

    found = dict((title[:2], (date, precision, text)) for title, date, precision, text in db.execute(
        "select title, date, date_precision, date_text from documents").fetchall())
    assert found["辽宁"] == (datetime.date(2021, 10, 1), "month", "2021-10")
    assert found["广东"] == (datetime.date(2014, 12, 8), "day", "2014-12-08")
    assert db.execute("select distinct typeof(date) from commitments").fetchall() == [("DATE",)]


def test_commitments_carry_the_document_and_typed_values(db):
    row = db.execute("select title, edition, period_start, period_end, issuer, values, typeof(values) "
                     "from commitments where name = '云平台整合率'").fetchone()
    assert row[:5] == ("辽宁省“十四五”数字政府发展规划", "十四五", 2021, 2025, "省营商环境建设局（大数据管理局）")
    assert row[5][1] == {"year": 2025, "text": ">95%", "value": 95.0, "unit": "%", "comparator": "at_least"}
    assert row[6].startswith("STRUCT(")
    assert db.execute("select count(distinct sha256) from commitments").fetchone()[0] == 2


def test_unit_ids_are_the_diffs(db):
    """A commitment's unit_id is the id of its unit in the diff (a target's adds #n), and a
    section's is its section unit's."""
    document = planparse.parse(PLANS[0].read_bytes())
    ids = {unit.id: unit for unit in units(to_data(document))}
    rows = db.execute("select unit_id, kind, name from commitments where sha256 = ?",
                      [document.source.sha256]).fetchall()
    assert rows and len({uid for uid, _, _ in rows}) == len(rows)
    for uid, kind, name in rows:
        unit = ids[uid.split("#")[0]]
        assert kind in ("target", "result", "forecast") or unit.title == name, (uid, name, unit.title)
    assert ("4.1.4-b1.1", "box-item", "辽宁省大数据发展应用促进条例") in rows
    sections = db.execute("select unit_id, title from sections where sha256 = ?", [document.source.sha256]).fetchall()
    assert sections == [(unit.id, unit.title) for unit in ids.values() if unit.kind == "section"]


def test_a_store_of_an_older_version_is_refused_in_one_line(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    connection = duckdb.connect(str(old / "corpus.duckdb"))
    connection.execute("create table documents (sha256 varchar, date varchar)")
    connection.execute('create table "tables" (sha256 varchar, "rows" integer)')
    connection.close()
    for args in (("export", old), ("query", old, "select 1"), ("batch", FIXTURES / PLANS[0].name, "--out", old)):
        one_line_error(invoke(*args), "version 1", f"version {VERSION} only")


def test_the_progress_callbacks_get_each_file_and_its_bytes(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    for index, text in enumerate(["一、任务\n（一）建设平台。2023年底完成。\n", "一、目标\n到2025年，网办率达到95%。\n"]):
        (plans / f"{index}.txt").write_text(text, encoding="utf-8")
    files, sizes = [], []
    run([str(plans)], str(tmp_path / "out"), jobs=1, progress=files.append, progress_bytes=sizes.append)
    assert files == [1, 1] and sorted(sizes) == sorted(p.stat().st_size for p in plans.iterdir())


def test_the_progress_bar_shows_files_and_megabytes_a_second(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert rate(10, 5_000_000, 2.0) == "5.0 files/s, 2.50 MB/s" and rate(0, 0, 0) == ""
    monkeypatch.setattr("sys.stderr", Terminal())
    progress = Progress()
    total, advance, read = progress.__enter__()
    try:
        total(3)
        read(2_000_000)
        advance(2)
        task = progress.bar.tasks[0]
        assert (task.total, task.completed) == (3, 2)
        assert "files/s" in task.fields["rate"] and "MB/s" in task.fields["rate"]
    finally:
        progress.__exit__(None, None, None)
    monkeypatch.undo()
    with Progress() as (total, advance, read):  # not a terminal: no bar, the callbacks still work
        total(1)
        advance(1)
        read(10)
        assert total.__self__.bar is None


# --- export -------------------------------------------------------------------------------

def test_csv_export_reads_back_with_integers_and_joined_lists(store, db, tmp_path):
    out = tmp_path / "c.csv"
    result = invoke("export", store, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype_backend="numpy_nullable")
    assert list(frame.columns) == list(SCHEMA["commitments"])
    assert len(frame) == db.execute("select count(*) from commitments").fetchone()[0]
    for column in INTEGERS:
        assert pd.api.types.is_integer_dtype(frame[column]), (column, frame[column].dtype)
    assert frame["box"].isna().any() and frame["box"].max() >= 1  # gaps, and still integers
    item = frame[frame["name"] == "辽宁省大数据发展应用促进条例"].iloc[0]
    assert (item["leads"], item["box_title"], item["unit_id"]) == (
        "省营商局（大数据局）；省委网信办", "支撑保障类重点应用", "4.1.4-b1.1")
    assert item["path"] == "基础保障体系建设 > 支撑保障能力建设 > 筑牢安全保障" and item["markers"] == "四、 > （一） > 4."
    indicator = frame[frame["name"] == "云平台整合率"].iloc[0]
    assert indicator["values"] == "2022年：85%；2025年：>95%" and indicator["target_year"] == 2025
    assert invoke("export", store).stdout == out.read_text(encoding="utf-8")  # stdout is the same


def test_csv_export_agrees_with_the_commitments_command(store):
    exported = [row for row in csv.DictReader(io.StringIO(invoke("export", store).stdout))
                if row["document"].endswith(PLANS[0].name)]
    direct = list(csv.DictReader(io.StringIO(invoke("commitments", PLANS[0]).stdout)))
    shared = [c for c in COLUMNS if c not in ("document", "date", "value")]
    assert [{c: row[c] for c in shared} for row in exported] == [{c: row[c] for c in shared} for row in direct]


def test_jsonl_export_keeps_lists_and_integers(store, tmp_path):
    out = tmp_path / "c.jsonl"
    assert invoke("export", store, "--format", "jsonl", "-o", out).exit_code == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    item = next(row for row in rows if row["kind"] == "box-item")
    assert type(item["box"]) is int and type(item["line"]) is int and isinstance(item["leads"], list)
    assert next(row for row in rows if row["kind"] == "indicator")["values"][0]["year"] == 2022
    frame = pd.read_json(out, lines=True, dtype_backend="numpy_nullable")
    for column in INTEGERS:
        assert pd.api.types.is_integer_dtype(frame[column]), (column, frame[column].dtype)
    assert isinstance(frame["years"].iloc[0], list) and isinstance(frame["values"].iloc[0], list)
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])


def test_parquet_export_keeps_types(store, tmp_path):
    out = tmp_path / "c.parquet"
    assert invoke("export", store, "--format", "parquet", "-o", out).exit_code == 0
    frame = pd.read_parquet(out, dtype_backend="numpy_nullable")
    for column in INTEGERS:
        assert pd.api.types.is_integer_dtype(frame[column]), (column, frame[column].dtype)
    assert pd.api.types.is_datetime64_any_dtype(pd.read_parquet(out)["date"])
    item = frame[frame["name"] == "辽宁省大数据发展应用促进条例"].iloc[0]
    assert list(item["leads"]) == ["省营商局（大数据局）", "省委网信办"] and list(item["years"]) == [2021]
    connection = duckdb.connect()
    types = dict(connection.execute(f"describe select * from read_parquet('{out}')").fetchall()[i][:2]
                 for i in range(len(SCHEMA["commitments"])))
    connection.close()
    assert (types["box"], types["leads"], types["years"]) == ("INTEGER", "VARCHAR[]", "INTEGER[]")
    assert types["values"].startswith("STRUCT(") and types["values"].endswith("[]")


def test_sections_export(store, db):
    result = invoke("export", store, "--table", "sections", "--format", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == db.execute("select count(*) from sections").fetchone()[0]
    assert rows[0]["unit_id"] == "1" and isinstance(rows[0]["path"], list)


def test_the_duckdb_file_itself_is_a_store(store):
    assert invoke("export", store / "corpus.duckdb").stdout == invoke("export", store).stdout


def test_an_empty_store_says_so_and_exits_1(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "scan.txt").write_bytes(b"%PDF-1.7\n")
    run([str(tmp_path / "plans")], str(tmp_path / "out"), jobs=1)
    result = invoke("export", tmp_path / "out", "-o", tmp_path / "c.csv")
    assert result.exit_code == 1 and "no commitments" in result.output and not (tmp_path / "c.csv").exists()


def test_bad_stores_are_one_line_and_exit_2(tmp_path, store):
    one_line_error(invoke("export", tmp_path / "nowhere"), "nowhere: no such store")
    one_line_error(invoke("export", tmp_path), "no corpus.duckdb")
    one_line_error(invoke("export", PLANS[0]), PLANS[0].name, "cannot be opened as a DuckDB store")
    one_line_error(invoke("export", store, "-o", tmp_path / "no" / "dir" / "c.csv"), "cannot be written")


# --- query --------------------------------------------------------------------------------

SQL = "select kind, count(*) as n from commitments group by kind order by kind"


def test_query_as_an_aligned_table_when_piped(store):
    from rich.cells import cell_len

    lines = invoke("query", store, SQL).stdout.splitlines()
    assert lines[0].split() == ["kind", "n"] and lines[1].split() == ["box-item", "60"]
    lines = invoke("query", store, "select title, count(*) as n from commitments group by title order by n").stdout
    lines = lines.splitlines()
    assert len(lines) == 3 and any(line.startswith("辽宁省") for line in lines)
    assert len({cell_len(line[:line.rindex(" ") + 1]) for line in lines}) == 1  # aligned on the screen's width


def test_query_as_csv_and_json(store):
    as_csv = list(csv.DictReader(io.StringIO(invoke("query", store, SQL, "--format", "csv").stdout)))
    as_json = json.loads(invoke("query", store, SQL, "--format", "json").stdout)
    assert [(row["kind"], int(row["n"])) for row in as_csv] == [(row["kind"], row["n"]) for row in as_json]
    assert ("indicator", 15) in [(row["kind"], row["n"]) for row in as_json]
    typed = json.loads(invoke("query", store, "select leads, date from commitments where box = 1 limit 1",
                              "--format", "json").stdout)
    assert isinstance(typed[0]["leads"], list) and typed[0]["date"] == "2021-10-01"
    empty = invoke("query", store, "select 1 as a where false", "--format", "json")
    assert json.loads(empty.stdout) == []  # (still a JSON array: a pipeline reads an empty result)
    assert empty.exit_code == 1 and empty.stderr.strip().endswith("the query found no rows")
    found = invoke("query", store, SQL)
    assert found.exit_code == 0 and found.stderr == ""


@pytest.mark.parametrize("sql, words", [
    ("selec 1", ["query: Parser Error"]),
    ("select * from tables", ["query: Catalog Error"]),
    ("delete from commitments", ["read-only"]),
    ("copy commitments to 'leak.csv'", ["query:"]),
])
def test_query_errors_are_one_line_and_exit_2(store, sql, words):
    one_line_error(invoke("query", store, sql), *words)


def test_query_describes_doc_tables(store):
    assert "VARCHAR[][]" in invoke("query", store, "describe doc_tables").stdout


def test_one_plans_commitments_as_parquet_have_the_exports_columns_and_types(tmp_path, store):
    file = tmp_path / "one.parquet"
    result = invoke("commitments", PLANS[0], "--format", "parquet", "-o", file)
    assert result.exit_code == 0, result.output
    one = pd.read_parquet(file, dtype_backend="numpy_nullable")
    corpus = tmp_path / "corpus.parquet"
    assert invoke("export", store, "--format", "parquet", "-o", corpus).exit_code == 0
    every = pd.read_parquet(corpus, dtype_backend="numpy_nullable")
    assert list(one.columns) == list(every.columns)
    assert dict(one.dtypes) == dict(every.dtypes)
    assert str(one["box"].dtype) == "Int32" and str(one["target_year"].dtype) == "Int32"
    from planparse.corpus.commitments import commitments

    assert len(one) == len(commitments(planparse.parse(PLANS[0].read_bytes())))
    assert sorted(one["unit_id"]) == sorted(every[every["document"].str.endswith(PLANS[0].name)]["unit_id"])
    assert list(one[one["kind"] == "box-item"]["leads"].iloc[0])  # a list, not a joined string


def test_parquet_of_a_plan_without_commitments_says_so(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("这是一段没有任何标题的说明文字。\n", encoding="utf-8")  # (every leaf section is a task row)
    result = CliRunner().invoke(main, ["commitments", str(plan), "--format", "parquet", "-o", str(tmp_path / "x.parquet")])
    assert result.exit_code == 1 and "no commitments" in result.output
    assert not (tmp_path / "x.parquet").exists()


def test_every_target_of_the_corpus_in_one_table(store, db):
    """``--kind target``: one row per target, with its measure, value or range, unit,
    comparator, direction and the document's date and part; nothing else."""
    table = list(csv.DictReader(io.StringIO(invoke("export", store, "--kind", "target").stdout)))
    count = db.execute("select count(*) from commitments where kind = 'target'").fetchone()[0]
    assert table and len(table) == count
    assert {row["kind"] for row in table} == {"target"}
    assert all(row["value"] or (row["low"] and row["high"]) for row in table)
    assert {row["comparator"] for row in table} <= {"about", "at_least", "at_most", "range", "exact"}
    assert {row["part"] for row in table} <= {"review", "goals", "tasks", "safeguards"}
    result = invoke("export", store, "--kind", "forecast")
    assert result.exit_code == 1 and "no forecast commitments" in result.stderr


def test_a_result_that_fits_the_screen_is_columns_with_long_values_cut():
    from rich.cells import cell_len

    from planparse.corpus.export import CELL, to_screen

    text = to_screen(["kind", "title"], [("task", "数字" * 40), ("box-item", None)], 100)
    lines = text.splitlines()
    assert lines[0].split() == ["kind", "title"] and set(lines[1].replace(" ", "")) == {"─"}
    assert lines[2].startswith("task") and lines[2].endswith("…") and cell_len(lines[2]) <= 100
    assert cell_len(lines[2].split("  ", 1)[1].strip()) <= CELL
    assert lines[3].split() == ["box-item"] and lines[-1] == "(2 rows)"


def test_a_result_wider_than_the_screen_is_records_with_every_value_whole():
    from rich.cells import cell_len

    from planparse.corpus.export import to_screen

    columns = [f"column_{k}" for k in range(12)]
    row = tuple("建设" * 10 for _ in columns)
    text = to_screen(columns, [row], 60)
    assert "…" not in text and all(cell_len(line) <= 60 for line in text.splitlines())
    assert text.splitlines()[0].startswith("─[ row 1 ]")
    assert "".join(line.split("│ ", 1)[1] for line in text.splitlines()[1:-1]) == "建设" * 10 * 12
    assert text.endswith("(1 row)\n")
