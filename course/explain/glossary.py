"""The course's words: what each one means here, the file of the package that is its example, and the first
page of the course that uses it.

The examples are named as text (file and object) and found by reading the file, never by importing it: the
teaching UI may not import concrete adapters and strategies (see pyproject.toml's import-linter contracts).
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from course.explain.syntax import parse

ROOT = Path(__file__).resolve().parents[2]


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


@dataclass(frozen=True)
class Example:
    """An example's text, read from its file."""

    path: str
    line: int
    text: str
    language: str

    @property
    def location(self) -> str:
        """`path:line`, as editors and tracebacks show it."""
        return f"{self.path}:{self.line}"


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
        "pages/q_many_features.py",
        ("entities",),
    ),
    Term(
        "value object",
        "A small immutable value compared by what it holds, not by identity: two equal specs are interchangeable "
        "and can be shared freely.",
        "cq4ds/domain/config.py",
        "ComponentSpec",
        "pages/q_many_features.py",
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


def term(slug: str) -> Term | None:
    """The term whose slug is `slug`, if any."""
    return next((found for found in TERMS if found.slug == slug), None)


def first_used_on(script: str) -> tuple[Term, ...]:
    """The terms whose first page is `script`, in glossary order."""
    return tuple(found for found in TERMS if found.first_page == script)


def mentions(text: str, found: Term) -> bool:
    """`text` says the term (any of its words, as whole words, any case, singular or plural)."""
    words = "|".join(re.escape(word) for word in found.words)
    return re.search(rf"(?<![\w-])(?:{words})(?:s|es)?(?![\w-])", text, re.IGNORECASE) is not None


@functools.cache
def example(found: Term) -> Example:
    """The example's source text, read from its file.

    Raises:
        LookupError: the file or the object in it is not there.
    """
    path = ROOT / found.file
    if not path.is_file():
        raise LookupError(f"{found.file} does not exist")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return _toml_table(found, text)
    return _python_object(found, text)


def _toml_table(found: Term, text: str) -> Example:
    """The table named by the example and the tables nested in it, up to the next unrelated table."""
    lines = text.splitlines()
    header = found.example
    if header not in lines:
        raise LookupError(f"{found.file} has no table {header}")
    start = lines.index(header)
    prefix = header.strip("[]")
    end = start + 1
    while end < len(lines) and not (lines[end].startswith("[") and prefix not in lines[end]):
        end += 1
    return Example(found.file, start + 1, "\n".join(lines[start:end]).rstrip() + "\n", "toml")


def _python_object(found: Term, text: str) -> Example:
    """The definition of a dotted name ("Registry.create") in a Python file."""
    body = parse(text).body
    node: ast.AST | None = None
    for part in found.example.split("."):
        node = next((child for child in body if part in _names(child)), None)
        if node is None:
            raise LookupError(f"{found.file} defines no {found.example}")
        body = getattr(node, "body", [])
    assert node is not None
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])  # type: ignore[attr-defined]
    lines = text.splitlines()[first - 1 : node.end_lineno]  # type: ignore[attr-defined]
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return Example(found.file, first, "\n".join(line[indent:] for line in lines) + "\n", "python")


def _names(node: ast.stmt) -> set[str]:
    """The names a statement defines at its own level."""
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return {node.name}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    if isinstance(node, ast.Assign):
        return {target.id for target in node.targets if isinstance(target, ast.Name)}
    return set()
