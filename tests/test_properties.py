"""Invariants, by hypothesis: no crash, determinism, and renderings of one plan (hard-wrapped,
CRLF, BOM, GB18030, indented) giving the same sections."""
from __future__ import annotations

import codecs
import html
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planparse
from conftest import FIXTURES
from planparse.model.emit import to_data

HAN = "数字政府建设推进平台服务管理体系能力数据网络安全应用共享开放省市县部门标准规范创新发展保障机制"
CN_NUMERALS = "一二三四五六七八九十"
# derandomized: the same examples every run, so a failure in CI is reproducible (tests/test_fuzz.py explores)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=HAN, min_size=2, max_size=12)
sentences = st.lists(words, min_size=1, max_size=4).map(lambda ws: "，".join(ws) + "。")
paragraphs = st.lists(sentences, min_size=1, max_size=5).map("".join)


def _prose(seed: int) -> str:
    """Several long sentences, from a seed (cheap for hypothesis to draw and to shrink)."""
    rng = random.Random(seed)
    sentences = ("，".join("".join(rng.choice(HAN) for _ in range(rng.randint(5, 12)))
                          for _ in range(rng.randint(2, 4))) + "。" for _ in range(rng.randint(8, 12)))
    return "".join(sentences)


# Printed plans are mostly full lines: paragraphs of several long sentences.
long_paragraphs = st.integers(0, 10_000).map(_prose)


@st.composite
def plans(draw):
    """A plan as (paragraph-per-line lines): a preamble, then headings 一、 > （一） > 1. with
    body paragraphs. Titles are shorter than a printed line, as they are in print."""
    out = draw(st.lists(long_paragraphs, min_size=3, max_size=4))
    for i in range(draw(st.integers(1, 4))):
        out.append(f"{CN_NUMERALS[i]}、{draw(words)}")
        out += draw(st.lists(long_paragraphs, max_size=2))
        for j in range(draw(st.integers(0, 3))):
            out.append(f"（{CN_NUMERALS[j]}）{draw(words)}。")
            out += draw(st.lists(long_paragraphs, max_size=2))
            for k in range(draw(st.integers(0, 3))):
                out.append(f"{k + 1}.{draw(words)}。{draw(long_paragraphs)}")
    return out


def sections(text_or_bytes):
    return to_data(planparse.parse(text_or_bytes))["sections"]


def hard_wrap(lines, width, mark):
    """Render like a PDF extraction: fixed-width lines, blank lines between, and paragraph
    ends marked by a trailing space (mark='space') or starts by an indent (mark='indent')."""
    out = []
    for line in lines:
        pieces = [line[i:i + width] for i in range(0, len(line), width)]
        if len(pieces) > 1 and pieces[-1][0] in "。，":  # no line starts with closing punctuation
            pieces[-2:] = [pieces[-2][:-1], pieces[-2][-1] + pieces[-1]]
        if mark == "space":
            pieces[-1] += " "
        else:
            pieces[0] = "\u3000\u3000" + pieces[0]
        out += pieces
    return "\n\n".join(out)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_parses_without_crashing(text):
    planparse.parse(text)


@SETTINGS
@given(st.text(alphabet=HAN + CN_NUMERALS + "、（）()1234567890.。，；：——\t\n 　专栏表图附件目录", max_size=600))
def test_plan_like_noise_parses_deterministically(text):
    first = planparse.dump(planparse.parse(text), "yaml")
    assert planparse.dump(planparse.parse(text), "yaml") == first


@SETTINGS
@given(plans(), st.integers(20, 40), st.sampled_from(["space", "indent"]))
def test_hard_wrapped_rendering_gives_the_same_sections(lines, width, mark):
    assert sections(hard_wrap(lines, width, mark)) == sections("\n".join(lines))


@SETTINGS
@given(plans())
def test_every_heading_is_found(lines):
    doc = planparse.parse("\n".join(lines))
    count = sum(1 for line in lines if line[0] in CN_NUMERALS or line[0] == "（" or line[0].isdigit())

    def walk(ss):
        return sum(1 + walk(s.sections) for s in ss)
    assert walk(doc.sections) == count


def test_fixture_variants_give_the_same_sections():
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        want = sections(text)
        variants = {
            "crlf": text.replace("\n", "\r\n").encode("utf-8"),
            "cr": text.replace("\n", "\r").encode("utf-8"),
            "bom": codecs.BOM_UTF8 + text.encode("utf-8"),
            "utf16-le": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            "utf16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
            "trailing-spaces": "\n".join(line + "  " for line in text.split("\n")).encode("utf-8"),
            "ideographic-indent": "\n".join("\u3000\u3000" + line if line.strip() else line
                                             for line in text.split("\n")).encode("utf-8"),
            "html-page": ("<!DOCTYPE html><html><head><title>t</title></head><body>"
                          + "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
                          + "</body></html>").encode("utf-8"),
        }
        if all(ord(ch) < 0x10000 for ch in text):
            variants["gb18030"] = text.encode("gb18030")
        try:
            variants["gbk"] = text.encode("gbk")
        except UnicodeEncodeError:  # a character GBK lacks: GB18030 stands in for it above
            pass
        for name, data in variants.items():
            assert sections(data) == want, f"{path.name} as {name}"


def test_web_rendering_hard_wrapped_matches_the_pdf_extraction():
    web = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8")
    pdf = sections((FIXTURES / "liaoning-egov-13th-pdf.txt").read_bytes())
    for width in (24, 28, 33):
        assert sections(hard_wrap(web.splitlines(), width, "space")) == pdf, width


@SETTINGS
@given(st.text(alphabet=HAN + "#*_ \t\u3000?()（）<>/p&;\n\r。，1234567890abc" + "ㄒ唬ǘ┐", max_size=300))
def test_normalising_keeps_every_line(text):
    from planparse.parse.normalise import normalise

    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n")
    assert normalise(text)[0].count("\n") == lines
