"""`planparse commitments`: the flat export, read back as CSV, JSON lines and YAML."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from planparse.cli import main

PLAN = FIXTURES / "liaoning-digital-gov-14th.txt"
TASKS = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"


def run(*args):
    return CliRunner().invoke(main, list(args))


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_every_box_item_and_indicator_row():
    rows = csv_rows(run("commitments", str(PLAN)).output)
    kinds = Counter(row["kind"] for row in rows)
    assert kinds["box-item"] == 60 and kinds["indicator"] == 15
    item = next(row for row in rows if row["name"] == "辽宁省大数据发展应用促进条例")
    assert (item["box"], item["leads"], item["when"], item["years"]) == (
        "1", "省营商局（大数据局）；省委网信办", "2021年底", "2021")
    indicator = next(row for row in rows if row["name"] == "云平台整合率")
    assert (indicator["value"], indicator["unit"], indicator["comparator"], indicator["target_year"],
            indicator["attribute"]) == ("95", "%", ">", "2025", "约束性")
    assert indicator["values"] == "2022年：85%；2025年：>95%"


def test_appendix_project_lists_are_project_rows():
    rows = csv_rows(run("commitments", str(FIXTURES / "guangdong-egov-2014-2020.txt")).output)
    projects = [row for row in rows if row["kind"] == "project"]
    assert len(projects) == 25  # the two appendix tables: 5 plans and 20 projects
    assert projects[0]["name"] == "网络治理计划" and projects[0]["path"] == "广东省电子政务发展重点计划"
    assert projects[0]["text"].startswith("计划内容：")


def test_tasks_with_leads_are_rows_with_their_section_path():
    rows = [row for row in csv_rows(run("commitments", str(TASKS)).output) if row["kind"] == "task"]
    first = next(row for row in rows if row["name"] == "提升政务云统揽能力")
    assert first["path"] == "建设完善一体化基础支撑体系 > 强化云网设施支撑"
    assert first["leads"] == "省数据局；各市政府；省沈抚改革创新示范区管委会"
    assert first["lead_note"].startswith("以下均需")


def test_bom_for_excel(tmp_path):
    out = tmp_path / "c.csv"
    assert run("commitments", str(PLAN), "--bom", "-o", str(out)).exit_code == 0
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    with open(out, encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle))[0] == "document"


def test_jsonl_and_yaml_give_the_same_rows_as_lists():
    as_jsonl = [json.loads(line) for line in run("commitments", str(PLAN), "--format", "jsonl").output.splitlines()]
    as_yaml = yaml.safe_load(run("commitments", str(PLAN), "--format", "yaml").output)
    assert as_jsonl == as_yaml
    assert len(as_jsonl) == len(csv_rows(run("commitments", str(PLAN)).output))
    assert isinstance(as_jsonl[0]["leads"], list)


def test_missing_file_is_one_line_and_exit_2():
    result = run("commitments", "no-such-plan.txt")
    assert result.exit_code == 2
    assert result.output.strip() == "planparse: error: no-such-plan.txt: no such file"
