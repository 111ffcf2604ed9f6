"""The views of a diff and a chain, one module per view: ``data`` (JSON and YAML), ``table``
(CSV), ``terminal``, ``markdown``, ``html`` (a page to share) and ``sankey`` (the chain as a
picture); ``common`` holds what they share and ``palette`` their colours. A report never prints
itself: these turn it into text. :func:`render_diff` and :func:`render_chain` are the one
place a format name meets its writer."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """How a view is shown: the width to fit (None: lines are not wrapped), colour, and the
    kinds of unit a chain's picture follows."""

    width: int | None = None
    colour: bool = False
    kinds: tuple[str, ...] = ("section", "box-item")


# Each format's writer: (module, function, what it is given). "data": the report's (or the
# chain's) data as the JSON and YAML contract has it; "pairs": the pairs alone; else the report
# and the pairs shown (the chain and the lineages) and, by name, the fields of the View it reads.
DIFF_WRITERS = {"terminal": ("terminal", "render_terminal", ("width", "colour")),
                "json": ("data", "render_json", "data"), "yaml": ("data", "render_yaml", "data"),
                "markdown": ("markdown", "render_markdown", ()), "csv": ("table", "render_diff_csv", "pairs"),
                "html": ("html", "render_html", ())}
CHAIN_WRITERS = {"terminal": ("terminal", "render_chain_terminal", ("kinds", "width", "colour")),
                 "json": ("data", "render_json", "data"), "yaml": ("data", "render_yaml", "data"),
                 "csv": ("table", "render_chain_csv", ()), "html": ("sankey", "render_chain_html", ("kinds",)),
                 "svg": ("sankey", "render_chain_svg", ("kinds",))}
PAGES = ("html", "svg")  # formats that are a file to open, never paged


def _writer(module: str, name: str):
    """A writer, its module imported when first asked for."""
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def render_diff(report, pairs, fmt: str, view: View = View()) -> str:
    """A diff ``report`` (its ``pairs`` shown) in ``fmt``, one of :data:`DIFF_WRITERS`."""
    return _render(DIFF_WRITERS[fmt], "report_data", report, pairs, view)


def render_chain(chain, lineages, fmt: str, view: View = View()) -> str:
    """A ``chain`` (its ``lineages`` shown; None: all) in ``fmt``, one of :data:`CHAIN_WRITERS`."""
    return _render(CHAIN_WRITERS[fmt], "chain_data", chain, lineages, view)


def _render(writer: tuple, data_of: str, whole, shown, view: View) -> str:
    """``whole`` (its ``shown`` part) through ``writer``, an entry of a table above."""
    module, name, given = writer
    write = _writer(module, name)
    if given == "data":
        return write(_writer("data", data_of)(whole, shown))
    if given == "pairs":
        return write(shown)
    return write(whole, shown, **{field: getattr(view, field) for field in given})
