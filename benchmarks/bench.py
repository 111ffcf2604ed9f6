"""planparse benchmarks: start-up, parse throughput and growth, time against a regex floor,
peak memory, diff time on real and synthetic plans, how far the diff agrees with the
hand-made alignment golds, and the whole work-report corpus. Prints a table and writes JSON.

    python3 benchmarks/bench.py                       # everything (a few minutes)
    python3 benchmarks/bench.py --quick               # smaller sizes, for a quick look
    python3 benchmarks/bench.py --json results.json   # where to write the numbers

Speed is measured here, never asserted in tests.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

import planparse  # noqa: E402
from planparse.model.emit import to_data  # noqa: E402


def timed(function, repeat: int = 1) -> float:
    """The best of ``repeat`` wall-clock times of ``function()``, in seconds."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def exponent(sizes: list[float], times: list[float]) -> float:
    """The least-squares slope of log(time) on log(size): 1 is linear, 2 quadratic."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


# Whole processes run as a user's do: with byte-code caches (a sandbox may switch them off).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_median(command: list[str], runs: int, env: dict | None = None, before=None) -> float:
    """The median wall-clock time of ``command`` over ``runs`` runs, after one to warm up;
    ``before`` is called before each timed run (not timed)."""
    env = {**ENV, **(env or {})}
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def startup(runs: int = 20) -> dict:
    def median(command):
        return run_median(command, runs)

    script = shutil.which("planparse")
    bare = median([sys.executable, "-c", "pass"])
    # the same without site (site-packages and the .pth start-up hooks a machine installs, which
    # every Python process here pays before planparse is imported: a share of bare python's time)
    no_site = median([sys.executable, "-S", "-c", "pass"])
    help_ = median([script, "--help"] if script else [sys.executable, "-m", "planparse", "--help"])
    command = median([script, "parse", "--help"] if script else [sys.executable, "-m", "planparse", "parse", "--help"])
    small = str(FIXTURES / "liaoning-egov-13th-web.txt")
    parse = [script, "parse", small] if script else [sys.executable, "-m", "planparse", "parse", small]
    cached = median(parse)  # the warm-up run fills the cache of compiled patterns and grammar
    uncached = run_median(parse, max(3, runs // 4), {"PLANPARSE_CACHE_DIR": "off"})
    damaged = str(FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt")
    damaged_command = [script, "parse", damaged] if script else [sys.executable, "-m", "planparse", "parse", damaged]
    # its first read: the cache keeps a damaged text's repair, which each run here forgets first
    damaged_s = run_median(damaged_command, max(3, runs // 4), before=forget_repairs)
    damaged_again = run_median(damaged_command, max(3, runs // 4))  # and a command reading it again
    return {"bare_python_s": bare, "bare_python_no_site_s": no_site, "help_s": help_, "help_ratio": help_ / bare,
            "parse_help_s": command, "parse_help_ratio": command / bare,
            "parse_small_s": cached, "parse_small_ratio": cached / bare,
            "parse_small_uncached_s": uncached, "parse_small_uncached_ratio": uncached / bare,
            "parse_damaged_s": damaged_s, "parse_damaged_ratio": damaged_s / bare,
            "parse_damaged_again_s": damaged_again}


def forget_repairs() -> None:
    """Remove the repaired texts from planparse's cache (its other files stay)."""
    from planparse.rules import cache

    folder = cache.directory()
    for path in folder.glob("repair-*.pickle") if folder is not None else ():
        path.unlink(missing_ok=True)


THROUGHPUT_REPEAT = 3  # parses of each text timed, the fastest kept (what the code can do; the rest is the machine)


def throughput(multipliers: list[int]) -> dict:
    """Each clean fixture repeated ×k: time (the best of :data:`THROUGHPUT_REPEAT`), MB/s and
    the growth exponent per fixture."""
    clean = [p for p in sorted(FIXTURES.glob("*.txt")) if "damaged" not in p.name]
    planparse.parse(clean[0].read_text(encoding="utf-8")[:5000])  # warm: grammar, modules (not these texts)
    fixtures = {}
    for path in clean:
        text = path.read_text(encoding="utf-8")
        rows = []
        for k in multipliers:
            data = "\n".join([text] * k).encode("utf-8")
            seconds = timed(lambda: planparse.parse(data), repeat=THROUGHPUT_REPEAT)
            rows.append({"multiplier": k, "bytes": len(data), "seconds": seconds, "mb_per_s": len(data) / seconds / 1e6})
        fixtures[path.name] = {"rows": rows, "exponent": exponent([r["bytes"] for r in rows],
                                                                  [r["seconds"] for r in rows])}
    total_bytes = sum(r["bytes"] for f in fixtures.values() for r in f["rows"])
    total_seconds = sum(r["seconds"] for f in fixtures.values() for r in f["rows"])
    damaged = (FIXTURES / "liaoning-digital-gov-2025-2027-damaged.txt").read_bytes()
    given = os.environ.get("PLANPARSE_CACHE_DIR")
    os.environ["PLANPARSE_CACHE_DIR"] = "off"  # (every parse of it searches: no repair read back)
    try:
        # warm: what the repair's search builds once a process (its general character model, the
        # GBK tables) — with the cache off, or a repair read back from it would search nothing
        planparse.parse(damaged)
        damaged_s = timed(lambda: planparse.parse(damaged))
    finally:
        if given is None:
            del os.environ["PLANPARSE_CACHE_DIR"]
        else:
            os.environ["PLANPARSE_CACHE_DIR"] = given
    return {"fixtures": fixtures, "mb_per_s": total_bytes / total_seconds / 1e6,
            "exponent": max(f["exponent"] for f in fixtures.values()),
            "damaged_plan": {"bytes": len(damaged), "seconds": damaged_s}}


def regex_floor(multiplier: int) -> dict:
    """Parse time against one compiled-regex pass (the heading test) over the same lines."""
    import regex

    clean = [p for p in sorted(FIXTURES.glob("*.txt")) if "damaged" not in p.name]
    text = "\n".join(["\n".join(p.read_text(encoding="utf-8") for p in clean)] * multiplier)
    lines = text.split("\n")
    pattern = regex.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.．、])")
    floor = timed(lambda: [pattern.match(line) for line in lines], repeat=3)
    parse = timed(lambda: planparse.parse(text))
    return {"multiplier": multiplier, "regex_pass_s": floor, "parse_s": parse, "ratio": parse / floor}


def memory(multiplier: int) -> dict:
    clean = [p for p in sorted(FIXTURES.glob("*.txt")) if "damaged" not in p.name]
    data = "\n".join(["\n".join(p.read_text(encoding="utf-8") for p in clean)] * multiplier).encode("utf-8")
    tracemalloc.start()
    planparse.parse(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"multiplier": multiplier, "input_mb": len(data) / 1e6, "peak_python_heap_mb": peak / 1e6,
            "peak_per_input_byte": peak / len(data)}


def diffs(sizes: list[int], runs: int = 5) -> dict:
    """The diff: of real plans in the process (trees parsed) and as a whole process from the
    texts (median of ``runs``), and of synthetic plans of growing size, with the growth
    exponent from 1 000 units up."""
    def tree(name):
        return to_data(planparse.parse((FIXTURES / name).read_bytes()))

    names = {"13th": "liaoning-egov-13th-pdf.txt", "14th": "liaoning-digital-gov-14th.txt",
             "2025": "liaoning-digital-gov-2025-2027-damaged.txt", "national-11th": "national-11th-fyp-2006.md",
             "national-13th": "national-13th-fyp-2016.md", "national-15th": "national-15th-fyp-2026.md",
             "report-2024": "reports/state-council-work-report-2024.md",
             "report-2025": "reports/state-council-work-report-2025.md"}
    trees = {key: tree(name) for key, name in names.items()}
    planparse.diff(trees["13th"], trees["14th"])  # warm: modules imported, tables loaded
    pairs = [("13th", "14th"), ("14th", "2025"), ("national-11th", "national-13th"), ("national-13th", "national-15th"),
             ("report-2024", "report-2025")]
    real = {f"{a}->{b}_s": timed(lambda: planparse.diff(trees[a], trees[b]), repeat=3) for a, b in pairs}
    script = shutil.which("planparse")
    process = {}
    for a, b in pairs:
        command = ([script] if script else [sys.executable, "-m", "planparse"]) + [
            "diff", str(FIXTURES / names[a]), str(FIXTURES / names[b]), "-o", os.devnull]
        process[f"{a}->{b}_s"] = run_median(command, runs)
    rows = []
    for units in sizes:
        chapters = synthetic.plan_units(units)
        old = to_data(planparse.parse(synthetic.render(chapters)))
        new = to_data(planparse.parse(synthetic.render(synthetic.next_edition(chapters))))
        count = sum(1 for _ in _sections(old["sections"]))
        seconds = timed(lambda: planparse.diff(old, new), repeat=3 if units <= 3000 else 2)
        rows.append({"units": units, "old_sections": count, "seconds": seconds})
    grown = [r for r in rows if r["units"] >= 1000]
    return {"real": real, "process": process, "synthetic": rows,
            "exponent": exponent([r["units"] for r in rows], [r["seconds"] for r in rows]),
            "exponent_from_1000": exponent([r["units"] for r in grown], [r["seconds"] for r in grown])
            if len(grown) > 1 else None}


def alignment() -> dict:
    """Agreement of the diff with the hand-made alignment golds of real editions
    (``tests/alignment_gold.py``): fate, fate counting debatable calls either way, precision —
    with each plan pair left out of the fitting of the model that diffs it (run here when
    scikit-learn is installed, ``tools/fit_alignment.py --check``; else read from the figures that
    tool last wrote, ``benchmarks/alignment-fit.json``), and with the shipped model (fitted on
    every gold but one marked ``fitted: false``: in sample, but for that one)."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from alignment_gold import agreement, names

    fit = HERE / "alignment-fit.json"
    if importlib.util.find_spec("sklearn") is not None:
        subprocess.run([sys.executable, str(HERE.parent / "tools" / "fit_alignment.py"), "--check"], check=True,
                       stdout=subprocess.DEVNULL)
    left_out = json.loads(fit.read_text(encoding="utf-8"))
    found = {}
    for name in names():
        a = agreement(name)
        found[name] = {"in_sample": {"fate": a.fate, "fate_either": a.either, "precision": a.precision},
                       "left_out": left_out["left_out"].get(name)}
    return {"golds": found, "left_out_pooled": left_out["pooled"]}


def _sections(sections):
    for section in sections:
        yield section
        yield from _sections(section["sections"])


def work_reports() -> dict | None:
    """The whole work-report corpus (read from its archive), parsed in one process on one core:
    time, MB/s, reports with a title and three headings or more, errors, warnings."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from corpus import archive, reports
    from planparse.model import walk_sections

    path = archive()
    if path is None:
        return None
    texts = list(reports(path))
    seconds, errors, with_tree, warnings = 0.0, 0, 0, 0
    for name, data in texts:
        start = time.perf_counter()
        try:
            document = planparse.parse(data, path=name)
        except Exception:  # noqa: BLE001 — counted, not raised
            errors += 1
            continue
        finally:
            seconds += time.perf_counter() - start
        headings = sum(1 for _ in walk_sections(document.sections))
        with_tree += bool(document.meta.title) and headings >= 3
        warnings += len(document.source.warnings)
    size = sum(len(data) for _, data in texts)
    return {"reports": len(texts), "bytes": size, "seconds": seconds, "mb_per_s": size / seconds / 1e6,
            "errors": errors, "with_title_and_3_headings": with_tree, "warnings": warnings}


def gdp_targets(first: int = 1990, last: int = 2026) -> dict | None:
    """The State Council's growth target in each work report of the corpus, ``first``–``last``,
    as the library reads it (the first target of each report that measures ``gdp`` in %),
    drawn by :func:`planparse.corpus.chart.line_svg` to ``docs/gdp-targets.svg`` (the README's
    picture). A year whose report sets none is a gap."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from corpus import archive, reports
    from planparse.corpus.chart import line_svg

    path = archive()
    if path is None:
        return None
    found: dict[int, dict] = {}
    for name, data in reports(path):
        parts = name.split("/")
        if len(parts) < 2 or "国务院" not in parts[-2] or not parts[-1][:4].isdigit():
            continue
        year = int(parts[-1][:4])
        if not first <= year <= last:
            continue
        target = _gdp_target(planparse.parse(data, path=name), year)
        if target is not None:
            found[year] = target
    if not found:
        return {"years": last - first + 1, "with_target": 0, "targets": {}}
    points = [(year, found[year]["value"] if year in found else None) for year in range(first, last + 1)]
    ranges = {year: (t["low"], t["high"]) for year, t in found.items() if t["low"] is not None}
    svg = line_svg(points, f"State Council work reports {first}–{last}: the year's GDP growth target "
                           "(as planparse reads it)", "%", ranges)
    (HERE.parent / "docs" / "gdp-targets.svg").write_text(svg, encoding="utf-8")
    return {"years": last - first + 1, "with_target": len(found),
            "targets": {year: found[year] for year in sorted(found)}}


def _gdp_target(document, year: int) -> dict | None:
    """The first growth target in % that measures ``gdp`` in a parsed report of ``year``, or
    None: not a yearly average over a plan period (年均), nor one for another year."""
    from planparse.model import walk_sections

    for section in walk_sections(document.sections):
        for target in section.targets:
            if target.measure == "gdp" and target.unit == "%" and target.kind.value == "target" \
                    and target.direction in (None, "增长") and target.year in (None, year):
                if target.low is not None:
                    return {"value": (target.low + target.high) / 2, "low": target.low, "high": target.high,
                            "text": target.shown()}
                return {"value": target.value, "low": None, "high": None, "text": target.shown()}
    return None


def round_trip(count: int = 5000) -> dict:
    """parse(render(tree)) = tree over ``count`` of the test suite's hostile plan-like
    documents (tests/hostile_plans.py, seeds 0 …): how many fail."""
    import random

    sys.path.insert(0, str(HERE.parent / "tests"))
    from hostile_plans import plan
    from planparse.parse.plaintext import render_text

    failed = []
    start = time.perf_counter()
    for seed in range(count):
        tree = to_data(planparse.parse(plan(random.Random(seed))))
        again = to_data(planparse.parse(render_text(tree)))
        if {k: v for k, v in again.items() if k != "source"} != {k: v for k, v in tree.items() if k != "source"}:
            failed.append(seed)
    return {"plans": count, "failed": len(failed), "seeds": failed[:20], "seconds": time.perf_counter() - start}


def big_inputs() -> dict:
    """Inputs far past any plan, each parsed as a whole process: a 20 MB line, a million short
    lines, and a 210 MB file (refused, past the 100 MB bound): time, MB/s and the peak
    resident memory per input byte."""
    import tempfile

    # the peak of the child's own memory (VmHWM is the new process image's; ru_maxrss would
    # carry over the benchmark's own peak across exec)
    code = ("import re, sys, planparse; planparse.parse(open(sys.argv[1], 'rb').read());"
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) if "damaged" not in p.name)
    cases = {"a 20 MB line": (text.replace("\n", "") * 800)[:7_000_000],
             "a million lines": "\n".join(([line[:7] for line in text.split("\n") if line] * 1300)[:1_000_000])}
    out = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, content in cases.items():
            file = Path(scratch) / "big.txt"
            file.write_text(content, encoding="utf-8")
            size = file.stat().st_size
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", code, str(file)], capture_output=True, text=True, env=ENV)
            seconds = time.perf_counter() - start
            peak = int(done.stdout.split()[-1]) * 1024 if done.returncode == 0 and done.stdout.split() else 0
            out[name] = {"bytes": size, "lines": content.count("\n") + 1, "seconds": seconds,
                         "mb_per_s": size / seconds / 1e6, "peak_rss_mb": peak / 1e6, "rss_per_input_byte": peak / size,
                         "exit": done.returncode}
        huge = Path(scratch) / "huge.txt"
        with open(huge, "wb") as handle:
            handle.truncate(210_000_000)  # (sparse: no time spent writing it)
        script = shutil.which("planparse")
        start = time.perf_counter()
        done = subprocess.run([script, "parse", str(huge)] if script else [sys.executable, "-m", "planparse", "parse",
                              str(huge)], capture_output=True, text=True, env=ENV)
        out["a 210 MB file"] = {"bytes": 210_000_000, "seconds": time.perf_counter() - start, "exit": done.returncode,
                                "message": done.stderr.strip()}
    return out


_SUMMARY = re.compile(r"(\d+) parsed, (\d+) skipped.*?(\d+) failed")


def _batch(command: list[str]) -> dict:
    """One ``planparse batch`` run as a whole process: its wall time and what its summary says."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - start
    found = _SUMMARY.search(done.stderr)
    parsed, skipped, failed = (int(n) for n in found.groups()) if found else (0, 0, -1)
    return {"seconds": seconds, "exit": done.returncode, "parsed": parsed, "skipped": skipped, "failed": failed}


def _store_rows(out: Path) -> dict[str, list]:
    """Every table of a batch store, its rows sorted (runs finish files in any order)."""
    import duckdb

    with duckdb.connect(str(out / "corpus.duckdb"), read_only=True) as db:
        tables = [name for (name,) in db.execute("SELECT table_name FROM information_schema.tables "
                                                  "WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        return {name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"').fetchall())) for name in tables}


def corpus_batch(jobs: tuple[int, ...] = (1, 2)) -> dict | None:
    """``planparse batch`` over the work-report corpus unpacked to a temporary folder: wall
    time and MB/s with each number of jobs, the speed-up, a second run (everything skipped),
    and a run on a Dask LocalCluster; the stores compared table by table."""
    import tarfile
    import tempfile

    sys.path.insert(0, str(HERE.parent / "tests"))
    from corpus import archive

    path = archive()
    script = shutil.which("planparse")
    if path is None or script is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "reports"
        with tarfile.open(path, "r:*") as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".md")]
            tar.extractall(folder, members=members, filter="data")
        files = list(folder.rglob("*.md"))
        size = sum(f.stat().st_size for f in files)
        runs = {}
        for n in jobs:
            runs[f"j{n}"] = _batch([script, "batch", str(folder), "--out", f"{scratch}/out-j{n}", "-j", str(n)])
        last = f"{scratch}/out-j{jobs[-1]}"
        again = _batch([script, "batch", str(folder), "--out", last, "-j", str(jobs[-1])])
        dask = None
        if importlib.util.find_spec("distributed") is not None:
            dask = _batch([script, "batch", str(folder), "--out", f"{scratch}/out-dask", "--engine", "dask",
                           "--scheduler", "local", "-j", str(jobs[-1])])
        reference = _store_rows(Path(f"{scratch}/out-j{jobs[0]}"))
        same = {f"j{n}": _store_rows(Path(f"{scratch}/out-j{n}")) == reference for n in jobs[1:]}
        if dask is not None:
            same["dask"] = _store_rows(Path(f"{scratch}/out-dask")) == reference
        rows = {name: len(found) for name, found in reference.items()}
    for run in runs.values():
        run["mb_per_s"] = size / run["seconds"] / 1e6
    if dask is not None:
        dask["mb_per_s"] = size / dask["seconds"] / 1e6
    return {"files": len(files), "bytes": size, "runs": runs, "speedup": runs[f"j{jobs[0]}"]["seconds"]
            / runs[f"j{jobs[-1]}"]["seconds"], "again": again, "dask": dask, "same_store": same, "rows": rows}


def table(results: dict) -> str:
    s, t, f, m, d = (results[k] for k in ("startup", "throughput", "floor", "memory", "diff"))
    lines = [f"planparse benchmarks — {results['machine']}", "",
             f"start-up   --help {s['help_s'] * 1000:.0f} ms = {s['help_ratio']:.1f}× bare python "
             f"({s['bare_python_s'] * 1000:.0f} ms; without site, `python -S`,"
             f" {s.get('bare_python_no_site_s', float('nan')) * 1000:.0f} ms); `parse --help` {s['parse_help_ratio']:.1f}×",
             f"           `parse` a 25 KB plan {s['parse_small_s'] * 1000:.0f} ms = {s['parse_small_ratio']:.1f}× bare python"
             f" (cache off: {s['parse_small_uncached_s'] * 1000:.0f} ms = {s['parse_small_uncached_ratio']:.1f}×)",
             f"           `parse` the damaged plan (mojibake repair) {s['parse_damaged_s']:.2f} s"
             f" = {s['parse_damaged_ratio']:.1f}× bare python on its first read,"
             f" {s.get('parse_damaged_again_s', float('nan')):.2f} s read again (its repair cached)", "",
             "parse      fixture ×k                          size      time   throughput"]
    for name, found in t["fixtures"].items():
        for r in found["rows"]:
            lines.append(f"           {name[:30]:<30} ×{r['multiplier']:<4}{r['bytes'] / 1e6:6.2f} MB {r['seconds']:6.2f} s"
                         f" {r['mb_per_s']:6.2f} MB/s")
        lines.append(f"           {'':<30}  growth exponent {found['exponent']:.2f}")
    lines += [f"           all: {t['mb_per_s']:.2f} MB/s, largest growth exponent {t['exponent']:.2f}; the damaged plan"
              f" ({t['damaged_plan']['bytes'] / 1e3:.0f} KB, mojibake repair) {t['damaged_plan']['seconds']:.2f} s",
              f"floor      parse is {f['ratio']:.0f}× one compiled-regex pass over the same lines (×{f['multiplier']})",
              f"memory     peak Python heap {m['peak_python_heap_mb']:.0f} MB for {m['input_mb']:.1f} MB of input "
              f"({m['peak_per_input_byte']:.0f} bytes a byte)", "",
              "diff       real plans        in the process (trees parsed)   whole process from the texts"]
    for key, seconds in d["real"].items():
        whole = d["process"][key]
        lines.append(f"           {key[:-2]:<28} {seconds * 1000:7.0f} ms {whole:21.2f} s"
                     f" = {whole / s['bare_python_s']:.0f}× bare python")
    for r in d["synthetic"]:
        lines.append(f"           synthetic {r['units']:>6} × {r['units']:<6} units {r['seconds']:8.2f} s")
    lines.append(f"           growth exponent {d['exponent']:.2f} over all"
                 + (f", {d['exponent_from_1000']:.2f} from 1 000 units" if d["exponent_from_1000"] else ""))
    w = results.get("work_reports")
    if w:
        lines += ["", f"corpus     {w['reports']} work reports, {w['bytes'] / 1e6:.1f} MB: {w['seconds']:.1f} s on one core"
                      f" ({w['mb_per_s']:.2f} MB/s); {w['errors']} errors; {w['with_title_and_3_headings']}"
                      f" ({w['with_title_and_3_headings'] / w['reports']:.1%}) with a title and ≥ 3 headings;"
                      f" {w['warnings']} warnings"]
    r = results.get("round_trip")
    if r:
        lines += [f"round trip parse(render(tree)) = tree on {r['plans']} hostile plan-like documents: {r['failed']} fail"
                  f" ({r['failed'] / r['plans']:.1%}; {r['seconds']:.0f} s)"]
    big = results.get("big_inputs") or {}
    for name, r in big.items():
        if "peak_rss_mb" in r:
            lines.append(f"big        {name:<18} {r['bytes'] / 1e6:6.1f} MB {r['seconds']:6.1f} s {r['mb_per_s']:5.2f} MB/s,"
                         f" peak memory {r['peak_rss_mb']:.0f} MB ({r['rss_per_input_byte']:.0f} bytes a byte), exit {r['exit']}")
        else:
            lines.append(f"big        {name:<18} {r['seconds']:.2f} s, exit {r['exit']}: {r['message'][:90]}")
    b = results.get("corpus_batch")
    if b:
        lines += ["", f"batch      {b['files']} work reports unpacked, {b['bytes'] / 1e6:.1f} MB, as whole processes"]
        for name, run in list(b["runs"].items()) + ([("dask", b["dask"])] if b["dask"] else []):
            label = {"dask": "Dask LocalCluster, 2 workers"}.get(name, f"-j {name[1:]}")
            lines.append(f"           {label:<30} {run['seconds']:6.1f} s {run['mb_per_s']:6.2f} MB/s"
                         f"  {run['parsed']} parsed, {run['failed']} failed (exit {run['exit']})")
        lines.append(f"           speed-up {b['speedup']:.2f}×; a second run {b['again']['seconds']:.2f} s"
                     f" ({b['again']['skipped']} skipped, {b['again']['parsed']} parsed)")
        lines.append("           same store, table by table, as -j 1: " + ", ".join(
            f"{name} {'yes' if same else 'NO'}" for name, same in b["same_store"].items())
            + f" ({', '.join(f'{t} {n}' for t, n in b['rows'].items())} rows)")
    lines += ["", "alignment  gold                          left out of the fitting       in sample",
              "                                         fate (either) precision      fate (either) precision"]
    for name, a in results["alignment"]["golds"].items():
        out, inside = a["left_out"] or {}, a["in_sample"]
        lines.append(f"           {name:<28} {out.get('fate', 0):6.2f} ({out.get('either', 0):.2f}) "
                     f"{out.get('precision', 0):9.2f}    {inside['fate']:6.2f} ({inside['fate_either']:.2f}) "
                     f"{inside['precision']:9.2f}")
    pooled = results["alignment"]["left_out_pooled"]
    lines.append(f"           {'pooled, left out':<28} {pooled['fate']:6.2f}        {pooled['precision']:9.2f}")
    gdp = results.get("gdp_targets")
    if gdp:
        shown = ", ".join(f"{year} {t['text']}" for year, t in gdp["targets"].items())
        lines += ["", f"targets    State Council GDP target read in {gdp['with_target']} of {gdp['years']} years "
                      "(docs/gdp-targets.svg):", f"           {shown}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--json", default=str(HERE / "results.json"), help="write the numbers here")
    args = parser.parse_args()
    multipliers = [1, 5, 25] if args.quick else [1, 5, 25, 100]
    sizes = [100, 1000] if args.quick else [100, 1000, 3000, 10000]
    results = {"machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
               "startup": startup(), "throughput": throughput(multipliers), "floor": regex_floor(5),
               "memory": memory(5 if args.quick else 25), "diff": diffs(sizes), "alignment": alignment(),
               "work_reports": work_reports(), "corpus_batch": corpus_batch(), "big_inputs": big_inputs(),
               "round_trip": round_trip(500 if args.quick else 5000), "gdp_targets": gdp_targets()}
    print(table(results))
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\n(numbers written to {args.json})")


if __name__ == "__main__":
    main()
