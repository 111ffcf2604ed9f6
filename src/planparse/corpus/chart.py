"""A small line chart as SVG, for figures a corpus gives (one target over the years): no
plotting library, no fonts beyond what a browser has.

>>> svg = line_svg([(2019, 6.25), (2020, None), (2021, 6.0)], "GDP", "%")
>>> svg.startswith("<svg") and svg.count("<circle") == 2
True
"""
from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 36, 40


def line_svg(points: list[tuple[int, float | None]], title: str, unit: str = "",
             ranges: dict[int, tuple[float, float]] | None = None) -> str:
    """``points`` (year, value; None where the year has no figure) as a line with a dot a
    year; ``ranges`` draws a bar from low to high for the years that set a range."""
    known = [(x, y) for x, y in points if y is not None]
    if not known:
        raise ValueError("no point to draw")
    xs = [x for x, _ in points]
    lows = [y for _, y in known] + [low for low, _ in (ranges or {}).values()]
    highs = [y for _, y in known] + [high for _, high in (ranges or {}).values()]
    x0, x1 = min(xs), max(xs)
    y0, y1 = 0.0, max(highs) * 1.15 if max(highs) > 0 else 1.0
    y0 = min(y0, min(lows))

    def px(x: float) -> float:
        return LEFT + (x - x0) / max(1, x1 - x0) * (WIDTH - LEFT - RIGHT)

    def py(y: float) -> float:
        return HEIGHT - BOTTOM - (y - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="20" font-size="14">{escape(title)}</text>']
    step = _step(y1 - y0)
    tick = step * int(y0 / step)
    while tick <= y1:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{py(tick) + 4:.1f}" text-anchor="end">{tick:g}{escape(unit)}</text>')
        tick += step
    every = max(1, (x1 - x0) // 12 or 1)
    for x in range(x0, x1 + 1, every):
        out.append(f'<text x="{px(x):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{x}</text>')
    for x, (low, high) in sorted((ranges or {}).items()):
        out.append(f'<line x1="{px(x):.1f}" x2="{px(x):.1f}" y1="{py(low):.1f}" y2="{py(high):.1f}" '
                   f'stroke="#2b6cb0" stroke-width="3" opacity="0.5"/>')
    path: list[list[tuple[int, float]]] = []
    run: list[tuple[int, float]] = []
    for x, y in points:  # a gap where a year has no figure
        if y is None:
            if len(run) > 1:
                path.append(run)
            run = []
        else:
            run.append((x, y))
    if len(run) > 1:
        path.append(run)
    for run in path:
        d = " ".join(f"{'M' if k == 0 else 'L'}{px(x):.1f},{py(y):.1f}" for k, (x, y) in enumerate(run))
        out.append(f'<path d="{d}" fill="none" stroke="#2b6cb0" stroke-width="2"/>')
    for x, y in known:
        out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="#2b6cb0"><title>{x}: {y:g}{escape(unit)}'
                   f'</title></circle>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _step(span: float) -> float:
    """A round distance between grid lines: about five lines over ``span``."""
    for step in (0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        if span / step <= 6:
            return step
    return span / 5
