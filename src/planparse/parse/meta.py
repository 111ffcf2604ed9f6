"""Metadata: the plan's title, 文号, issuer, date, period and edition, and the covering 通知.

Reads the blocks before the first heading (the front matter), the attachment list and the
colophon at the end. What it takes as metadata leaves the preamble; the rest is preamble.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import Meta, Notice
from ..rules.grammar import Grammar
from ..rules.numerals import chinese
from .blocks import Block

TITLE_MAX = 60  # characters: longest line taken as a title, issuer or period
SPEECH_LINES = 12  # front lines looked at for a report's speech line


@dataclass
class FrontMatter:
    meta: Meta
    notice: Notice | None
    preamble: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # attachment labels above the title (附件1), dropped


def read_front(front: list[Block], attachments: list[Block], colophon: list[Block],
               grammar: Grammar, given: dict[str, str] | None = None) -> FrontMatter:
    """The metadata, covering notice and preamble; ``given`` holds fields the input states
    outside its text (markdown front matter), which fill what the text leaves open."""
    title_at = _find_title(front, grammar)
    first_title = title_at
    if title_at is not None and title_at > 0 and _title_head(front[title_at - 1], front[title_at], grammar):
        first_title = title_at - 1
    if title_at is not None:
        before, after = front[:first_title], front[title_at + 1:]
        title: str | None = "".join(b.text for b in front[first_title:title_at + 1]).strip("《》")
    else:  # no title line: the front is a covering notice, or the plan's own preamble
        notice_only = _read_notice(front, grammar) is not None
        before, after, title = (front, [], None) if notice_only else ([], front, None)
    meta = Meta(title=title)
    labels: list[str] = []
    while before and _attachment_label(before[-1].text, grammar):  # (附件1 right above the title: the
        labels.insert(0, before[-1].text)                         # plan's label, after a notice or not)
        before = before[:-1]
    notice = _read_notice(before, grammar)
    preamble = _read_plan_head(after, meta, grammar, labels)
    if notice is None and before:
        preamble = _take_labels(before, meta, grammar, labels) + preamble
    if attachments or colophon:
        notice = notice or Notice()
        notice.attachments = _attachment_titles(attachments, grammar)
        notice.colophon = [b.text for b in colophon]
        notice.date = notice.date or _colophon_date(colophon, grammar)
    for name, value in (given or {}).items():
        if getattr(meta, name, False) is None:
            setattr(meta, name, _given_date(value, grammar) if name == "date" else value)
    _fill_from_notice(meta, notice, grammar)
    if meta.date is None:  # a report's speech line, wherever the front put it (or in the title given)
        lines = [block.text for block in front[:SPEECH_LINES]] + [regex.sub(r"\s+", "", (given or {}).get("title", ""))]
        meta.date = next((date for text in lines if (date := _delivered(text, grammar))), None)
    return FrontMatter(meta, notice, preamble, labels)


def _short(text: str, grammar: Grammar) -> bool:
    return len(text) <= TITLE_MAX and not grammar.top["prose_punctuation"].search(text)


def _find_title(front: list[Block], grammar: Grammar) -> int | None:
    suffix = grammar.pattern("meta", "title_suffix")
    notice_title = grammar.pattern("notice", "title")
    for index, block in enumerate(front):
        text = block.text
        if _short(text, grammar) and suffix.search(text) and not notice_title.match(text):
            return index
    return None


def _title_head(block: Block, title: Block, grammar: Grammar) -> bool:
    """Is ``block`` the first line of a title that wrapped onto ``title``? A short line right
    above it with no punctuation, that is no label of its own and no title by itself."""
    text = block.text
    pattern = grammar.sections["notice"]
    bracketed = text[:1] in "（(〔[【" and text[-1:] in "）)〕]】"
    return (block.last + 2 >= title.first and _short(text, grammar) and len(text + title.text) <= TITLE_MAX
            and not bracketed
            and not grammar.pattern("meta", "title_suffix").search(text)
            and not _is_label(text, grammar) and not _attachment_label(text, grammar)
            and not any(pattern[key].search(text) for key in ("header", "title", "addressees", "text", "remark"))
            and not grammar.pattern("meta", "period").match(text))


def _take_labels(blocks: list[Block], meta: Meta, grammar: Grammar, labels: list[str]) -> list[str]:
    """文号, issuer and date lines above the title (with no covering notice) go to the
    metadata, each the first of its kind; a label that marks the plan as an attachment of a
    notice (附件, 附件1, also beside a 文号) goes to ``labels``; every other line stays text."""
    rest: list[str] = []
    for block in blocks:
        text = block.text
        if meta.doc_number is None and (number := _number_in(text, grammar)):
            meta.doc_number = number
            if left := _left_over(text, number):  # (某政办发〔2020〕12号 附件3: the rest of the line is kept,
                (labels if _attachment_label(left, grammar) else rest).append(left)  # unless it is a label)
        elif _attachment_label(text, grammar):
            labels.append(text)
        elif meta.issuer is None and _is_issuer(text, grammar):
            meta.issuer = text
        elif meta.date is None and (date := _date(text, grammar)):
            meta.date = date
        else:
            rest.append(text)
    return rest


def _read_plan_head(blocks: list[Block], meta: Meta, grammar: Grammar, labels: list[str]) -> list[str]:
    """Period, issuer and date lines right under the title; the rest is preamble."""
    period = grammar.pattern("meta", "period")
    preamble: list[str] = []
    for block in blocks:
        text = block.text
        if not preamble and meta.period is None and (match := period.match(text)):
            meta.period = [int(match.group("start")), int(match.group("end"))]
        elif not preamble and meta.date is None and (date := _date(text, grammar) or _approved(text, grammar)):
            meta.date = date
        elif not preamble and meta.issuer is None and _is_issuer(text, grammar):
            meta.issuer = text
        elif not preamble and meta.doc_number is None and (number := _number_in(text, grammar)):
            meta.doc_number = number
            if left := _left_over(text, number):
                (labels if _attachment_label(left, grammar) else preamble).append(left)
        elif not preamble and meta.status is None and (match := grammar.pattern("meta", "status").match(text)):
            meta.status = match.group("value")
        else:
            preamble.append(text)
    return preamble


def _read_notice(blocks: list[Block], grammar: Grammar) -> Notice | None:
    """The covering 通知 before the plan's title, if these blocks are one."""
    pattern = grammar.sections["notice"]
    texts = [b.text for b in blocks]
    is_notice = any(pattern["title"].match(t) or pattern["addressees"].match(t) or pattern["text"].search(t)
                    for t in texts)
    if not is_notice:
        return None
    notice = Notice(lines=[blocks[0].first, blocks[-1].last])
    notice.doc_number = _doc_number(blocks, grammar)
    for text in texts:
        if (match := pattern["header"].match(text)) and notice.issuer is None:
            notice.issuer = match.group("issuer")
        elif match := pattern["title"].match(text):
            notice.title = text
            notice.issuer = notice.issuer or match.group("issuer") or None
        elif notice.addressees is None and not notice.text and pattern["addressees"].match(text):
            notice.addressees = text
        elif date := _date(text, grammar):
            notice.date = date
        elif _is_issuer(text, grammar) and notice.text:
            notice.issuer = text
        elif _number_in(text, grammar):
            continue
        else:
            notice.text.append(text)
    return notice


def _fill_from_notice(meta: Meta, notice: Notice | None, grammar: Grammar) -> None:
    if notice is not None:
        meta.doc_number = meta.doc_number or notice.doc_number
        meta.issuer = meta.issuer or notice.issuer
        meta.date = meta.date or notice.date
        if meta.title is None and notice.title:
            meta.title = _issued_title(notice.title, grammar)
    texts = [meta.title or ""] + ([notice.title or ""] if notice else [])
    edition = grammar.pattern("meta", "edition")
    ordinal = grammar.pattern("meta", "edition_ordinal")
    for text in texts:
        if meta.edition is None and (match := edition.search(text)):
            meta.edition = match.group("value")
    for text in texts:
        if meta.edition is None and (match := ordinal.search(text)):
            meta.edition = match.group("value") + "五"  # 第十二个五年规划 → 十二五
    for text in texts:
        if meta.period is None and (match := grammar.pattern("meta", "period_in_text").search(text)):
            meta.period = [int(match.group("start")), int(match.group("end"))]
    if meta.period is None and meta.edition in grammar.editions:
        meta.period = list(grammar.editions[meta.edition])


def _issued_title(notice_title: str, grammar: Grammar) -> str:
    """The title of the plan a notice issues: 关于印发《X》的通知 → X."""
    match = grammar.pattern("notice", "title").match(notice_title)
    return match.group("doc").strip("《》") if match else notice_title


def _doc_number(blocks: list[Block], grammar: Grammar) -> str | None:
    """The first 文号 standing on a short line of its own (not one cited in prose)."""
    return next((number for block in blocks if (number := _number_in(block.text, grammar))), None)


def _number_in(text: str, grammar: Grammar) -> str | None:
    match = grammar.pattern("meta", "doc_number").search(text) if _short(text, grammar) else None
    return match.group("value") if match else None


def _left_over(text: str, number: str) -> str:
    """What a line holds beside its 文号 (the number as read, its spaces gone)."""
    squeezed = regex.sub(r"\s+", "", text)
    return squeezed.replace(number, "", 1).strip(" 　")


def _attachment_label(text: str, grammar: Grammar) -> bool:
    """Does ``text`` only say that the plan is an attachment of a notice (附件, 附件1, 附件二：
    the grammar's ``appendix.label``)?"""
    label = grammar.sections["appendix"].get("label")
    return label is not None and bool(label.match(regex.sub(r"\s+", "", text)))


def _is_issuer(text: str, grammar: Grammar) -> bool:
    return _short(text, grammar) and bool(grammar.pattern("meta", "issuer").search(text)) \
        and not grammar.pattern("meta", "doc_number").search(text)


def _is_label(text: str, grammar: Grammar) -> bool:
    """A front line that metadata took: a 文号, an issuer, a date."""
    return _short(text, grammar) and bool(_number_in(text, grammar)
                                          or _is_issuer(text, grammar) or _date(text, grammar))


def _date(text: str, grammar: Grammar) -> str | None:
    """ISO date of a date line, as precise as it is: 2021年10月 → 2021-10,
    二〇二一年十月八日 → 2021-10-08."""
    match = grammar.pattern("meta", "date").match(text)
    if not match:
        return None
    year = match.group("year")
    if not year.isdigit():
        year = "".join(str(chinese(ch.replace("○", "〇"))) if ch not in "〇零○" else "0" for ch in year)
    parts = [_number(match.group("month")), _number(match.group("day"))]
    return "-".join([year] + [f"{p:02d}" for p in parts if p is not None])


def _given_date(value: str, grammar: Grammar) -> str | None:
    """A date from outside the text, as ISO: 2016-03-17, 2016-03-17T20:13, 2016年3月17日."""
    if match := regex.match(r"((?:19|20)\d{2})[-./年](\d{1,2})(?:[-./月](\d{1,2}))?", value):
        return "-".join([match.group(1)] + [f"{int(p):02d}" for p in match.groups()[1:] if p])
    return _date(value, grammar)


def _approved(text: str, grammar: Grammar) -> str | None:
    """The date of an approval line under a 纲要 (2021年3月11日某省第某届人民代表大会第某次会议批准)."""
    match = grammar.pattern("meta", "approval").match(text)
    return _date(match.group("date"), grammar) if match else None


def _delivered(text: str, grammar: Grammar) -> str | None:
    """The date of a report's speech line (——2024年3月5日在…会议上), or None."""
    speech = grammar.sections["meta"].get("speech")
    match = speech.match(text) if speech is not None else None
    if match is None:
        return None
    return _date(match.group("date") or match.groupdict().get("end_date") or "", grammar)


def _number(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else chinese(text)


def _colophon_date(colophon: list[Block], grammar: Grammar) -> str | None:
    return next((d for b in colophon if (d := _date(b.text, grammar))), None)


def _attachment_titles(blocks: list[Block], grammar: Grammar) -> list[str]:
    start = grammar.pattern("appendix", "list_start")
    item = grammar.pattern("appendix", "list_item")
    titles = []
    for block in blocks:
        text = block.text
        if match := start.match(text):
            text = match.group("rest")
        if match := item.match(text):
            titles.append(match.group("title"))
        elif text:
            titles.append(text)
    return titles


def take_signature(notice: Notice, meta: Meta, grammar: Grammar) -> list[str]:
    """A notice with points of its own ends with its issuer and date, which the last point's
    text took in; move them to the notice (and to the metadata, where that has none).
    Returns the lines taken, as written."""
    last = notice.sections[-1] if notice.sections else None
    while last is not None and last.sections:
        last = last.sections[-1]
    if last is None:
        return []
    taken = []
    appendix = grammar.sections["appendix"]
    while last.paragraphs and _short(last.paragraphs[-1], grammar):
        text = last.paragraphs[-1]
        if appendix["start"].match(text):
            pass  # the 附件 label above the attached plan
        elif (match := appendix["list_start"].match(text)) and match.group("rest"):
            notice.attachments.insert(0, match.group("rest"))
        elif (date := _date(text, grammar)) and notice.date is None:
            notice.date = date
        elif _is_issuer(text, grammar) and notice.issuer is None:
            notice.issuer = text
        elif grammar.sections["notice"]["remark"].match(text):
            notice.text.append(text)
        else:
            break
        taken.append(last.paragraphs.pop())
    meta.issuer = meta.issuer or notice.issuer
    meta.date = meta.date or notice.date
    return taken
