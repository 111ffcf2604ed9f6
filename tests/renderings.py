"""Renderings of a plan's canonical text the way real copies of plans come: an HTML fragment
as scrapers store pages, markdown as archives publish it, a PDF-like re-wrap (narrow lines,
indents on some paragraphs only, page numbers and running titles), OCR spacing, and both. Each takes
the canonical text (one paragraph a line, as ``planparse render`` writes it) and a random
generator, and returns the rendered text."""
from __future__ import annotations

import html
import random

import regex

import planparse
from planparse.rules.grammar import load_grammar


def _heading(line: str) -> bool:
    return load_grammar().match_heading(line) is not None and len(line) <= 45


def html_fragment(text: str, rng: random.Random) -> str:
    """Cells and spans of a scraped page, no ``<html>``: a ``<p>`` per paragraph, styled
    spans, headings sometimes in ``<strong>``, table rows as rows."""
    parts = ["<tbody><tr><td>"] if rng.random() < 0.7 else ["<div class=\"article\">"]
    for line in text.split("\n"):
        if not line:
            continue
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t"))
            parts.append(f"<table><tr>{cells}</tr></table>")
            continue
        body = html.escape(line)
        if _heading(line) and rng.random() < 0.5:
            body = f"<strong>{body}</strong>"
        style = rng.choice(["font-size:16px", "font-family:仿宋_GB2312", "line-height:2"])
        parts.append(f"<p style=\"{style}\"><span style=\"{style}\">{body}</span></p>")
    parts.append("</td></tr></tbody>" if parts[0].startswith("<tbody") else "</div>")
    return "".join(parts)


def markdown(text: str, rng: random.Random) -> str:
    """Front matter, ``#`` or bold headings, blank lines between paragraphs, a comment, a
    rule, tables as pipe tables."""
    out = ["---", "title: 规划", "tags: [规划]", "---", "", "<!-- 来源：网站 -->", ""]
    rows: list[str] = []
    for line in text.split("\n") + [""]:
        if "\t" in line:
            cells = line.split("\t")
            if not rows:
                rows.append("| " + " | ".join(cells) + " |")
                rows.append("|" + "---|" * len(cells))
            else:
                rows.append("| " + " | ".join(cells) + " |")
            continue
        if rows:
            out += rows + [""]
            rows = []
        if not line:
            continue
        if _heading(line):
            out += [rng.choice(["## ", "### ", ""]) + (f"**{line}**" if rng.random() < 0.5 else line), ""]
        else:
            out += [line, ""]
        if rng.random() < 0.02:
            out += ["---", ""]
    return "\n".join(out)


def rewrapped(text: str, rng: random.Random, width: int | None = None) -> str:
    """A PDF-like extraction: lines of ``width`` characters (30–40), an indent on some
    paragraphs only, a page number and a running title every 38 lines."""
    width = width or rng.randint(30, 40)
    title = "某省某某规划"
    lines: list[str] = []
    for line in text.split("\n"):
        if not line:
            continue
        if "\t" in line:
            lines.append(line)
            continue
        full = bool(lines) and _columns(lines[-1]) >= 2 * width - 1
        # (after a paragraph whose last line is full, only an indent shows where the next one
        # starts: no reader could tell otherwise, so that one is always indented)
        wrapped = _wrap(("\u3000\u3000" if full or rng.random() < 0.5 else "") + line, width)
        lines += wrapped
    out, page = [], 1
    for index, line in enumerate(lines, start=1):
        out.append(line)
        if index % 38 == 0:
            out += [f"- {page} -", title]
            page += 1
    return "\n".join(out)


def _columns(text: str) -> int:
    return sum(1 if ch.isascii() else 2 for ch in text)


def _wrap(line: str, width: int) -> list[str]:
    """Lines of ``width`` columns as a PDF sets them: a Chinese character takes two, a
    digit or a Latin letter one."""
    out, current, used = [], "", 0
    for ch in line:
        size = 1 if ch.isascii() else 2
        if used + size > 2 * width:
            out.append(current)
            current, used = "", 0
        current += ch
        used += size
    return out + [current]


def ocr_spaced(text: str, rng: random.Random) -> str:
    """OCR spacing: spaces between the digits of numbers and before %."""
    def space(match) -> str:
        return " ".join(match.group()) if rng.random() < 0.5 else match.group()

    spaced = regex.sub(r"(?<![A-Za-z\d])\d{2,}", space, text)  # (a code's digits, C40, stay: so does the normaliser)
    return regex.sub(r"(?<=\d)%", lambda m: " %" if rng.random() < 0.5 else "%", spaced)


def ocr_rewrapped(text: str, rng: random.Random) -> str:
    """An OCR'd page: wrapped as the page set it, then OCR's spacing in its lines."""
    return ocr_spaced(rewrapped(text, rng), rng)


RENDERINGS = {"html-fragment": html_fragment, "markdown": markdown, "rewrapped": rewrapped, "ocr": ocr_spaced,
              "ocr-rewrapped": ocr_rewrapped}


def canonical(path) -> str:
    """The canonical text of a corpus plan (its tree rendered back)."""
    from planparse.diff import as_tree
    from planparse.parse.plaintext import render_text

    return render_text(as_tree(planparse.parse(path.read_bytes()), path.name))
