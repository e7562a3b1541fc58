""" "Check yourself" questions that teach: every option says why it is right or wrong, in an order of its own.

A question has one right option and a few wrong ones, each wrong one a misconception worth naming. The
order a learner sees is a shuffle seeded by the session and the question, so it stays put while they think
and differs between sessions: the right answer's place tells nothing, and neither should its length.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    """One answer a learner can pick, and the feedback it gets: why it is right, or why it is wrong."""

    text: str
    why: str


@dataclass(frozen=True)
class Question:
    """A question with one right option and the wrong ones; which comes first is decided by `shuffled`."""

    prompt: str
    right: Option
    wrong: tuple[Option, ...]

    def __post_init__(self) -> None:
        texts = [option.text for option in self.options]
        if not self.wrong:
            raise ValueError(f"{self.prompt!r} needs at least one wrong option")
        if len(set(texts)) != len(texts):
            raise ValueError(f"{self.prompt!r} has two options with the same text")
        if not all(option.text.strip() and option.why.strip() for option in self.options):
            raise ValueError(f"{self.prompt!r} has an option without text or feedback")

    @property
    def options(self) -> tuple[Option, ...]:
        """Every option, the right one first (as written, before any shuffle)."""
        return (self.right, *self.wrong)

    def option(self, text: str) -> Option:
        """The option whose text is `text`."""
        return next(option for option in self.options if option.text == text)

    def is_right(self, text: str) -> bool:
        """Whether `text` is the right option's."""
        return text == self.right.text

    @property
    def right_is_longest(self) -> bool:
        """The right option is longer than every wrong one: a learner could pick it without reading."""
        return len(self.right.text) > max(len(option.text) for option in self.wrong)


@dataclass(frozen=True)
class QuestionSet:
    """The questions one page asks: its radios are keyed `<key>.q1`, `<key>.q2`, … in this order."""

    key: str
    script: str  # the page that asks them ("pages/eos.py")
    questions: tuple[Question, ...]

    def widget_keys(self) -> tuple[str, ...]:
        """The keys of the page's question radios, which this session's progress records answers under."""
        return tuple(f"{self.key}.q{number}" for number in range(1, len(self.questions) + 1))


def shuffled(question: Question, session: str, widget_key: str) -> tuple[Option, ...]:
    """`question`'s options in this session's order for it: the same session and key, the same order, anywhere.

    `session` is a random token a browser session keeps; `widget_key` names the question ("eos.q2"). Both are
    hashed with sha256 (Python's own `hash()` of a string changes from process to process).
    """
    digest = hashlib.sha256(f"{session}:{widget_key}".encode()).digest()
    order = list(question.options)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return tuple(order)


def right_positions(questions: Iterable[tuple[str, Question]], sessions: Iterable[str]) -> dict[int, float]:
    """Over `sessions` (their seeds), the share of shown questions with the right option at each position (0 first).

    `questions` pairs each question with its widget key, which seeds its order together with the session.
    """
    asked = tuple(questions)
    counts: dict[int, int] = {}
    shown = 0
    for session in sessions:
        for key, question in asked:
            position = [option.text for option in shuffled(question, session, key)].index(question.right.text)
            counts[position] = counts.get(position, 0) + 1
            shown += 1
    return {position: counts[position] / shown for position in sorted(counts)}
