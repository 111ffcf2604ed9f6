"""The parse pipeline, stage after stage (see the package's docstring): :func:`parse`."""
from __future__ import annotations

import gc
import hashlib
from collections import Counter

from ..model import Document, Ledger, Notice, Repair, Source, all_tables, walk_sections
from ..rules.grammar import Grammar, load_grammar
from .blocks import Line
from .decode import decode
from .extract import extract
from .layout import Layout, edges, measure, strip_furniture, unwrap
from .layout import forget as layout_forget
from .meta import read_front, take_signature
from .normalise import FIXERS, damage_fixers, line_endings, normalise
from .prior import HeadingPrior
from .readers import read
from .script import (
    OPENCC_CONFIG,
    detect_script,
    restore_script,
    script_table,
    to_simplified,
)
from .segment import segment
from .tree import build, build_appendix


def parse(source: str | bytes, grammar: Grammar | str | None = None, *, path: str | None = None,
          keep_script: bool = False, form: str | None = None) -> Document:
    """Parse the text (or raw bytes) of a plan into a :class:`~planparse.model.Document`.

    ``keep_script`` keeps traditional characters as they are instead of converting them;
    ``form`` (text, markdown, html) says how the input is written, instead of telling it
    from the content.
    The cycle collector pauses while a plan is parsed: the parse makes many small objects and
    no cycles, and the collector's passes over them cost a fifth of the time."""
    from ..errors import too_large
    from ..rules.budget import collecting as timing
    from ..rules.budget import warning

    if (error := too_large(len(source))) is not None:  # (characters of a text: a bound all the same)
        raise error
    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    collecting = gc.isenabled()
    gc.disable()
    try:
        with timing() as timeouts:  # the patterns of a user's grammar that gave up (budget.py)
            document = _parse(source, grammar, path, keep_script, form)
        document.source.warnings += [warning(rule, text) for rule, text in timeouts]
        return document
    finally:
        layout_forget()
        grammar.forget()
        if collecting:
            gc.enable()


def _parse(source: str | bytes, grammar: Grammar | str | None, path: str | None, keep_script: bool,
           form: str | None) -> Document:
    grammar = grammar if isinstance(grammar, Grammar) else load_grammar(grammar)
    data = source if isinstance(source, bytes) else source.encode("utf-8")
    text, encoding = decode(source) if isinstance(source, bytes) else (source, None)
    document = Document(source=Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding))

    text, crs = line_endings(text)
    reading = read(text, grammar, form)  # an HTML page's line numbers are those of the text it shows
    document.source.form, document.source.url, document.source.citation = reading.form, reading.url, reading.citation
    raw_edges = edges(reading.text)
    text, repairs, spelling = _normalise(reading.text, grammar, document.source)
    repairs = ([Repair("line-endings", crs)] if crs else []) + reading.repairs + repairs
    lines = [Line(no, line) for no, line in enumerate(text.split("\n"), start=1)]
    normalised = lines
    lines, furniture = strip_furniture(lines, grammar)
    layout = (measure(lines, grammar, raw_edges) if reading.paragraph_ends is None
              else Layout(end_marks=reading.paragraph_ends))
    blocks, unwrapped = unwrap(lines, grammar, layout)
    for block in blocks:
        block.quoted = reading.roles.get(block.first) == "quote"
        block.image = reading.images.get(block.first)
    regions = segment(blocks, grammar)
    built = build(regions.body, grammar)
    front = read_front(built.front, regions.attachments, regions.colophon, grammar, given=reading.meta)

    labels = [Repair("attachment-label", len(front.labels), front.labels[:3])] if front.labels else []
    document.source.repairs = repairs + furniture + labels + unwrapped
    document.meta, document.notice, document.preamble = front.meta, front.notice, front.preamble
    signature = []
    if built.notice_sections:
        document.notice = document.notice or Notice()
        document.notice.sections = built.notice_sections
        signature = take_signature(document.notice, document.meta, grammar)
    document.toc = regions.toc
    document.sections = built.sections
    document.documents = built.documents
    appendix_warnings: list[str] = []
    document.appendices = [build_appendix(blocks, grammar, appendix_warnings) for blocks in regions.appendices]
    document.source.repairs += _repeated_headers(document)
    damaged = [f"table of contents: '{text[:30]}' reads as no entry; skipped" for text in regions.toc_damaged]
    document.source.warnings = built.warnings + appendix_warnings + damaged + _toc_warnings(document) + _empty_warnings(document)
    document.ledger = _ledger(normalised, lines, built.front, front.preamble, signature, regions)
    titles = {bundled.title for bundled in built.documents}  # a later document's front: its title, and text
    document.ledger.taken["front matter"] += [b.text for b in built.bundled if b.text.strip("《》") not in titles]
    document = extract(document, grammar)
    if keep_script and spelling:  # read in simplified; written in the script of the original
        restore_script(document, spelling)
        document.source.opencc = None  # (and no script-t2s repair: the output keeps the script)
        document.source.repairs = [r for r in document.source.repairs if r.kind != "script-t2s"]
    return document


def _ledger(normalised: list[Line], kept: list[Line], front: list, preamble: list[str], signature: list[str],
            regions) -> Ledger:
    """The text read and what the tree holds other than as written (for ``--check``)."""
    taken = Counter(block.text for block in front) - Counter(preamble)
    taken = _less_kept(taken, [p for p in preamble if p not in {block.text for block in front}])
    return Ledger(
        body="\n".join(line.text for line in kept),
        furniture="\n".join(a.text for a, b in zip(normalised, kept) if a.text != b.text),
        taken={"front matter": list(taken.elements()) + signature,
               "contents": [block.text for block in regions.toc_blocks],
               "back matter": [block.text for block in regions.attachments + regions.colophon]})


def _less_kept(taken: Counter, kept: list[str]) -> Counter:
    """The front lines metadata took, without what of them the preamble keeps (the rest of a
    文号 line, 附件36: the line's spaces gone)."""
    for rest in kept:
        for text in list(taken):
            squeezed = "".join(text.split())
            if rest and rest in squeezed and squeezed != rest:
                taken[text] -= 1
                taken[squeezed.replace(rest, "", 1)] += 1
                break
    return +taken


def _repeated_headers(document: Document) -> list[Repair]:
    """Header rows a table repeats on a new page: dropped, and counted as furniture."""
    repeated = [row for table in all_tables(document) for row in table.repeated]
    examples = list(dict.fromkeys(row.replace("\t", " ") for row in repeated))[:3]
    return [Repair("repeated-table-header", len(repeated), examples)] if repeated else []


def _normalise(text: str, grammar: Grammar, source: Source):
    """Damage repair, script, then widths and spacing; sets ``source.script``. Returns the
    text, the repairs, and what each simplified character stood for in the original (for
    ``--keep-script``: the text is always read in simplified, so that every rule applies)."""
    text, damage = normalise(text, damage_fixers(HeadingPrior(grammar)))
    source.script = detect_script(text)
    converted = to_simplified(text, source.script)
    script_repairs, table = [], {}
    if converted != text:
        source.opencc = OPENCC_CONFIG
        changed = sum(1 for a, b in zip(text.split("\n"), converted.split("\n")) if a != b)
        script_repairs = [Repair("script-t2s", changed)]
        table = script_table(text, converted)
    text, widths = normalise(converted, FIXERS)
    return text, damage + script_repairs + widths, table


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

