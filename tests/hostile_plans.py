"""Plan-like documents the way careful testers of parsers make them: random heading trees
under random markers (half- and full-width), paragraphs with figures after commas (，53家),
targets, asides in brackets, lead-unit brackets (now and then after a comma, so that the
paragraph stops mid-sentence), tables, junk characters, traditional script, half-width
punctuation and brackets throughout, and hard wraps at random widths that put a comma or a
bracket at a line's start. ``plan(rng)`` draws one from a ``random.Random``."""
from __future__ import annotations

import random

import opencc

S2T = opencc.OpenCC("s2t")
HAN = "数字政府建设推进平台服务管理体系能力数据网络安全应用共享开放省市县部门标准规范创新发展保障机制"
NUMERALS = "一二三四五六七八九十"
# marker systems by level, as plans write them (full- and half-width variants)
MARKERS = [
    [lambda n: f"{NUMERALS[n - 1]}、"],
    [lambda n: f"（{NUMERALS[n - 1]}）", lambda n: f"({NUMERALS[n - 1]})"],
    [lambda n: f"{n}.", lambda n: f"{n}．", lambda n: f"{n}、"],
    [lambda n: f"（{n}）", lambda n: f"({n})"],
    [lambda n: chr(0x2460 + n - 1)],
]
UNITS = ["省数据局", "省发展改革委", "各市政府", "省财政厅", "省营商局（大数据局）"]
JUNK = ["", "\x07", "\ufeff", "\u200b", "\ufffd"]
HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


def _words(rng: random.Random, least: int, most: int) -> str:
    return "".join(rng.choice(HAN) for _ in range(rng.randint(least, most)))


def _paragraph(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        sentence = _words(rng, 4, 30)
        kind = rng.random()
        if kind < 0.2:
            sentence += f"，{rng.randint(1, 999)}家{_words(rng, 2, 6)}"
        elif kind < 0.3:
            sentence += f"，到{rng.choice([2023, 2025])}年底{_words(rng, 2, 8)}达到{rng.randint(50, 99)}%"
        elif kind < 0.35:
            sentence += f"（{_words(rng, 2, 5)}）"
        parts.append(sentence + rng.choice("。。；，"))
    parts[-1] = parts[-1][:-1] + "。"
    if rng.random() < 0.25:
        units = "、".join(rng.sample(UNITS, rng.randint(1, 3)))
        parts.append(rng.choice([f"（责任单位：{units}）", f"〔牵头单位：{units}〕", f"（{units}按职责分工负责）"]))
    if rng.random() < 0.1:
        parts[-1] = parts[-1][:-1] + "，"  # a paragraph that stops mid-sentence
    return "".join(parts)


def _tree(rng: random.Random, level: int = 1, most: int = 4) -> list:
    nodes = []
    for number in range(1, rng.randint(1 if level == 1 else 0, most) + 1):
        children = _tree(rng, level + 1, max(most - 1, 1)) if level < len(MARKERS) else []
        nodes.append((level, number, _words(rng, 2, 12), [_paragraph(rng) for _ in range(rng.randint(0, 2))], children))
    return nodes


def _table(rng: random.Random) -> list[str]:
    rows = [f"{i}\t{_words(rng, 3, 8)}\t{rng.randint(50, 99)}%" for i in range(1, rng.randint(2, 5))]
    return [f"表{rng.randint(1, 3)} {_words(rng, 4, 10)}", "序号\t指标\t2025年"] + rows


def plan(rng: random.Random) -> str:
    """One plan's text."""
    choice = [rng.randrange(len(systems)) for systems in MARKERS]
    lines = [_words(rng, 4, 10) + "规划", _paragraph(rng)]

    def render(nodes):
        for level, number, title, paragraphs, children in nodes:
            lines.append(MARKERS[level - 1][choice[level - 1]](number) + title)
            lines.extend(paragraphs)
            if rng.random() < 0.08:
                lines.extend(_table(rng))
            render(children)

    render(_tree(rng))
    if rng.random() < 0.5:
        lines = [line.translate(HALF) for line in lines]
    if rng.random() < 0.3:
        lines = [S2T.convert(line) for line in lines]
    if rng.random() < 0.2:
        lines = [line + rng.choice(JUNK) for line in lines]
    width = rng.choice([None, None, 20, 24, 28, 35, 40])
    if width is None:
        return "\n".join(lines)
    out = []
    for line in lines:
        if "\t" in line:
            out.append(line)
            continue
        pieces = [line[i:i + width] for i in range(0, len(line), width)] or [""]
        pieces[-1] += " "  # a PDF extraction's mark of a paragraph's end
        out += pieces
    return "\n".join(out)
