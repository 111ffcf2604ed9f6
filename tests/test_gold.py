"""The reviewed gold answers in fixtures/gold (the scorer's): headings, TOC, metadata.

The damaged 2025 scrape's headings are a known gap (43 of 45: two garbled titles are
repaired to a wrong word), marked xfail(strict) so that a fix is noticed.
"""
from __future__ import annotations

import pytest
import yaml

import planparse
from conftest import FIXTURES
from planparse.emit import to_data

GOLD = sorted((FIXTURES / "gold").glob("*.yaml"))
KNOWN_GAPS = {"liaoning-digital-gov-2025-2027-damaged"}


def _norm(text):
    half = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})
    return "".join(str(text).split()).translate(half).rstrip("。") if text is not None else ""


def _tree(gold):
    return planparse.parse((FIXTURES / gold["file"]).read_bytes())


def _headings(sections):
    for s in sections:
        yield (s.level, s.number, _norm(s.title))
        yield from _headings(s.sections)


def _gold(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _mark(path):
    return pytest.mark.xfail(strict=True, reason="two garbled titles repaired to a wrong word") if path.stem in KNOWN_GAPS else ()


@pytest.mark.parametrize("path", [pytest.param(p, marks=_mark(p)) for p in GOLD], ids=[p.stem for p in GOLD])
def test_headings_match_gold(path):
    gold = _gold(path)
    assert list(_headings(_tree(gold).sections)) == [(l, n, _norm(t)) for l, n, t in gold["headings"]]


@pytest.mark.parametrize("path", [p for p in GOLD if "toc" in _gold(p)], ids=lambda p: p.stem)
def test_toc_matches_gold(path):
    gold = _gold(path)
    toc = [(e.level, e.number, _norm(e.title), e.page) for e in _tree(gold).toc]
    assert toc == [(l, n, _norm(t), p) for l, n, t, p in gold["toc"]]


@pytest.mark.parametrize("path", [p for p in GOLD if _gold(p).get("meta")],
                         ids=lambda p: p.stem)
def test_meta_matches_gold(path):
    gold = _gold(path)
    meta = _tree(gold).meta
    for key, want in gold["meta"].items():
        got = getattr(meta, key)
        assert (got == want) if isinstance(want, list) else (_norm(got) == _norm(want)), key


def test_pdf_and_web_renderings_give_identical_sections():
    pdf = planparse.parse((FIXTURES / "liaoning-egov-13th-pdf.txt").read_bytes())
    web = planparse.parse((FIXTURES / "liaoning-egov-13th-web.txt").read_bytes())
    assert to_data(pdf)["sections"] == to_data(web)["sections"]
