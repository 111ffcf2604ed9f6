"""Draw the seeded samples of a diff's sure "dropped" and "added" verdicts that readers audit
by reading both plans (tests/alignments/audits/; the README's figures), or list them all.

    python3 tools/sample_verdicts.py OLD NEW [--seed 23] [--size 20] -o sample.yaml
    python3 tools/sample_verdicts.py OLD NEW --size 0 -o every.yaml      # every one of them

Each sampled unit is written with its id, kind of commitment, path, title and the start of its
text, and empty fields for the reader: ``verdict`` (right / wrong), ``where`` (the unit of the
other plan that carries it on, when wrong) and ``why``.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

import planparse


def sample(old: Path, new: Path, seed: int, size: int) -> dict:
    report = planparse.diff(planparse.parse(old.read_bytes()), planparse.parse(new.read_bytes()))
    dropped = [v.unit for v in report.verdicts if v.fate.value == "dropped"]
    added = list(report.added)
    if size:
        rng = random.Random(seed)
        chosen = (rng.sample(dropped, min(size, len(dropped))), rng.sample(added, min(size, len(added))))
    else:  # every one (readers of a later diff then judge only the units not judged before)
        chosen = (dropped, added)

    def item(unit) -> dict:
        return {"id": unit.id, "kind": unit.commitment.value, "path": " > ".join(unit.path), "title": unit.title,
                "text": unit.text[:600], "verdict": "TODO", "where": "", "why": ""}

    return {"old_file": old.name, "new_file": new.name, **({"seed": seed, "size": size} if size else {"size": "all"}),
            "counts": {"dropped": len(dropped), "added": len(added)},
            "dropped": [item(u) for u in sorted(chosen[0], key=lambda u: u.index)],
            "added": [item(u) for u in sorted(chosen[1], key=lambda u: u.index)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--size", type=int, default=20, help="units of each verdict drawn (0: every one)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.size < 0:
        parser.error("--size must be 0 (every one) or more")
    found = sample(args.old, args.new, args.seed, args.size)
    args.output.write_text(yaml.safe_dump(found, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")


if __name__ == "__main__":
    main()
