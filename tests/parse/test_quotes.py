"""Straight quotes to curly ones, paired by the habit of the line and of the document.

Legal-database exports and some web copies close a curly “ with a straight ``"`` (and some
open with ``"`` what ” closes); others write straight quotes on both sides. Each habit, and
lines that mix them, must come out as the canonical “…”, and a mark that pairs with nothing
stays as it is.
"""
from __future__ import annotations

import time

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from planparse.parse.normalise import cjk_punctuation, normalise, straight_quotes

# how straight quotes paired before they were read by habit: two straight marks around Chinese
OLD_RULE = regex.compile(r'"([^"\n]{0,200}\p{Han}[^"\n]{0,200})"')


@pytest.mark.parametrize("before, after", [
    # the report: the closer of the first pair must not open a second
    ('推进“掌上好办"建设，完善“一网通办"平台', "推进“掌上好办”建设，完善“一网通办”平台"),
    # straight on both sides: as before
    ('推进"掌上好办"建设', "推进“掌上好办”建设"),
    ('推进"掌上好办"建设，完善"一网通办"平台', "推进“掌上好办”建设，完善“一网通办”平台"),
    # the mirror: a straight opener closed by ”
    ('推进"掌上好办”建设，完善"一网通办”平台', "推进“掌上好办”建设，完善“一网通办”平台"),
    # single quotes: a ' after an open ‘ closes it, a ' before a lone ’ opens it
    ("推进‘掌上好办'建设", "推进‘掌上好办’建设"),
    ("推进'掌上好办’建设", "推进‘掌上好办’建设"),
    # a curly opener closed straight needs no Han inside: the curly mark says it is a quote
    ('推进“IPv6"规模部署', "推进“IPv6”规模部署"),
])
def test_each_habit_comes_out_curly(before, after):
    assert straight_quotes(before) == after
    assert cjk_punctuation(before) == after


RUN = "“掌上好办”、“一网通办”、“最多跑一次”和“放管服”改革"


@pytest.mark.parametrize("before, after", [
    ('“掌上好办"、“一网通办"、“最多跑一次"和“放管服"改革', RUN),  # curly open, straight close
    ('"掌上好办"、"一网通办"、"最多跑一次"和"放管服"改革', RUN),  # straight on both sides
    ('"掌上好办”、"一网通办”、"最多跑一次”和"放管服”改革', RUN),  # straight open, curly close
    ('“掌上好办”、"一网通办"、“最多跑一次"和"放管服"改革', RUN),  # curly, straight, curly open by turns
    ('"掌上好办”、“一网通办”、"最多跑一次"和"放管服”改革', RUN),  # curly, straight, curly close by turns
    ('“掌上好办"“一网通办"“最多跑一次"“放管服"', "“掌上好办”“一网通办”“最多跑一次”“放管服”"),  # no gaps
    ('"掌上好办""一网通办""最多跑一次”"放管服”', "“掌上好办”“一网通办”“最多跑一次”“放管服”"),
    ("‘掌上好办'、‘一网通办'和'放管服’改革", "‘掌上好办’、‘一网通办’和‘放管服’改革"),
])
def test_runs_of_pairs_on_one_line(before, after):
    assert straight_quotes(before) == after


@pytest.mark.parametrize("before", [
    "“关于‘掌上好办’的通知”",
    "“关于‘掌上好办'的通知\"",
    "\"关于'掌上好办’的通知”",
    "\"关于'掌上好办’的通知\"",
    "“关于‘掌上好办'的通知”",
])
def test_nested_quotes(before):
    assert straight_quotes(before) == "“关于‘掌上好办’的通知”"


def test_straight_pair_nested_in_a_curly_pair_pairs_as_before():
    assert straight_quotes('“关于"掌上好办"的通知”') == "“关于“掌上好办”的通知”"


def test_the_document_settles_straight_marks_inside_a_curly_pair():
    """“甲"乙"丙” is a nested pair, or two pairs whose inner marks were written straight: a
    document that writes straight marks for curly openers and for curly closers reads the
    second; one that does not, the first."""
    line = '推进“掌上好办"和"一网通办”平台'
    assert straight_quotes(line) == "推进“掌上好办“和”一网通办”平台"  # as before: a nested pair
    both = '加快“数字政府"建设\n深化"放管服”改革\n'
    assert straight_quotes(both + line).split("\n")[-1] == "推进“掌上好办”和“一网通办”平台"
    closers_only = '加快“数字政府"建设\n深化“放管服"改革\n'
    assert straight_quotes(closers_only + line).split("\n")[-1] == "推进“掌上好办“和”一网通办”平台"
    # never when that would leave a curly mark alone, nor pair a Latin word nested in a pair apart
    assert straight_quotes(both + '“掌上"好办”').split("\n")[-1] == '“掌上"好办”'
    assert straight_quotes('“关于"IPv6"的通知”') == '“关于"IPv6"的通知”'
    # single quotes never pair among themselves: the reading that pairs more marks wins
    assert straight_quotes("‘掌上好办'和'一网通办’") == "‘掌上好办’和‘一网通办’"


@pytest.mark.parametrize("before, after", [
    ("推进“掌上好办建设", "推进“掌上好办建设"),
    ('推进"掌上好办建设', '推进"掌上好办建设'),
    ('推进掌上好办"建设，完善“一网通办”平台', '推进掌上好办"建设，完善“一网通办”平台'),
    ('推进“掌上好办"建设，完善"一网通办平台', '推进“掌上好办”建设，完善"一网通办平台'),
    ('“掌上"好办”', '“掌上"好办”'),  # a straight mark inside a curly pair, with no partner
    ("推进‘掌上好办建设'", "推进‘掌上好办建设’"),
    ("推进掌上好办'建设", "推进掌上好办'建设"),
])
def test_a_quote_that_pairs_with_nothing_stays(before, after):
    assert straight_quotes(before) == after


@pytest.mark.parametrize("text", [
    '推进“掌上\n好办"建设',  # no pair across a line break
    '推进"掌上\n好办”建设',
    '推进"掌上\n好办"建设',
])
def test_nothing_pairs_across_lines(text):
    assert straight_quotes(text) == text


@pytest.mark.parametrize("text", [
    'He said "hello" and \'goodbye\'.',
    'the "IPv6" stack, a 5\'10" wall',
    "don't, can't, Tom's",
    "Tom’s 'book' and ‘don't’",
    '"Smart City"项目',  # a straight pair with no Han inside stays, as before
])
def test_latin_text_stays(text):
    assert straight_quotes(text) == text
    assert cjk_punctuation(text) == text


def test_apostrophes_neither_open_nor_close():
    assert straight_quotes("‘Tom's book'") == "‘Tom's book’"
    assert straight_quotes("don't ‘掌上好办'") == "don't ‘掌上好办’"


def test_normalise_records_the_repair_and_keeps_the_lines():
    raw = '一、总体要求\n推进“掌上好办"建设，完善“一网通办"平台\n"二"\n'
    text, repairs = normalise(raw)
    assert text == "一、总体要求\n推进“掌上好办”建设，完善“一网通办”平台\n“二”\n"
    assert {r.kind: r.count for r in repairs} == {"cjk-punctuation": 2}


# ---- properties ---------------------------------------------------------------------------

WORDS = st.sampled_from(["掌上好办", "一网通办", "数字政府", "放管服", "营商环境", "最多跑一次", "政务", "5G网络",
                         "大数据局", "互联网+政务服务"])
GAPS = st.sampled_from(["", "，", "、", "和", "推进", "建设", "平台，", "。", " "])
# how a pair of double quotes is written, by line: the canonical marks, straight on both sides,
# and straight for one side; a line mixes one one-sided habit with the other two
DOUBLE = {"curly": ("“", "”"), "straight": ('"', '"'), "closer": ("“", '"'), "opener": ('"', "”")}
SINGLE = {"curly": ("‘", "’"), "closer": ("‘", "'"), "opener": ("'", "’")}  # two ' never pair


@st.composite
def quoted_line(draw, habits=None):
    """A line of Chinese words, some quoted (some with a quote nested in the quote), as the
    canonical text and as written in the habits of one line: each pair curly, straight, or
    straight on one side, the same side for the line (or ``habits`` for each pair)."""
    one_sided = draw(st.sampled_from(["closer", "opener"]))
    habits = habits or ["curly", "straight", one_sided]
    canonical, written = [], []
    for _ in range(draw(st.integers(1, 6))):
        gap = draw(GAPS)
        canonical.append(gap)
        written.append(gap)
        if not draw(st.booleans()):
            canonical.append(draw(WORDS))
            written.append(canonical[-1])
            continue
        head, tail = draw(WORDS), draw(st.sampled_from(["", "的通知", "改革"]))
        if draw(st.booleans()):  # a quote in the quote
            inner, single = draw(WORDS), SINGLE[draw(st.sampled_from(list(SINGLE)))]
            canonical.append(f"“{head}‘{inner}’{tail}”")
            middle = f"{single[0]}{inner}{single[1]}"
        else:
            canonical.append(f"“{head}{tail}”")
            middle = ""
        opener, closer = DOUBLE[draw(st.sampled_from(habits))]
        written.append(f"{opener}{head}{middle}{tail}{closer}")
    return "".join(canonical), "".join(written)


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"“": 1, "”": -1}.get(char, 0)
        if depth < 0 or depth > 1:
            return False
    return depth == 0


@settings(max_examples=400, deadline=None)
@given(st.lists(quoted_line(), min_size=1, max_size=6))
def test_every_habit_gives_the_canonical_text(lines):
    canonical = "\n".join(c for c, _ in lines)
    written = "\n".join(w for _, w in lines)
    got = straight_quotes(written)
    assert got == canonical
    assert all(balanced(line) for line in got.split("\n"))
    assert [i for i, c in enumerate(got) if c in "“”"] == [i for i, c in enumerate(canonical) if c in "“”"]
    assert cjk_punctuation(written).count("\n") == written.count("\n")


@settings(max_examples=400, deadline=None)
@given(st.lists(quoted_line(habits=list(DOUBLE)), min_size=1, max_size=6))
def test_a_document_that_writes_either_side_straight_reads_each_pair_by_what_is_open(lines):
    """Any habit for each pair, even a closer written straight and then an opener written
    straight inside one curly pair (“甲"和"乙”), in a document that shows both habits."""
    preamble = '推进“掌上好办"建设\n完善"一网通办”平台\n'
    got = straight_quotes(preamble + "\n".join(w for _, w in lines))
    assert got == "推进“掌上好办”建设\n完善“一网通办”平台\n" + "\n".join(c for c, _ in lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(['"', "甲", "a", " ", "\n", "，", "'"]), st.integers(1, 260)).map(
    lambda run: run[0] * (run[1] if run[0] in "a甲 " else min(run[1], 3))), max_size=30).map("".join))
def test_text_without_curly_quotes_pairs_as_before(text):
    assert straight_quotes(text) == OLD_RULE.sub(r"“\1”", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='"“”\'‘’甲a \n', max_size=80))
def test_only_quote_marks_change_and_the_lines_stay(text):
    got = straight_quotes(text)
    assert len(got) == len(text) and got.count("\n") == text.count("\n")
    for old, new in zip(text, got):
        assert old == new or (old == '"' and new in "“”") or (old == "'" and new in "‘’")


# ---- time ---------------------------------------------------------------------------------

MB = 1_000_000


@pytest.mark.parametrize("make", [
    lambda n: ('推进“掌上好办"建设，' * n)[:n],  # one line, curly open, straight close
    lambda n: ('推进"掌上好办”建设，' * n)[:n],
    lambda n: ('推进“掌上好办”和"一网通办"，' * n)[:n],
    lambda n: ('推进“掌上好办"建设\n' * n)[:n],  # many lines
    lambda n: "“" * (n // 2) + '"' * (n // 2),  # every opener open at once
    lambda n: ('"' + "“") * (n // 4) + "”" * (n // 2),
    lambda n: '"' * n,
    lambda n: "‘" + "'" * n,
    lambda n: ('"' + "a" * 300) * (n // 301),
], ids=["closer habit", "opener habit", "mixed", "many lines", "deep", "deep straight", "straight only",
        "single", "no Han"])
def test_a_megabyte_line_is_no_hang(make):
    """A megabyte of quote marks in any arrangement is read in bounded time (a pairing that
    backtracked or rescanned would take minutes; the speed itself is the benchmark's)."""
    large = make(MB)
    started = time.process_time()
    fixed = straight_quotes(large)
    assert time.process_time() - started < 10, "a 1 MB text took more than 10 s"
    assert len(fixed) == len(large) and fixed.count("\n") == large.count("\n")
