"""Check yourself: chained pandas cleaning, as strategies."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "chain",
    "pages/q_chained_cleaning.py",
    (
        Question(
            "A colleague wants to try cleaning without imputation. With steps as strategies, what changes?",
            Option(
                "The list of steps in the config",
                "The core only sees 'a cleaning'; the recipe is data handed to it from outside.",
            ),
            (
                Option(
                    "The training use case, to skip the step",
                    "The use case never names a cleaning step; it runs whatever chain it is given.",
                ),
                Option(
                    "Every feature builder that reads ages",
                    "The features read what the cleaning hands them; which steps ran is set in the config, not "
                    "in the features.",
                ),
            ),
        ),
        Question(
            "Why must row rules come before learned steps in a chain?",
            Option(
                "Row rules run before the split; learned steps inside the model",
                "The pipeline runs the row rules once on every row, then fits the learned steps on the training "
                "rows. A row rule after a learned step could not keep its place in that order, so the chain "
                "refuses it.",
            ),
            (
                Option(
                    "They need not: pandas reorders chained calls when they run",
                    "pandas runs chained calls in the order written. The order matters because row rules run on "
                    "every row before the split.",
                ),
                Option(
                    "Only for speed: row rules make the learned steps cheaper",
                    "Speed has nothing to do with it. Learned steps are fitted on the training rows inside the "
                    "model, after the row rules have run on every row.",
                ),
            ),
        ),
    ),
)
