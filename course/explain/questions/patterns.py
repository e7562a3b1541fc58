"""Check yourself: Adapter, Factory, Strategy."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "patterns",
    "pages/patterns.py",
    (
        Question(
            "Tomorrow the passengers live in BigQuery. Which pattern absorbs that change?",
            Option(
                "Adapter",
                "A new class behind `PassengerSource` talks to BigQuery and yields the schema's columns; the core "
                "is untouched.",
            ),
            (
                Option(
                    "Factory",
                    "The factory builds the new source from its config entry, but talking to BigQuery, the change "
                    "itself, happens in an adapter.",
                ),
                Option(
                    "Strategy",
                    "Strategies are swappable algorithms: cleaning, features, models. Where the data is stored is "
                    "an adapter's business.",
                ),
            ),
        ),
        Question(
            'A config says `kind = "random_forest"`. What turns that text into a `RandomForestModel` object?',
            Option(
                "The registry, the package's factory",
                "`Registry.create` looks the kind up, checks the parameters and builds the object.",
            ),
            (
                Option(
                    "The `Model` port, which picks a class",
                    "A port is only a `Protocol`: it says what a model must do, and builds nothing.",
                ),
                Option(
                    "`Predictor`, the first time it is called",
                    "`Predictor` is handed a model that is already built; it never reads configs.",
                ),
            ),
        ),
        Question(
            "Swapping logistic regression for gradient boosting without editing the training code relies on…",
            Option(
                "Strategy",
                "The model is a strategy behind the `Model` port; `Predictor` calls whichever one it holds. (The "
                "factory builds it, but the swap is possible because the model is a strategy.)",
            ),
            (
                Option(
                    "Adapter",
                    "Adapters sit at the edges, around storage and the outside world; a model is not where data lives.",
                ),
                Option(
                    "Factory",
                    "The factory builds the new model from its spec, but the training code keeps working because "
                    "the model is a swappable strategy behind a port.",
                ),
            ),
        ),
    ),
)
