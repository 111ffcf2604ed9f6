"""Damaged and traditional-script sources: mojibake, pinyin glosses, HTML, script."""
from __future__ import annotations

import opencc
import pytest
import regex

import planparse
from conftest import FIXTURES
from damage import gbk_one_byte_off
from planparse.model import walk_sections
from planparse.model.emit import to_data
from planparse.parse.mojibake import damaged_span, repair, strip_unrecoverable
from planparse.parse.normalise import html_remnants, pinyin_glosses
from planparse.parse.script import detect_script, to_simplified
from planparse.rules.grammar import load_grammar

DAMAGED = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"
PLAN = FIXTURES / "liaoning-digital-gov-14th.txt"
S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")


def sections(data):
    return to_data(planparse.parse(data))["sections"]


# ------------------------------------------------------------------ the damage model

@pytest.mark.parametrize("line, truth", [
    ("?。ㄒ唬娀凭W(wǎng)設施支撐", "（一）強化云網(wǎng)設施支撐"),
    ("?。ǘ┐龠M公共數(shù)據(jù)高效率流通", "（二）促進公共數(shù)據(jù)高效率流通"),
    ("?。?025—2027年)", "（2025—2027年)"),
])
def test_the_simulated_damage_matches_what_scrapers_produce(line, truth):
    lines = DAMAGED.read_text(encoding="utf-8").split("\n")
    assert line in lines
    assert gbk_one_byte_off(truth) == line


# ------------------------------------------------------------------ mojibake repair

def _headings_garbled(script: str, indent: str = "\u3000"):
    text = PLAN.read_text(encoding="utf-8")
    lines = (S2T.convert(text) if script == "traditional" else text).split("\n")
    targets = [i for i, line in enumerate(lines) if regex.match(r"（[一二三四五六七八九十]）", line) and len(line) < 40]
    garbled = list(lines)
    for i in targets:
        garbled[i] = gbk_one_byte_off(lines[i], indent)
    return lines, garbled, targets


@pytest.mark.parametrize("script, indent", [("simplified", "\u3000"), ("traditional", "\u3000"),
                                            ("traditional", "")])
def test_repair_recovers_constructed_garbled_headings(script, indent):
    grammar = load_grammar()
    lines, garbled, targets = _headings_garbled(script, indent)
    fixed, repairs, _ = repair("\n".join(garbled), lambda line: 8.0 if grammar.match_heading(line) else 0.0)
    fixed_lines = fixed.split("\n")
    recovered = sum(1 for i in targets if fixed_lines[i] == lines[i])
    assert len(targets) >= 15 and recovered >= 0.8 * len(targets)
    assert len(repairs) >= recovered
    assert [i for i in range(len(lines)) if i not in targets and fixed_lines[i] != lines[i]] == []


@pytest.mark.parametrize("line", [
    "一、总体要求", "（一）强化云网设施支撑", "遼寧省數字政府建設實施方案", "是否需要调整?请说明。",
    "2021年底完成。", "?这一行以问号开头但并没有乱码。", "數(shù)據(jù)共享",
])
def test_clean_lines_are_not_damaged_spans_or_are_left_alone(line):
    text = "\n".join([line, "推进公共数据共享，建设一体化平台。"] * 3)
    assert repair(text)[0] == text


def test_garbled_running_text_is_mostly_recovered():
    import difflib

    lines = PLAN.read_text(encoding="utf-8").split("\n")
    targets = [i for i, line in enumerate(lines) if 60 < len(line) < 200 and "\t" not in line][5:10]
    garbled = list(lines)
    for i in targets:
        garbled[i] = gbk_one_byte_off(lines[i])
    fixed = repair("\n".join(garbled))[0].split("\n")
    for i in targets:
        assert "?" not in fixed[i]
        assert difflib.SequenceMatcher(None, lines[i], fixed[i], autojunk=False).ratio() > 0.8


def test_indent_and_first_ascii_character_lost():
    text = "\n".join(["一、主要任务", "（一）支撑保障能力建设", gbk_one_byte_off("1.完善体制机制。按照总体原则推进。"),
                     "2.健全法律法规。出台条例。"])
    assert text.split("\n")[2].startswith("??.")
    fixed = repair(text)[0].split("\n")[2]
    assert regex.match(r"\d\.完善体制机制", fixed)


def test_damaged_span_is_the_prefix_up_to_the_resync():
    assert damaged_span("?。ǘ┐龠M公共數") == "?。ǘ┐龠"
    assert damaged_span("?。ǘ娀残詰弥?") == "?。ǘ娀残詰弥?"
    assert damaged_span("一、總體要求") is None


def test_unrecoverable_noise_is_removed_and_reported():
    assert strip_unrecoverable("重點領域?qū)n}庫。") == ("重點領域庫。", ["?qū)n}"])
    assert strip_unrecoverable("是否?请说明。") == ("是否?请说明。", [])


# ------------------------------------------------------------------ glosses, HTML, script

@pytest.mark.parametrize("before, after", [
    ("數(shù)據(jù)", "數據"),
    ("統(tǒng)籌", "統籌"),
    ("規(guī)範(fàn)", "規範"),
    ("(ni3)你好(hao3)", "(ni3)你好"),
    ("激發數(\n\nshù)字人才", "激發數\n\n字人才"),  # a gloss a hard wrap cut in two: the line break stays
    ("數(sh \nù)據", "數 \n據"),
    ("數據\n(jù)中心", "數據\n中心"),  # the wrap between the character and its gloss
])
def test_pinyin_glosses_are_removed(before, after):
    assert pinyin_glosses(before) == after


@pytest.mark.parametrize("text", ["協議第6版(IPv6)地址", "數字孿生(CIM)平臺", "營商環境便利度(1—100分)",
                                  "平台(API)接口", "方案(a)", "第6版(\nIPv6)地址", "方案\n(abc)"])
def test_latin_in_brackets_is_not_a_gloss(text):
    assert pinyin_glosses(text) == text


def test_html_remnants():
    assert html_remnants("<p>（一）总体要求</p>") == "（一）总体要求"
    assert html_remnants("总体&nbsp;要求&lt;试行&gt;") == "总体 要求<试行>"
    assert html_remnants("?。ǘ娀残詰弥?/p>") == "?。ǘ娀残詰弥?"
    assert html_remnants("a<b且c>d") == "a<b且c>d"


def test_script_detection():
    assert detect_script("遼寧省數字政府建設實施方案\n總體要求") == "traditional"
    assert detect_script("辽宁省数字政府建设实施方案\n总体要求") == "simplified"
    assert detect_script("辽宁省数字政府建设实施方案\n總體要求") == "mixed"


def test_simplified_text_is_never_converted():
    text = "吉林省乾安县数字政府建设方案\n乾安县人民政府"
    assert to_simplified(text, detect_script(text)) == text


def test_mixed_text_converts_only_its_traditional_lines():
    text = "乾安县数字政府建设方案\n遼寧省數字政府建設實施方案"
    assert to_simplified(text, "mixed") == "乾安县数字政府建设方案\n辽宁省数字政府建设实施方案"


# ------------------------------------------------------------------ the damaged fixture

def _texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "paragraphs", "text", "preamble", "addressees"):
                yield from ([value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)])
            elif isinstance(value, (dict, list)):
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_damaged_plan_leaves_no_gloss_garble_or_traditional_character():
    doc = planparse.parse(DAMAGED.read_bytes())
    tree = to_data(doc)
    assert doc.source.script == "traditional" and doc.source.opencc == "t2s"
    kinds = {r.kind for r in doc.source.repairs}
    assert {"mojibake-gbk-offset", "pinyin-glosses", "html-remnants", "script-t2s"} <= kinds
    for text in _texts({key: tree[key] for key in ("meta", "notice", "preamble", "sections")}):
        assert "?" not in text and "？" not in text and "\ufffd" not in text, text
        assert not regex.search(r"[（(][a-zü\u00E0-\u01DC]{1,6}[）)]", text), text
        assert T2S.convert(text) == text, text


def test_keep_script_keeps_traditional_characters_and_extracts_the_same():
    kept = planparse.parse(DAMAGED.read_bytes(), keep_script=True)
    read = planparse.parse(DAMAGED.read_bytes())
    assert kept.meta.title == "遼寧省數字政府建設實施方案" and kept.source.opencc is None
    assert T2S.convert(kept.meta.issuer) == read.meta.issuer
    leads = [[T2S.convert(u) for u in s.leads] for s in walk_sections(kept.sections)]
    assert leads == [s.leads for s in walk_sections(read.sections)] and sum(map(len, leads)) > 20


@pytest.mark.parametrize("path", [p for p in sorted(FIXTURES.glob("*.txt")) if "damaged" not in p.name],
                         ids=lambda p: p.stem)
def test_traditional_rendering_gives_the_same_sections(path):
    text = path.read_text(encoding="utf-8")
    assert sections(S2T.convert(text)) == sections(text)


def test_traditional_and_hard_wrapped_gives_the_same_sections():
    from test_properties import hard_wrap

    web = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8")
    wrapped = hard_wrap(S2T.convert(web).splitlines(), 28, "space")
    assert sections(wrapped) == sections(web)


def _garble_headings(lines):
    return [gbk_one_byte_off(line) if regex.match(r"[（(][一二三四五六七八九十][)）]", line) else line
            for line in lines]


def test_simplified_web_copy_with_garbled_headings_gives_the_same_sections():
    web = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8")
    garbled = _garble_headings(web.split("\n"))
    assert sum(1 for a, b in zip(web.split("\n"), garbled) if a != b) == 17
    assert sections("\n".join(garbled)) == sections(web)


def test_traditional_hard_wrapped_and_garbled_gives_the_same_sections():
    from test_properties import hard_wrap

    web = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8")
    damaged = hard_wrap(_garble_headings(S2T.convert(web).split("\n")), 28, "space")
    assert sections(damaged) == sections(web)


def test_a_web_copy_garbled_on_every_line_mostly_comes_back():
    import difflib

    web = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8")
    garbled = "\n".join(gbk_one_byte_off(line) if line.strip() else line for line in web.split("\n"))
    got, want = to_data(planparse.parse(garbled)), to_data(planparse.parse(web))

    def heads(nodes):
        for node in nodes:
            yield node["level"], node["number"], node["title"]
            yield from heads(node["sections"])

    def text(nodes):
        return "".join("".join(n["paragraphs"]) + text(n["sections"]) for n in nodes)

    found, gold = list(heads(got["sections"])), list(heads(want["sections"]))
    assert sum(1 for h in found if h in gold) >= 0.6 * len(gold)
    assert "?" not in text(got["sections"]) and "？" not in text(got["sections"])
    assert difflib.SequenceMatcher(None, text(got["sections"]), text(want["sections"]), autojunk=False).ratio() > 0.95


# ------------------------------------------------------------------ a decoder back in step mid-line

def _read_late(line: str) -> str:
    """``line`` after an indent, read one byte late by a decoder replacing what it cannot read."""
    return ("\u3000" + line).encode("gbk")[1:].decode("gbk", errors="replace")


@pytest.mark.parametrize("line", ["第三章 加强生态环境保护", "第十二节 推进新型城镇化建设", "一、完善体制机制"])
def test_damage_that_stops_at_a_lost_byte_is_repaired(line):
    damaged = _read_late(line)
    assert damaged != line
    text = "\n".join(["第一章 总体要求", "坚持稳中求进工作总基调，推进高质量发展。", damaged,
                      "深入推进改革开放，加快建设现代化经济体系。"])
    fixed, repairs, lost = repair(text)
    assert fixed.split("\n")[2] == line, repairs
    assert not lost


def test_a_clean_line_with_a_replacement_character_is_not_rewritten():
    for text in ["第一章 总体要求\n推进\ufffd高质量发展，加快建设现代化经济体系。\n第二章 主要任务",
                 "第一章 总体要求\n\u3000第三章 加强\ufffd生态环境保护\n第二章 主要任务"]:
        assert repair(text)[0] == text


# --- a damaged text's repair, kept for the next command that reads it ------------------------

def _damaged_text() -> str:
    return (FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt").read_text(encoding="utf-8")


def test_a_repair_is_searched_once_and_then_read_back(tmp_path, monkeypatch):
    from planparse.parse import mojibake
    from planparse.parse.prior import HeadingPrior
    from planparse.rules.grammar import load_grammar

    monkeypatch.setenv("PLANPARSE_CACHE_DIR", str(tmp_path))
    text, prior = _damaged_text(), HeadingPrior(load_grammar())
    first = repair(text, prior)
    assert first[1] and list(tmp_path.glob("repair-*.pickle"))

    def searched(*args):
        raise AssertionError("searched again")

    monkeypatch.setattr(mojibake, "_repair", searched)
    assert repair(text, HeadingPrior(load_grammar())) == first  # (the same, without a search)
    with pytest.raises(AssertionError, match="searched again"):
        repair(text + "\n", prior)  # another text: searched


def test_a_repair_under_other_rules_or_with_the_cache_off_is_searched(tmp_path, monkeypatch):
    from planparse.parse import mojibake
    from planparse.parse.prior import HeadingPrior
    from planparse.rules.grammar import load_grammar

    monkeypatch.setenv("PLANPARSE_CACHE_DIR", str(tmp_path))
    text = _damaged_text()
    repair(text, HeadingPrior(load_grammar()))
    calls = []
    real = mojibake._repair
    monkeypatch.setattr(mojibake, "_repair", lambda *args: calls.append(1) or real(*args))
    user = tmp_path / "mine.yaml"
    user.write_text("extends: zh-plan\n", encoding="utf-8")
    repair(text, HeadingPrior(load_grammar(str(user))))  # another grammar file: other rules
    monkeypatch.setenv("PLANPARSE_CACHE_DIR", "off")
    repair(text, HeadingPrior(load_grammar()))
    assert len(calls) == 2


def test_the_cache_keeps_the_newest_repairs_only(tmp_path, monkeypatch):
    from planparse.parse import mojibake

    monkeypatch.setenv("PLANPARSE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(mojibake, "REMEMBERED", 2)
    text = _damaged_text()
    for n in range(4):
        repair(text + "\n" * n)
    assert len(list(tmp_path.glob("repair-*.pickle"))) == 2
