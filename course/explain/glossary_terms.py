"""The course's words, as data: each word's meaning here, the file and object that is its example, and the first
page of the course that uses it. `course.explain.glossary` reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A word of the course, its meaning in this project, and where to see it."""

    name: str
    definition: str
    file: str  # the example's file, from the repository root
    example: str  # the object in that file ("Registry.create"), or a TOML table ("[tool.importlinter]")
    first_page: str  # the script of the first page of the course that uses the word
    also: tuple[str, ...] = ()  # other ways a page says it

    @property
    def slug(self) -> str:
        """The term as a link parameter: "composition-root"."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    @property
    def words(self) -> tuple[str, ...]:
        """Every way a page may say it."""
        return (self.name, *self.also)


TERMS: tuple[Term, ...] = (
    Term(
        "domain",
        "The words and rules of the business itself: a passenger, its fields, and what makes one valid. Its code "
        "imports nothing outward, so it never changes because a file format or a library did.",
        "cq4ds/domain/passenger.py",
        "FIELDS",
        "pages/ml_products.py",
    ),
    Term(
        "use case",
        "One job the business asks for (train and evaluate, score tonight's file), written against ports, so it "
        "never names a concrete part.",
        "cq4ds/usecases/training.py",
        "train_and_evaluate",
        "pages/ml_products.py",
        ("use-case",),
    ),
    Term(
        "predictor",
        "The trained model as one object: it owns the input processing and the fitted model, so evaluation, "
        "scoring one passenger and scoring a whole file all call the same thing.",
        "cq4ds/usecases/predictor.py",
        "Predictor",
        "pages/ml_products.py",
    ),
    Term(
        "adapter",
        "A component that keeps a port's promise for one thing outside the core (a CSV layout, a SQLite schema, a "
        "warehouse table) by translating it into the schema's columns, and does nothing else.",
        "cq4ds/adapters/csv_source.py",
        "CsvSource",
        "pages/tech_debt.py",
    ),
    Term(
        "strategy",
        "One interchangeable way of doing a step (a model, a cleaning step, a feature recipe) behind a port, so "
        "the step can be swapped without editing the code that calls it.",
        "cq4ds/strategies/models.py",
        "LogisticRegressionModel",
        "pages/tech_debt.py",
        ("strategies",),
    ),
    Term(
        "composition root",
        "The one place that picks the concrete parts and wires them together; every other piece of code receives "
        "its collaborators.",
        "cq4ds/bootstrap.py",
        "build_pipeline",
        "pages/tech_debt.py",
    ),
    Term(
        "context",
        "A ready-made wiring for one situation (production, tests, a notebook, the Lab): the same core with "
        "different parts handed in.",
        "cq4ds/contexts.py",
        "testing",
        "pages/debt_vs_mess.py",
    ),
    Term(
        "EOS",
        "Experimental-operational symmetry: the code you experiment with is the code you deploy. Experiments and "
        "production run one path from raw rows to probabilities; only the wiring differs.",
        "cq4ds/usecases/predictor.py",
        "Predictor.predictions",
        "pages/eos.py",
        ("experimental-operational symmetry",),
    ),
    Term(
        "test double",
        "A stand-in that keeps the same port's promise as the real collaborator (passengers from memory instead "
        "of a database), so tests run fast on the very same core.",
        "cq4ds/adapters/memory.py",
        "InMemorySource",
        "pages/eos.py",
        ("double",),
    ),
    Term(
        "port",
        "A promise the core makes about one kind of collaborator, written as a `Protocol`: where passengers come "
        "from, how a model fits and predicts. The core depends on the promise, never on who keeps it.",
        "cq4ds/ports.py",
        "PassengerSource",
        "pages/decoupling.py",
    ),
    Term(
        "dependency injection",
        "Handing an object its collaborators when it is built instead of letting it create them, so behaviour "
        "changes by changing what is handed in, not the code that uses it.",
        "cq4ds/bootstrap.py",
        "Pipeline",
        "pages/dependency_injection.py",
    ),
    Term(
        "dependency inversion",
        "High-level policy does not depend on low-level details; both depend on an abstraction. The use cases "
        "depend on ports, the adapters keep those ports without importing any use case, and only the "
        "composition root knows both sides.",
        "cq4ds/ports.py",
        "PredictionSink",
        "pages/dependency_injection.py",
    ),
    Term(
        "registry",
        "The table of every component the package knows, by port and kind, with its parameters. The factory "
        "looks kinds up in it, and the Lab's pickers are read from it.",
        "cq4ds/registry.py",
        "Registry",
        "pages/dependency_injection.py",
    ),
    Term(
        "dependency rule",
        "Imports point inwards only: the domain imports nothing of ours, ports import only the domain, and only "
        "the composition root knows the concrete adapters and strategies. import-linter checks it.",
        "pyproject.toml",
        "[tool.importlinter]",
        "pages/clean_architecture.py",
        ("import-linter contract",),
    ),
    Term(
        "factory",
        "Code that builds an object from a description (a kind name and its parameters), so the caller says what "
        "it wants, not how to construct it.",
        "cq4ds/registry.py",
        "Registry.create",
        "pages/patterns.py",
        ("factories",),
    ),
    Term(
        "entity",
        "A thing of the domain with an identity that lasts, such as a passenger with its `pid`. Its type holds "
        "the rules, so an impossible one cannot be built.",
        "cq4ds/domain/passenger.py",
        "Passenger",
        "pages/q_dataclasses.py",
        ("entities",),
    ),
    Term(
        "value object",
        "A small immutable value compared by what it holds, not by identity: two equal specs are interchangeable "
        "and can be shared freely.",
        "cq4ds/domain/config.py",
        "ComponentSpec",
        "pages/q_dataclasses.py",
    ),
    Term(
        "aggregate",
        "A group of related domain objects kept consistent as one and changed only through its root, so a rule "
        "that spans several of them holds at every moment. `Passengers` keeps such a rule for the passenger list "
        "(no pid twice); the lesson's `TravelGroup` in `lessons/domain/travel_group.py` is a fuller one.",
        "cq4ds/domain/passengers.py",
        "Passengers",
        "pages/q_dataclasses.py",
    ),
    Term(
        "ubiquitous language",
        "One set of words shared by the business, the data scientists and the code: classes and fields are named "
        "the way the people who use them name things, so a sentence from a meeting can be found in the code.",
        "cq4ds/domain/passenger.py",
        "Passenger",
        "pages/q_dataclasses.py",
    ),
    Term(
        "row rule",
        "A cleaning step that looks at one row at a time and learns nothing from the data (drop incomplete rows, "
        "drop repeated pids): safe on every row before the split.",
        "cq4ds/strategies/cleaning.py",
        "RowRule",
        "pages/q_chained_cleaning.py",
    ),
    Term(
        "learned step",
        "A cleaning step that computes a statistic from the data (a median age): fitted on the training rows "
        "only and carried inside the model.",
        "cq4ds/strategies/cleaning.py",
        "LearnedStep",
        "pages/q_chained_cleaning.py",
    ),
)
