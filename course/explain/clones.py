"""A small clone detector: lines of logic that repeat, up to the names used, somewhere in a codebase.

Only lines that do work are compared: function bodies (without their docstrings) and a module's
top-level work. Imports, signatures, decorators, class-level declarations and constant tables are
left out, because repeating their shape is not duplicated logic. Each line is normalised (local
names, numbers and strings blanked; keywords, attribute names and keyword-argument names kept), and a
window of WINDOW consecutive lines of one function that reads the same as another window is a clone.
"""

from __future__ import annotations

import ast
import keyword
import tokenize
from collections import Counter
from collections.abc import Iterable, Mapping

from course.explain.syntax import DEFINITIONS, Lines, span

WINDOW = 3  # consecutive normalised lines that must repeat
MIN_TOKENS = 12  # a window with fewer tokens is too trivial to call a clone


def normalised(tokens: list[tokenize.TokenInfo]) -> tuple[str, ...]:
    """A line's tokens with local names, numbers and strings blanked; keywords, attributes and operators kept.

    `X_test_scaled = scaler.transform(X_test)` and `X_train_scaled = scaler.transform(X_train)` read the same.
    """
    words, depth = [], 0
    for i, token in enumerate(tokens):
        text = token.string
        if token.type == tokenize.OP:
            depth += text in "([{"
            depth -= text in ")]}"
        elif token.type == tokenize.NAME:
            after_dot = i > 0 and tokens[i - 1].string == "."
            keyword_argument = depth > 0 and i + 1 < len(tokens) and tokens[i + 1].string == "="
            if not (keyword.iskeyword(text) or after_dot or keyword_argument):
                text = "_"
        elif token.type == tokenize.NUMBER:
            text = "0"
        elif token.type == tokenize.STRING:
            text = '""'
        words.append(text)
    return tuple(words)


def _lines_of(statements: list[ast.stmt], lines: Lines) -> list[int]:
    """The code lines of `statements`, without the lines of definitions nested in them."""
    inside = {n for s in statements for n in span(s)}
    nested = {n for s in statements for node in ast.walk(s) if isinstance(node, DEFINITIONS) for n in span(node)}
    return sorted(n for n in inside - nested if n in lines)


def logic_units(tree: ast.Module, work: list[ast.stmt], lines: Lines) -> list[list[int]]:
    """The line numbers of each function body (docstring left out), and of the module's top-level `work`."""
    units = [_lines_of(work, lines)]
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body[1:] if ast.get_docstring(node) is not None else node.body
            units.append(_lines_of(body, lines))
    return [unit for unit in units if unit]


def _windows(units: list[list[int]], lines: Lines) -> list[tuple[tuple[int, ...], tuple]]:
    """Every run of WINDOW consecutive lines within one unit, with its normalised text."""
    runs = []
    for unit in units:
        texts = [normalised(lines[n]) for n in unit]
        for start in range(len(unit) - WINDOW + 1):
            text = tuple(texts[start : start + WINDOW])
            if sum(map(len, text)) >= MIN_TOKENS:
                runs.append((tuple(unit[start : start + WINDOW]), text))
    return runs


def duplicated_lines(modules: Mapping[str, tuple[list[list[int]], Lines]]) -> dict[str, frozenset[int]]:
    """For each module, the lines that sit in a window whose text appears more than once in all `modules`."""
    windows = {path: _windows(units, lines) for path, (units, lines) in modules.items()}
    seen = Counter(text for runs in windows.values() for _, text in runs)
    return {
        path: frozenset(n for numbers, text in runs if seen[text] > 1 for n in numbers)
        for path, runs in windows.items()
    }


def count_lines(units: Iterable[list[int]]) -> int:
    """How many distinct lines the units hold."""
    return len({n for unit in units for n in unit})
