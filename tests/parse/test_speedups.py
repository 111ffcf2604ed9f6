"""The shortcuts that make parsing fast must not change a result: each is checked against
the plain computation it stands for."""
from __future__ import annotations

import heapq
import math

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from damage import gbk_one_byte_off
from planparse.parse import mojibake
from planparse.parse.extract import targets
from planparse.parse.prior import HeadingPrior
from planparse.parse.script import LineScript, converter, forget, line_scripts
from planparse.rules.grammar import load_grammar

DAMAGED = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"


class _PlainPrior:
    """The heading prior without its ``ceiling`` and ``never``: the search asks it of every reading."""

    def __init__(self, grammar):
        self.inner = HeadingPrior(grammar)

    def __call__(self, line):
        return self.inner(line)

    def see(self, line):
        self.inner.see(line)


def test_the_bounded_repair_search_finds_what_the_full_search_finds():
    grammar = load_grammar()
    lines = DAMAGED.read_text(encoding="utf-8").split("\n")
    damaged = [i for i, line in enumerate(lines) if mojibake.damaged_span(line)]
    assert len(damaged) >= 10
    text = "\n".join(lines[:damaged[5] + 1])  # the first six damaged lines and what comes before them
    bounded = mojibake.repair(text, HeadingPrior(grammar))
    full = mojibake.repair(text, _PlainPrior(grammar))
    assert [r.fixed for r in bounded[1]] == [r.fixed for r in full[1]]
    assert bounded[0] == full[0]


def test_garbled_headings_of_a_clean_plan_come_back_the_same_with_and_without_the_bounds():
    grammar = load_grammar()
    lines = (FIXTURES / "liaoning-egov-13th-web.txt").read_text(encoding="utf-8").split("\n")
    heads = [i for i, line in enumerate(lines) if grammar.match_heading(line.strip())][:8]
    garbled = [gbk_one_byte_off(line) if i in heads else line for i, line in enumerate(lines)]
    text = "\n".join(garbled[:heads[-1] + 1])
    assert mojibake.repair(text, HeadingPrior(grammar))[0] == mojibake.repair(text, _PlainPrior(grammar))[0]


@pytest.mark.parametrize("first, never", [("，", True), ("）", True), ("（", False), ("(", False), ("一", False),
                                          ("第", False), (" ", False), ("\u3000", False), ("1", False)])
def test_the_heading_prior_says_which_first_characters_never_earn_anything(first, never):
    assert HeadingPrior(load_grammar()).never(first) is never


def test_a_character_the_prior_calls_hopeless_earns_nothing_as_any_line_start():
    prior = HeadingPrior(load_grammar())
    for line in ["，建设", "）一、总体要求", "、（一）加强", "．此件公开发布"]:
        assert prior.never(line[0]) and prior(line) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(-30, 0), st.text("abcdef", min_size=1, max_size=2),
                          st.lists(st.sampled_from("uvwxyz"), max_size=4, unique=True)), max_size=40))
def test_likeliest_extensions_is_nlargest_of_every_extension(starts):
    def probability(before, char):
        return -((ord(char) * 7 + sum(map(ord, before))) % 13) / 2

    every = [(start + probability(text[-2:], end), text + end) for start, text, ends in starts for end in ends]
    assert mojibake._likeliest_extensions(list(starts), probability) == \
        [text for _, text in heapq.nlargest(mojibake.CANDIDATES, every)]


def test_one_test_for_any_heading_rule_agrees_with_trying_each_rule():
    grammar = load_grammar()
    assert grammar.any_heading is not None
    for path in sorted(FIXTURES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = line.strip()
            each = next((rule for rule in grammar.headings if rule.pattern.match(line)), None)
            found = grammar.heading_candidate(line)
            assert (found[0] if found else None) == each, line


def test_rules_with_flags_of_their_own_are_not_put_together(tmp_path):
    user = tmp_path / "flags.yaml"
    user.write_text("extends: zh-plan\nheadings:\n- name: part\n  rank: 1\n  numeral: chinese\n"
                    "  pattern: '(?i)^part (?P<num>[一二三]) (?P<rest>.*)$'\n  marker: 'PART {n}'\n",
                    encoding="utf-8")
    grammar = load_grammar(str(user))
    assert grammar.any_heading is None
    assert grammar.match_heading("PART 一 总则").marker == "PART 一"


def test_a_pattern_stands_on_another_of_its_section():
    grammar = load_grammar()
    assert "units" in grammar.uses[("targets", "pattern")]
    assert grammar.sections["targets"]["pattern"].search("网办率达到90万人")
    assert "{units}" not in grammar.sections["targets"]["pattern"].pattern


def test_a_user_grammar_adds_a_unit_in_one_place(tmp_path):
    """The figure pattern stands on the units list: a grammar that extends zh-plan and adds a
    unit to ``targets.units`` finds figures in it, with no pattern of its own."""
    user = tmp_path / "own.yaml"
    base = load_grammar().raw["targets"]["units"]
    user.write_text(f"extends: zh-plan\ntargets:\n  units: '标准间|{base}'\n", encoding="utf-8")
    grammar = load_grammar(str(user))
    assert [(t.value, t.unit) for t in targets("到2025年，新增客房300标准间。", grammar)] == [(300, "标准间")]
    assert [t.unit for t in targets("到2025年，新增客房300标准间。", load_grammar())] != ["标准间"]


@pytest.mark.parametrize("text", ["遼寧省數字政府\n乾安县\n\n發展規劃（2021—2025年）", "简体\n繁體與简体\n",
                                  "數據共享\n数据共享\n乾隆\n"])
def test_line_scripts_of_the_whole_text_are_those_of_each_line(text):
    forget()
    each = [LineScript(_changed(line, "t2s"), _changed(line, "s2t")) for line in text.split("\n")]
    assert line_scripts(text) == each


def _changed(line, config):
    converted = converter(config).convert(line)
    return sum(1 for a, b in zip(line, converted) if a != b)


# characters s2t changes alone, keeps in a phrase (若干), changes only in one (面条, 关系), and
# traditional, simplified and common ones
_MIXED = ("若干发展面条关系里后台只表系發展規劃麵條關係裡後臺隻錶数据共享治理乾隆政府工作报告，。1a"
          "\uFA16\uF90A\uF974\U00030EDD\U00030EDE")  # (compatibility ideographs: 猪 金 若; CJK Ext G)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=_MIXED, max_size=12), min_size=1, max_size=4))
def test_the_bounds_of_s2t_hold_the_count_and_give_the_counted_verdict(lines):
    from planparse.parse.script import _s2t

    table = _s2t()
    for line in lines:
        least, most = table.bounds(line)
        assert least <= _changed(line, "s2t") <= most, line
    text = "\n".join(lines) + "\n數據"  # (a character t2s changes: the text is counted)
    forget()
    found = line_scripts(text)
    exact = [LineScript(_changed(line, "t2s"), _changed(line, "s2t")) for line in text.split("\n")]
    assert [s.verdict for s in found] == [s.verdict for s in exact]
    assert all(s.decided for s in found)
    from planparse.parse.script import _converts, to_simplified

    for script in ("simplified", "traditional", "mixed"):  # converted as counting every line would convert it
        wanted = "\n".join(converter("t2s").convert(line) if _converts(counted, script, line) else line
                           for line, counted in zip(text.split("\n"), exact))
        assert to_simplified(text, script) == wanted, script


@pytest.mark.parametrize("line", ["\uFA16只", "\uF90A表", "\uF974干發", "\U00030EDD\U00030EDD麵", "若干發展規劃"])
def test_lines_read_through_a_compatibility_form_or_past_the_basic_blocks_get_the_counted_verdict(line):
    forget()
    found = line_scripts(line + "\n數據")[0]
    assert found.verdict == LineScript(_changed(line, "t2s"), _changed(line, "s2t")).verdict


def test_the_bounds_of_s2t_hold_on_every_line_of_the_fixtures_with_a_traditional_character():
    from planparse.parse.script import _no_traditional, _s2t

    table, lines = _s2t(), 0
    for path in sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if _no_traditional(text):
            continue
        s2t = converter("s2t").convert(text).split("\n")
        for line, converted in zip(text.split("\n"), s2t):
            least, most = table.bounds(line)
            assert least <= sum(1 for a, b in zip(line, converted) if a != b) <= most, (path.name, line[:30])
            lines += 1
    assert lines >= 50  # (the damaged plan)


def _tables_current() -> bool:
    from planparse.parse.script import _s2t

    return _s2t() is not None


_CURRENT = pytest.mark.skipif(not _tables_current(), reason="the shipped OpenCC tables were made with another "
                              "OpenCC than the one installed: run tools/traditional.py")


def test_the_shipped_tables_are_read_only_with_the_opencc_they_were_made_with(monkeypatch):
    import opencc

    from planparse.parse import script

    script._s2t.cache_clear()
    monkeypatch.setattr(opencc, "__version__", "0.0.1", raising=False)
    try:
        assert script._s2t() is None
        forget()
        found = line_scripts("若干發展規劃\n数据")  # (counted by the converters)
        assert found[0] == LineScript(_changed("若干發展規劃", "t2s"), _changed("若干發展規劃", "s2t"))
        assert script.changes_alone("s2t")("疗") and not script.changes_alone("s2t")("療")
    finally:
        script._s2t.cache_clear()
        forget()


@_CURRENT
def test_what_a_converter_changes_alone_is_what_the_shipped_lists_say():
    from planparse.parse.charmodel import CharMap
    from planparse.parse.script import changes_alone

    chars = [chr(c) for lo, hi in ((0x2E80, 0xA000), (0xF900, 0xFB00), (0x20000, 0x323B0)) for c in range(lo, hi)]
    for config in ("t2s", "s2t"):
        listed, counted = changes_alone(config), CharMap(converter(config).convert, changed=True)
        counted.fill(chars)
        assert [c for c in chars if listed(c)] == [c for c in chars if counted[c]], config


@_CURRENT
def test_the_damaged_traditional_plan_is_read_without_the_s2t_converter(monkeypatch):
    from planparse.parse import script

    asked = []
    real = script.converter

    def recorded(config):
        asked.append(config)
        return real(config)

    monkeypatch.setattr(script, "converter", recorded)
    script.forget()
    text = DAMAGED.read_text(encoding="utf-8")
    assert script.detect_script(text) == "traditional"
    assert script.to_simplified(text, "traditional") != text
    assert "s2t" not in asked and "t2s" in asked


def test_a_clearly_traditional_line_in_a_simplified_text_is_converted_when_s2t_keeps_its_phrase():
    """若干 keeps 干 (which s2t changes alone): the bounds leave open whether s2t changes the
    line, so it is counted, and the line (nothing simplified in it) is converted."""
    from planparse.parse.script import to_simplified

    forget()
    text = "简体的一行\n若干發展規劃"
    assert _changed("若干發展規劃", "s2t") == 0
    assert to_simplified(text, "simplified") == "简体的一行\n若干发展规划"


# ------------------------------------------------------------------ the mojibake repair's search

def _plain_candidates(left, right, model, doubles=True):
    """What a boundary's candidates stand for, every extension scored (the search before its
    bounds, without its memory between boundaries)."""
    chars, after, _ = mojibake._tables()
    score = model.score
    firsts = [(a, chars[left << 8 | a]) for a in mojibake.TRAILS if left << 8 | a in chars]
    if not doubles:
        firsts = heapq.nlargest(mojibake.LONG_CANDIDATES, firsts, key=lambda item: (score(item[1]), item[1]))
    if right is None:
        options = [c for _, c in firsts]
        by_lead = mojibake._likely_by_lead(model)
        likely = heapq.nlargest(mojibake.PAIRED // 2, firsts, key=lambda item: (score(item[1]), item[1]))
        for a, first in likely:
            options += [first + last for b in after.get(a, ()) for last in by_lead.get(b, ())]
        return heapq.nlargest(2 * mojibake.CANDIDATES, options, key=lambda t: (score(t), t))
    out = [chars[left << 8 | right]] if left << 8 | right in chars else []
    lasts = [(b, chars[b << 8 | right]) for b in mojibake.LEADS if b << 8 | right in chars]
    if not doubles:
        lasts = heapq.nlargest(mojibake.LONG_CANDIDATES, lasts, key=lambda item: (score(item[1]), item[1]))
    ranked_firsts = sorted(firsts, key=lambda item: (-score(item[1]), item[1]))
    ranked_lasts = sorted(lasts, key=lambda item: (-score(item[1]), item[1]))
    likely_lasts = dict(ranked_lasts[:mojibake.PAIRED])
    singles = [score(first + likely_lasts[b]) and (score(first + likely_lasts[b]), first + likely_lasts[b])
               for a, first in ranked_firsts[:mojibake.PAIRED] for b in after.get(a, ()) if b in likely_lasts]
    out += [text for _, text in heapq.nlargest(mojibake.CANDIDATES, singles)]
    if doubles:
        heads = {}
        for a, first in ranked_firsts:
            for b in after.get(a, ()):
                if len(heads.setdefault(b, [])) < mojibake.EDGE_CHOICES:
                    heads[b].append(first)
        triples = []
        for middle in model.frequent(mojibake.MIDDLE_CHARS):
            follows = after.get(mojibake._trail_byte(middle), ())
            tails = [last for b, last in ranked_lasts if b in follows][:mojibake.EDGE_CHOICES]
            for head in heads.get(mojibake._lead_byte(middle), ()):
                start = model.probability("", head) + model.probability(head, middle)
                triples += [(start + model.probability(head + middle, tail), head + middle + tail) for tail in tails]
        out += [text for _, text in heapq.nlargest(mojibake.CANDIDATES, triples)]
    return [t for t in out if t.isprintable()]


def _damaged_plan_model():
    lines = DAMAGED.read_text(encoding="utf-8").split("\n")
    return mojibake.build_model("\n".join(line[len(mojibake.damaged_span(line) or ""):] for line in lines))


def _boundaries_searched(text):
    found = []
    original = mojibake._candidates

    def spy(model, left, right, long=False):
        found.append((left, right, long))
        return original(model, left, right, long)

    mojibake._candidates = spy
    try:
        mojibake.repair(text, HeadingPrior(load_grammar()))
    finally:
        mojibake._candidates = original
    return list(dict.fromkeys(found))


def test_the_repair_candidates_are_those_of_every_extension_scored(monkeypatch):
    """Singles stop at ends the model has not linked, doubles are bounded by middle, rows are
    ranked in bulk: each boundary's candidates are still those of the plain computation (each
    boundary on a model of its own, as the search's memory between boundaries reads rows once)."""
    monkeypatch.setenv("PLANPARSE_CACHE_DIR", "off")  # (a repair read back from the cache searches nothing)
    text = DAMAGED.read_text(encoding="utf-8")
    boundaries = _boundaries_searched(text)
    boundaries += [(0xB0, None, False), (0xD5, 0xA1, True), (0xA1, 0xB2, False), (0xC9, 0xE8, False)]
    assert len(boundaries) > 40
    for left, right, long in boundaries:
        got = mojibake._boundary_candidates(left, right, _damaged_plan_model(), doubles=not long)
        assert got == _plain_candidates(left, right, _damaged_plan_model(), doubles=not long), (left, right, long)


@pytest.mark.parametrize("prior", ["heading", "none"])
def test_a_bounded_beam_step_is_the_grown_beam_sorted(prior):
    """_step reads only what can make the beam; it gives what growing every reading, asking
    the prior of each, and sorting gives (the search's steps, line after line)."""
    grammar = load_grammar()
    text = DAMAGED.read_text(encoding="utf-8")
    line_prior = HeadingPrior(grammar) if prior == "heading" else mojibake._no_prior
    model = _damaged_plan_model()
    compared = 0
    for line in text.split("\n"):
        span = mojibake.damaged_span(line)
        if span is None or mojibake._resynchronised(span) or not span.startswith("?"):
            if line_prior is not mojibake._no_prior:
                line_prior.see(line)
            continue
        body = span[1:]
        shifted = (body[:-1] if body.endswith("?") else body).encode("gbk")
        if len(shifted) < 4 or len(shifted) % 2:
            continue
        pairs = [shifted[i:i + 2] for i in range(0, len(shifted), 2)]
        edges = [(pairs[i - 1][1], pairs[i][0]) for i in range(1, len(pairs))]
        beam = [(score, text, 0.0) for score, text in mojibake._first_chars(pairs[0][0], model)]
        for index, (left, right) in enumerate(edges):
            options = mojibake._candidates(model, left, right)
            grown = mojibake._grow(model, beam, options)
            if index < mojibake.HEADING_REACH:
                grown = mojibake._with_prior(grown, line_prior, mojibake.BEAM, None)
                step = mojibake._step(model, beam, options, mojibake.BEAM, line_prior)
            else:
                grown = [(score + counted, reading, counted) for score, reading, counted in grown]
                step = mojibake._step(model, beam, options, mojibake.BEAM)
            grown.sort(key=lambda item: (-item[0], item[1]))
            assert step == grown[:mojibake.BEAM], (line, index)
            beam = grown[:mojibake.BEAM]
            compared += 1
        if line_prior is not mojibake._no_prior:
            line_prior.see(line)
    assert compared > 40


def test_what_the_heading_prior_says_a_start_gets_nothing_after_it_gets_nothing():
    prior = HeadingPrior(load_grammar())
    lines = [line.strip() for path in sorted(FIXTURES.glob("*.txt")) for line in
             path.read_text(encoding="utf-8").split("\n")[:400] if line.strip()]
    tails = ["", "）", "）加强组织领导", "、总体要求", "件公开发布）", "(shù)据", "1.完善", "章　总则"]
    dead = alive = 0
    for line in lines[::3]:
        for cut in (1, 2, 3, 5):
            start = line[:cut]
            if prior.reach(start):
                alive += 1
                continue
            dead += 1
            for rest in [line[cut:]] + tails:
                assert prior(start + rest) == 0.0, start + rest
    assert dead > 100 and alive > 100
    assert prior.reach("（一") == prior.reach("（此件") == prior.ceiling and prior.reach("，建") == 0.0


def test_the_character_model_shortcuts_agree_with_its_plain_computation():
    from planparse.parse.charmodel import _FOLD, CachedModel

    model, plain = _damaged_plan_model(), _damaged_plan_model()
    chars = [c for _, c in mojibake._row(model, 0xB5)] + list("（，(,)：:？?\n数據强") + model.vocabulary[:200]
    assert model.unigram_logs(chars) == [plain.probability("", c) for c in chars]
    pairs = [(a, b) for a in chars[::7] for b in chars[::5]]
    for a, b in pairs:
        folded_a, folded_b = a.translate(_FOLD), b.translate(_FOLD)
        general = plain._general_bigram(folded_a, folded_b)
        seen = plain.c1.get(folded_a, 0) - (1 if folded_a == "\n" else 0)
        types = plain.t1.get(folded_a, 0)
        expected = general if seen <= 0 else (plain.c2.get((folded_a, folded_b), 0) + types * general) / (seen + types)
        assert model._bigram(folded_a, folded_b) == expected
        assert model.probability("\u3000" + a, b) == plain.probability(a, b)  # (a history the document lacks)
    linked = {a: model.linked_among(a, chars) for a in chars[::7] if a != "\n"}
    for a, found in linked.items():
        share = model.unlinked_share(a)
        for b in chars:
            if b not in found:
                assert abs(plain.probability(a, b) - (math.log(share) + plain.probability("", b))) < 1e-9, (a, b)
    cached = CachedModel(model, "推进(数据)，共享,", 0.2)
    for c in chars:
        assert cached._count_of(c, 0) == cached.counts.get(c.translate(_FOLD), 0)
    for a, b in pairs[:2000]:
        assert ((a + b) in model._histories_as_asked) == ((a + b).translate(_FOLD) in model._histories)


def test_a_character_map_filled_at_once_is_each_character_converted_alone():
    from planparse.parse.charmodel import CharMap

    chars = [c for _, c in mojibake._row(_damaged_plan_model(), 0xDE)] + list("发發乾后後著")
    at_once = CharMap(converter("t2s").convert)
    at_once.fill(chars)
    changed = CharMap(converter("s2t").convert, changed=True)
    changed.fill(chars)
    for char in chars:
        assert at_once[char] == converter("t2s").convert(char)
        assert changed[char] == (converter("s2t").convert(char) != char)


def test_a_block_copy_is_copy_copy():
    import copy
    import dataclasses

    from planparse.parse.blocks import Block, BlockKind

    block = Block("一、总体要求", 3, 4, BlockKind.HEADING, {"match": None}, quoted=True, image="x.png")
    made, plain = block.copy(), copy.copy(block)
    assert made == plain and made is not block and made.data is block.data
    assert [f.name for f in dataclasses.fields(Block)] == ["text", "first", "last", "kind", "data", "quoted", "image"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("规划，。,:;!?()\"'  \t\u3000\u00a0\u200b\ufeff\x07２ＡｚA1年#*<&?/\n")),
               max_size=40))
def test_the_fixers_shortcuts_change_no_result(text):
    """Each fixer that returns early when its marks are absent gives what its patterns give."""
    from planparse.parse import normalise as n

    invisible, fullwidth = (regex.compile(p.pattern) for p in (n._INVISIBLE, n._FULLWIDTH_ALNUM))  # (as regex reads them)
    assert n.invisible_characters(text) == invisible.sub("", text)
    assert n.fullwidth_alphanumerics(text) == fullwidth.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    edge_space = regex.compile(rf"^{n.SPACE}+|{n.SPACE}+$", regex.MULTILINE)  # (what indentation does a line at a time)
    assert n.indentation(text) == edge_space.sub("", regex.compile(n._EDGE_TABS.pattern, regex.MULTILINE).sub("", text))
    assert n.cjk_spacing(text) == n._CJK_SPACE.sub("", text)
    assert n.markdown_emphasis(text) == n._MARKDOWN.sub("", text)


def test_the_invisible_characters_are_those_of_their_pattern():
    from planparse.parse import normalise as n

    listed = {chr(c) for c in range(0x10000) if n._INVISIBLE.match(chr(c))}
    assert listed == set(n._INVISIBLE_CHARACTERS)
    assert listed >= {"\u200b", "\ufeff", "\u202e", "\x00", "\x7f", "\u00ad"} and not listed & {"\n", "\t", " "}
    spaces = {chr(c) for c in range(0x3001) if regex.fullmatch(n.SPACE, chr(c))}
    assert spaces == set(n._SPACES)
    assert {chr(c) for c in range(0x10000) if n._FULLWIDTH_ALNUM.match(chr(c))} == set(n._FULLWIDTH_CHARACTERS)


def test_no_traditional_character_is_found_as_every_character_is_asked():
    from planparse.parse.script import _no_traditional, traditional_characters

    known = traditional_characters()
    texts = ["简体中文——“规划”", "繁體中文", "乾隆年间", "后来於是", "&#99999999; 测试", "测试 &#36889;", "①②—…℃‰",
             FIXTURES.joinpath("liaoning-digital-gov-14th.txt").read_text(encoding="utf-8")]
    for text in texts:  # (a character reference written in the text is asked of too: then counting decides)
        _no_traditional.cache_clear()
        assert _no_traditional(text) == known.isdisjoint(text) or "&#" in text and not _no_traditional(text), text[:20]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("规划年㐀ꀀあ，。（）“…—,:;!?.%()1a_/ \u3000\u00a0\u2003\n")), max_size=40))
def test_half_width_marks_are_read_where_they_stand_as_the_pattern_that_looks_behind_first(text):
    """cjk_punctuation tries its pattern only at the marks (the mark first, what stands before
    it looked behind from after it): the marks it turns are those the pattern written the
    other way round finds anywhere in the text."""
    from planparse.parse import normalise as n

    looking_first = regex.compile(rf"(?<={n.CJK}(?:{n.GAP}[\w.%]){{0,4}}{n.GAP})[,:;!?]|[,:;!?](?={n.GAP}{n.CJK})")
    found = [m.start() for m in looking_first.finditer(text) if not n._PUNCT_KEEP.match(text, m.start())]
    tried = [m.start() for m in n._HALF_PUNCT.finditer(text)
             if n._PUNCT.match(text, m.start()) and not n._PUNCT_KEEP.match(text, m.start())]
    assert tried == found
    if not n._holds_any(text, "()"):  # (and the text it makes: the marks found, turned)
        turned = looking_first.sub(lambda m: m.group() if n._PUNCT_KEEP.match(m.string, m.start())
                                   else m.group().translate(n._HALF_TO_FULL), text)
        assert n.cjk_punctuation(text) == n.straight_quotes(turned)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("#>![]()*|<details> \t\n\u3000a中-")), max_size=40))
def test_markdown_signs_counted_after_line_breaks_as_at_line_starts(text):
    from planparse.parse.readers import markdown

    at_starts = regex.compile("^" + markdown._SIGNS.pattern[2:], regex.MULTILINE)  # (the pattern less its \n)
    assert len(markdown._SIGNS.findall("\n" + text)) == len(at_starts.findall(text))


def test_the_scans_by_the_standard_engine_find_what_regex_finds():
    """Patterns compiled by ``re`` for their speed (rules.cache.scan) read as regex reads them."""
    from planparse.parse import mojibake, normalise

    for pattern in (mojibake._RARE, normalise._INVISIBLE, normalise._FULLWIDTH_ALNUM, normalise._GLOSS_OPENS,
                    normalise._HALF_PUNCT):
        twin = regex.compile(pattern.pattern)
        assert [c for c in map(chr, range(0x10000)) if pattern.match(c)] == [c for c in map(chr, range(0x10000))
                                                                           if twin.match(c)]
        for text in ("（\n  zhōng", "(\u3000\n\n\n a", "(\n\n\n\n a", "ｚ\u200b,", "ㄅ─"):
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in twin.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["若干發展規劃", "数据", "乾安县", "某市數據開放平臺", "发展规划", "後來", "", "干部"]),
                min_size=1, max_size=6),
       st.lists(st.sampled_from(["發展", "平台", "乾坤", "數據"]), max_size=3))
def test_a_text_read_again_after_a_few_lines_changed_counts_as_read_afresh(lines, changed):
    """line_scripts remembers the lines of the text read last: the text with some lines
    changed (as after a repair) gets the counts it gets read afresh."""
    first = "\n".join(lines)
    second = "\n".join(changed + lines[len(changed):])
    forget()
    line_scripts(first)
    remembered = line_scripts(second)
    forget()
    assert remembered == line_scripts(second)


def test_lines_counted_with_the_shipped_table_are_counted_again_without_it(monkeypatch):
    """The remembered counts are the table's: once the table is not read (another OpenCC),
    the same lines are counted by the converters."""
    import opencc

    from planparse.parse import script

    forget()
    text = "若干發展規劃\n干部"
    with_table = line_scripts(text)
    script._s2t.cache_clear()
    monkeypatch.setattr(opencc, "__version__", "0.0.1", raising=False)
    try:
        line_scripts.cache_clear()  # (the text's counts go; the lines' stay, with the table they were counted with)
        without = line_scripts(text)
        assert without[0] == LineScript(_changed("若干發展規劃", "t2s"), _changed("若干發展規劃", "s2t"))
        assert with_table[0].most is not None and without[0].most is None
    finally:
        script._s2t.cache_clear()
        forget()


def test_a_mark_right_after_a_han_character_is_read_as_the_patterns_read_it():
    from planparse.parse import normalise as n

    for text, turned in (("数据,平台", "数据，平台"), ("见网址://a", "见网址://a"), ("中:/x", "中：/x"), ("㐀,a", "㐀，a"),
                         ("2,000", "2,000"), ("一,1", "一，1"), ("中,//a", "中，//a")):
        assert n.cjk_punctuation(text) == turned



@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("\u3000\t \u00a0a中\r")), max_size=5), max_size=8))
def test_the_indent_pattern_is_tried_only_where_it_can_match(lines):
    """edges tries the indent pattern only on lines that start with an indent's character:
    the lines it finds indented are those the pattern finds among all the lines."""
    from planparse.parse import layout

    text = "\n".join(lines)
    every = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    indented = {no for no, line in enumerate(every, start=1) if line.strip() and layout._INDENT.match(line)}
    assert layout.edges(text).indented == indented
