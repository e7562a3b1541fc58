"""Check yourself: Clean Architecture in production."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "clean_architecture",
    "pages/clean_architecture.py",
    (
        Question(
            "In the broken example, `CsvSource` calls `show_progress` from the UI package. Which contract catches it?",
            Option(
                "Layers: each layer imports only the layers below it",
                "`adapters` sits below `ui` in the layers list, so an adapter importing the UI points upwards. The "
                "code runs fine, which is exactly why a tool has to check the rule: nothing else will notice.",
            ),
            (
                Option(
                    "The domain is plain Python: no data, ML, storage or UI libraries",
                    "That contract is about what the domain imports; `CsvSource` is an adapter.",
                ),
                Option(
                    "Only the UI layer imports streamlit",
                    "The page shows this contract kept: the import reaches the example's own UI module, and the "
                    "chain never gets to streamlit.",
                ),
                Option(
                    "None: the code runs, so no rule is broken",
                    "Running is not the test. The import points the wrong way, and the layers contract fails on it.",
                ),
            ),
        ),
        Question(
            "The team moves nightly retraining from cron to an Airflow task. What has to change?",
            Option(
                "Only the host: a new outer function",
                "Airflow is infrastructure, so it belongs in the outermost ring. The new task calls the same "
                "composition root and use case as `nightly_batch.py` does; the core does not know which scheduler "
                "started it.",
            ),
            (
                Option(
                    "The use case `train_and_evaluate` and its tests",
                    "The use case does not know which scheduler started it; nothing in it mentions cron.",
                ),
                Option(
                    "The `Predictor` and its feature strategies",
                    "The model and its features are the same whoever runs them, cron or Airflow.",
                ),
                Option(
                    "The import-linter contracts, to allow Airflow",
                    "A host lives in the outermost ring, which may import anything inside it; no contract needs "
                    "to change.",
                ),
            ),
        ),
        Question(
            "Why is 'Ports depend only on the domain' broken in the example, although `ports.py` imports only the "
            "domain?",
            Option(
                "import-linter follows chains: ports → domain → pandas",
                "Forbidden contracts look at indirect imports too. Importing the domain means importing pandas, "
                "since the domain does.",
            ),
            (
                Option(
                    "`ports.py` imports pandas under `if TYPE_CHECKING:`",
                    "The config leaves type-checking imports out, and `ports.py` has none; the chain through the "
                    "domain is what breaks it.",
                ),
                Option(
                    "Once the layers contract fails, every contract fails",
                    "Failures do not spread: 'Only the UI layer imports streamlit' is kept in the same run.",
                ),
            ),
        ),
    ),
)
