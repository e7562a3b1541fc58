"""Just enough Graphviz DOT: quoted identifiers and attribute lists, so any text is safe to draw."""

from __future__ import annotations


def quote(text: str) -> str:
    """A DOT double-quoted string for `text`; newlines become DOT line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def attributes(**values: str | float) -> str:
    """A DOT attribute list, `[name="value", ...]`; empty values are left out."""
    pairs = ", ".join(f"{name}={quote(str(value))}" for name, value in values.items() if value != "")
    return f"[{pairs}]"


def statement(*ids: str, **values: str | float) -> str:
    """A node (`"a" [...]`) or an edge (`"a" -> "b" [...]`) statement with quoted ids."""
    return " -> ".join(quote(i) for i in ids) + " " + attributes(**values)
