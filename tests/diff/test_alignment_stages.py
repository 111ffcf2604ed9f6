"""The diff's stages one by one: the sparse products the views are made of (against dense
numpy), the candidate gate, the model's evaluation of its trees, selection many to many,
sections following their leaves, and the verdicts a leaf gets when no link reaches it."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planparse
from conftest import FIXTURES
from planparse.diff import as_tree, read_units
from planparse.diff.candidates import FEATURES, Views
from planparse.diff.score import default_model, model_from, score, stage_from
from planparse.diff.sparse import Entries, Rows
from planparse.rules.grammar import load_grammar

GRAMMAR = load_grammar()


def _rows(dense: np.ndarray) -> Rows:
    return Rows.build([{c: v for c, v in enumerate(row) if v} for row in dense], dense.shape[1])


matrices = st.integers(1, 6).flatmap(lambda n: st.integers(1, 7).flatmap(lambda m: st.lists(
    st.lists(st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.0]), min_size=m, max_size=m), min_size=n, max_size=n)))


@settings(max_examples=60, deadline=None)
@given(matrices, matrices)
def test_sparse_products_are_the_dense_ones(left, right):
    a = np.array(left)
    b = np.array([row[:a.shape[1]] + [0.0] * (a.shape[1] - len(row)) for row in right])
    product = _rows(a).times_transposed(_rows(b))
    assert np.allclose(product.dense(), a @ b.T)
    rows, cols = np.meshgrid(np.arange(a.shape[0]), np.arange(b.shape[0]), indexing="ij")
    assert np.allclose(_rows(a).dots(_rows(b), rows.ravel(), cols.ravel()), (a @ b.T).ravel())
    norms = np.linalg.norm(a, axis=1, keepdims=True)
    assert np.allclose(_rows(a).scaled("l2").times_transposed(_rows(a).scaled("l2")).dense(),
                       (a / np.where(norms == 0, 1, norms)) @ (a / np.where(norms == 0, 1, norms)).T)


def test_sparse_top_and_grouped_sums():
    dense = np.array([[0.2, 0.9, 0.0, 0.9], [0.0, 0.0, 0.0, 0.0], [0.5, 0.1, 0.3, 0.0]])
    entries = Entries.summed(np.flatnonzero(dense.ravel()), dense.ravel()[dense.ravel() != 0], dense.shape)
    rows, cols = entries.top(2)
    assert sorted(zip(rows.tolist(), cols.tolist())) == [(0, 1), (0, 3), (2, 0), (2, 2)]  # ties: the earlier column
    assert np.allclose(entries.transposed().dense(), dense.T)
    assert np.allclose(_rows(dense).summed_by([[0, 2], [1]]).times_transposed(_rows(np.eye(4))).dense(),
                       np.array([dense[0] + dense[2], dense[1]]))


def test_a_model_is_evaluated_as_its_trees_say():
    # one tree: feature 0 at most 0.5 → −1, else +1; baseline 0
    stage = stage_from({"features": ["text"], "baseline": 0.0, "trees": [
        {"feature": [0, -1, -1], "threshold": [0.5, 0, 0], "left": [1, -1, -1], "right": [2, -1, -1],
         "value": [0, -1.0, 1.0]}]})
    assert np.allclose(stage.predict(np.array([[0.2], [0.5], [0.9]])), 1 / (1 + np.exp(-np.array([-1.0, -1.0, 1.0]))))
    with pytest.raises(ValueError, match="not a planparse alignment model"):
        model_from({"format": "something else"})


def test_the_shipped_model_knows_every_view():
    model = default_model()
    assert model.stages[0].features == FEATURES
    assert set(model.stages[-1].features) > set(FEATURES)
    assert 0 < model.drop < model.link < model.back < 1
    assert model.about["golds"]  # it says what it was fitted on


def _units(text: str):
    return read_units(as_tree(planparse.parse(text)), grammar=GRAMMAR)


def test_a_pair_that_shares_only_formulas_is_no_candidate():
    old = _units("一、任务\n（一）完善数据共享机制。明确各部门职责，形成共享清单。\n")
    new = _units("一、任务\n（一）健全应急预警机制。组建值守队伍，加强处置预案管理。\n")
    assert len(Views(old, new, GRAMMAR).rows) == 0
    # one telling word in both titles will do
    new = _units("一、任务\n（一）深化数据共享。组建值守队伍，加强处置预案管理。\n")
    assert len(Views(old, new, GRAMMAR).rows) == 1


def test_an_unlinked_leaf_is_dropped_only_when_nothing_is_likely():
    old = "一、任务\n（一）建设城市数据底座。汇聚城市运行数据，建设统一的城市数据底座和数据目录。\n"
    new = "一、任务\n（一）夯实城市数据底座。汇聚城市运行数据，完善城市数据底座和数据目录。\n"
    strict = model_from({**json.loads(json.dumps(_model_data())), "link": 0.999, "back": 0.999, "drop": 0.001})
    report = planparse.diff(planparse.parse(old), planparse.parse(new), model=strict)
    unsure = [p for p in report.pairs if p.old is not None and p.old.title == "建设城市数据底座"]
    assert [p.status for p in unsure] == ["uncertain"]
    assert unsure[0].evidence["likeliest"]["title"] == "夯实城市数据底座"
    assert report.summary["commitments"]["uncertain"] == 1 and report.summary["commitments"]["dropped"] == 0
    assert [p.status for p in report.pairs if p.new is not None and p.new.title == "夯实城市数据底座"] == ["uncertain"]


def _model_data() -> dict:
    from importlib.resources import files

    return json.loads((files("planparse") / "data" / "alignment-model.json").read_text(encoding="utf-8"))


def test_scores_are_probabilities_and_deterministic():
    old = _units("一、任务\n（一）建设数据中心。整合全市机房，建设同城双活的数据中心。\n（二）完善政务外网。提升政务外网覆盖能力。\n")
    new = _units("一、任务\n（一）建设高可用数据中心。整合机房，建设同城双活数据中心和灾备。\n（二）优化政务外网。提升覆盖能力。\n")
    views = Views(old, new, GRAMMAR)
    first = score(views)
    assert ((first >= 0) & (first <= 1)).all()
    assert np.array_equal(first, score(Views(old, new, GRAMMAR)))


def test_a_section_with_subsections_follows_its_leaves_at_any_level():
    old = ("一、网络\n（一）加快政务内网建设。推进政务内网向市县延伸，提高内网使用率。\n"
           "（二）完善政务外网。提升政务外网五级覆盖能力，推进专网向外网迁移。\n")
    new = ("一、基础设施\n（一）网络建设\n1.加快政务内网建设。推进政务内网向市县延伸，提高内网使用率。\n"
           "2.完善政务外网。提升政务外网五级覆盖能力，推进专网向外网迁移。\n")
    report = planparse.diff(planparse.parse(old), planparse.parse(new))
    went = {(p.old.title, p.new.title) for p in report.pairs if p.old is not None and p.new is not None}
    assert ("网络", "网络建设") in went  # a chapter became a 节: the section its leaves went under
    assert ("加快政务内网建设", "加快政务内网建设") in went


def test_a_plan_against_itself_pairs_each_unit_once(tmp_path):
    # a task with a 专栏 has units under it but is a leaf: no anchor beside its own pair
    text = ("一、主要任务\n（一）建设数据中心。整合全市机房。\n专栏1 重点工程\n1.城市大脑。建设城市运行中枢。\n"
            "2.一网统管。汇聚城市运行数据。\n（二）完善政务外网。提升覆盖能力。\n")
    report = planparse.diff(planparse.parse(text), planparse.parse(text))
    pairs = [(p.old.id, p.new.id) for p in report.pairs]
    assert len(pairs) == len(set(pairs)) and report.equivalent


def test_counts_add_up():
    for old, new in (("liaoning-egov-13th-pdf.txt", "liaoning-digital-gov-14th.txt"),
                     ("liaoning-digital-gov-14th.txt", "liaoning-digital-gov-2025-2027-damaged.txt")):
        report = planparse.diff(*(planparse.parse((FIXTURES / name).read_bytes()) for name in (old, new)))
        summary = report.summary
        commitments = summary["commitments"]
        assert commitments["total"] == sum(v for k, v in commitments.items() if k != "total") == len(report.verdicts)
        fresh = summary["new_commitments"]
        assert fresh["total"] == fresh["continuing"] + fresh["uncertain"] + fresh["added"]
        sections = summary["sections"]
        assert sections["old"] == sections["continued"] + sections["uncertain"] + sections["dropped"]
        assert sections["new"] == sections["continuing"] + sections["new_uncertain"] + sections["added"]
        for verdict in report.verdicts:  # a commitment goes on in commitments: leaves, not the sections above them
            assert all(unit.leaf for unit in verdict.partners)


def test_a_plan_without_headings_is_compared_by_its_paragraphs():
    a = planparse.parse("今年要建设城市数据底座，汇聚城市运行数据。\n完善公共数据共享机制，形成共享清单。")
    b = planparse.parse("今年要推动人工智能安全发展，开展大模型评估。\n完善公共数据共享机制，形成共享清单。")
    report = planparse.diff(a, b)
    assert not report.equivalent
    assert {p.status for p in report.pairs if p.old is not None and p.old.id == "0-p2"} == {"unchanged"}
    assert planparse.diff(a, a).equivalent


def test_many_equal_leaves_pair_in_order_not_each_with_each():
    item = "（{n}）加强宣传培训。组织开展数字政府专题培训。\n"
    text = "一、保障措施\n" + "".join(item.format(n=n) for n in "一二三四五六七八九十") * 3
    units = _units(text)
    views = Views(units, units, GRAMMAR)
    leaves = sum(1 for u in units if u.leaf)
    assert len(views.rows) <= 20 * leaves  # each leaf's likeliest, not every pair of equal texts
    report = planparse.diff(planparse.parse(text), planparse.parse(text))
    assert report.equivalent


def test_a_tree_of_the_wrong_shape_is_an_error_naming_it():
    from planparse.errors import PlanparseError

    tree = as_tree(planparse.parse("一、任务\n（一）建设平台。"))
    tree["sections"][0]["leads"] = [5]
    with pytest.raises(PlanparseError, match="broken: not a planparse tree"):
        planparse.diff(tree, tree, old_name="broken", new_name="broken")


def test_a_foreword_only_one_side_has_is_not_compared_and_the_report_says_so():
    body = "一、主要任务\n（一）建设数据中心。整合全市机房。\n（二）完善政务外网。提升覆盖能力。\n"
    with_foreword = planparse.parse("为提升政务信息化水平，制定本规划。\n" + body)
    report = planparse.diff(with_foreword, planparse.parse(body))
    assert report.equivalent and not any(unit.id.startswith("0-") for unit in report.old_units)
    assert any("no foreword" in note for note in report.notes)
    # both with one: compared, and a changed foreword is not equivalent
    other = planparse.diff(with_foreword, planparse.parse("为推进数字政府建设，制定本方案。\n" + body))
    assert not other.equivalent and not any("foreword" in note for note in other.notes)
    assert any(unit.id == "0-p1" for unit in other.old_units)
