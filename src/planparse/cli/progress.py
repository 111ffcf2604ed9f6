"""A batch's progress on a terminal: a rich bar with files done, files/s and MB/s (nothing
when stderr is no terminal; the callbacks still count)."""
from __future__ import annotations

import sys


class Progress:
    """A rich progress bar on a terminal (files done, files/s and MB/s); nothing otherwise."""

    def __enter__(self):
        import time

        self.bar, self.files, self.bytes, self.started = None, 0, 0, time.monotonic()
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("parsing", total=None, rate="")
        return self.total, self.advance, self.read

    def total(self, count: int) -> None:
        """The count of files to parse: the clock of the rates starts now."""
        import time

        self.started = time.monotonic()
        if self.bar is not None:
            self.bar.update(self.task, total=count)

    def advance(self, count: int) -> None:
        self.files += count
        if self.bar is not None:
            self.bar.update(self.task, advance=count, rate=self.speed())

    def read(self, size: int) -> None:
        self.bytes += size
        if self.bar is not None:
            self.bar.update(self.task, rate=self.speed())

    def speed(self) -> str:
        import time

        return rate(self.files, self.bytes, time.monotonic() - self.started)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def rate(files: int, size: int, seconds: float) -> str:
    """How fast a batch goes: ``rate(10, 5_000_000, 2.0)`` is ``5.0 files/s, 2.50 MB/s``."""
    if seconds <= 0:
        return ""
    return f"{files / seconds:.1f} files/s, {size / seconds / 1e6:.2f} MB/s"
