"""`planparse batch` when things go wrong: killed (kill -9) at random moments and started again,
it ends with the store a clean run gives; a second run into the same folder is refused (or
waits); the store mirrors the inputs (files edited, deleted, the same content twice; with and
without --keep-history); an output folder that cannot be written is one line and exit 2."""
from __future__ import annotations

import errno
import os
import random
import re
import subprocess
import sys
import time

import duckdb
import pytest
from click.testing import CliRunner

from conftest import CORPUS
from planparse.cli.commands import main
from planparse.corpus.batch import run

CLEAN = [path for path in CORPUS if "damaged" not in path.name]
# planparse batch in a process of its own, with the batch module's FLUSH (seconds between commits)
# set, and each file's parse slowed by PAUSE seconds (-j 1 only: a pool's workers are not slowed)
BATCH = ("import sys, time\n"
         "import planparse.corpus.batch as batch\n"
         "batch.FLUSH, pause = float(sys.argv[1]), float(sys.argv[2])\n"
         "if pause:\n"
         "    parse = batch.parse_one\n"
         "    batch.parse_one = lambda *args, **kw: (time.sleep(pause), parse(*args, **kw))[1]\n"
         "from planparse.cli.commands import main\n"
         "main(sys.argv[3:], prog_name='planparse')\n")


def write_plans(folder, count: int, mark: str = "", start: int = 0) -> None:
    """``count`` distinct plans: the clean fixtures, each with a line of its own at the end."""
    folder.mkdir(exist_ok=True)
    for index in range(start, start + count):
        source = CLEAN[index % len(CLEAN)]
        (folder / f"{source.stem}-{index:02d}.txt").write_text(
            source.read_text(encoding="utf-8") + f"\n本规划第{index}号{mark}印发。\n", encoding="utf-8")


def batch(folder, out, *args, flush: float = 0.5, pause: float = 0.0, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", BATCH, str(flush), str(pause), "batch", str(folder),
                             "--out", str(out), *map(str, args)], **popen)


def finish(folder, out, *args, **kw) -> subprocess.CompletedProcess:
    process = batch(folder, out, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def store_of(out) -> tuple[dict, list]:
    """Every table's rows, sorted, and the trees folder's listing."""
    with duckdb.connect(str(out / "corpus.duckdb"), read_only=True) as db:
        names = [name for (name,) in db.execute("SELECT table_name FROM information_schema.tables "
                                                 "ORDER BY 1").fetchall()]
        tables = {name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}
    trees = out / "trees"  # (a run killed before it made the folder left an empty store and none)
    return tables, sorted(os.listdir(trees)) if trees.exists() else []


def consistent(out) -> int:
    """The store has no half document and no duplicate (asserted); how many documents it has."""
    with duckdb.connect(str(out / "corpus.duckdb"), read_only=True) as db:
        one = db.execute
        tables = {name for (name,) in one("SELECT table_name FROM information_schema.tables").fetchall()}
        if not tables:  # killed before it made its tables: an empty store, nothing half done
            return 0
        assert one("SELECT count(*) - count(DISTINCT sha256) FROM documents").fetchone()[0] == 0
        assert one("SELECT count(*) FROM documents d WHERE sections != "
                   "(SELECT count(*) FROM sections s WHERE s.sha256 = d.sha256)").fetchone()[0] == 0
        assert one("SELECT count(*) FROM commitments WHERE sha256 NOT IN (SELECT sha256 FROM documents)"
                   ).fetchone()[0] == 0
        assert one("SELECT count(*) FROM files WHERE sha256 NOT IN (SELECT sha256 FROM documents)").fetchone()[0] == 0
        assert one("SELECT count(*) - count(DISTINCT path) FROM files").fetchone()[0] == 0
        return one("SELECT count(*) FROM documents").fetchone()[0]


# --- kill -9 ---------------------------------------------------------------------------------

def change(plans, phase: int) -> None:
    """The plans of each phase of the kill test: 40 and a broken file; then 8 edited, 4 deleted,
    4 added and one copied; then 20 more edited and the copy deleted; then the first 40 again."""
    if phase == 1:
        write_plans(plans, 40)
        (plans / "scan.txt").write_bytes(b"%PDF-1.7\n")
    elif phase == 2:
        write_plans(plans, 8, mark="修订")
        for path in sorted(plans.glob("*-*.txt"))[-4:]:
            path.unlink()
        write_plans(plans, 4, start=40)
        (plans / "copy.txt").write_bytes(sorted(plans.glob("*-*.txt"))[10].read_bytes())
    elif phase == 3:
        write_plans(plans, 20, mark="再修订", start=10)
        (plans / "copy.txt").unlink()
    else:
        for path in plans.glob("*-4[0-3].txt"):
            path.unlink()
        write_plans(plans, 40)


def test_a_run_killed_at_random_moments_resumes_to_the_store_of_a_clean_run(tmp_path):
    """Four phases of plans (``change``), -j 2, a commit after about every file (FLUSH 0.02 s):
    in each, 5 runs killed at random moments of a clean run's duration (earliest first), then
    one to the end,
    whose store (table by table) and trees equal the clean run's."""
    rng = random.Random(14)
    plans, out = tmp_path / "plans", tmp_path / "out"
    plans.mkdir()
    killed, partial, last = 0, 0, None
    for phase in (1, 2, 3, 4):
        change(plans, phase)
        clean = tmp_path / f"clean{phase}"
        started = time.monotonic()
        done = finish(plans, clean, "-j", 2, flush=0.02)
        duration = time.monotonic() - started
        assert done.returncode == 1 and "1 failed" in done.stderr, done.stderr
        goal = store_of(clean)
        for delay in sorted(rng.uniform(0, duration) for _ in range(5)):  # (a resumed run has less to do)
            process = batch(plans, out, "-j", 2, flush=0.02, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            process.kill()
            killed += process.wait() == -9
            if (out / "corpus.duckdb").exists():
                consistent(out)
                now = store_of(out)
                partial += now not in (last, goal)  # some of the work done and committed, not all
                last = now
        done = finish(plans, out, "-j", 2, flush=0.02)
        assert done.returncode == 1, done.stderr
        assert store_of(out) == goal
        assert not [name for name in os.listdir(out / "trees") if name.endswith(".part")]
    print(f"{killed} runs killed before their end, {partial} with a part of their work committed")
    assert killed >= 8 and partial >= 4, (killed, partial)


def test_a_run_stopped_by_a_failing_store_write_resumes_to_the_store_of_a_clean_run(tmp_path, monkeypatch):
    """A commit that fails (a full disk) stops the run in one line; the transaction is rolled
    back, and a run again completes the store."""
    import planparse.corpus.store as store

    plans = tmp_path / "plans"
    write_plans(plans, 6)
    clean, out = tmp_path / "clean", tmp_path / "out"
    run([str(plans)], str(clean), jobs=1)
    insert, calls = store.insert_rows, []

    def full(db, batches):
        calls.append(1)
        insert(db, batches)
        if len(calls) == 2:  # the second document written, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store, "insert_rows", full)
    monkeypatch.setattr("planparse.corpus.batch.FLUSH", 0.0)
    result = CliRunner().invoke(main, ["batch", str(plans), "--out", str(out), "-j", "1"])
    assert result.exit_code == 2 and result.output == (f"planparse: error: {out}/corpus.duckdb: cannot be "
                                                      "written (No space left on device)\n")
    assert consistent(out) == 1
    monkeypatch.setattr(store, "insert_rows", insert)
    assert run([str(plans)], str(out), jobs=1).parsed == 5
    assert store_of(out) == store_of(clean)


def test_a_checkpoint_that_fails_is_an_error_and_a_run_again_completes_the_store(tmp_path, monkeypatch):
    """The disk filling up at the final checkpoint: exit 2 in one line, never a success; the
    store still opens (the work sits in DuckDB's log), and a run again gives a clean run's store."""
    import planparse.corpus.store as store

    plans = tmp_path / "plans"
    write_plans(plans, 3)
    clean, out = tmp_path / "clean", tmp_path / "out"
    run([str(plans)], str(clean), jobs=1)

    class Full:
        def __init__(self, db):
            self.inner = db

        def execute(self, sql, *args):
            if sql == "CHECKPOINT":
                raise duckdb.IOException("Could not write file: No space left on device")
            return self.inner.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    opened = store.Store.__init__

    def full_disk(self, folder):
        opened(self, folder)
        self.db = Full(self.db)

    monkeypatch.setattr(store.Store, "__init__", full_disk)
    result = CliRunner().invoke(main, ["batch", str(plans), "--out", str(out), "-j", "1"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "cannot be written at the checkpoint" in result.output and "No space left" in result.output
    monkeypatch.setattr(store.Store, "__init__", opened)
    consistent(out)  # (it opens)
    run([str(plans)], str(out), jobs=1)
    assert store_of(out) == store_of(clean)


# --- two runs at once ------------------------------------------------------------------------

def _two_runs_at_once(tmp_path, count: int, *options):
    """Two batch runs of ``count`` plans into one folder, started together: the folders, the
    processes and what each printed on stderr."""
    plans, out = tmp_path / "plans", tmp_path / "out"
    write_plans(plans, count)
    runs = [batch(plans, out, "-j", 1, *options, pause=0.1, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                  text=True) for _ in range(2)]
    return plans, out, runs, [process.communicate(timeout=120)[1] for process in runs]


def _as_a_clean_run(tmp_path, plans, out) -> bool:
    clean = tmp_path / "clean"
    run([str(plans)], str(clean), jobs=1)
    return store_of(out) == store_of(clean)


def test_a_second_run_into_the_same_folder_is_refused_in_one_line(tmp_path):
    plans, out, runs, told = _two_runs_at_once(tmp_path, 12)
    codes = [process.returncode for process in runs]
    assert sorted(codes) == [0, 2], told
    refused, went = (1, 0) if codes[1] == 2 else (0, 1)
    assert told[refused] == (f"planparse: error: {out}: another batch is writing this store "
                             f"(pid {runs[went].pid}): wait for it to finish, or run with --wait\n")
    assert told[went].startswith("12 parsed")
    assert _as_a_clean_run(tmp_path, plans, out)


def test_with_wait_a_second_run_waits_for_the_first(tmp_path):
    plans, out, runs, told = _two_runs_at_once(tmp_path, 8, "--wait")
    assert [process.returncode for process in runs] == [0, 0], told
    told.sort()
    assert told[0].startswith("0 parsed, 8 skipped") and told[1].startswith("8 parsed"), told
    assert _as_a_clean_run(tmp_path, plans, out)


def test_query_and_export_while_a_batch_writes_say_so_in_one_line(tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    write_plans(plans, 10)
    run([str(plans)], str(out), jobs=1)  # a store to query
    write_plans(plans, 10, mark="修订")
    writer = batch(plans, out, "-j", 1, pause=0.2, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while (out / ".lock").read_text().strip() != str(writer.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # (the lock is taken just before the store is opened)
        for args in (["query", out, "select count(*) from documents"], ["export", out]):
            result = subprocess.run([sys.executable, "-m", "planparse", *map(str, args)], capture_output=True,
                                    text=True)
            assert result.returncode == 2 and result.stderr == (
                f"planparse: error: {out}: another process (pid {writer.pid}) has this store open, a batch "
                "writing it perhaps: try again when it is done\n"), result.stderr
        assert writer.poll() is None  # (the messages were about it)
    finally:
        assert writer.wait(timeout=120) == 0


def test_a_batch_into_a_store_another_process_has_open_says_so_in_one_line(tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    write_plans(plans, 2)
    run([str(plans)], str(out), jobs=1)
    with duckdb.connect(str(out / "corpus.duckdb"), read_only=True):
        done = finish(plans, out, "-j", 1)
    assert done.returncode == 2 and done.stderr == (
        f"planparse: error: {out}/corpus.duckdb: another process (pid {os.getpid()}) has this store open, "
        "a batch writing it perhaps: try again when it is done\n"), done.stderr


# --- the store mirrors the inputs ------------------------------------------------------------

def documents(out) -> list[tuple]:
    with duckdb.connect(str(out / "corpus.duckdb"), read_only=True) as db:
        return db.execute('SELECT regexp_extract(path, \'[^/]+$\'), "current" FROM documents ORDER BY 1, 2'
                          ).fetchall()


def files(out) -> list[str]:
    with duckdb.connect(str(out / "corpus.duckdb"), read_only=True) as db:
        return [name for (name,) in db.execute("SELECT regexp_extract(path, '[^/]+$') FROM files ORDER BY 1")
                .fetchall()]


def counts(summary) -> tuple:
    return summary.parsed, summary.skipped, summary.added, summary.replaced, summary.removed, len(summary.failed)


def test_a_file_edited_replaces_its_old_version_and_a_file_deleted_is_removed(tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    write_plans(plans, 4)
    assert counts(run([str(plans)], str(out), jobs=1)) == (4, 0, 4, 0, 0, 0)
    names = sorted(path.name for path in plans.iterdir())
    write_plans(plans, 1, mark="修订")  # the first, edited in place
    (plans / names[1]).unlink()
    (plans / names[2]).write_bytes(b"%PDF-1.7\n")  # now broken: its old version goes too
    summary = run([str(plans)], str(out), jobs=1)
    assert counts(summary) == (1, 1, 0, 1, 2, 1)
    assert summary.report().splitlines()[0] == ("1 parsed, 1 skipped (already in the store), 1 failed, "
                                                "0 warnings; files 0 added, 1 replaced, 2 removed")
    assert documents(out) == [(names[0], True), (names[3], True)] and files(out) == [names[0], names[3]]
    clean = tmp_path / "clean"
    run([str(plans)], str(clean), jobs=1)
    assert store_of(out) == store_of(clean)  # trees of the old versions gone, the error recorded once


def test_with_keep_history_old_versions_stay_not_current(tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    write_plans(plans, 3)
    run([str(plans)], str(out), jobs=1, keep_history=True)
    names = sorted(path.name for path in plans.iterdir())
    first = (plans / names[0]).read_bytes()
    write_plans(plans, 1, mark="修订")
    (plans / names[1]).unlink()
    summary = run([str(plans)], str(out), jobs=1, keep_history=True)
    assert counts(summary) == (1, 1, 0, 1, 1, 0) and "1 removed (old versions kept)" in summary.report()
    assert documents(out) == [(names[0], False), (names[0], True), (names[1], False), (names[2], True)]
    assert files(out) == [names[0], names[2]] and len(list((out / "trees").iterdir())) == 4
    result = CliRunner().invoke(main, ["export", str(out), "--format", "csv"])
    assert {row.split(",")[1].rsplit("/", 1)[-1] for row in result.stdout.splitlines()[1:]} <= {names[0], names[2]}
    (plans / names[0]).write_bytes(first)  # the old version is current again: nothing to parse
    assert counts(run([str(plans)], str(out), jobs=1, keep_history=True)) == (0, 2, 0, 1, 0, 0)
    assert documents(out) == [(names[0], False), (names[0], True), (names[1], False), (names[2], True)]
    assert run([str(plans)], str(out), jobs=1).removed == 0  # without it, the old versions go
    assert documents(out) == [(names[0], True), (names[2], True)] and len(list((out / "trees").iterdir())) == 2


def test_the_same_content_under_two_paths_is_one_document_and_two_files(tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    write_plans(plans, 1)
    (name,) = [path.name for path in plans.iterdir()]
    (plans / "a-copy.txt").write_bytes((plans / name).read_bytes())
    assert counts(run([str(plans)], str(out), jobs=1)) == (1, 1, 2, 0, 0, 0)
    assert documents(out) == [("a-copy.txt", True)] and files(out) == ["a-copy.txt", name]
    (plans / "a-copy.txt").unlink()  # the path it was parsed from: parsed again from the other
    assert counts(run([str(plans)], str(out), jobs=1)) == (1, 0, 0, 0, 1, 0)
    clean = tmp_path / "clean"
    run([str(plans)], str(clean), jobs=1)
    assert store_of(out) == store_of(clean)


def test_a_run_removes_only_what_is_gone_from_its_own_inputs(tmp_path):
    """A store of two folders: a run over one of them leaves the other's files alone, and a
    glob or a file given removes only what it would have found."""
    one, two, out = tmp_path / "one", tmp_path / "two", tmp_path / "out"
    write_plans(one, 2)
    write_plans(two, 2, start=2)
    run([str(one), str(two)], str(out), jobs=1)
    first = sorted(one.iterdir())[0]
    first.unlink()
    assert counts(run([str(two)], str(out), jobs=1)) == (0, 2, 0, 0, 0, 0) and len(files(out)) == 4
    assert counts(run([str(one / "*.md"), str(two)], str(out), jobs=1, patterns=("*.txt", "*.md"))) \
        == (0, 2, 0, 0, 0, 0)  # (a glob that finds nothing of one/*.txt)
    assert counts(run([str(two / "*.txt"), str(first)], str(out), jobs=1)) == (0, 2, 0, 0, 1, 1)
    assert len(files(out)) == 3
    assert counts(run([str(one)], str(out), jobs=1)) == (0, 1, 0, 0, 0, 0)
    with duckdb.connect(str(out / "corpus.duckdb"), read_only=True) as db:  # the file named is gone: its error too
        assert db.execute("SELECT count(*) FROM errors").fetchone()[0] == 0


# --- an output folder that cannot be written ---------------------------------------------------

def one_line(result, message: str) -> None:
    assert result.exit_code == 2 and result.output == f"planparse: error: {message}\n", result.output


@pytest.fixture
def plans(tmp_path):
    write_plans(tmp_path / "plans", 2)
    return tmp_path / "plans"


def invoke(plans, out, *args):
    return CliRunner().invoke(main, ["batch", str(plans), "--out", str(out), *(args or ["-j", "1"])])


def test_an_output_folder_whose_parent_is_missing_or_a_file(plans, tmp_path):
    one_line(invoke(plans, tmp_path / "no" / "out"),
             f"{tmp_path}/no/out: cannot be created (No such file or directory; {tmp_path}/no does not exist)")
    one_line(invoke(plans, plans / f"{CLEAN[0].stem}-00.txt" / "out"),
             f"{plans}/{CLEAN[0].stem}-00.txt/out: cannot be created (Not a directory)")


def test_a_read_only_output_folder(plans, tmp_path):
    if os.geteuid() == 0:  # root writes anywhere chmod says not: a folder of sysfs, where no file is made
        out = "/sys/kernel"
        if not os.path.isdir(out) or os.access(out, os.W_OK) and _writable(out):
            pytest.skip("no read-only folder to try as root")
        for result, message in ((invoke(plans, out), f"{out}: cannot be written ("),
                                (invoke(plans, f"{out}/planparse"), f"{out}/planparse: cannot be created (")):
            assert result.exit_code == 2 and result.output.startswith(f"planparse: error: {message}") \
                and result.output.count("\n") == 1, result.output  # (EACCES, EPERM or EROFS)
        return
    out = tmp_path / "read-only"
    out.mkdir(mode=0o555)
    one_line(invoke(plans, out), f"{out}: cannot be written (Permission denied)")
    one_line(invoke(plans, out / "corpus"), f"{out}/corpus: cannot be created (Permission denied)")


def _writable(folder: str) -> bool:
    try:
        os.close(os.open(os.path.join(folder, ".planparse-probe"), os.O_CREAT | os.O_WRONLY))
    except OSError:
        return False
    os.remove(os.path.join(folder, ".planparse-probe"))
    return True


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_output_folder(plans, tmp_path, monkeypatch, jobs):
    """The disk fills up as a tree is written (in this process with -j 1, in a worker with -j 2:
    the pool's other files are cancelled)."""
    def full(trees, sha, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("planparse.corpus.batch._write_tree", full)
    out = tmp_path / "out"
    one_line(invoke(plans, out, "-j", jobs), f"{out}/trees: cannot be written (No space left on device)")
    assert consistent(out) == 0
    monkeypatch.undo()
    result = invoke(plans, out)
    assert result.exit_code == 0 and result.output.startswith("2 parsed"), result.output


def test_the_summary_counts_and_the_lock_pid(plans, tmp_path):
    out = tmp_path / "out"
    result = invoke(plans, out)
    assert result.exit_code == 0 and re.fullmatch(
        r"2 parsed, 0 skipped \(already in the store\), 0 failed, \d+ warnings; files 2 added, 0 replaced, "
        r"0 removed\n", result.output), result.output
    assert (out / ".lock").read_text() == f"{os.getpid()}\n"
