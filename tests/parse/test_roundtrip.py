"""`planparse render`: the canonical plain text of a tree parses back to the same tree."""
from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given

import planparse
from conftest import CORPUS
from planparse.cli.commands import main
from planparse.model.emit import to_data
from planparse.parse.plaintext import render_text
from test_properties import SETTINGS, plans


def without_source(tree: dict) -> dict:
    return {key: value for key, value in tree.items() if key != "source"}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_every_fixture_round_trips(path):
    tree = to_data(planparse.parse(path.read_bytes()))
    again = to_data(planparse.parse(render_text(tree)))
    assert without_source(again) == without_source(tree)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_the_rendered_text_is_a_fixed_point(path):
    text = render_text(to_data(planparse.parse(path.read_bytes())))
    assert render_text(to_data(planparse.parse(text))) == text


def test_render_reads_a_yaml_tree(tmp_path):
    path = CORPUS[0]
    tree_file = tmp_path / "tree.yaml"
    runner = CliRunner()
    tree_file.write_text(runner.invoke(main, ["parse", str(path)]).output, encoding="utf-8")
    result = runner.invoke(main, ["render", str(tree_file)])
    assert result.exit_code == 0
    assert result.output == render_text(yaml.safe_load(tree_file.read_text(encoding="utf-8")))


@SETTINGS
@given(plans())
def test_any_plan_round_trips(lines):
    tree = to_data(planparse.parse("\n".join(lines)))
    assert without_source(to_data(planparse.parse(render_text(tree)))) == without_source(tree)


def test_a_plan_of_short_headings_is_not_read_as_hard_wrapped():
    """Found by the fuzz test: with few lines of prose, headings as wide as the title made the
    text look wrapped at that width, and the title was joined to the paragraph under it."""
    prose = "能县市用据，安规理县平数平推创能门机，据推制建保络省。" * 12
    text = (f"某某规划\n{prose}\n一、某某某某某某某\n（一）某某\n二、某某某某某某某\n（一）某某某某某某某\n"
            f"1.某某。{prose}")
    tree = to_data(planparse.parse(text))
    assert tree["meta"]["title"] == "某某规划" and tree["preamble"] == [prose]
    assert without_source(to_data(planparse.parse(render_text(tree)))) == without_source(tree)
