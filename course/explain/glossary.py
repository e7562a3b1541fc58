"""The course's words (listed in `course.explain.glossary_terms`): what each one means here, the file of the
package that is its example, and the first page of the course that uses it.

The examples are named as text (file and object) and found by reading the file, never by importing it: the
teaching UI may not import concrete adapters and strategies (see pyproject.toml's import-linter contracts).
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from course.explain.glossary_terms import TERMS, Term
from course.explain.syntax import parse

__all__ = ["TERMS", "Example", "Term", "example", "first_used_on", "mentions", "term"]

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Example:
    """An example's text, read from its file."""

    path: str
    line: int
    text: str
    language: str

    @property
    def location(self) -> str:
        """`path:line`, as editors and tracebacks show it."""
        return f"{self.path}:{self.line}"


def term(slug: str) -> Term | None:
    """The term whose slug is `slug`, if any."""
    return next((found for found in TERMS if found.slug == slug), None)


def first_used_on(script: str) -> tuple[Term, ...]:
    """The terms whose first page is `script`, in glossary order."""
    return tuple(found for found in TERMS if found.first_page == script)


def mentions(text: str, found: Term) -> bool:
    """`text` says the term (any of its words, as whole words, any case, singular or plural)."""
    words = "|".join(re.escape(word) for word in found.words)
    return re.search(rf"(?<![\w-])(?:{words})(?:s|es)?(?![\w-])", text, re.IGNORECASE) is not None


@functools.cache
def example(found: Term) -> Example:
    """The example's source text, read from its file.

    Raises:
        LookupError: the file or the object in it is not there.
    """
    path = ROOT / found.file
    if not path.is_file():
        raise LookupError(f"{found.file} does not exist")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return _toml_table(found, text)
    return _python_object(found, text)


def _toml_table(found: Term, text: str) -> Example:
    """The table named by the example and the tables nested in it, up to the next unrelated table."""
    lines = text.splitlines()
    header = found.example
    if header not in lines:
        raise LookupError(f"{found.file} has no table {header}")
    start = lines.index(header)
    prefix = header.strip("[]")
    end = start + 1
    while end < len(lines) and not (lines[end].startswith("[") and prefix not in lines[end]):
        end += 1
    return Example(found.file, start + 1, "\n".join(lines[start:end]).rstrip() + "\n", "toml")


def _python_object(found: Term, text: str) -> Example:
    """The definition of a dotted name ("Registry.create") in a Python file."""
    body = parse(text).body
    node: ast.AST | None = None
    for part in found.example.split("."):
        node = next((child for child in body if part in _names(child)), None)
        if node is None:
            raise LookupError(f"{found.file} defines no {found.example}")
        body = getattr(node, "body", [])
    assert node is not None
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])  # type: ignore[attr-defined]
    lines = text.splitlines()[first - 1 : node.end_lineno]  # type: ignore[attr-defined]
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return Example(found.file, first, "\n".join(line[indent:] for line in lines) + "\n", "python")


def _names(node: ast.stmt) -> set[str]:
    """The names a statement defines at its own level."""
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return {node.name}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    if isinstance(node, ast.Assign):
        return {target.id for target in node.targets if isinstance(target, ast.Name)}
    return set()
