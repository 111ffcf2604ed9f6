"""Trees that ``parse`` wrote (YAML or JSON), read back: ``diff``, ``chain`` and ``render``
take them as they take plan texts."""
from __future__ import annotations

import json

from .errors import PlanparseError
from .model import SCHEMA


def load_tree(path: str, data: bytes) -> dict | None:
    """The tree in ``data`` if it is one that ``parse`` wrote (YAML or JSON), else None (the
    file is a plan text). A file that looks like a tree but is broken is an error."""
    head = data.lstrip()[:200]
    if not (head.startswith(b"{") or head.startswith(b"schema:")):
        return None
    try:
        if head.startswith(b"{"):
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
