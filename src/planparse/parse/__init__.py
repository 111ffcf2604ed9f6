"""Parse a plan: the stages are modules of this package, in the order :func:`parse` runs them —
``decode`` (bytes to text) → ``readers`` (markdown, HTML, database exports: the text a reader
sees) → ``normalise`` (damage repair: ``mojibake``, ``charmodel``, ``ahead``; ``script``; widths and
spacing) → ``layout`` (page furniture, hard wraps: blocks) → ``segment`` (the heading
candidates, contents list, attachments, back matter) → ``numbering`` (the global reading of
the numbering: which candidates are headings, at what level) → ``tree`` (the sections, boxes
and tables) → ``meta`` (title, 文号, issuer, dates, the covering notice) → ``extract`` (leads,
deadlines, targets). The package is callable as :func:`parse` too: ``planparse.parse`` names
this package once one of its modules is imported, and ``planparse.parse(text)`` must work
either way."""
from __future__ import annotations

import sys
import types


def parse(source, grammar=None, *, path=None, keep_script=False, form=None):
    """Parse the text (or raw bytes) of a plan into a :class:`~planparse.model.Document`; the
    stages run in :mod:`planparse.parse.pipeline` (imported here only when a plan is parsed,
    so that a module of this package, such as ``readers``, loads alone)."""
    from .pipeline import parse as run

    return run(source, grammar, path=path, keep_script=keep_script, form=form)


class _Package(types.ModuleType):
    """This package, callable as :func:`parse` (see the module's docstring)."""

    def __call__(self, source, grammar=None, **options):
        return parse(source, grammar, **options)


sys.modules[__name__].__class__ = _Package
