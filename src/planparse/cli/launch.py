"""The console entry point. ``planparse --help`` (or no arguments) prints the top-level help
straight from ``help.txt`` — what click renders, kept in step by a test — so that start-up
does not pay for importing click; everything else goes to :mod:`planparse.cli.commands.commands`."""
from __future__ import annotations

import sys

HELP_ARGS: tuple[list[str], ...] = ([], ["--help"], ["-h"])


def run() -> None:
    import os

    # (shell completion asks with no arguments and _PLANPARSE_COMPLETE set: click answers it)
    if sys.argv[1:] in HELP_ARGS and "_PLANPARSE_COMPLETE" not in os.environ:
        with open(__file__.rsplit("launch.py", 1)[0] + "help.txt", encoding="utf-8") as text:
            sys.stdout.write(text.read())  # no importlib.resources or pathlib: they cost more than click
        return
    from .commands import main

    main(prog_name="planparse")
