"""Check yourself: Jupyter notebooks."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "notebooks",
    "pages/notebooks.py",
    (
        Question(
            "You found a better way to impute ages while exploring in a notebook. Where should it end up?",
            Option(
                "As a new cleaning strategy in the package",
                "A strategy in the package is tested once and then usable from every context: the CLI, the app "
                "and notebooks.",
            ),
            (
                Option(
                    "In a notebook cell that everyone copies",
                    "Copied cells drift apart, and the CLI and the app never see them.",
                ),
                Option(
                    "In the app's page code, beside the demo",
                    "Pages only draw. The app would be the one place with the fix, and the CLI and every notebook "
                    "would still impute the old way.",
                ),
            ),
        ),
    ),
)
