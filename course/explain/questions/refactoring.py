"""Check yourself: refactoring, the replay."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "refactoring",
    "pages/refactoring.py",
    (
        Question(
            "Why do the checks compare the processed matrices instead of only the accuracy?",
            Option(
                "A change can leave the accuracy where it was",
                "Try a break: test accuracy moves by a passenger or two, while the matrix checks name the exact "
                "cell that changed.",
            ),
            (
                Option(
                    "Accuracy takes too long to compute after every step",
                    "Accuracy is one division over a confusion matrix, so it is cheap. It is shown too, but it "
                    "hides most changes.",
                ),
                Option(
                    "The matrices are what the model's users get to see",
                    "Users see predictions, not processed matrices. The matrices are checked because they change "
                    "even when the accuracy does not.",
                ),
            ),
        ),
        Question(
            "In state 04, what lets `TitanicModelCreator` run on a recording instead of the database?",
            Option(
                "The loader is injected; `TestLoader` has its interface",
                "`run()` only calls `self.loader.get_passengers()`. Which loader that is, `main()` or "
                "`test_main()` decides.",
            ),
            (
                Option(
                    "An if-statement in `run()` that checks a test flag first",
                    "There is no flag: `run()` has one path. A flag would put test code back into the production flow.",
                ),
                Option(
                    "`test_main()` patches the `sqlite3` module before running",
                    "Nothing is patched. `test_main()` builds the creator with another loader, which is why the "
                    "step needs no tricks.",
                ),
            ),
        ),
        Question(
            "State 05 turns the rare titles into a constant. What problem does that solve?",
            Option(
                "One new passenger could not be processed on its own",
                "The notebook needed every passenger to decide which titles are rare: a hidden dependency on all "
                "the data. The constant makes it visible; the exercise notes that production might need a "
                "separate service for it.",
            ),
            (
                Option(
                    "Counting the titles made every training run too slow",
                    "Counting titles over a thousand rows takes no time. The trouble is what the count depends "
                    "on, not its speed.",
                ),
                Option(
                    "Frozen dataclasses cannot hold values computed at run time",
                    "They hold any value they are given when built. The constant is about the data the titles "
                    "depend on.",
                ),
            ),
        ),
    ),
)
