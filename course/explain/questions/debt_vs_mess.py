"""Check yourself: tech debt vs tech mess."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "debt_vs_mess",
    "pages/debt_vs_mess.py",
    (
        Question(
            "A teammate hard-codes the 0.5 decision threshold and files a ticket to tune it next sprint. Debt or mess?",
            Option(
                "Debt",
                "A known choice, in one place, with a plan to repay it: debt. The package keeps it as "
                "`Predictor.threshold`.",
            ),
            (
                Option(
                    "Mess",
                    "Mess is entanglement nobody chose. This was chosen, sits in one place and has a ticket to "
                    "repay it: that is debt.",
                ),
            ),
        ),
        Question(
            "The scoring script copies twenty lines of feature code from the training notebook and edits a few. "
            "Debt or mess?",
            Option(
                "Mess",
                "Two copies that must be kept in step by hand, with nothing to check them: mess. The fix is one "
                "object that owns the feature code and is used by both.",
            ),
            (
                Option(
                    "Debt",
                    "Nobody decided to keep two drifting copies, and there is no plan to repay them. Without a "
                    "choice and a plan, it is mess.",
                ),
            ),
        ),
        Question(
            "On 'most branching function' the legacy script scores lower than the package. What does that tell you?",
            Option(
                "A notebook's mess is in globals and copies, not branches",
                "A notebook runs top to bottom with few branches. Its cost is hidden state and duplication, which "
                "the other signals pick up.",
            ),
            (
                Option(
                    "The script is better designed than the package is",
                    "One signal is not a verdict. The script's mess shows up as module-level globals and "
                    "duplicated logic instead.",
                ),
                Option(
                    "The measurement is wrong: it missed the script's branches",
                    "The count is right: the script really is straight-line code. Branching just is not where "
                    "its trouble lies.",
                ),
            ),
        ),
    ),
)
