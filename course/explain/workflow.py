"""The workflow for building an ML system from scratch, step by step, tied to the code and tests that embody it.

The order is OUR RECONSTRUCTION of the talk's "Workflow building a system from scratch" slide, whose
wording is not available: each step rests on the author's exercise repositories, cited per step.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from course.explain.syntax import parse

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the workflow: what to do, why, where the talk's material supports it, and where it lives here."""

    number: int
    title: str
    what: str
    support: str  # [R] what the author's material says, with the exercise steps it comes from
    code: tuple[tuple[str, str], ...]  # (module, qualified name) of the package code that embodies the step
    tests: tuple[str, ...]  # test files, relative to the repository root, that check it


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "Define the domain model first",
        "Write down what the business talks about before any data is loaded: a `Passenger` with typed fields "
        "and the rules every record must meet. Everything later is written in these terms.",
        "[R] The refactoring exercise says that in a real project defining the passenger class would be the "
        "first step (exercise step 10); the author's post on domain data models makes the same case.",
        (
            ("cq4ds.domain.passenger", "Passenger"),
            ("cq4ds.domain.passenger", "FieldRule"),
            ("cq4ds.domain.passengers", "Passengers"),
        ),
        ("tests/unit/test_domain.py",),
    ),
    Step(
        2,
        "Set up a skeleton with inversion of control",
        "A core that owns the flow (`run()`, here `Pipeline.train_and_evaluate`) and a thin `main()` that "
        "builds it and starts it. The core never builds its own collaborators; the entry point does.",
        "[R] Exercise steps 01 and 02: a class with `run()`, a `main()` that builds it, typer as the runner, "
        "called a plugin architecture and a form of Clean Architecture.",
        (("cq4ds.cli", "main"), ("cq4ds.bootstrap", "build_pipeline"), ("cq4ds.bootstrap", "Pipeline")),
        ("tests/cli/test_cli.py", "tests/unit/test_architecture.py"),
    ),
    Step(
        3,
        "Write adapters that speak the domain's vocabulary",
        "Every outside system gets an adapter with a narrow interface. The core asks for passengers and gets them "
        "in the schema's columns, named after the `Passenger` fields, whichever file, table or warehouse they came "
        "from; it checks them against the domain's rules itself.",
        "[R] Exercise steps 05, 06 and 11: `SqlLoader` (Adapter), injected through the constructor, and "
        "`PassengerLoader` (Factory) returning `Passenger` objects.",
        (
            ("cq4ds.ports", "PassengerSource"),
            ("cq4ds.adapters.sqlite_source", "SqliteSource"),
            ("cq4ds.columnar", "conform"),
        ),
        ("tests/integration/test_sources.py",),
    ),
    Step(
        4,
        "Create test doubles and a test context",
        "Stand-ins with the same interface as the real adapters, wired by a test context that mirrors "
        "production but runs in a second on small local data. Develop there.",
        "[R] Exercise steps 07 and 08: `TestLoader` caches the real loader's output, and `test_main()` becomes "
        "the only context run from then on.",
        (
            ("cq4ds.contexts", "testing"),
            ("cq4ds.adapters.memory", "InMemorySource"),
            ("cq4ds.adapters.memory_sink", "InMemorySink"),
        ),
        ("tests/unit/test_usecases.py", "tests/unit/test_explain_workflow.py"),
    ),
    Step(
        5,
        "Add end-to-end regression tests on data",
        "Pin what the system produces, not just a score: the processed matrices and confusion matrices, "
        "compared with a reference. A change you did not intend then fails loudly.",
        "[R] Exercise step 04: tests that cache the datasets and compare every run against the cache, "
        "testing data rather than aggregates such as F1.",
        (("cq4ds.usecases.predictor", "Predictor.matrix"),),
        ("tests/characterization/test_notebook_recipe.py",),
    ),
    Step(
        6,
        "Make the model a self-contained class with injected strategies",
        "One object owns input processing, training and prediction; the feature recipe and the classifier "
        "are strategies handed to it, so changing either is a change of construction.",
        "[R] Exercise steps 15 to 19 and 21 (the `TitanicModel` with `process_inputs`, `train`, `estimate`, and "
        "an injected predictor), and the model-factory repository's feature strategies.",
        (
            ("cq4ds.usecases.predictor", "Predictor"),
            ("cq4ds.ports", "Features"),
            ("cq4ds.ports", "Model"),
        ),
        ("tests/unit/test_usecases.py",),
    ),
    Step(
        7,
        "Add output adapters",
        "Results leave through adapters too: a port for predictions and one sink per destination, each "
        "publishing all or nothing. Tests use an in-memory sink.",
        "[R] Exercise step 20: `ModelSaver` and a `TestModelSaver` that runs the checks instead, so test code "
        "leaves the production path.",
        (
            ("cq4ds.ports", "PredictionSink"),
            ("cq4ds.adapters.file_sinks", "CsvSink"),
            ("cq4ds.usecases.scoring", "publish_predictions"),
        ),
        ("tests/integration/test_sinks.py",),
    ),
    Step(
        8,
        "Iterate through new contexts",
        "Each experiment is a new wiring of the same parts: a new config or context, never an edited core. "
        "The tests are the safety net, and the winner ships as the same code.",
        "[R] Exercise step 21: new experiments become new `main` functions with new loaders and models, and "
        "structure emerges from experiments under test protection.",
        (("cq4ds.contexts", "production"), ("cq4ds.contexts", "notebook"), ("course.explain.diff", "composition_diff")),
        ("tests/unit/test_explain_diff.py", "tests/characterization/test_notebook_recipe.py"),
    ),
)


def step(number: int) -> Step:
    """The step numbered `number` (from 1)."""
    return STEPS[number - 1]


def tests_in(path: str) -> tuple[str, tuple[str, ...]]:
    """A test file's summary (its docstring's first line) and the names of its tests, read without running them."""
    tree = parse((REPO / path).read_text(encoding="utf-8"))
    summary = (ast.get_docstring(tree) or "").split("\n")[0]
    names = tuple(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )
    return summary, names
