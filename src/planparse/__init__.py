"""planparse: Chinese government plans as a canonical tree.

>>> import planparse
>>> doc = planparse.parse('一、总体要求\\n（一）指导思想。\\n坚持系统观念。')
>>> [(s.level, s.title) for s in doc.sections[0].sections]
[(2, '指导思想')]
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["parse", "diff", "chain", "load_grammar", "dump", "__version__"]


def parse(source, grammar=None, *, path=None, keep_script=False, form=None):
    """Parse a plan's text or raw bytes; see :func:`planparse.parse.parse`. (Once the
    ``planparse.parse`` package is imported, this name is that package, which is called the
    same way.)"""
    from .parse.pipeline import parse as _parse

    return _parse(source, grammar, path=path, keep_script=keep_script, form=form)


def diff(old, new, **options):
    """What became of every commitment of ``old`` in ``new`` (parsed plans or trees); see
    :func:`planparse.diff.diff`. (Once the ``planparse.diff`` package is imported, this name is
    that package, which is called the same way.)"""
    from .diff import diff as _diff

    return _diff(old, new, **options)


def chain(plans, names=None, **options):
    """The lineage of every commitment across editions, ordered by their periods; see
    :func:`planparse.diff.lineage.chain`."""
    from .diff import chain as _chain

    return _chain(plans, names, **options)


def load_grammar(path=None):
    from .rules.grammar import load_grammar as _load

    return _load(path)


def dump(document, fmt="yaml", lines=False):
    from .model.emit import dump as _dump

    return _dump(document, fmt, lines)
