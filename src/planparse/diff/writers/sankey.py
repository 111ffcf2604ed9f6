"""Draw a chain as an alluvial (Sankey) picture: a column per edition, a node per unit, a band
per lineage from one edition to the next, coloured by what became of it there.

``render_chain_svg`` writes a standalone SVG (for a paper); ``render_chain_html`` a
self-contained page with that picture, a filter by status and text, and the details of every
lineage shown. Both only lay out what :func:`planparse.diff.lineage.chain` found.
"""
from __future__ import annotations

from html import escape

from ...model.kinds import STATUSES
from .common import clip, edition_name, label
from .data import unit_data
from .html import asset
from .palette import colour

BAND = 6  # thickness of a band, px
NODE_GAP = 2  # between the nodes of a column
SECTION_GAP = 10  # between nodes of different top-level sections
NODE_WIDTH = 8
COLUMN = 280  # from one column to the next
LEFT, TOP = 20, 52  # margins before the first column and above the nodes
LABEL_ROOM = 200  # right of the last column, for its labels
STUB = 0.35  # share of the way to the next column a dropped band goes
FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
ORDER = ("present",) + STATUSES


def _shown(chain, lineages, kinds) -> list:
    return [lineage for lineage in (chain.lineages if lineages is None else lineages)
            if lineage.steps[0].unit is not None and lineage.steps[0].unit.kind in kinds]


def _bands(chain, shown) -> list[tuple]:
    """Every transition of the shown lineages: (lineage, status, (k, from unit), to unit or
    None for a dropped one)."""
    by_id = {lineage.id: lineage for lineage in chain.lineages}
    bands: list[tuple] = []
    for lineage in shown:
        first = lineage.steps[0]
        if first.status == "split" and lineage.split_from in by_id:
            parent = next((step.unit for step in by_id[lineage.split_from].steps
                           if step.edition == first.edition - 1 and step.unit is not None), None)
            if parent is not None:
                bands.append((lineage, "split", (first.edition - 1, parent), (first.edition, first.unit)))
        for before, after in zip(lineage.steps, lineage.steps[1:]):
            if before.unit is None:
                continue
            end = None if after.unit is None else (after.edition, after.unit)
            bands.append((lineage, after.status, (before.edition, before.unit), end))
    return bands


class _Layout:
    """Where every node and band end goes."""

    def __init__(self, chain, shown):
        self.names = [edition_name(edition) for edition in chain.editions]
        self.bands = _bands(chain, shown)
        units = {}
        for lineage in shown:
            for step in lineage.steps:
                if step.unit is not None:
                    units[(step.edition, step.unit.index)] = step.unit
        for _, _, (k, unit), end in self.bands:
            units[(k, unit.index)] = unit
            if end:
                units[(end[0], end[1].index)] = end[1]
        self.units = units
        ins, outs = {}, {}
        for band in self.bands:
            start = (band[2][0], band[2][1].index)
            outs.setdefault(start, []).append(band)
            if band[3]:
                ins.setdefault((band[3][0], band[3][1].index), []).append(band)
        self.ins, self.outs = ins, outs
        self.y, self.height, self.columns = {}, {}, []
        for k in range(len(self.names)):
            keys = sorted((key for key in units if key[0] == k), key=lambda key: key[1])
            y, section = TOP, None
            for key in keys:
                top = _top(units[key])
                y += 0 if section is None else SECTION_GAP if top != section else NODE_GAP
                section = top
                self.y[key] = y
                self.height[key] = max(len(ins.get(key, [])), len(outs.get(key, [])), 1) * BAND
                y += self.height[key]
            self.columns.append(keys)
        self.bottom = max([self.y[key] + self.height[key] for key in self.y] or [TOP])
        self.slots = {}  # (band number, "out" | "in") → y of its top edge
        for sides, side, other in ((outs, "out", 3), (ins, "in", 2)):
            for key, through in sides.items():
                ordered = sorted(through, key=lambda band: self._far(band, other))
                for n, band in enumerate(ordered):
                    self.slots[(id(band), side)] = self.y[key] + n * BAND

    def _far(self, band, end) -> tuple:
        """Where a band's other end is, to stack the bands of a node without crossing."""
        if band[end] is None:
            return (float("inf"), 0)
        return (self.y[(band[end][0], band[end][1].index)], band[end][1].index)

    def x(self, k: int) -> float:
        return LEFT + k * COLUMN

    @property
    def width(self) -> int:
        return int(self.x(len(self.names) - 1) + NODE_WIDTH + LABEL_ROOM)


def _top(unit) -> str:
    return unit.path[0] if unit.path else unit.title


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _band_path(layout: _Layout, band) -> str:
    _, status, (k, _unit), end = band
    x0 = layout.x(k) + NODE_WIDTH
    y0 = layout.slots[(id(band), "out")]
    x1 = layout.x(k + 1) if end else x0 + (COLUMN - NODE_WIDTH) * STUB
    y1 = layout.slots[(id(band), "in")] if end else y0
    mid = (x0 + x1) / 2
    n = _num
    path = (f"M{n(x0)},{n(y0)} C{n(mid)},{n(y0)} {n(mid)},{n(y1)} {n(x1)},{n(y1)} "
            f"L{n(x1)},{n(y1 + BAND)} C{n(mid)},{n(y1 + BAND)} {n(mid)},{n(y0 + BAND)} {n(x0)},{n(y0 + BAND)} Z")
    shapes = [f'<path class="band" d="{path}" fill="{colour(status)}" fill-opacity="0.55"/>']
    if not end:  # a dropped lineage ends in ×; one the diff is not sure of, in ?
        shapes.append(f'<text class="drop" x="{n(x1 + 2)}" y="{n(y0 + BAND)}" font-size="9" '
                      f'fill="{colour(status)}">{"×" if status == "dropped" else "?"}</text>')
    return "".join(shapes)


def _node(layout: _Layout, key, added: bool) -> str:
    k, _ = key
    unit = layout.units[key]
    x, y, h = layout.x(k), layout.y[key], layout.height[key]
    shapes = [f'<rect class="node" x="{_num(x)}" y="{_num(y)}" width="{NODE_WIDTH}" height="{h}" '
              f'fill="{colour("present")}"><title>{escape(label(unit))}</title></rect>']
    if added:
        shapes.append(f'<rect class="start" x="{_num(x - 3)}" y="{_num(y)}" width="3" height="{h}" '
                      f'fill="{colour("added")}"/>')
    if unit.kind == "section" and (unit.level or 1) == 1:
        shapes.append(f'<text class="label" x="{_num(x + NODE_WIDTH + 3)}" y="{_num(y + min(h, 12) - 2)}" '
                      f'font-size="10" fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">'
                      f'{escape(clip(label(unit), 14))}</text>')
    return "".join(shapes)


def _statuses(lineage) -> str:
    return " ".join(dict.fromkeys(str(step.status) for step in lineage.steps))


def _hover(layout: _Layout, lineage) -> str:
    told = [f"{layout.names[step.edition]} {step.status}" + (f" {label(step.unit)}" if step.unit else "")
            for step in lineage.steps]
    return escape(f"{lineage.id}: " + " → ".join(told))


def _svg(chain, shown, declaration: bool) -> str:
    layout = _Layout(chain, shown)
    owner: dict[tuple[int, int], str] = {}  # node → the lineage drawing it: one that stands there, not merged into it
    for lineage in shown:
        for step in lineage.steps:
            if step.unit is not None and step.status != "merged":
                owner.setdefault((step.edition, step.unit.index), lineage.id)
    legend_y = layout.bottom + 24
    height, width = int(legend_y + 16), layout.width
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'] if declaration else []
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="chain" viewBox="0 0 {width} {height}" '
               f'width="{width}" height="{height}" font-family=\'{FONTS}\'>\n')
    out.append(f'<rect class="background" x="0" y="0" width="{width}" height="{height}" fill="#fff"/>\n')
    for k, name in enumerate(layout.names):
        out.append(f'<text class="edition" x="{_num(layout.x(k))}" y="22" font-size="14" font-weight="bold" '
                   f'fill="#222">{escape(name)}</text>\n')
        out.append(f'<text class="count" x="{_num(layout.x(k))}" y="38" font-size="10" fill="#666">'
                   f'{len(layout.columns[k])} units</text>\n')
    drawn: dict[str, list[str]] = {lineage.id: [] for lineage in shown}
    by_id = {lineage.id: lineage for lineage in shown}
    for band in layout.bands:
        drawn[band[0].id].append(_band_path(layout, band))
    for key, lineage_id in owner.items():
        first = by_id[lineage_id].steps[0]
        drawn[lineage_id].append(_node(layout, key, first.status == "added" and first.edition == key[0]))
    for lineage in shown:
        out.append(f'<g class="lineage" data-lineage="{escape(lineage.id)}" data-status="{_statuses(lineage)}">'
                   f'<title>{_hover(layout, lineage)}</title>{"".join(drawn[lineage.id])}</g>\n')
    orphans = [key for column in layout.columns for key in column if key not in owner]
    if orphans:
        out.append('<g class="nodes">' + "".join(_node(layout, key, False) for key in orphans) + "</g>\n")
    used = [status for status in ORDER if status != "present"
            and any(step.status == status for lineage in shown for step in lineage.steps)]
    out.append('<g class="legend" font-size="10" fill="#333">')
    for n, status in enumerate(used):
        x = LEFT + n * 90
        out.append(f'<rect x="{x}" y="{_num(legend_y - 8)}" width="14" height="{BAND + 2}" '
                   f'fill="{colour(status)}" fill-opacity="0.7"/><text x="{x + 18}" y="{_num(legend_y)}">'
                   f'{status}{" ×" if status == "dropped" else ""}</text>')
    out.append("</g>\n</svg>\n")
    return "".join(out)


def render_chain_svg(chain, lineages=None, kinds=("section", "box-item")) -> str:
    """The chain's lineages of units of ``kinds`` as a standalone alluvial SVG: a column per
    edition, its units as nodes in document order, a band per lineage from each edition to
    the next coloured by its status there; a dropped one ends in a stub with ×, an added one
    starts at a node marked green. Each lineage is one ``g.lineage`` with a hover title."""
    return _svg(chain, _shown(chain, lineages, kinds), declaration=True)


def _link(lineage_id: str) -> str:
    return f'<a href="#lineage-{escape(lineage_id)}">{escape(lineage_id)}</a>'


def _detail(chain, lineage) -> str:
    names = [edition_name(edition) for edition in chain.editions]
    first = lineage.steps[0].unit
    out = [f'<section class="lineage-detail" id="lineage-{escape(lineage.id)}" data-lineage="{escape(lineage.id)}" '
           f'data-status="{_statuses(lineage)}">',
           f'<h2>{escape(label(first))} <span class="id">{escape(lineage.id)}</span></h2>']
    notes = ([f"merged into {_link(lineage.merged_into)}"] if lineage.merged_into else []) + (
        [f"split from {_link(lineage.split_from)}"] if lineage.split_from else []) + (
        ["branches " + ", ".join(_link(branch) for branch in lineage.branches)] if lineage.branches else [])
    if notes:
        out.append(f'<p class="meta">{"; ".join(notes)}</p>')
    out.append("<ol>")
    for step in lineage.steps:
        fill = colour(str(step.status))
        head = (f'<strong>{escape(names[step.edition])}</strong> <span class="status" style="background:{fill}">'
                f'{escape(str(step.status))}</span>' + (" moved" if step.moved else "")
                + (f' <span class="meta">{step.similarity:.2f}</span>' if step.similarity is not None else ""))
        data = unit_data(step.unit, full=True)
        if data is None:
            out.append(f"<li>{head}</li>")
            continue
        out.append(f"<li>{head} {escape(label(step.unit))}")
        if data["path"]:
            out.append(f'<p class="path">{escape(" › ".join(data["path"]))}</p>')
        if data["text"]:
            out.append(f'<p class="text">{escape(data["text"])}</p>')
        for key, name in (("leads", "leads"), ("deadlines", "deadlines"), ("targets", "targets")):
            if data[key]:
                out.append(f'<p class="meta">{name}: {escape("；".join(str(item) for item in data[key]))}</p>')
        out.append("</li>")
    out.append("</ol></section>")
    return "\n".join(out)


def render_chain_html(chain, lineages=None, kinds=("section", "box-item")) -> str:
    """A self-contained page of the chain: the editions, the SVG of
    :func:`render_chain_svg`, a filter by status and text, and a detail block per lineage
    shown (its steps, units, leads, deadlines, targets); clicking a band opens its detail."""
    shown = _shown(chain, lineages, kinds)
    names = [edition_name(edition) for edition in chain.editions]
    used = [status for status in ORDER if any(step.status == status for lineage in shown for step in lineage.steps)]
    title = "Chain: " + " → ".join(names)
    editions = "".join(f"<li><strong>{escape(name)}</strong> {escape(edition.get('title') or edition.get('path') or '')}"
                       + (f" ({escape('–'.join(str(y) for y in edition['period']))})" if edition.get("period") else "")
                       + "</li>" for name, edition in zip(names, chain.editions))
    filters = "".join(f'<label><input type="checkbox" class="status-filter" value="{status}" checked>'
                      f'<span class="swatch" style="background:{colour(status)}"></span>{status}</label>'
                      for status in used)
    details = "\n".join(_detail(chain, lineage) for lineage in shown)
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
            f"<style>{asset('chain.css')}</style>\n</head>\n<body>\n<header><h1>{escape(title)}</h1><ol>{editions}</ol>"
            f'<p class="meta">{len(shown)} of {len(chain.lineages)} lineages shown</p></header>\n'
            f'<div id="controls">{filters}<label>search <input type="search" id="search"></label></div>\n'
            f'<div id="picture">{_svg(chain, shown, declaration=False)}</div>\n'
            f'<main id="details">\n{details}\n</main>\n<script>{asset("chain.js")}</script>\n</body>\n</html>\n')
