"""Check yourself: building a system from scratch."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "workflow",
    "pages/workflow.py",
    (
        Question(
            "Which step does the reconstruction put first?",
            Option(
                "Define the domain: what a passenger is, what is valid",
                "The exercise says that in a real project defining the passenger class would be the first step. "
                "A reader questioned the order, which is why the page marks it as our reconstruction.",
            ),
            (
                Option(
                    "Train a baseline model to see if the problem is learnable",
                    "In the reconstruction the model arrives late, after the domain, the skeleton, the adapters "
                    "and the tests.",
                ),
                Option(
                    "Choose the MLOps platform to build everything on",
                    "Infrastructure plugs into the outer ring, late. Choosing a platform first ties the design to "
                    "it before you know what you need.",
                ),
                Option(
                    "Write unit tests for every function before any code",
                    "Tests come later, at step 5, and they check the data end to end. There are no functions to "
                    "test before there is a domain and a skeleton.",
                ),
            ),
        ),
        Question(
            "Why build the test context (step 4) before the model (step 6)?",
            Option(
                "So later work runs fast, on fixed data, through production's code",
                "The exercise switches to running only the test context from its step 08 on: it mirrors "
                "production, so a pass there predicts a pass in production, and it runs in seconds.",
            ),
            (
                Option(
                    "scikit-learn needs a test context before it can fit any model",
                    "scikit-learn knows nothing of contexts. The test context is our own wiring, built for speed "
                    "and repeatability.",
                ),
                Option(
                    "The model cannot be written without mocks of the database",
                    "The model never sees the database: it receives passengers through the core. The test context "
                    "makes development fast and repeatable.",
                ),
            ),
        ),
        Question(
            "In step 5, you fix `is_alone` on purpose and the regression test fails. What next?",
            Option(
                "Check the diff is the change you meant, then re-baseline",
                "A data-level test that fails on an intended change is doing its job: look at the diff, confirm "
                "it, and regenerate the references, as the exercise's step 04 recommends.",
            ),
            (
                Option(
                    "Delete the test: it blocks a fix known to be right",
                    "Then the next unintended change goes unnoticed too. The test did its job by failing.",
                ),
                Option(
                    "Loosen the tolerance until the test passes again",
                    "A looser tolerance hides every future change of that size as well. Confirm the change and "
                    "regenerate the references instead.",
                ),
            ),
        ),
    ),
)
