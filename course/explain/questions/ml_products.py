"""Check yourself: ML products."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "ml_products",
    "pages/ml_products.py",
    (
        Question(
            "The board asks once: did ticket class matter for survival? What do you hand over?",
            Option(
                "The answer: the numbers and a chart",
                "A one-off question has a person as its customer: the answer is the product, and the model that "
                "produced it can go.",
            ),
            (
                Option(
                    "The signed model file with its config and versions",
                    "That is what a system needs to score again later. The board will not run a model; it wants "
                    "the answer, once.",
                ),
                Option(
                    "A nightly job that scores every passenger",
                    "Nobody asked for scores on a schedule. A job serves another system; this question is "
                    "answered once, for people.",
                ),
            ),
        ),
        Question(
            "Tonight's job must score with the model trained last week. What must have been kept?",
            Option(
                "The model file, with its recipe and library versions",
                "A pickle loads reliably only under the versions that wrote it, and the recipe is needed to "
                "retrain it the same way; the store keeps both with the model.",
            ),
            (
                Option(
                    "The printed confusion matrix and the test metrics",
                    "They describe last week's model but cannot score anyone. Tonight's job needs the model itself.",
                ),
                Option(
                    "Nothing: retrain it tonight from the notebook's cells",
                    "Retraining makes another model (new data, maybe new library versions), so tonight's scores "
                    "would not come from the model that was evaluated.",
                ),
            ),
        ),
        Question(
            "Why does the form build a `Passenger` before scoring?",
            Option(
                "So the domain's rules refuse impossible input first",
                "The model would happily turn an age of -1 into a probability. The domain object is where the "
                "rules live, and it names the field and the fix before any model sees the input.",
            ),
            (
                Option(
                    "Because the classifier takes Python objects, not frames",
                    "The classifier takes a numeric matrix built from a frame. The `Passenger` is there to check "
                    "the input, not to feed the model.",
                ),
                Option(
                    "To make scoring one passenger faster than a frame",
                    "Speed is not the point: one object costs about what one row does. It is there so that "
                    "invalid input is refused, with a message.",
                ),
            ),
        ),
    ),
)
