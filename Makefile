# The everyday commands. `make help` lists them; each is one line a newcomer can also type.
PYTHON ?= python3

.PHONY: help install test quick lint typecheck goldens score bench ci

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install:  ## install planparse editable with the test tools (the README's second command)
	$(PYTHON) -m pip install -e '.[test]'

test:  ## the whole suite, lint and type check included (what CI runs)
	$(PYTHON) -m pytest

quick:  ## the suite without the corpus-wide and browser tests
	$(PYTHON) -m pytest -m 'not slow' -k 'not browser'

lint:  ## ruff over the package, the tests, the tools and the benchmarks
	$(PYTHON) -m ruff check src tests tools benchmarks

typecheck:  ## mypy over the package (configured in pyproject.toml)
	$(PYTHON) -m mypy

goldens:  ## rewrite the golden files after an intended change (then read `git diff`)
	$(PYTHON) -m pytest tests/parse/test_golden_trees.py tests/diff/test_diff.py tests/cli/test_cli.py --update-goldens

score:  ## the scorer against fixtures/gold (-v lists misses)
	$(PYTHON) ../shared/tools/score

bench:  ## the benchmark: writes benchmarks/results.json; the README's figures must match it
	$(PYTHON) benchmarks/bench.py

ci:  ## what CI runs on a fresh machine
	.ci/run
