#!/usr/bin/env python3
"""Build the diff's background model of official Chinese: how common each character bigram
is in the paragraphs of a large corpus of government documents. The diff damps the bigrams
that every document repeats (建设, 推进, 体制机制 …), so that two units pair on what they
are about, not on the formulas they share.

    python3 tools/background.py ../shared/corpus-large/work-reports.tar.xz

reads every markdown file of the archive (the 1 659 政府工作报告), splits it into paragraphs,
and writes src/planparse/data/background.tsv: the bigrams found in at least SHARE of the
paragraphs, most common first, each with that share. Nothing is read at run time but that file.
"""
from __future__ import annotations

import argparse
import re
import sys
import tarfile
from collections import Counter
from pathlib import Path

SHARE = 0.01  # bigrams rarer than this are as informative as any: the file leaves them out
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
OUT = Path(__file__).resolve().parent.parent / "src" / "planparse" / "data" / "background.tsv"


def paragraphs(text: str):
    for line in FRONT_MATTER.sub("", text).splitlines():
        runs = HAN_RUN.findall(line)
        if sum(map(len, runs)) >= 10:  # a heading or a line of furniture says little
            yield runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", help="the work-reports .tar.xz (markdown files)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    counts: Counter = Counter()
    total = files = 0
    with tarfile.open(args.archive) as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".md"):
                continue
            files += 1
            text = archive.extractfile(member).read().decode("utf-8", "replace")
            for runs in paragraphs(text):
                total += 1
                counts.update({run[i:i + 2] for run in runs for i in range(len(run) - 1)})
    floor = SHARE * total
    rows = sorted(((gram, n) for gram, n in counts.items() if n >= floor), key=lambda gn: (-gn[1], gn[0]))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(f"# bigram\tshare of {total} paragraphs of {files} government work reports (tools/background.py)\n")
        for gram, n in rows:
            handle.write(f"{gram}\t{n / total:.5f}\n")
    print(f"{files} files, {total} paragraphs, {len(rows)} bigrams in ≥ {SHARE:.1%} of them → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
