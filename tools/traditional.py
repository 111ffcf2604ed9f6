#!/usr/bin/env python3
"""Build the list of characters that OpenCC's t2s conversion changes on their own
(src/planparse/data/traditional.txt), so that a text with none of them is known to be
simplified without building the converter.

    python3 tools/traditional.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "src" / "planparse" / "data" / "traditional.txt"
BLOCKS = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)]


def main() -> None:
    t2s = opencc.OpenCC("t2s")
    chars = [chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1)]
    changed = [c for c in chars if t2s.convert(c) != c]
    OUT.write_text(f"# characters OpenCC t2s changes (tools/traditional.py, opencc {getattr(opencc, '__version__', '?')})\n"
                   + "".join(changed) + "\n", encoding="utf-8")
    print(f"{len(changed)} characters → {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
