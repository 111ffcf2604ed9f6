"""The text an HTML page shows, by the standard library's parser (:mod:`html.parser`): a module
of its own, so that a plan that is no page does not import the parser (:mod:`.html` tells a
page and reads it)."""
from __future__ import annotations

import html.parser

import regex

from ...rules import cache

_EMPHASIS_STYLE = cache.pattern(r"font-weight\s*:\s*(?:bold|[6-9]00)|楷体|KaiTi|STKaiti", regex.IGNORECASE)


class PageText(html.parser.HTMLParser):
    """The text a page shows, a line per block element; no head, script or style. A bold or
    楷体 run that opens a block and is followed by more text ends its line (``\\x00`` marks
    where, for the reader to decide)."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
              "article", "blockquote", "pre", "title", "ul", "ol", "dd", "dt"}
    HIDDEN = {"head", "script", "style", "noscript", "template"}
    BOLD = {"b", "strong"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.line_start = True  # no text yet since the last block boundary
        self.emphasis: list[bool] = []  # open inline elements: does each set its text apart?
        self.leading = False  # the text of this line so far is all set apart

    def _break(self, mark: str) -> None:
        self.parts.append(mark)
        self.line_start, self.leading = True, False

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag in self.BLOCKS:
            self._break("\n")
        elif tag not in ("img", "input", "hr", "wbr"):
            style = " ".join(value or "" for name, value in attrs if name in ("style", "face", "class"))
            self.emphasis.append(tag in self.BOLD or bool(_EMPHASIS_STYLE.search(style)))

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self._break("\n")
        elif tag not in ("td", "th") and self.emphasis:
            apart = self.emphasis.pop()
            if apart and self.leading and not any(self.emphasis):
                self.parts.append("\x00")  # the end of a run set apart at the start of a line
                self.leading = False

    def handle_data(self, data):
        if self.hidden:
            return
        text = data.replace("\n", " ")
        if text.strip() and self.line_start:
            self.line_start = False
            self.leading = any(self.emphasis)
        elif text.strip() and not any(self.emphasis):
            self.leading = False
        self.parts.append(text)
