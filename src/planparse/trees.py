"""Trees that ``parse`` wrote (YAML or JSON), read back: ``parse``, ``commitments``, ``diff``,
``chain`` and ``render`` take them as they take plan texts."""
from __future__ import annotations

import json

from .errors import PlanparseError
from .model import SCHEMA


DATA_SUFFIXES = (".json", ".yaml", ".yml")


def load_tree(path: str, data: bytes) -> dict | None:
    """The tree in ``data`` if it is one that ``parse`` wrote (YAML or JSON), else None (the
    file is a plan text). A file that is data (JSON, or YAML by its name or its first key)
    but no tree, or a broken one, is an error."""
    head = data.lstrip()[:200]
    if not (head.startswith((b"{", b"[", b"schema:")) or path.lower().endswith(DATA_SUFFIXES)):
        return None
    try:
        if head.startswith((b"{", b"[")):
            tree = json.loads(data.decode("utf-8"))
        else:
            import yaml

            tree = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ValueError, UnicodeDecodeError) as err:
        raise PlanparseError(f"{path}: not a valid tree ({type(err).__name__}: {str(err).splitlines()[0]})") from None
    except Exception as err:  # yaml.YAMLError, without importing yaml up front
        raise PlanparseError(f"{path}: not a valid YAML tree ({str(err).splitlines()[0]})") from None
    if not isinstance(tree, dict) or tree.get("schema") != SCHEMA or not isinstance(tree.get("sections"), list):
        raise PlanparseError(f"{path}: not a planparse tree (expected schema: {SCHEMA} with sections)")
    return tree


def as_document(tree: dict):
    """A tree read back as a :class:`~planparse.model.Document` (for ``commitments``, ``parse``)."""
    from .model import Document, from_data

    return from_data(Document, tree)
