"""The HTML diff report and the chain's picture in a real browser: Debian's Chromium, headless,
driven by Playwright. Every pair and every lineage is on the page, the status filter hides the
others, the search finds text, an anchor points at one unit, and the page asks for nothing
but itself. Screenshots go to a temporary folder (``$PLANPARSE_ARTEFACTS`` when set) — and,
with ``--update-goldens``, the README's two small pictures in ``docs/``.

Without a Chromium these tests are skipped, unless ``PLANPARSE_BROWSER=required`` (CI sets it:
there a missing browser is a failure)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from planparse.diff import chain, diff
from planparse.diff.writers.common import select_lineages
from planparse.diff.writers.html import render_html

FIXTURES = ROOT / "fixtures"
CHROMIUM = os.environ.get("PLANPARSE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SHOTS = {"diff": "docs/diff-report.png", "chain": "docs/chain-report.png"}  # the README's pictures
DOCS_HEIGHT = 640  # px of the page's top they show


def _wanted() -> bool:
    if os.path.exists(CHROMIUM):
        return True
    if os.environ.get("PLANPARSE_BROWSER") == "required":
        pytest.fail(f"no Chromium at {CHROMIUM}, and PLANPARSE_BROWSER=required")
    pytest.skip("no Chromium (apt-get install chromium; CI installs it)")


@pytest.fixture(scope="module")
def browser():
    _wanted()
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    folder = os.environ.get("PLANPARSE_ARTEFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def editions():
    """The 十三五, 十四五 and 2025–2027 plans of one province."""
    import planparse

    names = ("liaoning-egov-13th-pdf.txt", "liaoning-digital-gov-14th.txt", "liaoning-digital-gov-2025-2027-damaged.txt")
    return [planparse.parse((FIXTURES / name).read_bytes(), path=f"fixtures/{name}") for name in names]


def _open(browser, html: str, folder: Path, name: str, width: int = 1100):
    """A page showing ``html`` from a file, and every URL it asked for."""
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 800})
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(path.as_uri())
    return page, asked


def _shoot(page, folder: Path, name: str, request) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    if request.config.getoption("--update-goldens"):
        page.screenshot(path=str(ROOT / SHOTS[name]), clip={"x": 0, "y": 0, "width": page.viewport_size["width"],
                                                             "height": DOCS_HEIGHT})


def _visible(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent !== null || "
                                               "(e.getClientRects && e.getClientRects().length))"
                                               ".map(e => e.dataset.status)")


def test_diff_report_in_a_browser(browser, editions, artefacts, request):
    report = diff(editions[1], editions[2], old_name="14th", new_name="2025")
    page, asked = _open(browser, render_html(report), artefacts, "diff")
    statuses = page.eval_on_selector_all("article.pair", "els => els.map(e => e.dataset.status)")
    assert statuses == [pair.status for pair in report.pairs]
    _shoot(page, artefacts, "diff", request)

    for box in page.query_selector_all("input.status-filter"):
        if box.get_attribute("value") != "dropped":
            box.uncheck()
    shown = _visible(page, "article.pair")
    assert shown and set(shown) == {"dropped"}
    assert len(shown) == sum(pair.status == "dropped" for pair in report.pairs)

    for box in page.query_selector_all("input.status-filter"):
        box.check()
    words = next(pair.new.title for pair in report.pairs if pair.status == "changed")
    page.fill("#search", words)
    found = page.eval_on_selector_all("article.pair:not([hidden])", "els => els.map(e => e.textContent)")
    assert found and all(words in text for text in found) and len(found) < len(report.pairs)

    unit = next(pair.new for pair in report.pairs if pair.new is not None)
    assert page.query_selector(f'[id="unit-new-{unit.id}"]') is not None
    assert all(url.startswith(("file:", "data:", "about:")) for url in asked), asked


def test_chain_picture_in_a_browser(browser, editions, artefacts, request):
    from planparse.diff.writers.sankey import render_chain_html

    result = chain(editions, ["13th", "14th", "2025"])
    page, asked = _open(browser, render_chain_html(result), artefacts, "chain", width=1200)
    shown = {lineage.id for lineage in result.lineages
             if lineage.steps[0].unit is not None and lineage.steps[0].unit.kind in ("section", "box-item")}
    details = page.eval_on_selector_all("section.lineage-detail", "els => els.map(e => e.dataset.lineage)")
    assert sorted(details) == sorted(shown)
    bands = page.eval_on_selector_all("svg g.lineage", "els => els.map(e => e.dataset.lineage)")
    assert set(bands) == shown
    _shoot(page, artefacts, "chain", request)

    dropped = {lineage.id for lineage in select_lineages(result, ("dropped",))} & shown
    for box in page.query_selector_all("input.status-filter"):
        if box.get_attribute("value") != "dropped":
            box.uncheck()
    left = page.eval_on_selector_all("section.lineage-detail:not([hidden])", "els => els.map(e => e.dataset.lineage)")
    assert dropped and set(left) == dropped

    for box in page.query_selector_all("input.status-filter"):
        box.check()
    first = sorted(shown)[0]
    page.click(f'svg g.lineage[data-lineage="{first}"]', force=True)
    assert page.evaluate("decodeURIComponent(location.hash)") == f"#lineage-{first}"
    assert all(url.startswith(("file:", "data:", "about:")) for url in asked), asked
