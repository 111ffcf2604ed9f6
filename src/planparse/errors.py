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
