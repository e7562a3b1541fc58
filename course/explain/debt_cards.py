"""The card sort of the debt-vs-mess page: real snippets of the legacy script, each either debt or mess.

Each card quotes the script through `excerpt`, so a card whose code has changed fails its tests
instead of showing stale code. The verdicts are this project's reading, in the spirit of the talk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course.explain.lessons import LEGACY_SCRIPT, Excerpt, excerpt

DEBT, MESS = "debt", "mess"
KINDS = (DEBT, MESS)


@dataclass(frozen=True, slots=True)
class Card:
    """One snippet to sort, with its verdict and why."""

    key: str
    title: str
    code: Excerpt
    answer: str  # DEBT or MESS
    why: str


@dataclass(frozen=True, slots=True)
class Score:
    """How a learner's sort went so far."""

    right: int
    answered: int
    total: int


def cards() -> tuple[Card, ...]:
    """The cards, quoted from the legacy script as it is on disk."""
    return (
        Card(
            "path",
            "The database path is written into the flow",
            excerpt(LEGACY_SCRIPT, r"^con = sqlite3", r"^con.close", highlight=(r"sqlite3.connect",)),
            DEBT,
            "A one-off analysis reads one known file: a conscious shortcut, in one line, with a known way to pay "
            "it back (an adapter the context injects, as in the exercise's steps 05-06). It turns into mess only "
            "when the path gets copied around.",
        ),
        Card(
            "titles",
            "Titles seen fewer than 10 times become 'rare'",
            excerpt(LEGACY_SCRIPT, r"^title_counts = ", r"^df.loc\[df\[\"title\"\]", highlight=(r"< 10",)),
            DEBT,
            "A choice someone made, in one place. Its price can be written down (10 is arbitrary, and the count "
            "runs over every row, test rows included) and paid back by making it a parameter: the package keeps "
            "it as rare_title_threshold and rare_titles_from in configs/notebook.toml.",
        ),
        Card(
            "split",
            "The split's size and seed are fixed in the call",
            excerpt(LEGACY_SCRIPT, r"^X_train, X_test, y_train, y_test = ", highlight=(r"test_size=0.2", r"=42")),
            DEBT,
            "Fixed on purpose so runs repeat, and visible in one line. Paying it back is cheap and local: move "
            "the numbers into the config ([split] params in the package).",
        ),
        Card(
            "twins",
            "Every transform is written twice, for train and for test",
            excerpt(LEGACY_SCRIPT, r"^knn_imputer = ", r"^X_test_numerical_scaled = ", highlight=(r"^X_test_",)),
            MESS,
            "Nobody chose two copies. Each X_test_ line must be kept in step with its X_train_ twin by hand and "
            "nothing checks it; there is no plan, and it grows with every feature. The fix is structural: one "
            "model object owns its input processing (feature envy, exercise step 17).",
        ),
        Card(
            "tests",
            "Regression tests run inside the production flow",
            excerpt(
                LEGACY_SCRIPT,
                r"^do_test\(\"X_train_numerical",
                r"^do_test\(\"X_test_numerical",
                highlight=(r"^do_test",),
            ),
            MESS,
            "Test code is tangled into the flow: it runs on every production run, writes pickles on the first one, "
            "and cannot be switched off. The move is a separate test context that owns the checks. [R] In the "
            "exercise, step 08 adds the test context, but the checks stay inside run() until step 20, where a "
            "TestModelSaver runs them in place of saving: only then does test code leave the production path.",
        ),
        Card(
            "globals",
            "The same names mean different things in different cells",
            excerpt(LEGACY_SCRIPT, r"^targets = df", r"^df = df\[", highlight=(r"^targets = ", r"^df = ")),
            MESS,
            "targets first held the database table and now holds a column; df just lost most of its columns. "
            "What a cell does depends on which cells ran before it. Nobody decided this; it piled up.",
        ),
    )


def score(answers: Mapping[str, str | None], deck: tuple[Card, ...]) -> Score:
    """How many of `answers` (card key to DEBT, MESS or None) are right."""
    given = {card.key: answers.get(card.key) for card in deck}
    right = sum(given[card.key] == card.answer for card in deck)
    return Score(right, sum(answer is not None for answer in given.values()), len(deck))
