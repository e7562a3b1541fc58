"""Telling the sentences generated from the code: `StoryError` withholds one whose premise the code no longer
shows, `told` turns that into a notice, `joined` makes a paragraph, and `shown` writes a file's path in one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class StoryError(LookupError):
    """A sentence's premise is not in the code (any more): the sentence is withheld."""


def shown(path: Path) -> str:
    """A path as a sentence names it: relative to the repository when it is inside it."""
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.as_posix()


def told(*parts: Callable[[], str]) -> tuple[str, ...]:
    """Each part's sentence; a part whose premise the code no longer shows says so instead of claiming it."""
    sentences = []
    for part in parts:
        try:
            sentences.append(part())
        except StoryError as missing:
            sentences.append(f"(A sentence is withheld here: the code no longer shows its premise. {missing}.)")
    return tuple(sentences)


def joined(sentences: Iterable[str]) -> str:
    """Sentences as one paragraph."""
    return " ".join(sentences)
