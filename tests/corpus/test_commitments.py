"""`planparse commitments`: the flat export, read back as CSV, JSON lines and YAML."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from planparse.cli.commands import main

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
            indicator["attribute"]) == ("95", "%", "at_least", "2025", "约束性")
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


def test_rows_carry_the_document_box_title_markers_and_unit_id():
    rows = csv_rows(run("commitments", str(PLAN)).output)
    item = next(row for row in rows if row["name"] == "辽宁省大数据发展应用促进条例")
    assert (item["title"], item["edition"], item["period_start"], item["period_end"], item["date"], item["issuer"]) == (
        "辽宁省“十四五”数字政府发展规划", "十四五", "2021", "2025", "2021-10", "省营商环境建设局（大数据管理局）")
    assert (item["box"], item["box_title"], item["unit_id"]) == ("1", "支撑保障类重点应用", "4.1.4-b1.1")
    assert item["path"] == "基础保障体系建设 > 支撑保障能力建设 > 筑牢安全保障"
    assert item["markers"] == "四、 > （一） > 4."


def test_unit_ids_are_those_of_the_diff_and_unique():
    import planparse
    from planparse.corpus.commitments import commitments
    from planparse.diff.units import units
    from planparse.model.emit import to_data

    targets: dict[str, list[str]] = {}
    for path in (PLAN, FIXTURES / "guangdong-egov-2014-2020.txt", TASKS):
        document = planparse.parse(path.read_bytes())
        ids = {unit.id: unit for unit in units(to_data(document))}
        rows = commitments(document)
        assert len({row.unit_id for row in rows}) == len(rows)
        for row in rows:
            if row.kind in ("target", "result", "forecast"):
                targets.setdefault(f"{path.name} {row.unit_id.split('#')[0]}", []).append(row.unit_id.split("#")[1])
        for row in rows:
            unit = ids[row.unit_id.split("#")[0]]
            figure = row.kind in ("target", "result", "forecast")
            assert unit.title == row.name or figure, (row.unit_id, row.name, unit.title)
            assert figure == ("#" in row.unit_id)
            assert row.kind != "box-item" or (unit.kind, unit.box, unit.box_title) == ("box-item", row.box,
                                                                                        row.box_title)
    assert targets and all(places == [str(n) for n in range(1, len(places) + 1)] for places in targets.values())


def test_what_the_diff_has_no_unit_for_gets_a_scoped_id():
    """A second document's rows start d2-, an appendix's sections a1-."""
    import planparse
    from planparse.corpus.commitments import commitments

    two = planparse.parse("某市人民政府关于印发《某市甲政策》和《某市乙计划》的通知\n各区人民政府：\n"
                          "现将《某市甲政策》《某市乙计划》印发给你们。\n某市人民政府\n2023年5月8日\n"
                          "某市甲政策\n一、支持企业上云\n对上云企业给予补贴。（责任单位：市工信局）\n"
                          "某市乙计划\n一、总体要求\n正文。\n二、重点任务\n（一）建设数据中心。2024年底前建成。（责任单位：市数据局）\n")
    assert [(row.unit_id, row.name) for row in commitments(two) if row.kind == "task"] == [
        ("1", "支持企业上云"), ("d2-1", "总体要求"), ("d2-2.1", "建设数据中心")]
    appended = planparse.parse("某市考评办法\n一、总则\n为推进工作，制定本办法。\n二、考评内容\n"
                               "1．完善考评办法。（牵头考核单位：市政府办公室）\n三、附则\n本办法自印发之日起施行。\n附件\n考评指标\n"
                               "一、政务服务\n（一）事项办理。网办率达到90%以上。（牵头考核单位：市数据局）\n")
    assert [(row.unit_id, row.name) for row in commitments(appended) if row.kind == "task"] == [
        ("1", "总则"), ("2.1", "完善考评办法"), ("3", "附则"), ("a1-1.1", "事项办理")]


def test_jsonl_keeps_values_a_list_and_integers_integers():
    import pandas as pd

    output = run("commitments", str(PLAN), "--format", "jsonl").output
    rows = [json.loads(line) for line in output.splitlines()]
    indicator = next(row for row in rows if row["name"] == "云平台整合率")
    assert indicator["values"] == [{"year": 2022, "text": "85%", "value": 85, "unit": "%", "comparator": None},
                                   {"year": 2025, "text": ">95%", "value": 95, "unit": "%", "comparator": "at_least"}]
    assert '"box": 1,' in output and '"box": 1.0' not in output and type(indicator["target_year"]) is int
    frame = pd.read_json(io.StringIO(output), lines=True, dtype_backend="numpy_nullable")
    for column in ("box", "target_year", "line", "period_start"):
        assert pd.api.types.is_integer_dtype(frame[column]), column
    assert isinstance(frame["values"].iloc[0], list) and isinstance(frame["markers"].iloc[0], list)


def test_csv_reads_back_in_pandas_with_integer_columns():
    import pandas as pd

    frame = pd.read_csv(io.StringIO(run("commitments", str(PLAN)).output), dtype_backend="numpy_nullable")
    assert frame["box"].isna().any()  # indicator rows have no box: the column has gaps …
    for column in ("box", "target_year", "line", "period_start", "period_end"):
        assert pd.api.types.is_integer_dtype(frame[column]), column  # … and is still integers
