"""`planparse batch`: a directory of plans (the fixtures and 200 renderings of them) into trees
and a DuckDB store whose counts match the individual parses; broken files reported; resumable;
the Dask engine gives the same store as the local pool."""
from __future__ import annotations

import codecs
import json

import duckdb
import pytest
from click.testing import CliRunner

import planparse
from conftest import CORPUS
from planparse.cli.commands import main
from planparse.corpus.batch import run
from planparse.corpus.commitments import commitments
from planparse.corpus.store import VERSION
from planparse.model import walk_sections
from planparse.model.emit import to_data

CLEAN = [path for path in CORPUS if "damaged" not in path.name]  # the damaged plan parses slowly: once only
TABLES = ("documents", "sections", "boxes", "box_items", "doc_tables", "commitments", "errors")


def renderings(text: str, count: int):
    """``count`` byte-different renderings of one plan that parse to the same tree."""
    encodings = [lambda t: t.encode("utf-8"), lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
                 lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), lambda t: t.encode("gb18030"),
                 lambda t: t.replace("\n", "\r\n").encode("utf-8")]
    for index in range(count):
        spaces = " " * (index // len(encodings) + 1)
        variant = "\n".join(line + spaces if line.strip() else line for line in text.split("\n"))
        yield encodings[index % len(encodings)](variant)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    for path in CORPUS:
        (folder / path.name).write_bytes(path.read_bytes())
    for path in CLEAN:
        for index, data in enumerate(renderings(path.read_text(encoding="utf-8"), 50)):
            (folder / f"{path.stem}-{index:02d}.txt").write_bytes(data)
    (folder / "nested").mkdir()
    (folder / "nested" / "scan.txt").write_bytes(b"%PDF-1.7\n")  # broken: the run goes on
    return folder


@pytest.fixture(scope="module")
def batched(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("store")
    result = CliRunner().invoke(main, ["batch", str(corpus), "--out", str(out), "-j", "2"])
    return out, result


def counts(out) -> dict:
    db = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    try:
        return {table: db.execute(f'select count(*) from "{table}"').fetchone()[0] for table in TABLES}
    finally:
        db.close()


def test_the_store_matches_the_individual_parses(corpus, batched):
    out, result = batched
    files = sorted(p for p in corpus.rglob("*.txt") if p.name != "scan.txt")
    assert len(files) >= 200
    documents = {}
    for path in files:
        document = planparse.parse(path.read_bytes(), path=str(path))
        documents.setdefault(document.source.sha256, document)
    expected = {
        "documents": len(documents),
        "sections": sum(len(list(walk_sections(d.sections))) for d in documents.values()),
        "boxes": sum(len(s.boxes) for d in documents.values() for s in walk_sections(d.sections)),
        "box_items": sum(len(b.items) for d in documents.values() for s in walk_sections(d.sections)
                         for b in s.boxes),
        "doc_tables": sum(len(s.tables) for d in documents.values() for s in walk_sections(d.sections))
        + sum(len(a.tables) for d in documents.values() for a in d.appendices),
        "commitments": sum(len(commitments(d)) for d in documents.values()),
        "errors": 1,
    }
    assert counts(out) == expected
    assert len(list((out / "trees").glob("*.json"))) == len(documents)


def test_a_broken_file_is_reported_and_the_run_goes_on(batched):
    out, result = batched
    assert result.exit_code == 1
    assert "scan.txt: is a PDF document" in result.output and "1 failed" in result.output


def test_sql_answers_a_corpus_question(batched):
    out, _ = batched
    db = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    titles = db.execute("select distinct d.title from commitments c join documents d using (sha256) "
                        "where list_contains(c.leads, '省营商局（大数据局）')").fetchall()
    db.close()
    assert titles == [("辽宁省“十四五”数字政府发展规划",)]


def test_a_second_run_skips_what_the_store_has(corpus, batched):
    out, _ = batched
    before = counts(out)
    summary = run([str(corpus)], str(out), jobs=1)
    assert summary.parsed == 0 and summary.skipped == before["documents"] and len(summary.failed) == 1
    assert (summary.added, summary.replaced, summary.removed) == (0, 0, 0)  # the store mirrors them already
    assert counts(out) == before  # the broken file's error is replaced, not added twice
    db = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    assert db.execute("select version from store_info").fetchall() == [(VERSION,)]  # recorded once
    db.close()


def test_trees_in_the_store_folder_are_the_parse_output(batched, corpus):
    out, _ = batched
    path = corpus / CORPUS[0].name
    tree = json.loads(next((out / "trees").glob(f"{planparse.parse(path.read_bytes()).source.sha256}.json"))
                      .read_text(encoding="utf-8"))
    assert tree["meta"] == to_data(planparse.parse(path.read_bytes()))["meta"]


def rows_of(out) -> dict:
    db = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    try:
        return {table: sorted(map(repr, db.execute(f'select * from "{table}"').fetchall())) for table in TABLES}
    finally:
        db.close()


def test_the_dask_engine_gives_the_same_store_as_the_local_pool(tmp_path):
    from dask.distributed import LocalCluster

    folder = tmp_path / "plans"
    folder.mkdir()
    for path in CLEAN:
        for index, data in enumerate(renderings(path.read_text(encoding="utf-8"), 3)):
            (folder / f"{path.stem}-{index}.txt").write_bytes(data)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    local, remote = tmp_path / "local", tmp_path / "dask"
    run([str(folder)], str(local), jobs=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        summary = run([str(folder)], str(remote), engine="dask", scheduler=cluster.scheduler_address)
    assert summary.parsed == 12 and len(summary.failed) == 1
    assert rows_of(local) == rows_of(remote)


def test_a_folder_of_markdown_html_and_text_is_read_and_own_outputs_are_skipped(tmp_path):
    """By default every plan-like file: .txt, .md, .html, .htm; planparse's own trees and diff
    reports beside them are counted as such and not parsed as plans."""
    from conftest import FIXTURES, MARKDOWN

    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "a.md").write_bytes(MARKDOWN[0].read_bytes())
    (plans / "b.htm").write_text("<p>一、总体要求</p><p>（一）指导思想。坚持系统观念。</p>", encoding="utf-8")
    (plans / "c.txt").write_text("一、总体要求\n（一）指导思想。坚持系统观念。\n", encoding="utf-8")
    (plans / "notes.csv").write_text("a,b\n", encoding="utf-8")  # not plan-like: left alone
    for report in (FIXTURES / "diff").iterdir():
        (plans / report.name).write_bytes(report.read_bytes())
    (plans / "tree.yaml.txt").write_bytes(planparse.dump(planparse.parse("一、总体要求\n坚持。")).encode("utf-8"))
    out = tmp_path / "store"
    result = CliRunner().invoke(main, ["batch", str(plans), "--out", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    reports = len(list((FIXTURES / "diff").iterdir()))
    assert f"3 parsed, 0 skipped (already in the store), {reports + 1} skipped (planparse's own output)" in result.output
    db = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    try:
        paths = sorted(p.rsplit("/", 1)[-1] for (p,) in db.execute("select path from documents").fetchall())
    finally:
        db.close()
    assert paths == ["a.md", "b.htm", "c.txt"]


def test_pattern_adds_to_the_plan_files(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "a.text").write_text("一、总体要求\n（一）指导思想。坚持系统观念。\n", encoding="utf-8")
    (plans / "b.txt").write_text("一、主要任务\n（一）数字政府。建设平台。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(plans), "--out", str(tmp_path / "s"), "-j", "1",
                                       "--pattern", "*.text"])
    assert result.exit_code == 0 and result.output.startswith("2 parsed"), result.output


def test_inputs_with_no_plan_file_are_an_error(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "data.csv").write_text("a,b\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(tmp_path / "plans"), "--out", str(tmp_path / "s")])
    assert result.exit_code == 2 and "no plan files" in result.output
