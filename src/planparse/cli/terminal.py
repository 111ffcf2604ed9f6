"""The terminal conventions of the views (``diff`` and ``chain``): colour only on a terminal
unless told (``--color always|never``; NO_COLOR, https://no-color.org, turns it off), the
terminal's width there and $COLUMNS or none elsewhere, and a pager ($PAGER, else ``less -R``)
for a view longer than the screen. Kept apart from the command line so that it can be tested
without one; nothing here imports rich or click."""
from __future__ import annotations

import os
import sys

CHOICES = ("auto", "always", "never")


def on_terminal(output: str | None) -> bool:
    """Does the view go to a terminal: to stdout (no ``-o`` file), and stdout is a tty?"""
    return not output and sys.stdout.isatty()


def colour(choice: str, output: str | None) -> bool:
    """Colour the view? ``always`` and ``never`` say so; ``auto`` colours on a terminal, unless
    NO_COLOR is set to anything but the empty string, or TERM is ``dumb``."""
    if choice in ("always", "never"):
        return choice == "always"
    return on_terminal(output) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def width(output: str | None) -> int | None:
    """The width to fit the view in: the terminal's on a terminal; elsewhere (a pipe, a file)
    $COLUMNS when it is a positive number, else None — no width, lines are not wrapped."""
    if on_terminal(output):
        import shutil

        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def wants_pager(text: str, output: str | None) -> bool:
    """Page ``text``: it goes to a terminal and has more lines than the terminal has rows."""
    if not on_terminal(output):
        return False
    import shutil

    return text.count("\n") > shutil.get_terminal_size().lines


def pager_command() -> list[str] | None:
    """The pager to run: $PAGER split into its words, else ``less -R``; None when $PAGER is
    empty or ``cat``, or names a program that is not installed (then the view is printed)."""
    import shlex
    import shutil

    command = os.environ.get("PAGER")
    if command is None:
        words = ["less", "-R"]
    else:
        try:
            words = shlex.split(command)
        except ValueError:
            return None
    if not words or words[0] == "cat" or shutil.which(words[0]) is None:
        return None
    return words


def page(text: str) -> bool:
    """Show ``text`` through the pager; False when there is none to run. ``less`` gets
    LESS=FRX unless LESS is set: colour escapes pass (R), a view that fits on the screen is
    just printed (F) and stays there when it quits (X)."""
    import subprocess

    words = pager_command()
    if words is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(words, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    try:
        process.communicate(text.encode(sys.stdout.encoding or "utf-8", "replace"))
    except KeyboardInterrupt:  # the pager takes ^C itself (less: stop reading); wait for it
        assert process.stdin is not None  # stdin=PIPE
        try:
            process.stdin.close()
        except OSError:
            pass
        while process.poll() is None:
            try:
                process.wait()
            except KeyboardInterrupt:
                pass
    return True


def show(text: str, output: str | None, no_pager: bool) -> None:
    """Write a view; through the pager when it goes to a terminal and is longer than it."""
    if not no_pager and wants_pager(text, output) and page(text):
        return
    from .io import write_output

    write_output(text, output)  # (the escapes --color always asked for stay, piped too)
