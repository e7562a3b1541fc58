"""Read Python source without running it: which lines hold code, how much a block branches, what a block calls,
what a module binds.
"""

from __future__ import annotations

import ast
import io
import re
import threading
import tokenize
from collections.abc import Iterable, Iterator, Mapping

CONSTANT = re.compile(r"_*[A-Z][A-Z0-9_]*")  # UPPER_CASE
TYPE_NAME = re.compile(r"_*[A-Z][A-Za-z0-9]*")  # CamelCase: classes and type aliases
SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.IfExp, ast.match_case)
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

Lines = Mapping[int, list[tokenize.TokenInfo]]
"""The tokens of each line that holds code, by line number."""

_BUILDING_TREE = threading.Lock()


def parse(source: str) -> ast.Module:
    """`ast.parse(source)`, one thread at a time.

    CPython 3.11 keeps the syntax-tree builder's recursion depth in state shared by all threads, so two
    sessions parsing at once can fail with "SystemError: AST constructor recursion depth mismatch"
    (python/cpython#106905; seen with 30 sessions opening the patterns page at once). A parse takes
    milliseconds: waiting for another one is cheaper than a failed page.
    """
    with _BUILDING_TREE:
        return ast.parse(source)


def code_lines(source: str) -> dict[int, list[tokenize.TokenInfo]]:
    """The tokens of each line that holds code (a string spanning lines counts on every line it spans)."""
    lines: dict[int, list[tokenize.TokenInfo]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in SKIPPED:
            for number in range(token.start[0], token.end[0] + 1):
                lines.setdefault(number, [])
            lines[token.start[0]].append(token)
    return lines


def span(node: ast.AST) -> range:
    """The lines a statement covers, its decorators included."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
    return range(first, (node.end_lineno or node.lineno) + 1)


def complexity(nodes: Iterable[ast.AST]) -> int:
    """1 + the branches in `nodes`: if, for, while, except, conditional expressions, and/or, comprehension ifs.

    Nested functions and classes are measured on their own, so they are not counted here.
    """
    count, stack = 1, list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, DEFINITIONS):
            continue
        if isinstance(node, BRANCHES):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            count += len(node.ifs)
        stack.extend(ast.iter_child_nodes(node))
    return count


def is_constant_name(name: str) -> bool:
    """UPPER_CASE constants, CamelCase types and __dunder__ names: names a module binds once, not state."""
    return bool(
        CONSTANT.fullmatch(name) or TYPE_NAME.fullmatch(name) or (name.startswith("__") and name.endswith("__"))
    )


def bound_names(statement: ast.stmt) -> list[str]:
    """The plain names a statement binds by assignment or as a for-loop target."""
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AugAssign, ast.For)) or (
        isinstance(statement, ast.AnnAssign) and statement.value is not None
    ):
        targets = [statement.target]
    else:
        targets = []
    return [node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)]


def call_names(node: ast.AST) -> set[str]:
    """The names called in `node`: `f` for `f(...)`, `m` for `x.m(...)`."""
    return {
        call.func.id if isinstance(call.func, ast.Name) else call.func.attr
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name | ast.Attribute)
    }


def is_declaration(statement: ast.stmt, index: int) -> bool:
    """Imports, definitions, constants and the docstring: module-level code that does no work."""
    if isinstance(statement, (ast.Import, ast.ImportFrom, *DEFINITIONS)):
        return True
    if index == 0 and isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True
    if isinstance(statement, ast.If) and all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in statement.body):
        return True  # `if TYPE_CHECKING:` imports
    names = bound_names(statement)
    return isinstance(statement, (ast.Assign, ast.AnnAssign)) and bool(names) and all(map(is_constant_name, names))


def module_work(tree: ast.Module) -> list[ast.stmt]:
    """The module-level statements that do work."""
    return [statement for index, statement in enumerate(tree.body) if not is_declaration(statement, index)]


def module_globals(tree: ast.Module) -> tuple[str, ...]:
    """The lower_case names bound at module level, in loops and ifs too: state any cell or function may change."""
    names = (name for statement in _top_level(tree.body) for name in bound_names(statement))
    return tuple(dict.fromkeys(name for name in names if not is_constant_name(name)))


def _top_level(statements: Iterable[ast.AST]) -> Iterator[ast.stmt]:
    """Module-level statements in order, with those nested in compound statements, but not inside definitions."""
    for statement in statements:
        if isinstance(statement, ast.stmt) and not isinstance(statement, DEFINITIONS):
            yield statement
            yield from _top_level(ast.iter_child_nodes(statement))
        elif isinstance(statement, ast.ExceptHandler):
            yield from _top_level(statement.body)
