"""The console entry point, kept fast for the two commands people run most.

``planparse --help`` (or no arguments) prints the top-level help straight from ``help.txt`` —
what click renders, kept in step by a test. ``planparse parse FILE`` with the options it
documents is read here and run by :func:`planparse.cli.io.run_parse`, the function the click
command calls too, so that a script parsing thousands of files does not pay for importing
click each time. Anything else — another command, ``--help``, an option this reader does not
know or a value click would refuse — goes to click (:mod:`planparse.cli.commands`), which
answers it as it always has.
"""
from __future__ import annotations

import sys

HELP_ARGS: tuple[list[str], ...] = ([], ["--help"], ["-h"])
# `parse`'s options: name → (the keyword of run_parse, the values allowed, or None for any; a
# flag has no value)
PARSE_VALUES = {"--format": ("fmt", ("yaml", "json")), "-o": ("output", None), "--output": ("output", None),
                "--grammar": ("grammar_path", None), "--from": ("form", ("text", "markdown", "html"))}
PARSE_FLAGS = {"--lines": "with_lines", "--check": "check", "--keep-script": "keep_script"}


def parse_arguments(args: list[str]) -> dict | None:
    """The keywords of :func:`~planparse.cli.io.run_parse` for ``parse``'s arguments, or None
    when click should read them (anything unusual: it then says what is wrong as it always has).

    >>> parse_arguments(["plan.txt", "--format", "json", "-o", "out.json"])
    {'file': 'plan.txt', 'fmt': 'json', 'output': 'out.json'}
    >>> parse_arguments(["--format=xml", "plan.txt"]), parse_arguments(["a.txt", "b.txt"])
    (None, None)
    """
    found: dict = {}
    position = 0
    while position < len(args):
        arg = args[position]
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in PARSE_FLAGS and not equals and PARSE_FLAGS[name] not in found:
            found[PARSE_FLAGS[name]] = True
        elif name in PARSE_VALUES and PARSE_VALUES[name][0] not in found:
            if not equals:
                position += 1
                if position == len(args):
                    return None
                value = args[position]
            keyword, allowed = PARSE_VALUES[name]
            if (allowed is not None and value not in allowed) or value.startswith("-") and value != "-" \
                    or not value and keyword != "output":
                return None
            found[keyword] = value
        elif (arg == "-" or not arg.startswith("-")) and arg and "file" not in found:
            found["file"] = arg
        else:
            return None
        position += 1
    return found if "file" in found else None


def run() -> None:
    import os

    args = sys.argv[1:]
    # (shell completion asks with no arguments and _PLANPARSE_COMPLETE set: click answers it)
    if "_PLANPARSE_COMPLETE" not in os.environ:
        if args in HELP_ARGS:
            with open(__file__.rsplit("launch.py", 1)[0] + "help.txt", encoding="utf-8") as text:
                sys.stdout.write(text.read())  # no importlib.resources or pathlib: they cost more than click
            return
        keywords = parse_arguments(args[1:]) if args[:1] == ["parse"] else None
        if keywords is not None:
            from .io import fail, run_parse

            output = keywords.get("output")
            if output in ("", "-"):  # stdout, as click's -o reads it
                keywords["output"] = None
            elif output is not None and os.path.isdir(output):
                fail(f"{output}: is a directory: -o names the file to write")
            try:
                run_parse(**keywords)
            except KeyboardInterrupt:  # (as click answers it)
                sys.stderr.write("\nAborted!\n")
                sys.exit(1)
            _exit()
    from .commands import main

    main(prog_name="planparse")


def _exit() -> None:
    """Flush, run what is registered to run at exit (the pattern cache is saved then), and end
    the process at once: the tree is written, and the interpreter's teardown (freeing every
    object of the parse one by one) would cost more than the parse itself."""
    import atexit
    import os

    from .io import fail

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as err:
        fail(f"standard output: cannot be written ({err.strerror})")
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()  # (what an exit handler wrote)
    except OSError:
        pass
    sys.stderr.flush()
    os._exit(0)
