"""The folders are the pipeline's layers, and an import only ever goes down:
``cli`` → ``corpus`` → ``diff`` → ``parse`` → ``rules`` → ``model`` (and ``errors``, which
imports nothing of planparse). Checked on the import graph read from the source, lazy imports
inside functions included, so a shortcut upwards fails here before it tangles the house."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import planparse

PACKAGE = Path(planparse.__file__).parent
LAYERS = ["errors", "model", "rules", "parse", "diff", "corpus", "cli"]  # lowest first
FACADES = {"planparse", "planparse.__main__"}  # the API and `python -m`: may call any layer


def module_name(path: Path) -> str:
    parts = ["planparse", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every planparse module ``path`` imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("planparse")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("planparse"):
                modules = {f"{target}.{alias.name}" for alias in node.names if _is_module(f"{target}.{alias.name}")}
                names = {alias.name for alias in node.names} - {m.rsplit(".", 1)[1] for m in modules}
                if target != "planparse" or names - {"__version__"}:  # (importing a folder is no use of the facade)
                    found.add(target)
                found |= modules
    return found


def _is_module(name: str) -> bool:
    place = PACKAGE.joinpath(*name.split(".")[1:])
    return place.with_suffix(".py").exists() or place.is_dir()


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_is_in_a_layer():
    """No module beside the layers but the facade: a newcomer finds each stage by its folder."""
    stray = [module_name(p) for p in PACKAGE.rglob("*.py")
             if module_name(p) not in FACADES and layer(module_name(p)) is None]
    assert stray == []


def test_imports_only_go_down():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = module_name(path)
        if here in FACADES:
            continue
        for target in imports(path):
            if target == "planparse" and layer(here) != "cli":
                upward.append(f"{here} imports the facade planparse")
            elif layer(target) and LAYERS.index(layer(target)) > LAYERS.index(layer(here)):
                upward.append(f"{here} → {target}")
    assert upward == []


def test_errors_import_nothing_of_planparse():
    assert imports(PACKAGE / "errors.py") == set()


@pytest.mark.parametrize("source, found", [
    ("from ...diff import units\n", {"planparse.diff", "planparse.diff.units"}),
    ("def f():\n    from ...model.ids import unit_id\n", {"planparse.model.ids"}),
])
def test_the_import_reader_sees_relative_and_lazy_imports(tmp_path, source, found, monkeypatch):
    """(the check above could pass by reading nothing: the reader itself is tested)"""
    folder = tmp_path / "planparse" / "corpus" / "sub"
    folder.mkdir(parents=True)
    (tmp_path / "planparse" / "diff").mkdir()
    (tmp_path / "planparse" / "diff" / "units.py").write_text("")
    (folder / "mod.py").write_text(source)
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "planparse")
    assert imports(folder / "mod.py") == found


def test_the_model_names_every_public_name_of_its_parts():
    """`planparse.model` imports each part on first use, by a table of where each name lives:
    a public name a part adds must be in it (else `from planparse.model import X` fails at run
    time, which the type checker cannot see)."""
    import importlib

    import planparse.model as model

    for part in ("document", "kinds", "report", "rows"):
        module = importlib.import_module(f"planparse.model.{part}")
        public = {name for name, value in vars(module).items() if not name.startswith("_")
                  and getattr(value, "__module__", module.__name__) == module.__name__
                  and not isinstance(value, type(importlib))}
        public -= {"annotations"} | ({"STATUSES", "KINDS", "FATES", "SUMMARY", "LABELS", "UnitKind", "GroupKind",
                                     "RowKind", "PlanPart"} if part == "kinds" else set())
        missing = public - set(model._HOMES)
        assert not missing, f"planparse.model.{part}: add {sorted(missing)} to model._HOMES"

