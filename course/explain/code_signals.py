"""Measure signals of mess in a codebase from its files: size, function length, branching, globals and clones.

Everything is read with `ast` and `tokenize`; nothing is imported or run. Module-level code that does
work (anything but imports, definitions, constants and the docstring) counts as one function named
"<module>", so a notebook exported to a script is measured as the one long function it is.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

from course.explain import clones, syntax
from course.explain.lessons import LEGACY_SCRIPT, LESSONS

ROOT = LESSONS.parent
PACKAGE = ROOT / "cq4ds"
MODULE_CODE = "<module>"


@dataclass(frozen=True, slots=True)
class FunctionSignal:
    """One function (or a module's top-level work): its length in code lines and its branching."""

    module: str
    name: str
    lines: int
    complexity: int


@dataclass(frozen=True, slots=True)
class ModuleSignals:
    """What one file measures."""

    path: str  # relative to the repository root
    code_lines: int  # lines holding code: not blank, not only a comment
    logic_lines: int  # code lines that do work (see `course.explain.clones`)
    duplicated_lines: int  # logic lines inside a window that repeats somewhere in the codebase
    functions: tuple[FunctionSignal, ...]
    globals: tuple[str, ...]  # lower_case names bound at module level


@dataclass(frozen=True, slots=True)
class CodebaseSignals:
    """A codebase's modules, measured."""

    name: str
    modules: tuple[ModuleSignals, ...]

    @property
    def functions(self) -> tuple[FunctionSignal, ...]:
        """Every function of every module."""
        return tuple(f for module in self.modules for f in module.functions)


def _functions(tree: ast.Module, path: str, lines: syntax.Lines) -> list[FunctionSignal]:
    """Every function and method (as Class.method or outer.inner), and the module's top-level work as "<module>"."""

    def length(span: range) -> int:
        return sum(1 for number in span if number in lines)

    work = syntax.module_work(tree)
    found = [FunctionSignal(path, MODULE_CODE, sum(length(syntax.span(s)) for s in work), syntax.complexity(work))]

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = length(syntax.span(child))
                found.append(FunctionSignal(path, prefix + child.name, size, syntax.complexity(child.body)))
            visit(child, f"{prefix}{child.name}." if isinstance(child, syntax.DEFINITIONS) else prefix)

    visit(tree, "")
    return found if work else found[1:]


def measure(name: str, files: Iterable[Path], root: Path = ROOT) -> CodebaseSignals:
    """Measure `files` as one codebase called `name`, modules named by path from `root`; clones span all files."""
    parsed = {}
    for file in sorted(files):
        source = file.read_text(encoding="utf-8")
        tree = syntax.parse(source)
        parsed[file.resolve().relative_to(root.resolve()).as_posix()] = (tree, syntax.code_lines(source))
    units = {path: clones.logic_units(tree, syntax.module_work(tree), lines) for path, (tree, lines) in parsed.items()}
    duplicated = clones.duplicated_lines({path: (units[path], lines) for path, (_, lines) in parsed.items()})
    return CodebaseSignals(
        name,
        tuple(
            ModuleSignals(
                path,
                code_lines=len(lines),
                logic_lines=clones.count_lines(units[path]),
                duplicated_lines=len(duplicated[path]),
                functions=tuple(_functions(tree, path, lines)),
                globals=syntax.module_globals(tree),
            )
            for path, (tree, lines) in parsed.items()
        ),
    )


def legacy_signals() -> CodebaseSignals:
    """The legacy notebook script, measured."""
    return measure("legacy script", [LESSONS / LEGACY_SCRIPT])


def package_signals() -> CodebaseSignals:
    """The cq4ds package, every module of it, measured."""
    return measure("cq4ds package", PACKAGE.rglob("*.py"))


@dataclass(frozen=True)
class Signal:
    """One signal: what it counts, a codebase's score, and the parts that score worst."""

    label: str
    unit: str
    help: str
    total: Callable[[CodebaseSignals], float]
    offenders: Callable[[CodebaseSignals], list[tuple[str, float]]]  # (where, value), worst first
    offender_unit: str


def _worst_functions(key: str) -> Callable[[CodebaseSignals], list[tuple[str, float]]]:
    def worst(codebase: CodebaseSignals) -> list[tuple[str, float]]:
        ranked = sorted(codebase.functions, key=lambda f: getattr(f, key), reverse=True)
        return [(f"{f.module} · {f.name}", float(getattr(f, key))) for f in ranked]

    return worst


def _worst_modules(value: Callable[[ModuleSignals], float]) -> Callable[[CodebaseSignals], list[tuple[str, float]]]:
    def worst(codebase: CodebaseSignals) -> list[tuple[str, float]]:
        return sorted(((m.path, float(value(m))) for m in codebase.modules), key=lambda pair: pair[1], reverse=True)

    return worst


def duplicated_share(codebase: CodebaseSignals) -> float:
    """The share of logic lines that sit in repeated windows, in percent."""
    logic = sum(m.logic_lines for m in codebase.modules)
    return 100 * sum(m.duplicated_lines for m in codebase.modules) / max(logic, 1)


SIGNALS: tuple[Signal, ...] = (
    Signal(
        "Lines of code",
        "lines",
        "Lines holding code: not blank, not only a comment. Size alone says little about mess.",
        lambda c: sum(m.code_lines for m in c.modules),
        _worst_modules(lambda m: m.code_lines),
        "lines",
    ),
    Signal(
        "Longest function",
        "lines",
        "Code lines of the longest function; a script's top-level work counts as one function, <module>.",
        lambda c: max(f.lines for f in c.functions),
        _worst_functions("lines"),
        "lines",
    ),
    Signal(
        "Mean function length",
        "lines",
        "Code lines per function, on average: how much a reader must hold in mind at once.",
        lambda c: fmean(f.lines for f in c.functions),
        _worst_functions("lines"),
        "lines",
    ),
    Signal(
        "Most branching function",
        "branches + 1",
        "1 + the if/for/while/except/and/or/conditional-expression branches of the most branching function.",
        lambda c: max(f.complexity for f in c.functions),
        _worst_functions("complexity"),
        "branches + 1",
    ),
    Signal(
        "Module-level globals",
        "names",
        "lower_case names bound at module level (UPPER_CASE constants, CamelCase types and imports excluded): "
        "state any line below may read or change.",
        lambda c: sum(len(m.globals) for m in c.modules),
        _worst_modules(lambda m: len(m.globals)),
        "names",
    ),
    Signal(
        "Duplicated logic",
        "% of logic lines",
        f"Lines of logic inside a run of {clones.WINDOW} lines that repeats elsewhere once local names, numbers "
        "and strings are blanked (so X_train_... and X_test_... lines match).",
        duplicated_share,
        _worst_modules(lambda m: m.duplicated_lines),
        "duplicated lines",
    ),
)
