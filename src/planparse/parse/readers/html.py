"""HTML: a whole page or a fragment of one (as scrapers and database dumps store pages) read
as the text it shows, a line per block element, the cells of a table row separated by tabs.

The standard library's HTML parser reads it (:mod:`.pagetext`): it is lenient with the broken
markup of real pages (unclosed tags, stray end tags, fragments without ``<html>``), needs no
dependency and imports in about two milliseconds, only when a page is read; no pattern over
the markup could be as forgiving.

A heading that a page sets in bold (``<strong>（一）总体要求</strong>正文…``) runs into its
paragraph; the reader gives it a line of its own, since the bold run is where the page says
the heading ends."""
from __future__ import annotations

import regex

from ...model import Repair
from ...rules import cache
from . import Reading

# a text is HTML when it starts with markup and block tags are thick in its opening part
_START = cache.pattern(r"^\s*(?:<!DOCTYPE\s+html|<html[\s>]|<(?:body|div|p|table|tbody|tr|td|span|section|article"
                       r"|h[1-6]|font|ul|ol|li|meta|head)\b[^>]*>)", regex.IGNORECASE)
_TAG = cache.pattern(r"</?(?:p|div|span|td|tr|table|tbody|br|h[1-6]|li|font|strong|b|section|article)\b[^>]*>",
                     regex.IGNORECASE)
FRAGMENT_TAGS = 3  # block or inline tags in the first 2 000 characters that show a fragment
_LINE_EDGES = cache.pattern(r"^\t+|[ \u00a0]+$|^\x00|\x00(?=\s*$)")  # (of a line of the text shown)


def looks_like(text: str) -> bool:
    """Is ``text`` an HTML page or a fragment of one (not plain text with a few leaked tags)?

    >>> looks_like("<!DOCTYPE html><html><body><p>一、总体要求</p></body></html>"), looks_like("一、总体要求</p>")
    (True, False)
    >>> looks_like('<tr><td><p><span style="font-size:16px">一、总体要求</span></p></td></tr>')
    True
    """
    head = text[:2000]
    return bool(_START.match(head)) and (head.lstrip()[:14].lower().startswith(("<!doctype", "<html"))
                                         or len(_TAG.findall(head)) >= FRAGMENT_TAGS)


def page_text(page: str) -> str:
    r"""The text of an HTML page, a line per block; cells of a table row separated by tabs.

    >>> page_text("<html><head><title>x</title></head><body><p>一、总体要求</p><p>正文。</p></body></html>")
    '一、总体要求\n正文。'
    >>> page_text("<p><strong>（一）指导思想</strong>坚持系统观念。</p>")
    '（一）指导思想\x00坚持系统观念。'
    """
    from .pagetext import PageText  # (the standard library's parser, imported for a page only)

    parser = PageText()
    parser.feed(page)
    parser.close()
    lines = (_LINE_EDGES.sub("", line) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line.strip(" \u00a0\t\x00"))


def read(text: str, grammar=None) -> Reading:
    """Read a page: a line per block (where paragraphs end is left to the layout stage: a page
    made from a PDF holds a line per ``<p>``); a run set apart at the start of a block is a
    line of its own when it reads as a heading (with ``grammar``), else it stays in place."""
    shown = page_text(text)
    lines, split = [], 0
    for line in shown.split("\n"):
        head, cut, rest = line.partition("\x00")
        if cut and grammar is not None and rest.strip() and _heading(head, grammar):
            lines += [head.strip(), rest.strip()]
            split += 1
        else:
            lines.append(line.replace("\x00", ""))
    out = "\n".join(lines)
    repairs = [Repair("html-page", 1)] + ([Repair("html-run-in-heading", split)] if split else [])
    return Reading("html", out, repairs=repairs)  # a page may hold a line per <p>, as PDF converters write


def _heading(text: str, grammar) -> bool:
    match = grammar.match_heading(text.strip())
    return match is not None and not match.body
