"""Read lesson material (the deliberately messy code in lessons/) so pages can quote it exactly."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
LEGACY_SCRIPT = "legacy/titanic_notebook.py"


@dataclass(frozen=True, slots=True)
class Excerpt:
    """Consecutive lines of a lesson file, with the lines a page wants to point at."""

    path: str  # relative to the repository root
    first_line: int  # number of lines[0], counting from 1
    lines: tuple[str, ...]
    highlighted: frozenset[int]  # line numbers in the file

    @property
    def text(self) -> str:
        """The excerpt as one string."""
        return "\n".join(self.lines)


@functools.cache
def lesson_lines(name: str) -> tuple[str, ...]:
    """Every line of a lesson file (e.g. "legacy/titanic_notebook.py"), read once per process."""
    return tuple((LESSONS / name).read_text(encoding="utf-8").splitlines())


def excerpt(name: str, start: str, end: str | None = None, highlight: tuple[str, ...] = ()) -> Excerpt:
    """The lines from the first one matching regex `start` to the next matching `end` (or to `start`'s own line).

    Lines matching any regex in `highlight` are marked. Raises LookupError when `start` or `end`
    matches nothing, so a page quoting code that has changed fails its tests instead of lying.
    """
    lines = lesson_lines(name)
    first = _find(lines, start, 0, name)
    last = _find(lines, end, first, name) if end else first
    chosen = lines[first : last + 1]
    marked = {
        first + offset + 1
        for offset, line in enumerate(chosen)
        if any(re.search(pattern, line) for pattern in highlight)
    }
    return Excerpt(f"lessons/{name}", first + 1, chosen, frozenset(marked))


def matching_lines(name: str, pattern: str) -> tuple[int, ...]:
    """Numbers (from 1) of the lines of a lesson file that match regex `pattern`."""
    return tuple(number for number, line in enumerate(lesson_lines(name), start=1) if re.search(pattern, line))


def _find(lines: tuple[str, ...], pattern: str, after: int, name: str) -> int:
    for index in range(after, len(lines)):
        if re.search(pattern, lines[index]):
            return index
    raise LookupError(f"lessons/{name}: no line matches {pattern!r}")
