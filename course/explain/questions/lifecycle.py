"""Check yourself: how the ML lifecycle affects tech debt."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "lifecycle",
    "pages/lifecycle.py",
    (
        Question(
            "Why does the notebook's rare-title step seem fine during exploration and go wrong at deployment?",
            Option(
                "It recounts titles over whatever data it is given",
                "While exploring that is the whole dataset; at deployment it is one passenger or a million. The "
                "package keeps the common titles as learned state of the fitted feature builder, so every later "
                "use encodes passengers as training did.",
            ),
            (
                Option(
                    "Deployment runs on a different version of pandas",
                    "The same code on the same pandas gives the same wrong answer: the trouble is what the step "
                    "counts over, not the library.",
                ),
                Option(
                    "Titles are stripped from the names in production",
                    "The names arrive as they did in training and the step still parses the titles. It is the "
                    "counting that changes with the data.",
                ),
                Option(
                    "The threshold of 10 is too high for the training data",
                    "In training the threshold works as intended. Any fixed threshold goes wrong once the step "
                    "counts over one passenger instead of all of them.",
                ),
            ),
        ),
        Question(
            "What does the cumulative chart on this page measure?",
            Option(
                "Edits counted in our lesson files, summed by phase",
                "The numbers come from difflib on the variant files in `lessons/changes/`; the phases and their "
                "requests are our illustration. Real codebases give other numbers.",
            ),
            (
                Option(
                    "Developer hours spent on real ML projects, by phase",
                    "No project's hours are measured here: the page counts edits in our own lesson files, over a "
                    "sequence of requests we chose.",
                ),
                Option(
                    "The number of bugs each codebase will have later",
                    "It counts edits, not bugs. Edits to code that already runs are a risk, which is why the page "
                    "counts them first, but they are not bugs.",
                ),
                Option(
                    "How long each codebase takes to run each request",
                    "Nothing on this chart is timed. The runs with timings are on the page *Why tech debt matters*.",
                ),
            ),
        ),
    ),
)
