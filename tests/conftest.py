"""Shared test fixtures and the --update-goldens switch."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = sorted(FIXTURES.glob("*.txt"))
# the national outlines as a markdown archive publishes them (the diff's and chain's national
# tests read them; their parse is golden too, as it is today)
MARKDOWN = sorted(p for p in FIXTURES.glob("*.md") if p.name != "README.md")
# government work reports, two years of three governments: the diff's alignment golds read them
# (tests/alignments/); their parse is golden too
REPORTS = sorted((FIXTURES / "reports").glob("*.md"))


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite fixtures/<case>.yaml from the current parser instead of comparing")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


def fixture_path(name: str) -> Path:
    return FIXTURES / name


def read_fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
