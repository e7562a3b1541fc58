"""Find sentences that say the batch path works on domain objects: in what a page shows, or in prose and code.

The package's batch paths hand frames across the ports and check them with `conform`; `Passenger` objects
are built for single passengers. A sentence that names "domain objects" or "Passenger objects" next to the
batch path (batches, `score_batch`, sources, adapters that return, across the ports, what the pipeline passes,
the core) is a claim about that path, and it may only be one of the sentences `course.explain.story` generates
from the code itself.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from course.explain import story
from course.explain.costs import recorded_costs
from course.explain.exercise import exercise_choice

TOLD_ON = {  # page -> the generated sentences its first render must show
    "pages/decoupling.py": (story.sources, story.training_checks, story.no_passengers_on),
    "pages/patterns.py": (story.no_passengers_on, story.single_passenger),  # the Factory card
    "pages/q_dataclasses.py": (
        story.training_checks,
        story.scoring_checks,
        story.no_passengers_on,
        story.single_passenger,
        exercise_choice,
        recorded_costs,
    ),
}

OBJECTS = re.compile(r"\bdomain[- ]objects?\b|\bpassenger objects?\b|\blists? of passengers\b", re.IGNORECASE)
BATCH_PATH = re.compile(
    r"\bbatch(?:es)?\b|score_batch|\bsources?\b|\badapters? (?:that )?returns?\b|\bacross the ports?\b"
    r"|\bpipeline passes\b|\bthe core\b",
    re.IGNORECASE,
)
MARKUP = re.compile(r"`|\*\*|__|<[^>]+>")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
TEXT_ATTRIBUTES = ("body", "label", "help", "placeholder")


def plain(text: str) -> str:
    """Markdown as a reader sees it: no backticks, bold, links or tags; whitespace collapsed."""
    return " ".join(MARKUP.sub("", LINK.sub(r"\1", text)).replace("\\", "").split())


def sentences(text: str) -> list[str]:
    """The sentences of `text`, line by line (a bullet or a heading is a sentence of its own)."""
    found = []
    for line in text.splitlines():
        found += [part for part in SENTENCE_END.split(plain(BULLET.sub("", line))) if part]
    return found


@functools.cache
def generated() -> frozenset[str]:
    """The sentences `course.explain.story` generates from the code, split as `sentences` splits a page."""
    return frozenset(part for sentence in story.everything() for part in sentences(sentence))


def is_false_claim(sentence: str) -> bool:
    """Names domain or Passenger objects next to the batch path, and is not a sentence generated from the code."""
    return bool(OBJECTS.search(sentence) and BATCH_PATH.search(sentence)) and sentence not in generated()


def false_claims(texts: Iterable[str]) -> list[str]:
    """Every sentence of `texts` that claims objects on the batch path without the code behind it."""
    return [sentence for text in texts for sentence in sentences(text) if is_false_claim(sentence)]


def shown_texts(at: Any) -> list[str]:
    """Every prose text an AppTest run shows: bodies, labels, help and options (code blocks are code, not prose)."""
    texts: list[str] = []
    stack = [at._tree]  # AppTest keeps the whole element tree here
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())
        for attribute in TEXT_ATTRIBUTES:
            value = getattr(node, attribute, None)
            if isinstance(value, str):
                texts.append(value)
        options = getattr(node, "options", None)
        if isinstance(options, list | tuple):
            texts += [option for option in options if isinstance(option, str)]
    return texts


def assert_tells_the_code(at: Any, page: str = "", told: tuple[Callable[[], str], ...] | None = None) -> None:
    """No sentence the page shows claims domain objects on the batch path unless the code generated it.

    The page must also show the sentences `told` generates (by default those `TOLD_ON` lists for `page`);
    each one raises `StoryError` (course.explain.told) when the code no longer bears it out.
    """
    texts = shown_texts(at)
    claims = false_claims(texts)
    assert not claims, "sentences the code does not bear out:\n" + "\n".join(claims)
    shown = " ".join(plain(text) for text in texts)
    for part in TOLD_ON.get(page, ()) if told is None else told:
        sentence = part()
        assert plain(sentence) in shown, f"{page or 'the page'} does not show {part.__name__}(): {sentence}"
    assert "withheld here" not in shown, "a sentence about the code was withheld: its premise is gone"


def literals(path: Path) -> Iterator[str]:
    """The string literals of a Python file (adjacent literals joined; f-strings with their fields as {})."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):
            yield "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
