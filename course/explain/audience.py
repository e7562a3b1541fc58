"""The audience's questions, as our notes on the talk record them, and our short answers.

Each answer point names the section of its page that demonstrates it (`shown_in`, the section's heading as the
page writes it), so a page opens with the answer and its demo proves every point. The talk's own answers were
not available: the answers are our reconstruction in the spirit of the talk (see the brief's audience section).
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_NOTE = (
    "The question as our notes on the talk record it: a summary of what was asked, not a verbatim quote (the "
    "talk's video and transcript were not available to us). **[I]** The answer is our reconstruction in the "
    "spirit of the talk, not the speaker's own; every point of it is demonstrated further down this page."
)


@dataclass(frozen=True)
class Point:
    """One point of a short answer, and the heading of the section that demonstrates it."""

    answer: str  # Markdown: a bold lead, then one or two sentences
    shown_in: str  # the heading, exactly as the page writes it


@dataclass(frozen=True)
class Asked:
    """A question from the audience and our short answer to it."""

    page: str  # the script of the page that answers it
    question: str
    points: tuple[Point, ...]


WAREHOUSE = Asked(
    "pages/q_warehouse.py",
    "BigQuery in, BigQuery out, with a buffer table in between: what do dataclasses gain me?",
    (
        Point(
            "**A test seam.** Put the read and the write in two adapters and hand them to the scoring code: the "
            "test context then runs the very same job on in-memory doubles, without a warehouse, credentials or "
            "network.",
            "The test context: same core, in-memory doubles",
        ),
        Point(
            "**One checked place for what a row must be.** Write a passenger's rules once, in the domain "
            "(`FIELDS`); every batch read from the warehouse is checked against them before it is scored, and a "
            "bad row is named with its table, row, column and fix.",
            "A bad row in the warehouse",
        ),
        Point(
            "**A shared vocabulary.** The scoring code speaks of passengers, predictions, sources and sinks, the "
            "words of the people who use the scores, and never of tables, SQL or buffers.",
            "The words each piece of code uses",
        ),
        Point(
            "**Code that stays put when the warehouse changes.** Only the adapters know the warehouse: moving to "
            "another one is a new source and sink behind the same ports, plus a config line.",
            "Where does the buffer table live?",
        ),
        Point(
            "**What it costs.** Adapter code to write and keep, and the time to check every row, both measured "
            "here on this page's own nights. On BigQuery the publish takes another shape: read the caveat.",
            "What it costs, measured",
        ),
    ),
)

MANY_FEATURES = Asked(
    "pages/q_many_features.py",
    "How do you handle many features per entity? And how do you store them: pickle or Parquet?",
    (
        Point(
            "**Keep the entity small; add features as parts.** A feature is a small strategy that computes one "
            "model input from the passenger's fields; adding one is a class, a line and a config entry, and the "
            "`Passenger` does not grow.",
            "Live demo: features as parts",
        ),
        Point(
            "**Keep tables as Parquet, at the adapter boundary.** A table you store, such as the recording the "
            "test context replays, is a Parquet file that a source adapter reads, and every read is checked "
            "against the domain's rules again.",
            "Where stored tables live",
        ),
        Point(
            "**Do not pickle lists of domain objects.** A pickle names code to run while it loads, skips the "
            "checks a `Passenger` makes when it is built, and only Python with the same classes can read it.",
            "Why lists of passengers are not pickled",
        ),
        Point(
            "**Pickle only the trained model, and sign it.** The fitted `Predictor` is the one thing the package "
            "keeps as a pickle; its model store signs every file and refuses any file it did not sign.",
            "The one pickle: the trained model, signed",
        ),
        Point(
            "**Recompute features through the fitted steps; do not store them.** Scoring passes raw rows through "
            "the stored model's own fitted cleaning and features, so they cannot drift from what training used.",
            "Features recomputed through the fitted steps",
        ),
    ),
)

DATACLASSES = Asked(
    "pages/q_dataclasses.py",
    "Why wrap rows into domain dataclasses instead of using pandas DataFrames? Do you have examples?",
    (
        Point(
            "**Name the business's things in its own words, and let their types hold the rules.** A `Passenger` "
            "refuses `sex = 'M'` or class 4 when it is built; a DataFrame takes anything. The names shared by "
            "the business, the data scientists and the code are the *ubiquitous language*.",
            "Try it: a record with bad values",
        ),
        Point(
            "**A value object is a value with its rules.** `Fare`: fares in two currencies never add up, and a "
            "fare shared out adds back up to exactly the fare.",
            "A value object: `Fare`",
        ),
        Point(
            "**An entity is known by its identity.** `Traveller`: two records with the same pid are the same "
            "traveller; a later record fills in what was unknown but never silently contradicts a known fact.",
            "An entity: `Traveller`",
        ),
        Point(
            "**An aggregate keeps the rules that span several objects.** `TravelGroup`: everyone on one ticket "
            "travels in its class, joins once, and shares its one fare.",
            "An aggregate: `TravelGroup`",
        ),
        Point(
            "**Keep big batches as columns.** Apply the same rules to whole columns (`conform`), as the package "
            "does for every read, and build objects where records come one at a time.",
            "Live demo: the same work on objects and on columns",
        ),
    ),
)

CHAINED_CLEANING = Asked(
    "pages/q_chained_cleaning.py",
    "The Strategy pattern with chained pandas operations for data cleaning: is that a good way to do it?",
    (
        Point(
            "**Yes: make each cleaning step a small strategy and inject the list.** One object per step, each "
            "with one job and the same small surface, and the ordered list comes from the config or the "
            "context: trying another order, or leaving a step out, edits the list, not the middle of a script.",
            "Live demo: your chain of steps",
        ),
        Point(
            "**A step that computes nothing from the data is a row rule: run it anywhere.** Dropping a re-sent "
            "row or a row that cannot be used decides each row on its own, so it may run on every row before "
            "the split and again on every row to score. List row rules first: the package's chain refuses a "
            "row rule placed after a learned step, and says why.",
            "Row rules first, learned steps inside the model",
        ),
        Point(
            "**A step that computes a statistic is learned: fit it on the training rows only, inside the "
            "model.** A median, a list of categories or a scaler is part of what the model learned; ship it "
            "with the model, so scoring fills a gap with the very value evaluation used. Fitted outside, it "
            "gives passengers other answers in production than evaluation measured.",
            "What goes wrong when a learned step runs outside the model",
        ),
    ),
)

QUESTIONS = (DATACLASSES, MANY_FEATURES, WAREHOUSE, CHAINED_CLEANING)
