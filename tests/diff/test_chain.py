"""The chain: lineages across editions, with stable ids, merges pointing to the lineage they
went into, splits to their branches, each step's text, leads, deadlines and targets; the
CSV for pandas; editions ordered by their periods; warnings on stderr; the filters."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

import planparse
from conftest import FIXTURES
from planparse.cli.commands import main
from planparse.diff.writers.common import label

PDF = FIXTURES / "liaoning-egov-13th-pdf.txt"
FOURTEENTH = FIXTURES / "liaoning-digital-gov-14th.txt"
LATEST = FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt"
EDITIONS = [PDF, FOURTEENTH, LATEST]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def three():
    return planparse.chain([planparse.parse(p.read_bytes(), path=f"fixtures/{p.name}") for p in EDITIONS],
                           [f"fixtures/{p.name}" for p in EDITIONS])


def lineage_of(chain, title, edition=0):
    return next(l for l in chain.lineages if any(s.edition == edition and s.unit is not None
                                                 and s.unit.title == title for s in l.steps))


_THREE = []


def three_editions():
    if not _THREE:
        _THREE.append(planparse.chain([planparse.parse(p.read_bytes(), path=f"fixtures/{p.name}") for p in EDITIONS],
                                      [f"fixtures/{p.name}" for p in EDITIONS]))
    return _THREE[0]


def through_all(chain):
    """A lineage of a section or 专栏 item with a unit in every edition, one that changed on the
    way (the first such)."""
    return next(l for l in chain.lineages if l.steps[0].unit is not None
                and l.steps[0].unit.kind in ("section", "box-item") and len(l.steps) == len(chain.editions)
                and all(step.unit is not None for step in l.steps) and l.steps[1].status != "unchanged"
                and not (l.merged_into or l.split_from))


def label_start(step) -> str:
    """The first characters of a step's label, as a narrow table keeps them."""
    return label(step.unit)[:4]


def test_every_lineage_has_a_stable_unique_id(three):
    ids = [l.id for l in three.lineages]
    assert len(ids) == len(set(ids))
    again = planparse.chain([planparse.parse(p.read_bytes(), path=f"fixtures/{p.name}") for p in EDITIONS],
                            [f"fixtures/{p.name}" for p in EDITIONS])
    assert [l.id for l in again.lineages] == ids
    assert lineage_of(three, "建设省、市两级数据中心").id == "0:4.2.1"


def test_a_commitment_is_followed_through_the_editions(three):
    cloud = lineage_of(three, "建设全省统一的集约化政务云", edition=1)
    titles = [(s.edition, s.unit.title if s.unit else None) for s in cloud.steps]
    assert (2, "提升政务云统揽能力") in titles


def test_merged_lineages_point_to_the_lineage_they_went_into(three):
    ids = {l.id: l for l in three.lineages}
    merged = [l for l in three.lineages if l.merged_into]
    assert merged
    for lineage in merged:
        target = ids[lineage.merged_into]
        last = lineage.steps[-1]
        assert last.status == "merged"
        assert any(s.edition == last.edition and s.unit is last.unit for s in target.steps)


def test_split_branches_say_where_they_came_from(three):
    ids = {l.id: l for l in three.lineages}
    branched = [l for l in three.lineages if l.branches]
    assert branched
    for lineage in branched:
        for branch in lineage.branches:
            assert ids[branch].split_from == lineage.id
            assert ids[branch].steps[0].status == "split"


def test_steps_carry_text_leads_deadlines_and_targets():
    data = json.loads(run("chain", *EDITIONS, "--format", "json").output)
    assert data["schema"] == "planparse-chain/3"
    units = [s["unit"] for l in data["lineages"] for s in l["steps"] if s["unit"]]
    assert all({"text", "leads", "deadlines", "targets"} <= set(u) for u in units)
    assert any(u["leads"] for u in units) and any(u["deadlines"] for u in units)


def test_csv_has_a_row_per_lineage_and_edition(three):
    result = run("chain", *EDITIONS, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == sum(len(l.steps) for l in three.lineages)
    assert {r["edition_name"] for r in rows} >= {"十三五", "十四五"}
    assert all(r["lineage"] for r in rows)
    merged = [r for r in rows if r["merged_into"]]
    assert merged and {r["merged_into"] for r in merged} <= {r["lineage"] for r in rows}


def test_editions_given_out_of_order_are_ordered_by_period_and_said_so():
    result = run("chain", LATEST, PDF, FOURTEENTH, "--format", "json")
    assert result.exit_code == 0
    assert "out of order" in result.stderr
    assert [e["edition"] for e in json.loads(result.stdout)["editions"]] == ["十三五", "十四五", None]


def test_two_files_that_share_no_content_are_said_so(tmp_path):
    plan = tmp_path / "other.txt"
    plan.write_text("一、农业\n（一）提高粮食产量。推广良种，兴修水利。\n", encoding="utf-8")
    result = run("chain", PDF, plan)
    assert "share no content" in result.stderr


def test_terminal_view_filters_like_diff():
    everything = run("chain", *EDITIONS, "--width", "200").stdout
    merged = run("chain", *EDITIONS, "--width", "200", "--status", "merged").stdout
    assert len(merged.splitlines()) < len(everything.splitlines())
    assert "merged" in merged
    path = run("chain", *EDITIONS, "--width", "200", "--path", "保障措施").stdout
    assert "保障措施" in path and len(path.splitlines()) < len(everything.splitlines())


def test_chain_needs_two_editions():
    result = run("chain", PDF)
    assert result.exit_code == 2 and "at least two editions" in result.stderr


# --- the terminal view: within its width, a marker never apart from its title ------------

BARE_MARKER = re.compile(r"(^|\s)(\d+\.|（[一二三四五六七八九十]+）|专栏\d+)(\s*$|\s\s)")


def test_the_terminal_view_fits_80_columns_a_line_per_lineage_with_markers_beside_their_titles():
    text = run("chain", *EDITIONS, "--width", "80").stdout
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert not [line for line in lines if BARE_MARKER.search(line)]
    shown = int(re.search(r"(\d+) of \d+ lineages shown", text).group(1))
    assert shown > 100 and len(lines) <= shown + 6  # side by side: the header, a line per lineage, legend, summary
    followed = through_all(three_editions())
    line = next(line for line in lines if line.startswith(followed.id + " "))
    assert [label_start(step) in line for step in followed.steps] == [True] * len(followed.steps)
    summary = next(k for k, line in enumerate(lines) if line.startswith("summary "))
    legend = next(k for k, line in enumerate(lines) if line.startswith("= unchanged  ~ changed  & merged"))
    assert legend < summary and all(not line.startswith("0:") for line in lines[legend:summary])
    assert all(line.startswith("        ") for line in lines[summary + 1:])  # the summary comes last


def test_without_a_width_the_terminal_view_has_whole_titles_and_the_lineage_notes():
    text = run("chain", *EDITIONS).stdout
    followed = through_all(three_editions())
    line = next(line for line in text.splitlines() if line.startswith(followed.id + " "))
    assert all(label(step.unit) in line for step in followed.steps)  # whole titles, with their markers
    merged = next(l for l in three_editions().lineages if l.merged_into and l.steps[0].unit.kind == "section")
    assert re.search(rf"^{re.escape(merged.id)} → {re.escape(merged.merged_into)} ", text, re.M)
    assert "…" not in text.split("\n", 2)[2].replace("…」", "")  # nothing cut short but the paragraphs' own clips


def test_when_the_editions_do_not_fit_side_by_side_a_lineage_goes_one_edition_a_line():
    lines = run("chain", *EDITIONS, "--width", "60").stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert not [line for line in lines if BARE_MARKER.search(line)]
    followed = through_all(three_editions())
    at = next(k for k, line in enumerate(lines) if line.startswith(followed.id + " "))
    assert "十三五" in lines[at] and lines[at + 1].split()[0] == "十四五" and lines[at + 2].split()[0] == "2025–2027"
    assert all(label_start(step) in line for step, line in zip(followed.steps, lines[at:at + 3]))


def test_the_terminal_view_colours_only_when_asked_or_on_a_terminal():
    assert "\x1b[" not in run("chain", *EDITIONS, "--width", "80").stdout
    coloured = run("chain", *EDITIONS, "--width", "80", "--color", "always").stdout
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == run("chain", *EDITIONS, "--width", "80").stdout
