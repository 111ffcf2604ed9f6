"""Render a tree as the canonical plain text of the plan: one paragraph a line, headings on
lines of their own, full-width punctuation; parsing that text gives the tree back.

The order is the document's: a covering notice, the title block, the preamble, the table of
contents, the sections (each: heading, paragraphs, figures, tables, 专栏 boxes, subsections),
the attachment list, the appendices and the colophon.
"""
from __future__ import annotations

from ..rules.numerals import to_chinese


def render_text(tree: dict) -> str:
    """The plain text of ``tree`` (a tree as ``parse`` writes it)."""
    lines: list[str] = []
    meta, notice = tree.get("meta") or {}, tree.get("notice")
    if notice:
        lines += _notice(notice)
    lines += _title_block(meta, notice)
    lines += _apart(tree.get("preamble") or [])
    lines += _toc(tree.get("toc") or [], tree.get("sections") or [])
    for section in tree.get("sections") or []:
        lines += _section(section)
    for part in (tree.get("documents") or [])[1:]:  # the later documents of a bundle, each under its title
        lines += [part["title"]] if part.get("title") else []
        for section in part.get("sections") or []:
            lines += _section(section)
    lines += _attachments(notice)
    for appendix in tree.get("appendices") or []:
        lines += _appendix(appendix)
    if notice and notice.get("colophon"):
        lines += notice["colophon"]
    return "\n".join(lines) + "\n"


def _notice(notice: dict) -> list[str]:
    lines = [notice["doc_number"]] if notice.get("doc_number") else []
    lines += [notice["title"]] if notice.get("title") else []
    lines += [notice["addressees"]] if notice.get("addressees") else []
    lines += notice.get("text") or []
    for section in notice.get("sections") or []:
        lines += _section(section)
    if notice.get("issuer"):
        lines.append(notice["issuer"])
    if notice.get("date"):
        lines.append(_date(notice["date"]))
    return lines


def _attachments(notice: dict | None) -> list[str]:
    """The attachment list, after the plan's body and before the attachments themselves."""
    attachments = (notice or {}).get("attachments") or []
    if not attachments:
        return []
    return [f"附件：1.{attachments[0]}"] + [f"{n}.{title}" for n, title in enumerate(attachments[1:], start=2)]


def _title_block(meta: dict, notice: dict | None) -> list[str]:
    lines = []
    if meta.get("doc_number") and not (notice and notice.get("doc_number") == meta["doc_number"]):
        lines.append(meta["doc_number"])
    if meta.get("title"):
        lines.append(meta["title"])
    period = meta.get("period")
    if period and not (meta.get("title") and str(period[0]) in meta["title"]):
        lines.append(f"（{period[0]}—{period[1]}年）")
    if meta.get("status"):
        lines.append(f"（{meta['status']}）")
    if meta.get("issuer") and not (notice and notice.get("issuer") == meta["issuer"]):
        lines.append(meta["issuer"])
    if meta.get("date") and not (notice and notice.get("date") == meta["date"]):
        lines.append(_date(meta["date"]))
    return lines


def _date(iso: str) -> str:
    """2021-10 → 2021年10月; 2014-12-08 → 2014年12月8日."""
    parts = iso.split("-")
    return parts[0] + "年" + "".join(f"{int(p)}{unit}" for p, unit in zip(parts[1:], "月日"))


def _toc(entries: list[dict], sections: list[dict]) -> list[str]:
    if not entries:
        return []
    from ..model.walk import walk

    markers = {(v.section.get("level"), v.section.get("number"), v.section.get("title")): v.section.get("marker")
               for v in walk(sections)}
    lines = ["目录"]
    for entry in entries:
        key = (entry.get("level"), entry.get("number"), entry.get("title"))
        marker = markers.get(key) or (f"{to_chinese(entry['number'])}、" if entry.get("level") == 1
                                      else f"（{to_chinese(entry['number'])}）")
        page = f"……{entry['page']}" if entry.get("page") is not None else ""
        lines.append(f"{marker}{entry['title']}{page}")
    return lines


def _section(top: dict) -> list[str]:
    """The lines of a section and of every section below it, in document order."""
    from ..model.walk import walk

    lines: list[str] = []
    for visit in walk([top]):
        lines += _own_lines(visit.section)
    return lines


def _own_lines(section: dict) -> list[str]:
    lines = [f"{section.get('marker') or ''}{section.get('title') or ''}"]
    paragraphs = list(section.get("paragraphs") or [])
    if paragraphs and _continues(paragraphs[0]):
        lines[0] += "。" + paragraphs.pop(0)  # (a lead bracket alone under a heading runs in after it,
        #   as the parser would join it: the heading's 。 keeps the title apart)
    lines += _apart(paragraphs)
    for figure in section.get("figures") or []:
        if not figure.get("title"):
            continue  # a picture with no caption has no text to give
        lines.append(f"图{figure['number']} {figure['title']}" if figure.get("number") else f"图 {figure['title']}")
    for table in section.get("tables") or []:
        lines += _table(table)
    for box in section.get("boxes") or []:
        lines += _box(box)
    return lines


def _table(table: dict, caption: bool = True) -> list[str]:
    lines = [table["caption"]] if caption and table.get("caption") else []
    lines.append("\t".join(table.get("columns") or []))
    lines += ["\t".join(str(cell) for cell in row) for row in table.get("rows") or []]
    return lines


def _box(box: dict) -> list[str]:
    lines = [f"专栏{box['number']} {box['title']}" if box.get("number") is not None else f"专栏 {box['title']}"]
    lines += box.get("paragraphs") or []
    for item in box.get("items") or []:
        lines.append(f"{item['name']}。{item.get('text') or ''}{_leads(item)}")
    return lines


def _leads(item: dict) -> str:
    """The lead bracket of a box item, as the parser reads it back."""
    leads, partners, note = item.get("leads") or [], item.get("partners") or [], item.get("lead_note")
    if not (leads or partners or note):
        return ""
    units = "、".join(leads) + (f"；配合单位：{'、'.join(partners)}" if partners else "")
    return f"〔牵头单位：{units}{'。' + note if note else ''}〕"


def _appendix(appendix: dict) -> list[str]:
    lines = [f"附件{appendix['number']}" if appendix.get("number") is not None else "附件"]
    tables = appendix.get("tables") or []
    if appendix.get("title"):
        lines.append(appendix["title"])
    lines += appendix.get("paragraphs") or []
    for table in tables:
        lines += _table(table, caption=table.get("caption") != appendix.get("title"))
    for section in appendix.get("sections") or []:
        lines += _section(section)
    return lines


INDENT = "\u3000\u3000"


def _apart(paragraphs: list[str]) -> list[str]:
    """Paragraphs a line each; one after a paragraph that stops mid-sentence (…推进，) is
    indented, which tells the parser that it starts a paragraph of its own (a line that
    continues a sentence would otherwise be joined to it)."""
    from ..rules.grammar import load_grammar
    from .layout import ends_paragraph

    grammar = load_grammar()
    return [INDENT + text if index and not ends_paragraph(paragraphs[index - 1], grammar) else text
            for index, text in enumerate(paragraphs)]


def _continues(text: str) -> bool:
    """Would the parser join this line to the line before (the grammar's continuation starts)?"""
    from ..rules.grammar import load_grammar

    return any(p.match(text) for p in load_grammar().top_lists["continuation_starts"])
