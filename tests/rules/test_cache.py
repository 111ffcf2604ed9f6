"""The cache of compiled grammars and patterns: a cache that is missing, corrupt, stale or
unwritable still gives the right tree. Each case runs ``planparse parse`` as a fresh process,
the way a user's shell loop does, against a cache folder of its own."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES

PLAN = FIXTURES / "liaoning-egov-13th-web.txt"


def parse(cache: Path | str, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLANPARSE_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "planparse", "parse", *extra, str(PLAN)],
                          capture_output=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def expected(tmp_path_factory) -> bytes:
    """The tree with no cache at all."""
    done = parse("off")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_missing_cache_is_built_and_then_used(tmp_path, expected):
    folder = tmp_path / "cache"
    assert parse(folder).stdout == expected
    built = sorted(p.name.split("-")[0] for p in folder.glob("*.pickle"))
    assert built == ["grammar", "patterns"]
    assert parse(folder).stdout == expected


def test_a_corrupt_cache_gives_the_right_tree_and_is_rebuilt(tmp_path, expected):
    folder = tmp_path / "cache"
    parse(folder)
    for file in folder.glob("*.pickle"):
        file.write_bytes(b"\x80\x05not a pickle at all")
    done = parse(folder)
    assert done.returncode == 0 and done.stdout == expected and not done.stderr
    assert all(file.read_bytes()[:2] == b"\x80\x05" and b"not a pickle" not in file.read_bytes()
               for file in folder.glob("*.pickle"))


def test_a_cache_of_the_wrong_type_is_not_used(tmp_path, expected):
    import pickle

    folder = tmp_path / "cache"
    parse(folder)
    for file in folder.glob("*.pickle"):
        file.write_bytes(pickle.dumps(["something", "else"]))
    assert parse(folder).stdout == expected


def test_a_stale_grammar_cache_is_not_used(tmp_path):
    """Editing a user grammar after a run changes what the next run parses with."""
    from planparse.rules.grammar import _builtin_path

    grammar = tmp_path / "mine.yaml"
    shutil.copy(_builtin_path("zh-plan"), grammar)
    folder = tmp_path / "cache"
    before = parse(folder, "--grammar", str(grammar), "--format", "json")
    assert before.returncode == 0
    text = grammar.read_text(encoding="utf-8")
    # the user's edit: the heading rule of the 一、 kind matches nothing any more
    edited = text.replace(r"^(?P<num>[一二三四五六七八九十]{1,3})[、．.]", r"^(?P<num>[一二三四五六七八九十]{1,3})[、．.](?!)", 1)
    assert edited != text
    grammar.write_text(edited, encoding="utf-8")
    after = parse(folder, "--grammar", str(grammar), "--format", "json")
    fresh = parse("off", "--grammar", str(grammar), "--format", "json")
    assert after.returncode == 0 and after.stdout == fresh.stdout != before.stdout


def test_an_extended_grammar_edited_is_seen(tmp_path):
    """A cached grammar is checked against every file it was built from, not only its own."""
    base = tmp_path / "base.yaml"
    from planparse.rules.grammar import _builtin_path

    shutil.copy(_builtin_path("zh-plan"), base)
    child = tmp_path / "child.yaml"
    child.write_text("extends: base\n", encoding="utf-8")
    folder = tmp_path / "cache"
    before = parse(folder, "--grammar", str(child))
    base.write_text(base.read_text(encoding="utf-8").replace(
        r"^(?P<num>[一二三四五六七八九十]{1,3})[、．.]", r"^(?P<num>[一二三四五六七八九十]{1,3})[、．.](?!)", 1), encoding="utf-8")
    after = parse(folder, "--grammar", str(child))
    assert after.stdout == parse("off", "--grammar", str(child)).stdout != before.stdout


def test_an_unwritable_cache_folder_is_no_error(tmp_path, expected):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = parse(blocker / "cache")  # its parent is a file: nothing can be written there
    assert done.returncode == 0 and done.stdout == expected and not done.stderr


def test_the_cache_keeps_the_newest_grammars_only(tmp_path, monkeypatch):
    """Each edit of a user's grammar compiles another: the cache keeps the newest few, the one
    just compiled among them, not one file per edit for ever."""
    from planparse.rules import grammar

    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANPARSE_CACHE_DIR", str(folder))
    monkeypatch.setattr(grammar, "GRAMMARS_KEPT", 2)
    mine = tmp_path / "mine.yaml"
    try:
        for edit in range(4):
            mine.write_text(f"extends: zh-plan\n# edit {edit}\n", encoding="utf-8")
            grammar.load_grammar.cache_clear()
            grammar.load_grammar(str(mine))
            for number, path in enumerate(sorted(folder.glob("grammar-*.pickle"), key=os.path.getmtime)):
                os.utime(path, ns=(number, number))  # (the order they were written in, told apart)
        assert len(list(folder.glob("grammar-*.pickle"))) == 2
        grammar.load_grammar.cache_clear()

        def compiled(*args, **kwargs):
            raise AssertionError("compiled again")

        monkeypatch.setattr(grammar, "_resolve", compiled)
        assert grammar.load_grammar(str(mine)).origin == str(mine)  # (the last edit's, from the cache)
    finally:
        grammar.load_grammar.cache_clear()


def test_trim_keeps_the_newest_of_its_prefix_and_the_file_just_saved(tmp_path, monkeypatch):
    from planparse.rules import cache

    monkeypatch.setenv("PLANPARSE_CACHE_DIR", str(tmp_path))
    for number, name in enumerate(["repair-a", "repair-b", "repair-c", "repair-d", "grammar-x", "patterns-y"]):
        path = tmp_path / f"{name}.pickle"
        path.write_bytes(b"")
        os.utime(path, ns=(10 ** 9 * (number + 1),) * 2)
    os.utime(tmp_path / "repair-a.pickle", ns=(0, 0))  # the oldest of all, but the one just saved
    (tmp_path / "repair-gone.pickle").symlink_to(tmp_path / "nowhere")  # (removed by another process meanwhile)
    cache.trim("repair-", 2, current="repair-a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grammar-x.pickle", "patterns-y.pickle", "repair-a.pickle",
                                                          "repair-c.pickle", "repair-d.pickle", "repair-gone.pickle"]


def test_a_save_with_a_stale_prefix_leaves_only_itself_of_that_prefix(tmp_path, monkeypatch):
    from planparse.rules import cache

    monkeypatch.setenv("PLANPARSE_CACHE_DIR", str(tmp_path))
    for name in ("model-old", "model-older", "other-x"):
        (tmp_path / f"{name}.pickle").write_bytes(b"")
    os.utime(tmp_path / "model-old.pickle", ns=(4 * 10 ** 18,) * 2)  # (dated in the future: removed all the same)
    cache.save("model-new", {"a": 1}, stale_prefix="model-")
    assert sorted(p.name for p in tmp_path.glob("*.pickle")) == ["model-new.pickle", "other-x.pickle"]
    assert cache.load("model-new", dict) == {"a": 1}
