"""Check yourself: dataclasses or DataFrames?"""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "q_dataclasses",
    "pages/q_dataclasses.py",
    (
        Question(
            "A CSV row has `sex = 'M'`. What does the package do when a pipeline reads it?",
            Option(
                "`conform` stops, naming the file, row, column and fix",
                "Every read goes through `conform`, which applies the domain's rule for `sex`; with "
                '`on_invalid = "quarantine"` the row is set aside and counted instead.',
            ),
            (
                Option(
                    "Nothing: pandas reads it and the model sees a new category",
                    "That is what the notebook does. In the package every read is checked by `conform` before "
                    "any model sees it.",
                ),
                Option(
                    "The model raises when it meets the unknown category",
                    "It never gets that far: `conform` refuses the row first, with a message that says how to fix it.",
                ),
            ),
        ),
        Question(
            "Why does the pipeline check large inputs with `conform` rather than with a `Passenger` per row?",
            Option(
                "Same rules, and columns are faster and lighter at scale",
                "Both read the same `FIELDS`; the demo shows identical outputs and the columnar path ahead on time "
                "and memory.",
            ),
            (
                Option(
                    "`conform` applies weaker rules, which suits big files",
                    "The rules are the same `FIELDS`; the demo compares the outputs value by value and they agree.",
                ),
                Option(
                    "A DataFrame cannot hold invalid values in the first place",
                    "A DataFrame holds whatever it is given: a negative age, `sex = 'M'`. That is why `conform` "
                    "checks it.",
                ),
            ),
        ),
        Question(
            "Where would you add the rule 'fare must be below 1,000'?",
            Option(
                "In `FIELDS`, the one place both checks read",
                "Rules are data in the domain; `Passenger` and `conform` both apply whatever `FIELDS` says.",
            ),
            (
                Option(
                    "In `conform` only, where big inputs are checked",
                    "Then a `Passenger` built one at a time would accept a fare that a file would refuse: two "
                    "rules for one fact.",
                ),
                Option(
                    "In the feature builder, before fares are scaled",
                    "By then the invalid fare is already inside the pipeline. Rules about what a passenger is "
                    "belong in the domain.",
                ),
            ),
        ),
    ),
)
