"""Renderings of the corpus plans that exercise the classes of numbering trouble real copies
have (issue 24): a contents list with no 目录 line and its entries run together; an OCR'd
contents list (a spaced 目 录, page references in brackets on lines of their own, misread
digits); a 篇 and its first 章 on one physical line; 编 where later plans write 篇; and GBK
one-byte-off damage where the decoder got back in step mid-line (a U+FFFD marks the lost
byte). Each takes the archive's markdown of a plan and returns plain text, the way a PDF
extraction or a web copy gives it; the headings are the source plan's, so the gold written
by reading the source judges every rendering (tests/headings/)."""
from __future__ import annotations

import random

import regex

_PART = regex.compile(r"^第[一二三四五六七八九十]+篇")
_CHAPTER = regex.compile(r"^第[一二三四五六七八九十百]+章")
_HEADING = regex.compile(r"^(?:第[一二三四五六七八九十百]+[篇章节])")
_ANY_HEADING = regex.compile(r"^(?:第[一二三四五六七八九十百]+[篇章节]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、])")


def plain(markdown: str) -> str:
    """The archive's markdown as plain text: no front matter, comments, HTML, heading marks,
    list marks, quote marks or bold; a ``<summary>`` keeps its text (目录); tables as tabs."""
    lines = markdown.split("\n")
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        lines = lines[end + 1:]
    out = []
    for line in lines:
        line = regex.sub(r"<!--.*?-->", "", line)
        summary = regex.fullmatch(r"\s*<summary>(.*)</summary>\s*", line)
        if summary:
            out.append(summary.group(1))
            continue
        if regex.fullmatch(r"\s*</?details>\s*|\s*---\s*|\s*\|?[-:| ]+\|\s*", line):
            continue
        line = regex.sub(r"^\s*#+\s*", "", line)
        line = regex.sub(r"^\s*[-*]\s+", "", line)
        line = regex.sub(r"^\s*>\s?", "", line)
        line = line.replace("**", "")
        if line.startswith("|"):
            line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(line.strip())
    return "\n".join(line for line in out if line)


def _toc_span(lines: list[str]) -> tuple[int, int]:
    """The lines of the contents list: from 目录 to the line before the first heading that
    comes again."""
    start = next(i for i, line in enumerate(lines) if regex.fullmatch(r"目\s*录", line))
    first = _entry(lines[start + 1])
    end = next(i for i in range(start + 2, len(lines)) if _entry(lines[i]) == first)
    while not _ANY_HEADING.match(lines[end - 1]):
        end -= 1  # the foreword between the contents and the first heading stays
    return start, end


def _entry(line: str) -> str:
    """A contents line or heading without its leader dots, page number and spacing."""
    return "".join(regex.sub(r"[.…·．\s]*\d*$", "", line).split())


def toc_run_together(markdown: str, rng: random.Random) -> str:
    """No 目录 line, no page numbers, two to four entries on a line (a web copy's contents)."""
    lines = plain(markdown).split("\n")
    start, end = _toc_span(lines)
    return "\n".join(lines[:start] + _run_together(lines[start + 1:end], rng) + lines[end:])


def toc_header_run_in(markdown: str, rng: random.Random) -> str:
    """目录 run into its first entries, and the rest two to four on a line."""
    lines = plain(markdown).split("\n")
    start, end = _toc_span(lines)
    joined = _run_together(lines[start + 1:end], rng)
    return "\n".join(lines[:start] + ["目录" + joined[0]] + joined[1:] + lines[end:])


def _run_together(entries: list[str], rng: random.Random) -> list[str]:
    joined = []
    while entries:
        take = rng.randint(2, 4)
        joined.append(" ".join(entries[:take]))
        entries = entries[take:]
    return joined


def ocr_toc(markdown: str, rng: random.Random) -> str:
    """A spaced 目 录, each entry with its page in brackets on a line of its own, and some
    digits misread (l for 1, O for 0)."""
    lines = plain(markdown).split("\n")
    start, end = _toc_span(lines)
    out, page = ["目 录"], 1
    for entry in lines[start + 1:end]:
        page += rng.randint(0, 3)
        number = str(page)
        if rng.random() < 0.25:
            number = number.replace("1", "l").replace("0", "O")
        out += [entry, f"（{number}）"]
    return "\n".join(lines[:start] + out + lines[end:])


def fused_part_chapter(markdown: str) -> str:
    """Each 篇 of the body and its first 章 on one line (OCR, some web copies)."""
    lines = plain(markdown).split("\n")
    _, end = _toc_span(lines)
    out, index = lines[:end], end
    while index < len(lines):
        line = lines[index]
        if _PART.match(line) and index + 1 < len(lines) and _CHAPTER.match(lines[index + 1]):
            out.append(f"{line} {lines[index + 1]}")
            index += 2
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def bian(markdown: str) -> str:
    """编 for 篇, as older national plans number their parts."""
    return "\n".join(regex.sub(r"^(第[一二三四五六七八九十]+)篇", r"\1编", line)
                     for line in plain(markdown).split("\n"))


def resynchronised(line: str, indent: str = "\u3000") -> str:
    """``line`` as a decoder shows it that read the GBK bytes of ``indent + line`` one byte
    late, replacing what it cannot read (Python's ``errors="replace"``): wrong characters until
    a pair is no GBK, a U+FFFD there, and the rest of the line in step again."""
    return (indent + line).encode("gbk")[1:].decode("gbk", errors="replace")


def resync_mojibake(markdown: str, rng: random.Random, share: float = 0.3) -> str:
    """About ``share`` of the heading lines of the body (and a tenth as many of its other
    lines) damaged so; a plan with a contents list keeps it clean."""
    lines = plain(markdown).split("\n")
    end = _toc_span(lines)[1] if any(regex.fullmatch(r"目\s*录", line) for line in lines) else 0
    out = lines[:end]
    for line in lines[end:]:
        try:
            line.encode("gbk")
        except UnicodeEncodeError:
            out.append(line)
            continue
        if rng.random() < (share if _ANY_HEADING.match(line) else share / 10):
            line = resynchronised(line)
        out.append(line)
    return "\n".join(out)
