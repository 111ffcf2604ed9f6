"""The work-report corpus (1 659 government work reports in markdown, shipped beside the
repository as ``../shared/corpus-large/work-reports.tar.xz``, or wherever
``PLANPARSE_WORK_REPORTS`` points): read members straight from the archive, never unpacked
into the repository."""
from __future__ import annotations

import os
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def archive() -> Path | None:
    """The archive, or None when this machine has none."""
    given = os.environ.get("PLANPARSE_WORK_REPORTS")
    path = Path(given) if given else ROOT.parent / "shared" / "corpus-large" / "work-reports.tar.xz"
    return path if path.is_file() else None


def reports(path: Path, every: int = 1):
    """(name, bytes) of every ``every``-th markdown report in the archive, in archive order."""
    with tarfile.open(path, "r:*") as tar:
        index = 0
        for member in tar:
            if not (member.isfile() and member.name.endswith(".md")):
                continue
            if index % every == 0:
                handle = tar.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read()
            index += 1
