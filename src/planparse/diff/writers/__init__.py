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


# --- one entry per format; each imports its writer when asked -------------------------------

def _diff_json(report, pairs, view: View) -> str:
    from .data import render_json, report_data

    return render_json(report_data(report, pairs))


def _diff_yaml(report, pairs, view: View) -> str:
    from .data import render_yaml, report_data

    return render_yaml(report_data(report, pairs))


def _diff_markdown(report, pairs, view: View) -> str:
    from .markdown import render_markdown

    return render_markdown(report, pairs)


def _diff_csv(report, pairs, view: View) -> str:
    from .table import render_diff_csv

    return render_diff_csv(pairs)


def _diff_html(report, pairs, view: View) -> str:
    from .html import render_html

    return render_html(report, pairs)


def _diff_terminal(report, pairs, view: View) -> str:
    from .terminal import render_terminal

    return render_terminal(report, pairs, width=view.width, colour=view.colour)


def _chain_json(chain, lineages, view: View) -> str:
    from .data import chain_data, render_json

    return render_json(chain_data(chain, lineages))


def _chain_yaml(chain, lineages, view: View) -> str:
    from .data import chain_data, render_yaml

    return render_yaml(chain_data(chain, lineages))


def _chain_csv(chain, lineages, view: View) -> str:
    from .table import render_chain_csv

    return render_chain_csv(chain, lineages)


def _chain_html(chain, lineages, view: View) -> str:
    from .sankey import render_chain_html

    return render_chain_html(chain, lineages, kinds=view.kinds)


def _chain_svg(chain, lineages, view: View) -> str:
    from .sankey import render_chain_svg

    return render_chain_svg(chain, lineages, kinds=view.kinds)


def _chain_terminal(chain, lineages, view: View) -> str:
    from .terminal import render_chain_terminal

    return render_chain_terminal(chain, lineages, kinds=view.kinds, width=view.width, colour=view.colour)


DIFF_WRITERS = {"terminal": _diff_terminal, "json": _diff_json, "yaml": _diff_yaml, "markdown": _diff_markdown,
                "csv": _diff_csv, "html": _diff_html}
CHAIN_WRITERS = {"terminal": _chain_terminal, "json": _chain_json, "yaml": _chain_yaml, "csv": _chain_csv,
                 "html": _chain_html, "svg": _chain_svg}
PAGES = ("html", "svg")  # formats that are a file to open, never paged


def render_diff(report, pairs, fmt: str, view: View = View()) -> str:
    """A diff ``report`` (its ``pairs`` shown) in ``fmt``, one of :data:`DIFF_WRITERS`."""
    return DIFF_WRITERS[fmt](report, pairs, view)


def render_chain(chain, lineages, fmt: str, view: View = View()) -> str:
    """A ``chain`` (its ``lineages`` shown; None: all) in ``fmt``, one of :data:`CHAIN_WRITERS`."""
    return CHAIN_WRITERS[fmt](chain, lineages, view)
