"""Synthetic plans for the benchmarks: a plan of about N units, and a next edition of it with
units reworded, moved, dropped and added (seeded, so every run builds the same plans)."""
from __future__ import annotations

import random

NUMERALS = "一二三四五六七八九十"


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    return ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def _sentence(rng: random.Random, words: list[str]) -> str:
    return "，".join("".join(rng.choice(words) for _ in range(rng.randint(2, 4))) for _ in range(3)) + "。"


def plan_units(units: int, seed: int = 7) -> list[tuple[str, list[tuple[str, str]]]]:
    """Chapters of (title, [(section title, text)]), about ``units`` sections in all."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    count = min(99, max(1, units // 10))  # 一、 … 九十九、: as far as Chinese chapter numerals go
    per_chapter = -(-units // count)
    chapters = []
    for _ in range(count):
        sections = [("".join(rng.choice(words) for _ in range(3)), _sentence(rng, words) + _sentence(rng, words))
                    for _ in range(per_chapter)]
        chapters.append(("".join(rng.choice(words) for _ in range(2)), sections))
    return chapters


def next_edition(chapters, seed: int = 8):
    """Reword 20 % of the sections, drop 5 %, add 5 %, move 5 % to another chapter."""
    rng = random.Random(seed)
    words = _vocabulary(random.Random(seed + 1))
    out = [(title, list(sections)) for title, sections in chapters]
    for _, sections in out:
        for k, (title, text) in enumerate(sections):
            roll = rng.random()
            if roll < 0.2:
                sections[k] = (title, text[: len(text) // 2] + _sentence(rng, words))
        drop = [k for k in range(len(sections)) if rng.random() < 0.05]
        for k in reversed(drop):
            del sections[k]
        if rng.random() < 0.5 or not sections:
            sections.append(("".join(rng.choice(words) for _ in range(3)), _sentence(rng, words)))
    for _ in range(max(1, sum(len(s) for _, s in out) // 20)):
        source, target = rng.choice(out), rng.choice(out)
        if source[1]:
            target[1].append(source[1].pop(rng.randrange(len(source[1]))))
    return out


def render(chapters) -> str:
    lines = ["某省数字政府发展规划"]
    for c, (title, sections) in enumerate(chapters, start=1):
        lines.append(f"{_chinese(c)}、{title}")
        for s, (heading, text) in enumerate(sections, start=1):
            lines.append(f"{s}.{heading}。{text}")
    return "\n".join(lines) + "\n"


def _chinese(number: int) -> str:
    tens, ones = divmod(number, 10)
    if number <= 10:
        return NUMERALS[number - 1]
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")
