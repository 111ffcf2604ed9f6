"""One palette for every view: the colour of each status (and of ``moved`` and ``present``),
as a terminal style (rich's names) and as a hex colour for HTML and SVG."""
from __future__ import annotations

# status: (terminal style, hex colour)
PALETTE = {
    "present": ("", "#607d8b"),
    "unchanged": ("dim", "#8a8f98"),
    "changed": ("yellow", "#c98a00"),
    "merged": ("magenta", "#8e44ad"),
    "split": ("blue", "#3f6fd1"),
    "in_part": ("cyan", "#0b8a8f"),
    "uncertain": ("bright_black", "#9aa0a6"),
    "added": ("green", "#1e8e3e"),
    "dropped": ("red", "#c5221f"),
    "moved": ("", "#1a73e8"),
}


def style(status: str) -> str:
    """The terminal style of a status."""
    return PALETTE.get(status, ("", ""))[0]


def colour(status: str) -> str:
    """The hex colour of a status."""
    return PALETTE.get(status, ("", "#999999"))[1]


def css_variables() -> str:
    """The palette as CSS custom properties (``--changed: #c98a00;`` …) and a class per status
    (``.s-changed``) with it as background."""
    names = "; ".join(f"--{key.replace('_', '-')}: {hex_}" for key, (_, hex_) in PALETTE.items())
    classes = " ".join(f".s-{key} {{ background: var(--{key.replace('_', '-')}); }}" for key in PALETTE)
    return f":root {{ {names}; }}\n{classes}\n"
