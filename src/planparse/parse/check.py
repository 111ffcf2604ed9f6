"""Check that nothing is lost: every letter and digit of the normalised text the parse read
is in exactly one place of the tree — a title, a paragraph, a box, a table, a figure, the
contents, the front matter (metadata, notice, preamble), an appendix, the back matter — or
was dropped as layout furniture and counted in ``source.repairs``.

Punctuation and spacing are not counted: the tree canonicalises them by design (a heading's
closing 。 is not part of its title). Text the tree holds in another form (a 专栏 line as
number and title, a date as ISO) is accounted for as written, through the document's ledger.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Document, Section, Table, all_tables, walk_sections
from ..rules import cache

COUNTED = cache.pattern(r"[\p{L}\p{N}]")


@dataclass
class Account:
    places: dict[str, int] = field(default_factory=dict)  # place → characters it holds
    furniture: int = 0
    missing: Counter = field(default_factory=Counter)  # in the text, in no place
    extra: Counter = field(default_factory=Counter)  # in a place, not in the text (or twice)

    @property
    def balanced(self) -> bool:
        return not self.missing and not self.extra

    def summary(self, name: str) -> str:
        held = ", ".join(f"{place} {count}" for place, count in self.places.items() if count)
        verdict = "nothing lost" if self.balanced else (
            f"{sum(self.missing.values())} characters lost ({_sample(self.missing)}), "
            f"{sum(self.extra.values())} held twice or invented ({_sample(self.extra)})")
        return f"{name}: check: {verdict}; {held}; furniture {self.furniture}"


def account(document: Document) -> Account:
    """Where every counted character of the document went."""
    places: dict[str, Counter] = {}
    for place, text in _pieces(document):
        places.setdefault(place, Counter()).update(COUNTED.findall(text))
    held = sum(places.values(), Counter())
    body = Counter(COUNTED.findall(document.ledger.body))
    return Account({place: sum(counter.values()) for place, counter in places.items()},
                   len(COUNTED.findall(document.ledger.furniture)), body - held, held - body)


def _pieces(document: Document):
    """(place, text) for every piece of text the tree holds, as written."""
    ledger = document.ledger
    for place in ("front matter", "contents", "back matter"):
        for text in ledger.taken.get(place, []):
            yield place, text
    for text in document.preamble:
        yield "preamble", text
    if document.notice is not None:
        for section in document.notice.sections:
            yield from _section(section, "notice")
    for section in document.sections:
        yield from _section(section, None)
    for bundled in document.documents[1:]:  # (the first is ``sections``, whose title is the document's)
        if bundled.title:
            yield "titles", bundled.title
        for section in bundled.sections:
            yield from _section(section, None)
    for appendix in document.appendices:
        yield "appendices", appendix.source_text
        if appendix.title is not None:
            yield "appendices", appendix.title
        for text in appendix.paragraphs:
            yield "appendices", text
        for table in appendix.tables:
            yield from _table(table, "appendices", with_caption=False)
        for section in appendix.sections:
            yield from _section(section, "appendices")
    for table in all_tables(document):
        for row in table.repeated:
            yield "repeated table headers", row


def _section(top: Section, place: str | None):
    """The pieces of a section and of every section below it, in document order."""
    for section in walk_sections([top]):
        yield place or "titles", section.marker + section.title
        for text in section.paragraphs:
            yield place or "paragraphs", text
        for figure in section.figures:
            yield place or "figures", figure.source_text
        for table in section.tables:
            yield from _table(table, place or "tables", with_caption=True)
        for box in section.boxes:
            yield place or "boxes", box.source_text
            for text in box.paragraphs:
                yield place or "boxes", text
            for item in box.items:
                yield place or "boxes", item.source_text


def _table(table: Table, place: str, with_caption: bool):
    if with_caption and table.source_text:
        yield place, table.source_text
    yield place, "".join(table.columns)
    filled = set(table.filled)
    for r, row in enumerate(table.rows):
        yield place, "".join(cell for c, cell in enumerate(row) if (r, c) not in filled)


def _sample(counter: Counter, most: int = 8) -> str:
    return "".join(char for char, _ in counter.most_common(most)) or "—"
