"""The HTML diff report and the chain's picture as files: they validate as HTML5 (and SVG as
XML), name no other file or site, give every pair, unit and lineage its place, and a plan
against itself says plainly that nothing changed. (In a browser: test_browser.py.)"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest
from click.testing import CliRunner

import planparse
from conftest import FIXTURES
from planparse.cli.commands import main
from planparse.diff import chain, diff
from planparse.diff.writers.common import select
from planparse.diff.writers.html import render_html

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
NAMES = ("liaoning-egov-13th-pdf.txt", "liaoning-digital-gov-14th.txt", "liaoning-digital-gov-2025-2027-damaged.txt")


@pytest.fixture(scope="module")
def editions():
    return [planparse.parse((FIXTURES / name).read_bytes(), path=f"fixtures/{name}") for name in NAMES]


@pytest.fixture(scope="module")
def report(editions):
    return diff(editions[1], editions[2])


@pytest.fixture(scope="module")
def lineages(editions):
    return chain(editions, list(NAMES))


def valid_html(text: str) -> list:
    html5lib = pytest.importorskip("html5lib")
    parser = html5lib.HTMLParser(strict=False)
    parser.parse(text)
    return parser.errors


def external(text: str) -> list[str]:
    """Every URL in ``text`` that leaves the file (the SVG namespace names no file)."""
    return [url for url in re.findall(r"(?:https?:|//)[^\s\"'<>)]+", text) if url != SVG_NAMESPACE]


def test_the_report_validates_and_asks_for_nothing(report):
    page = render_html(report)
    assert valid_html(page) == []
    assert external(page) == []
    assert "<link" not in page and "src=" not in page


def test_every_pair_and_unit_has_its_place(report):
    page = render_html(report)
    assert page.count('<article class="pair"') == len(report.pairs)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    units = {f"unit-{side}-{unit.id}" for pair in report.pairs
             for side, unit in (("old", pair.old), ("new", pair.new)) if unit is not None}
    assert units <= set(ids)
    assert {href[1:] for href in re.findall(r'href="(#[^"]*)"', page)} <= set(ids)


def test_an_edited_plan_marks_its_characters(editions):
    text = (FIXTURES / NAMES[1]).read_text(encoding="utf-8")
    assert "2022年底" in text
    edited = planparse.parse(text.replace("2022年底", "2023年底", 1).encode(), path="edited.txt")
    page = render_html(diff(editions[1], edited))
    assert re.search(r"<del>2</del>|<del>2022</del>|<del>2022年</del>", page)
    assert re.search(r"<ins>3</ins>|<ins>2023</ins>|<ins>2023年</ins>", page)
    assert re.search(r"<th>deadlines</th><td>[^<]*2022年[^<]*</td><td>[^<]*2023年", page)


def test_merges_splits_and_moves_show_their_parts(report):
    page = render_html(report)
    assert "moved: " in page and "merged: " in page and "split: " in page
    merge = next(pair for pair in report.pairs if pair.group is not None and pair.group.kind == "merge")
    told = re.search(r'<p class="parts">merged: (.*?)</p>', page[page.index(f'id="unit-new-{merge.new.id}"'):])
    assert told and told.group(1).count(" + ") == len(merge.group.old) - 1


def test_a_plan_against_itself_says_no_changes(editions):
    page = render_html(diff(editions[1], editions[1]))
    assert "No changes: every unit is unchanged where it was." in page
    assert valid_html(page) == []
    assert "<del>" not in page and "<ins>" not in page


def test_a_filtered_report_lists_only_what_was_asked(report):
    dropped = select(report.pairs, ("dropped",))
    page = render_html(report, dropped)
    assert page.count('<article class="pair"') == len(dropped)
    assert set(re.findall(r'<article class="pair" id="[^"]+" data-status="(\w+)"', page)) == {"dropped"}


def test_the_chain_page_and_picture(lineages):
    from planparse.diff.writers.sankey import render_chain_html, render_chain_svg

    page = render_chain_html(lineages)
    assert valid_html(page) == []
    assert external(page) == []
    shown = [lineage for lineage in lineages.lineages if lineage.steps[0].unit.kind in ("section", "box-item")]
    assert page.count('class="lineage-detail"') == len(shown)
    picture = render_chain_svg(lineages)
    root = ElementTree.fromstring(picture)
    assert root.tag == f"{{{SVG_NAMESPACE}}}svg"
    groups = {g.get("data-lineage") for g in root.iter(f"{{{SVG_NAMESPACE}}}g") if g.get("class") == "lineage"}
    assert groups == {lineage.id for lineage in shown}
    assert external(picture) == []
    assert render_chain_svg(lineages) == picture


def test_the_command_writes_a_page(tmp_path):
    out = tmp_path / "report.html"
    plan = str(FIXTURES / NAMES[1])
    result = CliRunner().invoke(main, ["diff", plan, plan, "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "No changes" in out.read_text(encoding="utf-8")
    svg = tmp_path / "chain.svg"
    result = CliRunner().invoke(main, ["chain", plan, str(FIXTURES / NAMES[2]), "--format", "svg", "-o", str(svg)])
    assert result.exit_code == 0, result.output
    assert ElementTree.parse(svg).getroot().tag == f"{{{SVG_NAMESPACE}}}svg"
