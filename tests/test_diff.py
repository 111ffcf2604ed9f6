"""The diff and the chain: similarity, each status, the alignments a careful reader makes on
the real editions, diff(x, x), the CLI's exit statuses, and golden renderings."""
from __future__ import annotations

import json

import opencc
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given

import planparse
from conftest import FIXTURES
from planparse.classify import inline_diff
from planparse.cli import main
from planparse.compare import diff
from planparse.emit import to_data
from planparse.render import render_markdown, render_terminal, report_data
from planparse.similarity import Vectors, grams
from planparse.units import units
from test_properties import SETTINGS, hard_wrap, plans

PDF, WEB = FIXTURES / "liaoning-egov-13th-pdf.txt", FIXTURES / "liaoning-egov-13th-web.txt"
FOURTEENTH = FIXTURES / "liaoning-digital-gov-14th.txt"
LATEST = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"
GOLDEN = FIXTURES / "diff"
S2T = opencc.OpenCC("s2t")


def parsed(path):
    return planparse.parse(path.read_bytes(), path=f"fixtures/{path.name}")


@pytest.fixture(scope="module")
def thirteenth_to_fourteenth():
    return diff(parsed(PDF), parsed(FOURTEENTH))


@pytest.fixture(scope="module")
def fourteenth_to_latest():
    return diff(parsed(FOURTEENTH), parsed(LATEST))


def pairs_of(report, title, side="old"):
    return [p for p in report.pairs if getattr(p, side) is not None and getattr(p, side).title == title]


def statuses(old_text, new_text):
    report = diff(planparse.parse(old_text), planparse.parse(new_text))
    return {(p.old.title if p.old else None, p.new.title if p.new else None): p.status for p in report.pairs}


# --- similarity ---------------------------------------------------------------------------

def test_grams_are_bigrams_of_each_run():
    assert grams("数据中心（IDC）") == ["数据", "据中", "中心", "ID", "DC"]


def test_cosine_is_one_for_the_same_text_and_low_for_unrelated_text():
    vectors = Vectors(["建设一体化大数据中心", "建设一体化大数据中心", "加强宣传培训工作"])
    assert vectors.cosine([0], [1])[0, 0] == pytest.approx(1.0)
    assert vectors.cosine([0], [2])[0, 0] < 0.05


def test_common_material_counts_little():
    texts = ["推进建设数据中心", "推进建设宣传培训", "推进建设人才队伍", "整合数据中心"]
    vectors = Vectors(texts)
    # sharing 推进建设 (in every text) weighs less than sharing 数据中心 (in two)
    assert vectors.cosine([0], [1])[0, 0] < vectors.cosine([0], [3])[0, 0]


def test_inline_diff_marks_kept_removed_and_added_text():
    assert inline_diff("到2022年底完成", "到2023年底完成") == [["=", "到202"], ["-", "2"], ["+", "3"], ["=", "年底完成"]]


# --- each status --------------------------------------------------------------------------

BASE = ("一、主要任务\n（一）建设数据中心。整合全市机房，建设同城双活的数据中心，形成灾备体系。\n"
        "（二）完善政务网络。推进专网向政务外网迁移整合，提升网络覆盖能力。\n"
        "二、保障措施\n（一）加强资金保障。统筹安排财政资金，保障项目建设和运维。\n")


def test_the_same_plan_is_all_unchanged_and_renumbering_is_no_change():
    renumbered = ("一、主要任务\n（一）完善政务网络。推进专网向政务外网迁移整合，提升网络覆盖能力。\n"
                  "（二）建设数据中心。整合全市机房，建设同城双活的数据中心，形成灾备体系。\n"
                  "二、保障措施\n（一）加强资金保障。统筹安排财政资金，保障项目建设和运维。\n")
    assert set(statuses(BASE, BASE).values()) == {"unchanged"}
    assert set(statuses(BASE, renumbered).values()) == {"unchanged"}


def test_changed_text_with_an_inline_diff_and_field_changes():
    new = BASE.replace("形成灾备体系。", "形成灾备体系，2023年底完成。（责任单位：某市数据局）")
    report = diff(planparse.parse(BASE), planparse.parse(new))
    pair = pairs_of(report, "建设数据中心")[0]
    assert pair.status == "changed"
    assert ["+", "，2023年底完成。（责任单位：某市数据局）"] in pair.inline
    assert pair.changes["leads"] == {"added": ["某市数据局"], "removed": []}
    assert pair.changes["milestones"] == {"from": [], "to": ["2023年底"]}


def test_target_values_that_change_are_told():
    old = "一、目标\n（一）提高网办率。到2025年，全市政务服务网办率达到70%。\n"
    new = "一、目标\n（一）提高网办率。到2025年，全市政务服务网办率达到90%。\n"
    pair = pairs_of(diff(planparse.parse(old), planparse.parse(new)), "提高网办率")[0]
    assert pair.status == "changed" and pair.changes["targets"] == ["全市政务服务网办率: 70%→90%"]


def test_moved_under_another_parent():
    new = ("一、主要任务\n（一）建设数据中心。整合全市机房，建设同城双活的数据中心，形成灾备体系。\n"
           "二、保障措施\n（一）加强资金保障。统筹安排财政资金，保障项目建设和运维。\n"
           "（二）完善政务网络。推进专网向政务外网迁移整合，提升网络覆盖能力。\n")
    assert statuses(BASE, new)[("完善政务网络", "完善政务网络")] == "moved"


def test_added_and_dropped():
    new = BASE.replace("二、保障措施\n（一）加强资金保障。统筹安排财政资金，保障项目建设和运维。\n",
                       "二、安全发展\n（一）推动人工智能安全发展。开展大模型安全评估，防范算法风险。\n")
    found = statuses(BASE, new)
    assert found[("加强资金保障", None)] == "dropped"
    assert found[(None, "推动人工智能安全发展")] == "added"


def test_two_tasks_merged_into_one_and_one_split_in_two():
    old = ("一、网络\n（一）加快政务内网建设。推进政务内网向市县延伸，提高内网使用率和安全监管水平。\n"
           "（二）完善政务外网建设和管理。提升政务外网五级覆盖能力，推进专网向外网迁移整合。\n"
           "（三）建设数据中心。整合全市机房，建设同城双活的数据中心。\n")
    new = ("一、网络\n（一）建设高性能政务外网和内网。提升政务外网五级覆盖能力，推进专网向外网迁移整合；"
           "推进政务内网向市县延伸，提高内网使用率和安全监管水平。\n"
           "（二）建设数据中心。整合全市机房，建设同城双活的数据中心。\n")
    found = statuses(old, new)
    assert found[("加快政务内网建设", "建设高性能政务外网和内网")] == "merged"
    assert found[("完善政务外网建设和管理", "建设高性能政务外网和内网")] == "merged"
    back = statuses(new, old)
    assert back[("建设高性能政务外网和内网", "加快政务内网建设")] == "split"
    assert back[("建设高性能政务外网和内网", "完善政务外网建设和管理")] == "split"


def test_every_unit_of_both_sides_is_in_a_pair(fourteenth_to_latest):
    old = {u.index for u in units(to_data(parsed(FOURTEENTH)))}
    new = {u.index for u in units(to_data(parsed(LATEST)))}
    assert {p.old.index for p in fourteenth_to_latest.pairs if p.old} == old
    assert {p.new.index for p in fourteenth_to_latest.pairs if p.new} == new


# --- what a careful reader would pair on the real editions --------------------------------

def test_thirteenth_to_fourteenth(thirteenth_to_fourteenth):
    report = thirteenth_to_fourteenth
    assert [p.new.title for p in pairs_of(report, "建设省、市两级数据中心")] == ["建设一体化大数据中心"]
    merged = {p.old.title for p in report.pairs if p.new is not None and p.new.title == "建设高性能电子政务外网和内网"}
    assert {"加快电子政务内网建设", "进一步完善电子政务外网建设和管理"} <= merged
    assert {p.status for p in report.pairs if p.new is not None and p.new.title == "建设高性能电子政务外网和内网"} == {"merged"}


def test_fourteenth_to_latest(fourteenth_to_latest):
    report = fourteenth_to_latest
    assert [p.new.title for p in pairs_of(report, "政府运行“一网协同”")] == ["推进机关运行“一网协同”"]
    assert [p.new.title for p in pairs_of(report, "建设全省统一的集约化政务云")] == ["提升政务云统揽能力"]
    assert [p.status for p in pairs_of(report, "加强资金保障")] == ["dropped"]
    assert [p.status for p in pairs_of(report, "推动人工智能安全发展", "new")] == ["added"]


# --- diff(x, x) ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_a_plan_against_itself_or_another_rendering_of_itself_is_all_unchanged(path):
    text = path.read_text(encoding="utf-8")
    original = planparse.parse(text)
    variants = [text, text.replace("\n", "\r\n").encode("utf-16")]
    if original.source.script == "simplified":  # the same plan in traditional script
        variants.append(S2T.convert(text))
    unwrapped = any(repair.kind == "line-unwrap" for repair in original.source.repairs)
    if "\t" not in text and not unwrapped and original.source.script == "simplified":
        # one clean paragraph a line: hard-wrap it like a PDF
        variants.append(hard_wrap([line for line in text.splitlines() if line.strip()], 28, "space"))
    for variant in variants:
        assert diff(original, planparse.parse(variant)).equivalent


# --- the command line ---------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_pdf_and_web_renderings_are_equivalent_exit_0():
    result = run("diff", PDF, WEB, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema"] == "planparse-diff/1"
    assert {k for k, v in data["summary"].items() if v} == {"unchanged"}


def test_plans_that_differ_exit_1_and_trees_read_like_texts(tmp_path):
    tree = tmp_path / "old.yaml"
    tree.write_text(run("parse", FOURTEENTH).output, encoding="utf-8")
    from_text = json.loads(run("diff", FOURTEENTH, LATEST, "--format", "json").output)
    result = run("diff", tree, LATEST, "--format", "json")
    assert result.exit_code == 1
    from_tree = json.loads(result.output)
    assert from_tree["pairs"] == from_text["pairs"] and from_tree["summary"] == from_text["summary"]


def test_status_and_path_filters(fourteenth_to_latest):
    result = run("diff", FOURTEENTH, LATEST, "--format", "json", "--status", "added", "--path", "安全")
    pairs = json.loads(result.output)["pairs"]
    assert pairs and all(p["status"] == "added" for p in pairs)
    assert all("安全" in " > ".join(p["new"]["path"] + [p["new"]["title"]]) for p in pairs)


def test_yaml_and_markdown_formats():
    data = yaml.safe_load(run("diff", FOURTEENTH, LATEST, "--format", "yaml").output)
    assert data["summary"]["dropped"] > 0
    markdown = run("diff", FOURTEENTH, LATEST, "--format", "markdown").output
    assert markdown.startswith("# ") and "| status | count |" in markdown


def test_chain_over_three_editions():
    result = run("chain", PDF, FOURTEENTH, LATEST, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [e["edition"] for e in data["editions"]] == ["十三五", "十四五", None]
    lineage = next(l for l in data["lineages"] if l["steps"][0]["unit"]["title"] == "建设省、市两级数据中心")
    assert [s["unit"]["title"] if s["unit"] else None for s in lineage["steps"]] == [
        "建设省、市两级数据中心", "建设一体化大数据中心", None]
    assert [s["status"] for s in lineage["steps"]] == ["present", "changed", "dropped"]
    terminal = run("chain", PDF, FOURTEENTH, LATEST, "--width", "160").output
    assert "建设一体化大数据中心" in terminal


def test_chain_needs_two_editions():
    result = run("chain", PDF)
    assert result.exit_code == 2 and "at least two editions" in result.output


# --- golden renderings (fixed width, no colour) -------------------------------------------

@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_rendering_matches_golden(fmt, fourteenth_to_latest, update_goldens):
    report = fourteenth_to_latest
    text = (render_terminal(report, report.pairs, width=80, colour=False) if fmt == "terminal"
            else render_markdown(report, report.pairs))
    golden = GOLDEN / f"14th-to-2025.{'txt' if fmt == 'terminal' else 'md'}"
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), (
        "diff rendering changed; if intended: python3 -m pytest tests/test_diff.py --update-goldens")


# --- judgements of a careful reader (old title → new title; None: dropped or added) ------

JUDGEMENTS = {
    (PDF, FOURTEENTH): [
        ("建设省、市两级数据中心", "建设一体化大数据中心"),
        ("加快电子政务内网建设", "建设高性能电子政务外网和内网"),
        ("进一步完善电子政务外网建设和管理", "建设高性能电子政务外网和内网"),
        ("指导思想", "指导思想"), ("基本原则", "基本原则"), ("发展目标", "总体目标"),
        ("指导思想、基本原则、发展目标", "总体要求"),
        ("“十二五”时期电子政务发展总体评价", "我省数字政府建设的现状"),
        ("保障措施", "保障措施"),
        ("加强组织领导，理顺体制机制", "加强组织领导"),
        ("统筹安排使用资金", "加强资金保障"),
        ("加强队伍建设", "加强人才支撑"),
        ("制定政务服务标准规范", "制定标准规范"),
        ("进一步完善网络信息安全保障体系", "筑牢安全保障"),
        ("实现网上政务服务一体化，提升政府服务水平", "政务服务“一网通办”"),
        ("推进重点建设项目的落实", None),
    ],
    (FOURTEENTH, LATEST): [
        ("政府运行“一网协同”", "推进机关运行“一网协同”"),
        ("政务服务“一网通办”", "推进政务服务“一网通办”"),
        ("社会治理“一网统管”", "推进社会治理“一网统管”"),
        ("建设全省统一的集约化政务云", "提升政务云统揽能力"),
        ("建设高性能电子政务外网和内网", "提升电子政务网络支撑能力"),
        ("基础设施能力建设", "强化云网设施支撑"),
        ("资源要素体系建设", "建设完善一体化数据资源体系"),
        ("业务应用体系建设", "建设完善“三网”数智应用体系"),
        ("总体要求", "总体要求"), ("保障措施", "保障措施"),
        ("加强组织领导", "强化工作机制统筹"),
        ("加强人才支撑", "强化数智育才统筹"),
        ("制定标准规范", "强化标准规范统筹"),
        ("筑牢安全保障", "完善网络安全保障体系"),
        ("我省数字政府建设的现状", None),
        ("加强资金保障", None),
        (None, "推动人工智能安全发展"),
    ],
}


def agreement(report, judgements) -> list:
    """The judgements the report does not share."""
    missed = []
    for old, new in judgements:
        if old is None:
            ok = all(p.status == "added" for p in pairs_of(report, new, "new"))
        elif new is None:
            ok = all(p.status == "dropped" for p in pairs_of(report, old))
        else:
            ok = any(p.new is not None and p.new.title == new for p in pairs_of(report, old))
        if not ok:
            missed.append((old, new))
    return missed


@pytest.mark.parametrize("pair", list(JUDGEMENTS), ids=["13th-to-14th", "14th-to-2025"])
def test_agreement_with_a_careful_reader(pair):
    report = diff(parsed(pair[0]), parsed(pair[1]))
    judgements = JUDGEMENTS[pair]
    missed = agreement(report, judgements)
    assert 1 - len(missed) / len(judgements) >= 0.9, missed


# --- properties ---------------------------------------------------------------------------


@SETTINGS
@given(plans())
def test_any_plan_against_itself_and_its_hard_wrapped_rendering_is_unchanged(lines):
    original = planparse.parse("\n".join(lines))
    assert diff(original, original).equivalent
    assert diff(original, planparse.parse(hard_wrap(lines, 30, "space"))).equivalent


@SETTINGS
@given(plans(), plans())
def test_every_unit_of_two_plans_is_in_a_pair_and_the_diff_is_deterministic(old_lines, new_lines):
    old, new = planparse.parse("\n".join(old_lines)), planparse.parse("\n".join(new_lines))
    report = diff(old, new)
    assert report_data(report) == report_data(diff(old, new))
    old_units = {p.old.index for p in report.pairs if p.old}
    new_units = {p.new.index for p in report.pairs if p.new}
    assert old_units == {u.index for u in units(to_data(old))}
    assert new_units == {u.index for u in units(to_data(new))}
