"""Check yourself: inversion of control and dependency injection."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "dependency_injection",
    "pages/dependency_injection.py",
    (
        Question(
            "You swapped the model for a random forest on the board. Which code changed?",
            Option(
                "One spec in the wiring: the model slot's",
                "The core calls whatever `Model` it is given; the composition root built a different one.",
            ),
            (
                Option(
                    "`train_and_evaluate`, so that it calls the new model",
                    "The core's hash on the page does not move: the core calls the `Model` port and never names a "
                    "class.",
                ),
                Option(
                    "`Predictor`, so that it can hold a forest",
                    "`Predictor` holds any `Model` strategy; nothing in it changed for the forest.",
                ),
            ),
        ),
        Question(
            "Why does the same swap mean editing `run()` in the coupled version?",
            Option(
                "`run()` itself constructs the `LogisticRegression`",
                "Whoever constructs a collaborator is tied to it. Construction inside the core ties the core to it.",
            ),
            (
                Option(
                    "Random forests need a different train/test split",
                    "The split is the same for any model; it is not what forces the edit.",
                ),
                Option(
                    "Pickle cannot save a forest, so the saving changes",
                    "Pickle saves forests fine. The edit is needed because the model is built inside `run()`.",
                ),
            ),
        ),
        Question(
            "What does inversion of control mean here?",
            Option(
                "The core calls parts it is handed; the entry point picks them",
                "The flow stays in the core, but the choice of parts moves outward, to `main()`, the CLI or this "
                "board.",
            ),
            (
                Option(
                    "Collaborators call into the core whenever they need it",
                    "The core still runs the flow and calls its collaborators. What is inverted is who chooses them.",
                ),
                Option(
                    "The pipeline's steps run in reverse: evaluate, then train",
                    "The order of the steps does not change; the inversion is about who decides which parts are used.",
                ),
            ),
        ),
    ),
)
