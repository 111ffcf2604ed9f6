#!/usr/bin/env python3
"""Build what planparse knows of OpenCC's conversions without building a converter:

- ``src/planparse/data/traditional.txt``: the characters t2s changes on their own, so that a
  text with none of them is known to be simplified;
- ``src/planparse/data/simplified.txt``: what s2t can change — the characters it changes on
  their own, the pairs of neighbouring characters of its phrases at which a phrase may keep
  one of them (若干), and those at which a phrase may change another character. From these a line's count of characters
  s2t changes is bounded (:func:`planparse.parse.script.simplified_bounds`); where the
  bounds say what a line is, the s2t converter (50 ms to build) is not needed.

    python3 tools/traditional.py

The phrase dictionaries are read with the ``opencc_dict`` program that the opencc wheel ships.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

DATA = Path(__file__).resolve().parent.parent / "src" / "planparse" / "data"
BLOCKS = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F), (0x30000, 0x323AF)]
PHRASES = ("STPhrases", "STPhrases_GeneratedFromRegionalPhrases")  # s2t.json's phrase dictionaries


def _dictionary(name: str) -> list[tuple[str, list[str]]]:
    """An OpenCC dictionary of the wheel as (key, values)."""
    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{name}.txt"
        subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(clib / "share" / "opencc" / f"{name}.ocd2"),
                        "-o", str(out), "-f", "ocd2", "-t", "text"], check=True,
                       env={"LD_LIBRARY_PATH": str(clib / "lib64")})
        rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if line]
    return [(key, values.split(" ")) for key, values in rows]


def main() -> None:
    version = getattr(opencc, "__version__", "?")
    chars = [chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1)]
    t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    changed = [c for c in chars if t2s.convert(c) != c]
    (DATA / "traditional.txt").write_text(f"# characters OpenCC t2s changes (tools/traditional.py, opencc {version})\n"
                                          + "".join(changed) + "\n", encoding="utf-8")
    alone = "".join(c for c in chars if s2t.convert(c) != c)
    alone_set = set(alone)
    keep: set[str] = set()  # pairs at which a phrase may keep a character s2t changes alone
    change: set[str] = set()  # pairs at which a phrase may change another character
    for name in PHRASES:
        for key, values in _dictionary(name):
            assert len(key) >= 2 and all(len(value) == len(key) for value in values), (name, key, values)
            for j, char in enumerate(key):
                around = {key[k:k + 2] for k in (j - 1, j) if 0 <= k < len(key) - 1}
                if char in alone_set:
                    if any(value[j] == char for value in values):
                        keep |= around
                elif any(value[j] != char for value in values):
                    change |= around
    # s2t first writes a compatibility ideograph as its unified form, then reads phrases
    normal = [(key, values[0]) for key, values in _dictionary("CJK_Compatibility_Ideographs")]
    assert all(len(key) == len(value) == 1 and key in alone_set for key, value in normal)
    (DATA / "simplified.txt").write_text(
        f"# what OpenCC s2t changes (tools/traditional.py), opencc {version}: the characters it changes alone; "
        "the pairs at which a phrase may keep one of them; the pairs at which a phrase may change another; "
        "each compatibility ideograph and the form it is read as\n"
        f"{alone}\n{' '.join(sorted(keep))}\n{' '.join(sorted(change))}\n{' '.join(k + v for k, v in normal)}\n",
        encoding="utf-8")
    print(f"{len(changed)} characters → traditional.txt; {len(alone)} characters, {len(keep)} + {len(change)} pairs → "
          "simplified.txt", file=sys.stderr)


if __name__ == "__main__":
    main()
