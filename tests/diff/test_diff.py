"""The diff: similarity, each status and the moved flag, merges and splits with all their
parts, field changes (renamed agencies, inherited leads, a merge's leads together), the
alignments a careful reader makes on the real editions, diff(x, x), the CLI, and golden
renderings."""
from __future__ import annotations

import json
import random
import re

import opencc
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given

import planparse
from conftest import FIXTURES
from planparse.cli.commands import main
from planparse.diff import diff
from planparse.diff.agencies import agency_names, keys, same_agency
from planparse.diff.similarity import Space, damping, grams
from planparse.diff.units import units
from planparse.diff.verdicts import inline_diff, lead_changes
from planparse.diff.writers.common import entries, select
from planparse.diff.writers.data import report_data
from planparse.diff.writers.markdown import render_markdown
from planparse.diff.writers.terminal import render_terminal
from planparse.model.emit import to_data
from planparse.rules.grammar import grammar_files, load_grammar
from renderings import RENDERINGS, canonical
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
    space = Space(["建设一体化大数据中心", "建设一体化大数据中心", "加强宣传培训工作"])
    assert space.cosine(0, 1) == pytest.approx(1.0)
    assert space.cosine(0, 2) < 0.05


def test_material_every_plan_repeats_counts_little():
    texts = ["推进建设数据中心", "推进建设宣传培训", "推进建设人才队伍", "整合数据中心"]
    space = Space(texts)
    # sharing 推进建设 (in every text here) weighs less than sharing 数据中心 (in two)
    assert space.cosine(0, 1) < space.cosine(0, 3)


def test_formulas_of_official_chinese_are_damped_by_the_background_table():
    # 建设 and 发展 are in most paragraphs of the work reports; a rare bigram keeps its weight
    assert damping("建设") < 0.2 and damping("发展") < 0.2
    assert damping("药品") > 0.7 and damping("孪生") == 1.0


def test_inline_diff_marks_kept_removed_and_added_text():
    assert inline_diff("到2022年底完成", "到2023年底完成") == [["=", "到202"], ["-", "2"], ["+", "3"], ["=", "年底完成"]]


# --- units --------------------------------------------------------------------------------

def test_units_have_stable_ids_and_leaves_are_the_commitments():
    tree = to_data(planparse.parse(FOURTEENTH.read_bytes()))
    found = {u.id: u for u in units(tree)}
    assert found["4.2.1"].title == "建设全省统一的集约化政务云" and found["4.2.1"].leaf
    assert not found["4.2"].leaf  # a section with subsections is a container
    item = found["4.2.4-b1.1"]
    assert (item.kind, item.box, item.box_title, item.leaf) == ("box-item", 2, "基础设施类重点应用", True)
    assert [u.id for u in units(tree)] == [u.id for u in units(to_data(planparse.parse(FOURTEENTH.read_bytes())))]


def test_a_plan_wide_lead_note_gives_every_later_task_its_units():
    tree = to_data(planparse.parse(LATEST.read_bytes()))
    tasks = [u for u in units(tree) if u.kind == "section" and u.leads]
    assert "以下均需" in (tasks[0].lead_note or "") and not tasks[0].inherited
    assert all({"各市政府", "省沈抚改革创新示范区管委会"} <= set(t.leads + t.inherited) for t in tasks[1:])


# --- lead units as units ------------------------------------------------------------------

@pytest.mark.parametrize("path", grammar_files(), ids=lambda p: p.stem)
def test_the_grammars_unit_examples(path):
    grammar = load_grammar(str(path))
    for a, b in grammar.sections["agencies"]["same_agencies"]:
        assert same_agency(a, b, grammar), f"{a} and {b} should be one unit"
    for a, b in grammar.sections["agencies"]["different_agencies"]:
        assert not same_agency(a, b, grammar), f"{a} and {b} must stay two units"


def test_a_second_name_in_brackets_and_a_renamed_agency():
    grammar = load_grammar()
    assert {"某市营商局", "某市大数据局", "某市数据局"} <= keys("某市营商局（大数据局）", grammar)
    assert agency_names("各市政府和省某管委会", grammar) == ["各市政府", "省某管委会"]
    assert lead_changes(["省营商局（大数据局）"], ["省数据局", "省公安厅"], grammar) == {
        "added": ["省公安厅"], "removed": [], "renamed": [["省营商局（大数据局）", "省数据局"]]}


def test_a_users_grammar_can_add_an_alias(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("extends: zh-plan\nagencies:\n  aliases:\n    - {from: 信息中心, to: 数据局}\n", encoding="utf-8")
    assert same_agency("某市信息中心", "某市数据局", load_grammar(str(path)))
    assert not same_agency("某市信息中心", "某市数据局", load_grammar())


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
    assert pair.status == "changed" and not pair.moved
    assert ["+", "，2023年底完成。（责任单位：某市数据局）"] in pair.inline
    assert pair.changes["milestones"] == {"from": [], "to": ["2023年底"]}
    # the old plan names no lead units at all: the report says so once, no pair has a "+"
    assert "leads" not in pair.changes
    assert report.notes == ["the old plan names no lead units: lead units are not compared"]
    led = BASE.replace("形成灾备体系。", "形成灾备体系。（责任单位：某市大数据局）")
    pair = pairs_of(diff(planparse.parse(led), planparse.parse(new)), "建设数据中心")[0]
    assert pair.changes["leads"] == {"added": [], "removed": [], "renamed": [["某市大数据局", "某市数据局"]]}


def test_target_values_that_change_are_told():
    old = "一、目标\n（一）提高网办率。到2025年，全市政务服务网办率达到70%。\n"
    new = "一、目标\n（一）提高网办率。到2025年，全市政务服务网办率达到90%。\n"
    pair = pairs_of(diff(planparse.parse(old), planparse.parse(new)), "提高网办率")[0]
    assert pair.status == "changed" and pair.changes["targets"] == ["全市政务服务网办率: 70%→90%"]


def test_moved_is_a_flag_beside_the_status():
    new = ("一、主要任务\n（一）建设数据中心。整合全市机房，建设同城双活的数据中心，形成灾备体系。\n"
           "二、保障措施\n（一）加强资金保障。统筹安排财政资金，保障项目建设和运维。\n"
           "（二）完善政务网络。推进专网向政务外网迁移整合，提升网络覆盖能力。\n")
    report = diff(planparse.parse(BASE), planparse.parse(new))
    pair = pairs_of(report, "完善政务网络")[0]
    assert (pair.status, pair.moved) == ("unchanged", True)
    assert pair.changes["path"] == {"from": ["主要任务"], "to": ["保障措施"]}
    assert report.summary["pairs"]["moved"] == 1 and not report.equivalent


def test_added_and_dropped():
    new = BASE.replace("二、保障措施\n（一）加强资金保障。统筹安排财政资金，保障项目建设和运维。\n",
                       "二、安全发展\n（一）推动人工智能安全发展。开展大模型安全评估，防范算法风险。\n")
    found = statuses(BASE, new)
    assert found[("加强资金保障", None)] == "dropped"
    assert found[(None, "推动人工智能安全发展")] == "added"


MERGE_OLD = ("一、网络\n（一）加快政务内网建设。推进政务内网向市县延伸，提高内网使用率和安全监管水平。"
             "（牵头单位：某市机要局）\n"
             "（二）完善政务外网建设和管理。提升政务外网五级覆盖能力，推进专网向外网迁移整合。（牵头单位：某市大数据局）\n"
             "（三）建设数据中心。整合全市机房，建设同城双活的数据中心。\n")
MERGE_NEW = ("一、网络\n（一）建设高性能政务外网和内网。提升政务外网五级覆盖能力，推进专网向外网迁移整合；"
             "推进政务内网向市县延伸，提高内网使用率和安全监管水平。（牵头单位：某市数据局、某市机要局）\n"
             "（二）建设数据中心。整合全市机房，建设同城双活的数据中心。\n")


def test_two_tasks_merged_into_one_and_one_split_in_two():
    found = statuses(MERGE_OLD, MERGE_NEW)
    assert found[("加快政务内网建设", "建设高性能政务外网和内网")] == "merged"
    assert found[("完善政务外网建设和管理", "建设高性能政务外网和内网")] == "merged"
    back = statuses(MERGE_NEW, MERGE_OLD)
    assert back[("建设高性能政务外网和内网", "加快政务内网建设")] == "split"
    assert back[("建设高性能政务外网和内网", "完善政务外网建设和管理")] == "split"


def test_a_merge_is_one_group_with_all_its_parts_and_the_leads_of_all_of_them():
    report = diff(planparse.parse(MERGE_OLD), planparse.parse(MERGE_NEW))
    merged = [p for p in report.pairs if p.status == "merged"]
    group = merged[0].group
    assert {u.title for u in group.old} == {"加快政务内网建设", "完善政务外网建设和管理"}
    assert [u.title for u in group.new] == ["建设高性能政务外网和内网"]
    assert all(p.group is group for p in merged) and len(report.groups) == 1
    # 某市大数据局 is now 某市数据局; 某市机要局 leads as before: nothing was added or removed, told
    # once for the group; each pair compares its own two units
    assert group.changes["leads"] == {"added": [], "removed": [], "renamed": [["某市大数据局", "某市数据局"]]}
    assert merged[0].changes["leads"]["added"] == ["某市数据局"] or merged[0].changes["leads"]["added"] == ["某市机要局"]
    data = report_data(report)
    assert data["groups"] == [{"id": group.id, "kind": "merge", "old": [u.id for u in group.old],
                               "new": [u.id for u in group.new], "changes": group.changes}]
    assert all(p["group"] == group.id for p in data["pairs"] if p["status"] == "merged")
    assert {c["fate"] for c in data["commitments"] if c["id"] in {u.id for u in group.old}} == {"merged"}
    # the terminal view tells the merge once, with all its parts
    text = render_terminal(report, report.pairs)
    assert text.count("建设高性能政务外网和内网") == 1


def test_a_likeness_of_formulas_alone_is_no_pair():
    # 完善 … 机制 and 加强 are formulas of official Chinese: two tasks that share only them are
    # not one commitment, and nothing else is like them: dropped and added, surely
    old = "一、任务\n（一）完善数据共享机制。明确各部门职责，形成共享清单。\n"
    new = "一、任务\n（一）健全应急预警机制。组建值守队伍，加强处置预案管理。\n"
    found = statuses(old, new)
    assert found[("完善数据共享机制", None)] == "dropped"
    assert found[(None, "健全应急预警机制")] == "added"


LEAD_OLD = """一、主要任务
（一）建设城市数据底座。汇聚城市运行数据，建设统一的城市数据底座和数据目录。（责任单位：某市数据局）
（二）建设智慧警务系统。建设公共安全视频监控联网平台，提升社会治安立体化防控水平。（责任单位：某市公安局）
（三）建设政务服务平台。推进政务服务事项网上办理，提升网上办事便利度。（责任单位：某市数据局）
"""
LEAD_NEW = """一、重点任务
（一）夯实城市数据底座。汇聚城市运行数据，完善城市数据底座和数据目录。（责任单位：某市数据局）
（二）提升社会管理能力。完善网格化管理，推进视频图像联网应用，推动智慧公安建设。（责任单位：某市公安局、某市数据局）
（三）优化政务服务。推进政务服务事项网上办理，提升网上办事便利度。（责任单位：某市数据局）
（四）强化网络安全防护。健全网络安全监测预警机制。（责任单位：某市数据局、某市委网信办）
（五）深化数据共享。完善共享交换机制。（责任单位：某市数据局）
"""


def test_a_telling_lead_unit_backs_a_weak_likeness():
    # few words shared, but the one new task 某市公安局 leads is the likeliest: it continues there
    assert statuses(LEAD_OLD, LEAD_NEW)[("建设智慧警务系统", "提升社会管理能力")] == "changed"
    # a lead unit every task names tells nothing: the evidence of the pair is the weaker for it
    generic = LEAD_NEW.replace("某市公安局、某市数据局", "某市数据局")

    def police(new):
        report = diff(planparse.parse(LEAD_OLD), planparse.parse(new))
        return next(p for p in report.pairs if p.old is not None and p.old.title == "建设智慧警务系统"
                    and p.new is not None)

    assert police(LEAD_NEW).score > police(generic).score


def test_every_unit_of_both_sides_is_in_a_pair(fourteenth_to_latest):
    old = {u.index for u in units(to_data(parsed(FOURTEENTH)))}
    new = {u.index for u in units(to_data(parsed(LATEST)))}
    assert {p.old.index for p in fourteenth_to_latest.pairs if p.old} == old
    assert {p.new.index for p in fourteenth_to_latest.pairs if p.new} == new


def test_renamed_agencies_and_inherited_leads_are_no_change(fourteenth_to_latest):
    # every task of the new plan has 各市政府 through its lead note: none is "removed"
    for pair in fourteenth_to_latest.pairs:
        leads = pair.changes.get("leads") or {}
        assert not set(leads.get("removed", ())) & {"各市政府", "各市人民政府"}, (pair.old.title, leads)
    cloud = pairs_of(fourteenth_to_latest, "建设全省统一的集约化政务云")[0].group
    assert ["省营商局（大数据局）", "省数据局"] in cloud.changes["leads"]["renamed"]
    assert "省营商局（大数据局）" not in cloud.changes["leads"]["removed"]
    # a body under its short and its long name is one unit
    assert not any(set(p.changes.get("leads", {}).get("removed", ())) & {"沈抚示范区管委会"}
                   and "省沈抚改革创新示范区管委会" in p.changes["leads"]["added"] for p in fourteenth_to_latest.pairs)


# --- what a careful reader would pair on the real editions --------------------------------

def test_thirteenth_to_fourteenth(thirteenth_to_fourteenth):
    report = thirteenth_to_fourteenth
    merged = {p.old.title for p in report.pairs if p.new is not None and p.new.title == "建设高性能电子政务外网和内网"}
    assert {"加快电子政务内网建设", "进一步完善电子政务外网建设和管理"} <= merged
    # the tasks merged into it; the section above them that became it too is no part of the merge
    assert {p.status for p in report.pairs if p.new is not None and p.new.title == "建设高性能电子政务外网和内网"
            and p.old.leaf} <= {"merged", "in_part"}


def test_fourteenth_to_latest(fourteenth_to_latest):
    report = fourteenth_to_latest
    assert [p.new.title for p in pairs_of(report, "建设全省统一的集约化政务云")] == ["提升政务云统揽能力"]
    assert [p.status for p in pairs_of(report, "推动人工智能安全发展", "new")] == ["added"]
    drugs = pairs_of(report, "药品智慧监管")  # a 专栏 item named verbatim in a task of the new plan
    assert [p.new.title for p in drugs] == ["提升市场监管能力"]


# (what a careful reader pairs on the real editions is measured in full against the alignment
# golds written by reading: tests/alignments/, tests/diff/test_alignment.py)


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


def test_a_traditional_copy_is_the_same_text_where_a_phrase_converts_back_otherwise():
    # s2t writes 熏陶 as 薰陶, which t2s leaves as it is: the copy read back is not the text
    # character for character, but the diff judges sameness in one script
    text = ("某市文化建设规划\n一、总体要求\n（一）加强文化熏陶\n发挥文化熏陶作用，丰富群众精神文化生活。\n"
            "（二）推进设施建设\n建设一批基层综合文化服务中心。")
    copy = planparse.parse(S2T.convert(text))
    assert copy.source.opencc and "薰陶" in copy.sections[0].sections[0].title
    report = diff(planparse.parse(text), copy)
    assert report.equivalent and {p.status for p in report.pairs} == {"unchanged"}
    # (and a real change of wording in a copy in another script is still a change)
    changed = planparse.parse(S2T.convert(text.replace("丰富群众", "满足群众")))
    assert [p.status for p in diff(planparse.parse(text), changed).pairs if p.status != "unchanged"] == ["changed"]


@pytest.mark.parametrize("rendering", sorted(RENDERINGS) + ["full-width"])
def test_every_rendering_of_a_plan_is_all_unchanged(rendering):
    # the cover's lines apart, a bracket left open at a line's end, OCR's spaces, 85％ for 85%:
    # how a copy is laid out or typed is no change of what the plan says
    text = canonical(FIXTURES / "liaoning-digital-gov-14th.txt")
    original = planparse.parse(text)
    for seed in (0, 1):
        if rendering == "full-width":  # digits, Latin and % typed full-width, as some copies are
            copy = text.translate({c: c + 0xFEE0 for c in map(ord, "0123456789%ABCDEFGHIJKLMNOPQRSTUVWXYZ")})
        else:
            copy = RENDERINGS[rendering](text, random.Random(seed))
        report = diff(original, planparse.parse(copy))
        assert report.equivalent, [(p.status, p.old and p.old.title, p.new and p.new.title)
                                   for p in report.pairs if p.status != "unchanged"][:3]


def test_pdf_and_web_renderings_are_equivalent_exit_0():
    result = run("diff", PDF, WEB, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema"] == "planparse-diff/3"
    assert {k for k, v in data["summary"]["pairs"].items() if v} == {"unchanged"}
    assert data["summary"]["commitments"]["unchanged"] == data["summary"]["commitments"]["total"]
    assert not any(p["moved"] for p in data["pairs"])


def test_plans_that_differ_exit_1_and_trees_read_like_texts(tmp_path):
    tree = tmp_path / "old.yaml"
    tree.write_text(run("parse", FOURTEENTH).output, encoding="utf-8")
    from_text = json.loads(run("diff", FOURTEENTH, LATEST, "--format", "json").output)
    result = run("diff", tree, LATEST, "--format", "json")
    assert result.exit_code == 1
    from_tree = json.loads(result.output)
    assert from_tree["pairs"] == from_text["pairs"] and from_tree["summary"] == from_text["summary"]


def test_status_path_and_similarity_filters():
    result = run("diff", FOURTEENTH, LATEST, "--format", "json", "--status", "added", "--path", "安全")
    pairs = json.loads(result.output)["pairs"]
    assert pairs and all(p["status"] == "added" for p in pairs)
    assert all("安全" in " > ".join(p["new"]["path"] + [p["new"]["title"]]) for p in pairs)
    moved = json.loads(run("diff", FOURTEENTH, LATEST, "--format", "json", "--status", "moved").output)["pairs"]
    assert moved and all(p["moved"] for p in moved)
    alike = json.loads(run("diff", FOURTEENTH, LATEST, "--format", "json", "--min-similarity", "0.2").output)["pairs"]
    both = [p for p in alike if p["old"] and p["new"]]
    assert both and all(p["similarity"] >= 0.2 for p in both)
    assert any(p["new"] is None for p in alike)  # an added or dropped unit has no similarity to filter by


def test_json_pairs_name_units_by_id_and_yaml_is_the_same_data():
    data = json.loads(run("diff", FOURTEENTH, LATEST, "--format", "json").output)
    assert all(p["old"]["id"] for p in data["pairs"] if p["old"])
    assert yaml.safe_load(run("diff", FOURTEENTH, LATEST, "--format", "yaml").output) == data


def test_markdown_names_every_added_and_dropped_unit_and_ends_with_the_summary(fourteenth_to_latest):
    report = fourteenth_to_latest
    markdown = run("diff", FOURTEENTH, LATEST, "--format", "markdown").output
    assert markdown.startswith("# ")
    assert markdown.rstrip().splitlines()[-1].startswith("| **total** |")
    told = sum(1 + entry.more for _, group in entries(report, report.pairs) for entry in group
               if entry.pair.status in ("added", "dropped"))
    assert told == report.summary["pairs"]["added"] + report.summary["pairs"]["dropped"]
    assert "推动人工智能安全发展" in markdown


def test_a_plan_against_itself_says_no_changes():
    text = run("diff", PDF, WEB, "--width", "80").output
    lines = text.splitlines()
    assert "no changes" in text and any(line.startswith("summary ") for line in lines[-8:])


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
        "diff rendering changed; if intended: python3 -m pytest tests/diff/test_diff.py --update-goldens")


def test_the_terminal_view_wraps_at_its_width_keeping_labels_whole_and_not_without_one(fourteenth_to_latest):
    from rich.cells import cell_len

    report = fourteenth_to_latest
    wide = render_terminal(report, report.pairs).splitlines()
    narrow = render_terminal(report, report.pairs, width=60).splitlines()
    assert max(map(cell_len, wide)) > 150  # no width: no line is wrapped
    assert ("merged         1. 建设全省统一的集约化政务云 + 2. 建设一体化大数据中心 + 专栏2 辽宁政务云平台 + "
            "专栏2 大数据中心 → 1. 提升政务云统揽能力") in wide
    assert max(map(cell_len, narrow)) <= 60 and len(narrow) > len(wide)
    assert "               + 专栏2 辽宁政务云平台 + 专栏2 大数据中心" in narrow  # a wrapped heading goes on with + B
    assert not [line for line in narrow if re.search(r"(^|\s)(\d+\.|专栏\d+|[+→])$", line)]  # no marker left alone
    summary = next(k for k, line in enumerate(narrow) if line.startswith("summary "))
    assert summary >= len(narrow) - 16 and all(line.startswith("        ") for line in narrow[summary + 1:])
    dropped = fourteenth_to_latest.summary["commitments"]["dropped"]
    assert f"{dropped} dropped" in " ".join(narrow[summary:])  # wrapped between the counts, not inside one


def test_the_coloured_view_is_the_plain_one_with_escapes(fourteenth_to_latest):
    report = fourteenth_to_latest
    coloured = render_terminal(report, report.pairs, width=60, colour=True)
    assert "\x1b[" in coloured and "\x1b[" not in render_terminal(report, report.pairs, width=60, colour=False)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render_terminal(report, report.pairs, width=60)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", render_terminal(report, report.pairs, colour=True)).splitlines()
    assert any(line.startswith(f"summary {report.summary['commitments']['total']} old commitments") for line in plain)


def test_select_keeps_moved_pairs_under_moved(fourteenth_to_latest):
    moved = select(fourteenth_to_latest.pairs, ("moved",))
    assert moved and all(p.moved for p in moved)


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


def test_the_csv_view_has_a_row_per_pair_with_each_field_change(tmp_path):
    import csv

    from planparse.cli.commands import main
    from planparse.diff.writers.table import DIFF_COLUMNS

    out = tmp_path / "diff.csv"
    old, new = FIXTURES / "liaoning-egov-13th-pdf.txt", FIXTURES / "liaoning-digital-gov-14th.txt"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 1, result.output
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    report = planparse.diff(planparse.parse(old.read_bytes()), planparse.parse(new.read_bytes()))
    assert len(rows) == len(report.pairs) and list(rows[0]) == list(DIFF_COLUMNS)
    assert {row["status"] for row in rows} >= {"changed", "added", "dropped"}
    changed = next(row for row in rows if row["title"] and row["status"] == "changed" and row["old_kind"] != "section")
    assert changed["old_id"] and changed["new_id"] and float(changed["similarity"]) > 0 and float(changed["score"]) > 0
    sections = [row for row in rows if row["old_id"] and row["new_id"] and row["score"] == ""]
    assert sections and all(float(row["similarity"]) > 0 for row in sections)  # sections pair by their leaves
    assert not any(row["leads_added"] for row in rows)  # the old plan names no lead units: none are compared
    grouped = [row for row in rows if row["group"]]
    assert grouped and all(row["group_kind"] in ("merge", "split", "regroup") for row in grouped)
    assert all(row["new_id"] == "" for row in rows if row["status"] == "dropped")
    why = {row["uncertain_why"] for row in rows if row["status"] == "uncertain"}  # (the evidence's how)
    assert {"likeliest", "untabled", "restated"} <= why <= {"likeliest", "section", "subject", "programme", "untabled",
                                                          "pictured", "restated"}
    assert not any(row["uncertain_why"] for row in rows if row["status"] != "uncertain")


# ------------------------------------------------------------------ an indicator's subject

def _indicator(title, index=0):
    from planparse.model import Unit
    from planparse.model.kinds import Kind

    return Unit("table-row", ["主要指标"], title, f"{title} 90%", index=index, commitment=Kind.INDICATOR,
                values=[{"value": 90, "unit": "%"}])


def _task(title, text, index=0):
    from planparse.model import Unit

    return Unit("section", ["主要任务"], title, text, index=index)


@pytest.mark.parametrize("name, named", [
    ("档案数字化率", True),  # the longest start the other text holds: 档案数字化, a term
    ("“某事通”用户覆盖率", True),  # a name in quotes
    ("档案利用率", False),  # only 档案 is held: a word, no subject
    ("人均图书借阅量", False),
])
def test_an_unmatched_indicator_is_uncertain_while_the_other_plan_names_its_subject(name, named):
    from planparse.diff.verdicts import _measured
    from planparse.model import Pair
    from planparse.model.kinds import Status

    grammar = load_grammar()
    tasks = [_task("完善机制", "健全档案管理制度。", 0),
             _task("推进档案数字化", "推进档案数字化，推广“某事通”应用，实现档案数字化全覆盖。", 1),
             _indicator("某某覆盖率", 2)]  # (a plan that sets indicators: one missing from them is a change)
    for pair in (Pair(Status.DROPPED, 0.0, _indicator(name), None), Pair(Status.ADDED, 0.0, None, _indicator(name))):
        found = _measured(pair, tasks, tasks, grammar)
        if named:
            assert found.status == Status.UNCERTAIN and found.evidence["how"] == "subject"
            assert found.evidence["where"]["title"] == "推进档案数字化"  # (it names it most)
            assert found.evidence["subject"] in name.replace("“", "").replace("”", "")
        else:
            assert found is pair
        # against a plan that sets no indicator in a table, one no row matches is uncertain all the same
        untabled = _measured(pair, tasks[:2], tasks[:2], grammar)
        assert untabled.status == Status.UNCERTAIN and untabled.evidence["how"] == ("subject" if named else "untabled")


def test_an_indicator_against_a_plan_without_indicators_says_why_it_is_uncertain():
    from planparse.diff.verdicts import _measured
    from planparse.diff.writers.common import uncertain_lines
    from planparse.model import Pair, Unit
    from planparse.model.kinds import Kind, Status

    grammar = load_grammar()
    tasks = [_task("完善机制", "健全某某制度。", 0)]
    dropped = _measured(Pair(Status.DROPPED, 0.0, _indicator("某某覆盖率"), None), tasks, tasks, grammar)
    added = _measured(Pair(Status.ADDED, 0.0, None, _indicator("某某覆盖率")), tasks, tasks, grammar)
    assert uncertain_lines(dropped) == ["an indicator, and the new plan sets none in a table: the figure is gone; "
                                        "whether the work it measures goes on, it does not say; not counted as dropped"]
    assert uncertain_lines(added) == ["an indicator, and the old plan set none in a table: the figure is new; "
                                      "whether the work it measures is new, it does not say; not counted as added"]
    # the other plan's indicators count, not its own: a plan with a table beside one without
    tabled = tasks + [_indicator("某某覆盖率", 1)]
    assert _measured(Pair(Status.DROPPED, 0.0, tabled[1], None), tabled, tasks, grammar).evidence == {"how": "untabled"}
    assert _measured(Pair(Status.ADDED, 0.0, None, tabled[1]), tasks, tabled, grammar).evidence == {"how": "untabled"}
    other = _indicator("某某满意度")
    for old, new in ((tasks, tabled), (tabled, tasks)):  # (the other plan has indicators: a change of its set)
        pair = Pair(Status.DROPPED, 0.0, other, None) if new is tabled else Pair(Status.ADDED, 0.0, None, other)
        assert _measured(pair, old, new, grammar) is pair
    # a task, a table row without values and a 专栏 item are no indicators: they stay dropped
    row = Unit("table-row", ["附表"], "某某项目", "某某项目 某某局", index=0, commitment=Kind.ROW)
    item = Unit("box-item", ["主要任务"], "某某平台", "某某平台\n建设某某平台。", box=1, commitment=Kind.BOX_ITEM)
    for unit in (_task("某某覆盖", "提高某某覆盖率。"), row, item):
        assert _measured(Pair(Status.DROPPED, 0.0, unit, None), tasks, tasks, grammar).status == Status.DROPPED


@pytest.mark.parametrize("title, named", [
    ("农村公路", True),  # the item's whole name, in a sentence of a task
    ("农村公路（万公里）", True),  # a scale in brackets is no part of it
    ("“村村通”工程", False),  # a slogan in quotes is not the item (村村通工程 would be)
    ("农村公路和桥梁", False),  # only a start of it: another item (an indicator's rule would take 农村公路)
    ("公路", False),  # a word, no name
])
def test_an_unmatched_box_item_is_uncertain_while_the_other_plan_names_it(title, named):
    from planparse.diff.verdicts import _measured
    from planparse.diff.writers.common import uncertain_lines
    from planparse.model import Pair, Unit
    from planparse.model.kinds import Kind, Status

    grammar = load_grammar()
    tasks = [_task("完善交通网络", "加强农村公路、通用机场建设，推进“村村通”。", 0)]
    item = Unit("box-item", ["主要任务"], title, f"{title}\n新建和改造农村公路120万公里。", box=1, commitment=Kind.BOX_ITEM)
    for pair in (Pair(Status.DROPPED, 0.0, item, None), Pair(Status.ADDED, 0.0, None, item)):
        found = _measured(pair, tasks, tasks, grammar)
        if named:
            assert found.status == Status.UNCERTAIN and found.evidence["how"] == "subject"
            assert found.evidence["where"]["title"] == "完善交通网络"
            said = "is still named in 完善交通网络: the item is gone" if pair.new is None \
                else "is already named in 完善交通网络: the item is new"
            assert any(line.startswith("what it names, 农村公路, ") and said in line for line in uncertain_lines(found))
        else:
            assert found is pair
    task = _task("农村公路", "新建和改造农村公路120万公里。")  # (a task's title is no name)
    assert _measured(Pair(Status.DROPPED, 0.0, task, None), tasks, tasks, grammar).status == Status.DROPPED


def test_a_box_item_against_a_plan_whose_boxes_may_be_pictures_is_uncertain():
    from planparse.diff import pictures
    from planparse.diff.verdicts import Named, _measured
    from planparse.diff.writers.common import uncertain_lines
    from planparse.model import Pair, Unit
    from planparse.model.emit import to_data
    from planparse.model.kinds import Kind, Status

    grammar = load_grammar()
    tree = to_data(planparse.parse("一、主要任务\n（一）建设某某平台\n建设平台。\n![](images/a.jpg)\n![](images/b.png)\n",
                                   form="markdown"))
    assert pictures(tree) == 2  # (uncaptioned images: a 专栏 put up as one, say)
    tasks = [_task("建设某某平台", "建设平台。", 0)]
    item = Unit("box-item", ["主要任务"], "某某装备", "某某装备\n研制某某装备。", box=1, commitment=Kind.BOX_ITEM)
    for pair in (Pair(Status.DROPPED, 0.0, item, None), Pair(Status.ADDED, 0.0, None, item)):
        found = _measured(pair, Named(tasks, 2), Named(tasks, 2), grammar)
        assert found.status == Status.UNCERTAIN and found.evidence == {"how": "pictured", "pictures": 2}
        assert uncertain_lines(found) == [
            "a 专栏 item, and the new plan's text lists none but it holds 2 uncaptioned pictures: its 专栏 may be "
            "among them; whether this item goes on, it does not say; not counted as dropped" if pair.new is None else
            "a 专栏 item, and the old plan's text listed none but it holds 2 uncaptioned pictures: its 专栏 may be "
            "among them; whether this item is new, it does not say; not counted as added"]
        assert _measured(pair, Named(tasks), Named(tasks), grammar) is pair  # (no pictures: its text is all there is)
        boxed = tasks + [Unit("box-item", ["主要任务"], "某某系统", "某某系统\n建设某某系统。", box=1, index=1,
                              commitment=Kind.BOX_ITEM)]
        assert _measured(pair, Named(boxed, 2), Named(boxed, 2), grammar) is pair  # (its 专栏 are text: a change)
    task = _task("某某装备", "研制某某装备。")  # (a task is no 专栏 item: it stays dropped)
    assert _measured(Pair(Status.DROPPED, 0.0, task, None), Named(tasks, 2), Named(tasks, 2), grammar).status \
        == Status.DROPPED


@pytest.mark.parametrize("box_title, named", [
    ("某某科技专项与创新基地", "某某科技专项"),  # a part between conjunctions, named whole
    ("某某科技专项", "某某科技专项"),
    ("健康生活方式以及某某科技专项", "某某科技专项"),
    ("国家科技专项", None),  # not what the other plan names (国家某某科技专项)
    ("重点工程", None),  # a heading any 专栏 could have (compare.programme_generic)
    ("生态保护区域", None),  # named, but an area, not a programme (compare.programme_head)
    ("智慧交通、智慧物流", None),  # fields
    ("健康知识普及行动", None),  # 及 inside a word: one name (健康知识普 is none), not named whole
])
def test_an_unmatched_box_item_is_uncertain_while_the_other_plan_names_its_programme(box_title, named):
    from planparse.diff.verdicts import _measured
    from planparse.diff.writers.common import uncertain_lines
    from planparse.model import Pair, Unit
    from planparse.model.kinds import Kind, Status

    grammar = load_grammar()
    tasks = [_task("推动科技创新", "继续实施国家某某科技专项，实施重点工程，推进健康知识普及。", 0),
             _task("优化空间布局", "严格管控生态保护区域，发展智慧交通和智慧物流。", 1)]
    item = Unit("box-item", ["主要任务"], "大型飞机", "大型飞机\n研制大型飞机。", box=1, box_title=box_title,
                commitment=Kind.BOX_ITEM)
    for pair in (Pair(Status.DROPPED, 0.0, item, None), Pair(Status.ADDED, 0.0, None, item)):
        found = _measured(pair, tasks, tasks, grammar)
        if named is None:
            assert found is pair
            continue
        assert found.status == Status.UNCERTAIN and found.evidence["how"] == "programme"
        assert found.evidence["subject"] == named and found.evidence["where"]["title"] == "推动科技创新"
        said = "which of its items go on" if pair.new is None else "whether the item is new"
        assert uncertain_lines(found) == [
            f"the programme whose items its 专栏 lists, 某某科技专项, is {'still' if pair.new is None else 'already'} "
            f"named in 推动科技创新, not the item: {said}, it does not say; not counted as "
            f"{'dropped' if pair.new is None else 'added'}"]
    # the item's own name comes first: its subject, not its programme
    item.title = "科技专项"
    item.box_title = "某某科技专项"
    assert _measured(Pair(Status.DROPPED, 0.0, item, None), tasks, tasks, grammar).evidence["how"] == "subject"


def _plan_units(text: str):
    from planparse.diff.units import units
    from planparse.model.emit import to_data

    return units(to_data(planparse.parse(text)))


_STATING = "某某工作取得积极进展。\n一、总体要求\n（一）发展形势\n某某形势复杂。\n（二）基本原则\n坚持某某优先。\n坚持某某协同。\n" \
    "（三）发展目标\n到2027年建成某某体系。\n二、主要任务\n（一）建设某某平台\n建设平台。"


@pytest.mark.parametrize("other, where", [
    ("一、总体要求\n坚持某某统筹，到2027年建成某某体系。\n二、主要任务\n（一）建设某某系统\n建设系统。", "总体要求"),
    ("一、指导思想\n以某某为指导。\n二、主要任务\n（一）建设某某系统\n建设系统。", "指导思想"),  # another role
    ("一、发展目标\n建成某某。\n二、基本原则\n坚持某某统筹。", "基本原则"),  # the same role first
    ("一、总体要求\n（一）发展目标\n建成某某。\n（二）基本原则\n坚持某某统筹。", "基本原则"),  # a role before 总体要求
    ("一、主要任务\n（一）建设某某系统\n建设系统。", None),  # no statement of its own: dropped
    ("一、主要任务\n（一）发展形势\n某某形势复杂。\n（二）建设某某系统\n建设系统。", None),  # nor of the situation
])
def test_an_unmatched_principle_is_uncertain_while_the_other_plan_states_its_own(other, where):
    from planparse.diff.verdicts import _restated
    from planparse.diff.writers.common import uncertain_lines
    from planparse.model import Pair
    from planparse.model.kinds import Kind, Status

    grammar = load_grammar()
    stating, others = _plan_units(_STATING), _plan_units(other)
    principle = next(u for u in stating if u.title == "坚持某某优先")
    assert principle.commitment == Kind.FRAMING
    for pair in (Pair(Status.DROPPED, 0.0, principle, None), Pair(Status.ADDED, 0.0, None, principle)):
        old, new = (stating, others) if pair.new is None else (others, stating)
        found = _restated(pair, old, new, grammar)
        if where is None:
            assert found is pair
            continue
        assert found.status == Status.UNCERTAIN and found.evidence == {
            "how": "restated", "role": "principles",
            "where": {"id": next(u.id for u in others if u.title == where), "title": where}}
        assert uncertain_lines(found) == [
            f"states the old plan's principles; the new plan states its own guidance, principles or goals in {where}: "
            "whether this one goes on reworded, it does not say; not counted as dropped" if pair.new is None else
            f"states the new plan's principles; the old plan stated its own guidance, principles or goals in {where}: "
            "whether this one is new or rewords an old one, it does not say; not counted as added"]


def test_framing_of_the_situation_a_task_or_a_sure_verdict_is_not_restated():
    from planparse.diff.verdicts import _restated
    from planparse.model import Pair
    from planparse.model.kinds import Kind, Status

    grammar = load_grammar()
    stating = _plan_units(_STATING)
    other = _plan_units("一、总体要求\n坚持某某统筹。\n二、主要任务\n（一）建设某某系统\n建设系统。")
    situation = next(u for u in stating if u.title == "发展形势")
    task = next(u for u in stating if u.title == "建设某某平台")
    goal = next(u for u in stating if u.title == "发展目标")
    foreword, principles = stating[0], next(u for u in stating if u.title == "基本原则")
    assert situation.commitment == foreword.commitment == principles.commitment == Kind.FRAMING
    assert task.commitment == Kind.TASK and not principles.leaf
    # (发展形势: a role no plan restates; a foreword and a task have none; a section follows its leaves)
    for unit in (situation, task, foreword, principles):
        pair = Pair(Status.DROPPED, 0.0, unit, None)
        assert _restated(pair, stating, other, grammar) is pair
    assert _restated(Pair(Status.DROPPED, 0.0, goal, None), stating, other, grammar).evidence["role"] == "goals"
    sure = Pair(Status.UNCERTAIN, 0.0, goal, None, evidence={"likeliest": {"id": "1", "title": "总体要求", "score": 0.3}})
    assert _restated(sure, stating, other, grammar) is sure  # (only a sure drop or addition becomes uncertain)


def test_a_section_is_added_only_when_every_leaf_under_it_surely_is():
    from planparse.diff.verdicts import _sections_follow
    from planparse.model import Pair
    from planparse.model.kinds import Status

    old, new = _plan_units("一、某某任务\n（一）建设某某平台\n建设平台。"), _plan_units("一、某某任务\n（一）建设某某系统\n建设系统。")
    assert [u.leaf for u in old] == [u.leaf for u in new] == [False, True]  # (the same indices on both sides)
    likely = {"likeliest": {"id": "1.1", "title": "建设某某平台", "score": 0.3}}
    unlinked = [Pair(Status.DROPPED, 0.0, old[1], None),  # an old leaf surely gone, at the index of …
                Pair(Status.ADDED, 0.0, None, new[0]), Pair(Status.UNCERTAIN, 0.0, None, new[1], evidence=likely)]
    section = _sections_follow(unlinked, old, new)[1]  # … a new leaf that is uncertain: its section is too
    assert section.status == Status.UNCERTAIN and section.evidence == {"how": "section", "leaves": 1, "gone": 0}
    unlinked[2] = Pair(Status.ADDED, 0.0, None, new[1])
    assert _sections_follow(unlinked, old, new)[1].status == Status.ADDED


def test_a_grammar_without_stance_reads_only_the_roles():
    from planparse.diff.verdicts import stance_of

    grammar = load_grammar()
    rules = grammar.sections["compare"]
    other = _plan_units("一、总体要求\n坚持某某统筹。\n二、主要任务\n（一）建设某某系统\n建设系统。")
    assert stance_of(other, grammar, "principles").title == "总体要求"
    saved = rules.pop("stance")
    try:
        assert stance_of(other, grammar, "principles") is None
        assert stance_of(_plan_units(_STATING), grammar).title == "基本原则"
    finally:
        rules["stance"] = saved


@pytest.mark.parametrize("key, reads", [("programme_head", False), ("programme_joins", True),
                                        ("programme_generic", True)])
def test_a_grammar_reads_a_programme_only_with_programme_head(key, reads):
    from planparse.diff.verdicts import programme_in

    grammar = load_grammar()
    rules = grammar.sections["compare"]
    task = _task("推动科技创新", "继续实施国家某某科技专项。")
    assert programme_in("某某科技专项", [task], grammar) is not None
    saved = rules.pop(key)
    try:
        assert (programme_in("某某科技专项", [task], grammar) is not None) == reads
    finally:
        rules[key] = saved


def test_a_name_the_other_plan_uses_everywhere_is_still_named():
    from planparse.diff.verdicts import _measured
    from planparse.model import Pair, Unit
    from planparse.model.kinds import Kind, Status

    # (the work goes on somewhere in a plan about it: "dropped" would be the wrong claim)
    tasks = [_task(f"任务{k}", f"推进数字政府建设，完善第{k}项机制。", k) for k in range(20)]
    item = Unit("box-item", ["主要任务"], "数字政府", "数字政府\n建设一体化平台。", box=1, commitment=Kind.BOX_ITEM)
    found = _measured(Pair(Status.DROPPED, 0.0, item, None), [], tasks, load_grammar())
    assert found.status == Status.UNCERTAIN and found.evidence["subject"] == "数字政府"


@pytest.mark.parametrize("name", ["5G基站数（万个）", "数据中心算力（EFLOPS）", "A级物流企业数量"])
def test_a_latin_token_or_a_unit_in_brackets_is_no_subject(name):
    from planparse.diff.verdicts import subject_in

    task = _task("推进移动政务", "推广政务服务APP，加快5G网络建设，算力规模达到10EFLOPS。")
    assert subject_in(name, [task], load_grammar()) is None


def test_a_grammar_without_subject_rules_reads_no_subject(tmp_path):
    from planparse.diff.verdicts import subject_in

    grammar = load_grammar()
    rules = grammar.sections["compare"]
    saved = {key: rules.pop(key) for key in ("subject", "subject_name")}
    try:
        assert subject_in("档案数字化率", [_task("推进档案数字化", "推进档案数字化。")], grammar) is None
    finally:
        rules.update(saved)
    assert subject_in("档案数字化率", [_task("推进档案数字化", "推进档案数字化。")], grammar) is not None


def test_a_task_no_link_reached_is_dropped_whatever_the_other_plan_names():
    from planparse.diff.verdicts import _measured
    from planparse.model import Pair
    from planparse.model.kinds import Status

    pair = Pair(Status.DROPPED, 0.0, _task("推进档案数字化", "推进档案数字化。"), None)
    assert _measured(pair, [], [_task("档案数字化", "推进档案数字化。")], load_grammar()) is pair


# ------------------------------------------------------------------ what each plan is made on

def _plan_with_basis(basis: str, extra: str = "") -> str:
    return f"某市数字政府建设规划\n{basis}\n{extra}\n一、主要任务\n（一）建设平台\n建设统一平台。\n"


def test_the_two_statements_of_what_a_plan_is_made_on_are_paired():
    old = planparse.parse(_plan_with_basis("依据《某市国民经济和社会发展第十三个五年规划纲要》，结合本市实际，制定本规划。"))
    new = planparse.parse(_plan_with_basis("为深入贯彻落实党中央决策部署，加快构建智能化政府运行新形态，制定本实施方案。"))
    report = planparse.diff(old, new)
    basis = [p for p in report.pairs if p.evidence.get("how") == "basis"]
    assert len(basis) == 1 and basis[0].old.text.startswith("依据") and basis[0].new.text.startswith("为深入")
    assert basis[0].status.value == "changed"


def test_a_task_that_speaks_of_a_plan_of_its_own_is_no_statement_of_what_the_plan_is_made_on():
    old = planparse.parse(_plan_with_basis("依据《某市纲要》，结合本市实际，制定本规划。"))
    new = planparse.parse("某市数字政府建设实施方案\n为深入贯彻落实党中央决策部署，加快构建智能化政府运行新形态。\n"
                          "一、主要任务\n（一）建设平台\n建设统一平台。\n（二）抓好落实\n各区县要结合实际，制定本方案实施细则。\n")
    assert not [p for p in planparse.diff(old, new).pairs if p.evidence.get("how") == "basis"]


def test_no_statement_is_paired_when_a_plan_makes_two_or_when_both_are_linked_already():
    from planparse.diff.select import basis_pair
    from planparse.model import Unit

    one = [Unit("paragraph", [], "依据", "依据《某纲要》，制定本规划。", index=0)]
    two = one + [Unit("paragraph", [], "根据", "根据《某意见》，制定本方案。", index=1)]
    grammar = load_grammar()
    assert basis_pair(one, one, [0], [0], grammar) == [(0, 0)]
    assert basis_pair(one, two, [0], [0, 1], grammar) == []
    assert basis_pair(one, one, [0], [0], grammar, linked_old={0}, linked_new={0}) == []
    # one of them linked elsewhere by the model: the pair is made all the same (one unit may go on in several)
    assert basis_pair(one, one, [0], [0], grammar, linked_old={0}) == [(0, 0)]
    assert basis_pair(one, one, [0], [0], grammar, linked_new={0}) == [(0, 0)]
