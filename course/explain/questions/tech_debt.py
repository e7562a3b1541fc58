"""Check yourself: why tech debt matters in ML."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "tech_debt",
    "pages/tech_debt.py",
    (
        Question(
            "The legacy script scores the new passenger without any error. Why is its answer still not to be trusted?",
            Option(
                "The pasted title step calls a common title 'rare'",
                "With one passenger every title is seen once, below the threshold of 10, so 'Master' is encoded "
                "as 'rare'. The encoder knows 'rare', so the wrong input goes through quietly. The package's "
                "fitted model keeps the common titles it learned in training.",
            ),
            (
                Option(
                    "The model was trained on too few passengers to score one",
                    "Both sides train on the same passengers, and the package scores the same newcomer "
                    "sensibly. The difference is in how the input is encoded.",
                ),
                Option(
                    "The one-hot encoder fails on categories it has not seen",
                    "Nothing fails, and that is the trouble: the pasted step turns the title into 'rare', a "
                    "category the encoder already knows, so no error is raised.",
                ),
                Option(
                    "Reading a single row from SQLite loses the passenger id",
                    "The pid survives the read, and it is not a model input anyway. The mismatch comes from the "
                    "title step counting titles over one row.",
                ),
            ),
        ),
        Question(
            "Swapping to a random forest is a short edit on both sides. What does the package side give you that "
            "the legacy edit does not?",
            Option(
                "Both recipes stay runnable, side by side",
                "The package's change is a new config next to `configs/notebook.toml`; both run through the same "
                "code and can be compared. The legacy edit overwrites the logistic regression in place.",
            ),
            (
                Option(
                    "A more accurate forest than the legacy one",
                    "It is the same scikit-learn forest on the same features. Accuracy is not what the structure "
                    "buys you.",
                ),
                Option(
                    "Fewer changed lines, whatever the request",
                    "Not always: for this request the package side changes about as many lines. What differs is "
                    "that the old recipe is left untouched.",
                ),
                Option(
                    "No need to train the new model at all",
                    "A new model is always trained. The package trains it through the same use case, but it trains it.",
                ),
            ),
        ),
    ),
)
