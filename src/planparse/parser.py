"""The parse pipeline: decode → normalise → lay out → segment → build → metadata."""
from __future__ import annotations

import hashlib

from .decode import decode
from .grammar import Grammar, load_grammar
from .layout import edges, measure, strip_furniture, unwrap
from .meta import read_front
from .model import Document, Line, Source
from .normalise import normalise
from .segment import segment
from .tree import build, build_appendix, walk_sections


def parse(source: str | bytes, grammar: Grammar | str | None = None, *, path: str | None = None) -> Document:
    """Parse the text (or raw bytes) of a plan into a :class:`~planparse.model.Document`."""
    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    data = source if isinstance(source, bytes) else source.encode("utf-8")
    text, encoding = decode(source) if isinstance(source, bytes) else (source, None)
    document = Document(source=Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding))

    raw_edges = edges(text)
    text, repairs = normalise(text)
    lines = [Line(no, line) for no, line in enumerate(text.split("\n"), start=1)]
    lines, furniture = strip_furniture(lines, grammar)
    blocks, unwrapped = unwrap(lines, grammar, measure(lines, grammar, raw_edges))
    regions = segment(blocks, grammar)
    built = build(regions.body, grammar)
    front = read_front(built.front, regions.attachments, regions.colophon, grammar)

    document.source.repairs = repairs + furniture + unwrapped
    document.meta, document.notice, document.preamble = front.meta, front.notice, front.preamble
    document.toc = regions.toc
    document.sections = built.sections
    document.appendices = [build_appendix(blocks) for blocks in regions.appendices]
    document.source.warnings = built.warnings + _toc_warnings(document) + _empty_warnings(document)
    return document


def _toc_warnings(document: Document) -> list[str]:
    if not document.toc:
        return []
    depth = max(entry.level for entry in document.toc)
    toc = [(e.level, e.number, e.title) for e in document.toc]
    heads = [(s.level, s.number, s.title) for s in walk_sections(document.sections) if s.level <= depth]
    return ([f"table of contents lists '{e[2]}' but no such heading was found" for e in toc if e not in heads]
            + [f"heading '{h[2]}' is missing from the table of contents" for h in heads if h not in toc])


def _empty_warnings(document: Document) -> list[str]:
    if document.sections:
        return []
    return ["no headings found: the whole text is preamble"]
