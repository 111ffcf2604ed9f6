"""The reviewed gold answers in fixtures/gold (the scorer's): headings, TOC, metadata, and
the lead units of the damaged 2025 plan's tasks."""
from __future__ import annotations

import pytest
import yaml

import planparse
from conftest import FIXTURES
from planparse.model import walk_sections
from planparse.model.emit import to_data

GOLD = sorted((FIXTURES / "gold").glob("*.yaml"))


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


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
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


def _units(leads):
    return sorted(u[:-5] if u.endswith("等有关单位") else u for u in map(_norm, leads or []))


@pytest.mark.parametrize("path", [p for p in GOLD if "tasks" in _gold(p)], ids=lambda p: p.stem)
def test_task_leads_match_gold(path):
    gold = _gold(path)
    found = {}

    def walk(sections):
        for s in sections:
            found[(s.level, s.number, _norm(s.title))] = _units(s.leads)
            walk(s.sections)
    walk(_tree(gold).sections)
    for level, number, title, leads in gold["tasks"]:
        assert found.get((level, number, _norm(title))) == _units(leads), title


@pytest.mark.parametrize("path", [p for p in GOLD if "boxes" in _gold(p)], ids=lambda p: p.stem)
def test_boxes_match_gold(path):
    gold = _gold(path)
    boxes = {b.number: b for s in walk_sections(_tree(gold).sections) for b in s.boxes}
    for box in gold["boxes"]:
        assert _norm(boxes[box["number"]].title) == _norm(box["title"])
        items = {_norm(i.name): i for i in boxes[box["number"]].items}
        for item in box["items"]:
            assert _units(items[_norm(item["name"])].leads) == _units(item["leads"]), item["name"]
