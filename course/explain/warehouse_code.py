"""Read the warehouse path's real code: the SQL the table sink runs, and which modules know the buffer table."""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from course.explain.source import SourceView, source_of
from course.explain.syntax import parse
from cq4ds.adapters import table_sinks
from cq4ds.adapters.duckdb_source import DuckdbSource
from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.usecases import score_batch

PACKAGE = Path(table_sinks.__file__).resolve().parents[1]
TEACHING_LAYERS = ("explain", "ui")  # they quote the pipeline's code; they are not part of the pipeline
BUFFER_SUFFIX = "__buffer"


def sink_sources() -> tuple[SourceView, ...]:
    """The sink's real code: the publish steps (`write`), each chunk's insert, and the checks run in SQL."""
    sink = table_sinks.DuckdbSink
    # _insert and _check_buffer are private to the adapter; they are read here only to be shown
    return source_of(sink.write), source_of(sink._insert), source_of(table_sinks._check_buffer)


@functools.cache
def sink_sql() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each of the sink's functions and the SQL statements it runs, in the order they appear in its code."""
    found = []
    for view in sink_sources():
        calls = [
            node
            for node in ast.walk(parse(view.text))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute"
        ]
        found.append((view.qualname, tuple(_sql_text(call.args[0]) for call in sorted(calls, key=lambda c: c.lineno))))
    return tuple(found)


def filled_sql(table: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The sink's SQL as it runs for `table`: placeholders filled with the real names and columns."""
    values = _Known(
        table=table_sinks.quoted(table, table),
        buffer=table_sinks.quoted(table + BUFFER_SUFFIX, table),
        BUFFER_COLUMNS=table_sinks.BUFFER_COLUMNS,
    )
    return tuple((name, tuple(sql.format_map(values) for sql in statements)) for name, statements in sink_sql())


class _Known(dict):
    """Placeholders this page can fill; any other stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _sql_text(node: ast.expr) -> str:
    """A string literal or f-string as written, with `{name}` where the code fills in a value."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    parts = node.values if isinstance(node, ast.JoinedStr) else [node]
    return "".join(
        str(part.value) if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}" for part in parts
    )


@functools.cache
def pipeline_modules_mentioning(text: str) -> tuple[str, ...]:
    """The pipeline's modules (the package without its teaching layers) whose source contains `text`."""
    return tuple(
        path.relative_to(PACKAGE.parent).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in TEACHING_LAYERS and text in path.read_text(encoding="utf-8")
    )


def use_case_mentions_buffer() -> bool:
    """Whether the scoring use case's code says anything about a buffer."""
    return "buffer" in source_of(score_batch).text.lower()


def code_objects() -> tuple[type | Callable[..., Any], ...]:
    """The use case, the warehouse adapters, and the test doubles that stand in for them."""
    return score_batch, DuckdbSource, table_sinks.DuckdbSink, InMemorySource, InMemorySink
