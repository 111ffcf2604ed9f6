"""Input readers: each form a plan comes in (plain text, markdown, an HTML page or fragment)
read into the plain lines the rest of the pipeline works on, with what the form itself says
about them — where paragraphs end, which lines are quoted or pictures, metadata that stands
outside the text (front matter, the fields of a legal-database export), and what the reader
took out, counted. (OCR spacing is a normalise fixer: it shows in any form.)

A reader keeps the line numbers of its input where it can (markdown: a line it takes out
becomes a blank line), so that ``lines`` spans point into the file the user has.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Repair

FORMS = ("text", "markdown", "html")


@dataclass
class Reading:
    """A text as a reader hands it on."""

    form: str
    text: str
    roles: dict[int, str] = field(default_factory=dict)  # line number → quote (a line of a block quote)
    images: dict[int, str] = field(default_factory=dict)  # line number → the picture that line shows
    paragraph_ends: frozenset[int] | None = None  # lines that end a paragraph, when the form says so
    meta: dict[str, str] = field(default_factory=dict)  # title, date … stated outside the text
    url: str | None = None  # where the text was taken from, when the form says
    citation: str | None = None  # a legal database's reference code (【法宝引证码】)
    repairs: list[Repair] = field(default_factory=list)


def detect_form(text: str) -> str:
    """The form of a text, from its content: an HTML page or fragment, markdown, or plain text.

    >>> detect_form('<tbody><tr><td><p><span>一、总体要求</span></p></td></tr>'), detect_form('---\\ntitle: 规划\\n---\\n正文')
    ('html', 'markdown')
    >>> detect_form('一、总体要求\\n（一）指导思想')
    'text'
    """
    from . import html, markdown

    if html.looks_like(text):
        return "html"
    if markdown.looks_like(text):
        return "markdown"
    return "text"


def read(text: str, grammar, form: str | None = None) -> Reading:
    """Read ``text`` in ``form`` (detected from the content when None); in any form, the
    fields of a legal-database export go to the metadata and the source."""
    reading = _read(text, grammar, form)
    from .export import repairs, take_fields

    reading.text, fields, taken = take_fields(reading.text, grammar)
    reading.url = reading.url or fields.pop("url", None)
    reading.citation = fields.pop("citation", None)
    reading.meta = {**fields, **reading.meta}
    reading.repairs += repairs(taken)
    return reading


def _read(text: str, grammar, form: str | None) -> Reading:
    form = form or detect_form(text)
    if form == "html":
        from .html import read as read_html

        return read_html(text, grammar)
    if form == "markdown":
        from .markdown import read as read_markdown

        return read_markdown(text, grammar)
    if form != "text":
        raise ValueError(f"unknown input form {form!r} (one of {', '.join(FORMS)})")
    return Reading("text", text)
