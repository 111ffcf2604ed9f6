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
    """The bytes of the file ``path``, read only up to ``limit`` (:func:`max_input_bytes`
    unless given). The file is opened without waiting and its kind taken from the open file:
    a regular file is refused past the bound by its size before a byte is read; a pipe (a
    named one, ``/dev/stdin``, a shell's ``<(…)``) is read as standard input is, up to the
    bound (and a named pipe no one writes to is empty, not a hang); a device (``/dev/zero``),
    a socket or a folder is refused. Errors name the file."""
    import errno
    import os
    import stat

    limit = max_input_bytes() if limit is None else limit
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {what}") from None
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise InputError(f"{path}: is a socket, not a {what} (only files and pipes are read)") from None
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory, not a {what}")
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            kind = ("a socket" if stat.S_ISSOCK(info.st_mode)
                    else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "no regular file")
            raise InputError(f"{path}: is {kind}, not a {what} (only files and pipes are read)")
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise InputError(f"{path}: {_too_large_text(info.st_size, limit, what)}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)  # (a pipe: wait for its writer, as for standard input)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    finally:
        os.close(handle)
    if size > limit:
        raise InputError(f"{path}: is more than the {_megabytes(limit)} MB that one {what} can be")
    return b"".join(chunks)


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f}".rstrip("0").rstrip(".")


def _too_large_text(size: int, limit: int, what: str = "plan text") -> str:
    advice = " (split it, or set PLANPARSE_MAX_MB)" if what == "plan text" else ""
    return f"is {_megabytes(size)} MB, more than the {_megabytes(limit)} MB that one {what} can be{advice}"


def shown_path(path: str) -> str:
    """``path`` as it can be shown and stored: bytes that are no UTF-8 as \\xNN."""
    import os

    return os.fsencode(path).decode("utf-8", "backslashreplace")
