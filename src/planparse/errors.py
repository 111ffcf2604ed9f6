"""One hierarchy of library errors; the CLI turns each into a one-line message."""


class PlanparseError(Exception):
    """Base class: every error planparse raises on purpose."""


class InputError(PlanparseError):
    """The input cannot be read as a plan text (missing, binary, undecodable, empty)."""


class GrammarError(PlanparseError):
    """A grammar file is malformed; the message names the file and the rule."""


MAX_MB_DEFAULT = 100  # megabytes: far past any plan (the largest real ones are a few MB)


def max_input_bytes() -> int:
    """The largest input read as one plan: ``PLANPARSE_MAX_MB`` megabytes, else 100."""
    import os

    try:
        return int(float(os.environ.get("PLANPARSE_MAX_MB") or MAX_MB_DEFAULT) * 1_000_000)
    except ValueError:
        return MAX_MB_DEFAULT * 1_000_000


def too_large(size: int, whole: bool = True) -> InputError | None:
    """The error for an input of ``size`` bytes past :func:`max_input_bytes`, else None
    (``whole``: ``size`` is the input's own, not where reading it stopped)."""
    limit = max_input_bytes()
    if size <= limit:
        return None
    told = f"is {size / 1e6:.0f} MB, more than" if whole else "is more than"
    return InputError(f"{told} the {limit / 1e6:g} MB that one plan can be (split it, or set PLANPARSE_MAX_MB)")


def read_bounded(path: str, what: str = "plan text", limit: int | None = None) -> bytes:
    """The bytes of the file ``path``, read only when it is a regular file no larger than
    ``limit`` (:func:`max_input_bytes` unless given): a FIFO, a device, a socket or a folder
    is refused before anything is read (a read could block for ever or never end), and a file
    that grows while it is read is cut at the bound and refused. Errors name the file."""
    import os
    import stat

    limit = max_input_bytes() if limit is None else limit
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode)
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "no regular file")
        raise InputError(f"{path}: is {kind}, not a {what} (only regular files are read)")
    if info.st_size > limit:
        raise InputError(f"{path}: {_too_large_text(info.st_size, limit)}")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise InputError(f"{path}: grew past the {limit / 1e6:g} MB bound while it was read")
    return data


def _too_large_text(size: int, limit: int) -> str:
    return f"is {size / 1e6:.0f} MB, more than the {limit / 1e6:g} MB that one plan can be (split it, or set PLANPARSE_MAX_MB)"
