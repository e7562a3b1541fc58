"""Check yourself: warehouse in, warehouse out."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "q_warehouse",
    "pages/q_warehouse.py",
    (
        Question(
            "Night 2 fails after 3 of 5 chunks. What does a reader of `predictions` see the next morning?",
            Option(
                "Night 1's complete table, as if night 2 never ran",
                "The chunks went into the buffer table inside one transaction; the failure triggered ROLLBACK, so "
                "`predictions` is exactly what the last COMMIT left.",
            ),
            (
                Option(
                    "Night 2's first 3 chunks followed by night 1's rows",
                    "That half-written table is what a plain write leaves behind. Here the chunks only ever "
                    "reached the buffer table, and it was rolled back.",
                ),
                Option(
                    "An empty table, until the next night succeeds",
                    "Nothing was emptied: the old table is replaced only by the same COMMIT that publishes the "
                    "new one.",
                ),
            ),
        ),
        Question(
            "Where does the buffer table belong?",
            Option(
                "In the output adapter",
                "Only the sink needs it, to publish all or nothing; `score_batch` just hands it batches, and the "
                "page shows its code never mentions a buffer.",
            ),
            (
                Option(
                    "In `score_batch`, the core",
                    "The core would then know about tables and transactions, and an in-memory double could no "
                    "longer stand in for the warehouse.",
                ),
                Option(
                    "In the domain, beside `Passenger`",
                    "The domain says what a passenger is; how a warehouse publishes is infrastructure.",
                ),
            ),
        ),
        Question(
            "What changes to run the scoring in a unit test without a warehouse?",
            Option(
                "The injected source and sink: in-memory doubles",
                "The test context injects `InMemorySource` and `InMemorySink`; the same `score_batch` produced "
                "the very same probabilities above.",
            ),
            (
                Option(
                    "A copy of `score_batch` that reads frames instead",
                    "A copy is a second core that drifts; the test would no longer test the code production runs.",
                ),
                Option(
                    "A mock of DuckDB, patched inside `score_batch`",
                    "`score_batch` never imports DuckDB, so there is nothing to patch there; only the adapters "
                    "know it.",
                ),
            ),
        ),
    ),
)
