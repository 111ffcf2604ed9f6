"""One hierarchy of library errors; the CLI turns each into a one-line message."""


class PlanparseError(Exception):
    """Base class: every error planparse raises on purpose."""


class InputError(PlanparseError):
    """The input cannot be read as a plan text (missing, binary, undecodable, empty)."""


class GrammarError(PlanparseError):
    """A grammar file is malformed; the message names the file and the rule."""
