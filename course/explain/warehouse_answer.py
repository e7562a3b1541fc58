"""What the warehouse question's answer rests on, computed: a bad row, the words of the code, the costs, BigQuery.

Each function measures or reads the real code, so the page's answer to "what do dataclasses gain me?" is
shown on this server's own runs: the domain's rules stopping a bad warehouse row, which words the scoring
code and the adapters use, what the seam costs in code and in time, and how the DuckDB sink's steps map
onto BigQuery's.
"""

from __future__ import annotations

import ast
import gc
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.explain import warehouse, warehouse_code
from course.explain.source import module_source, source_of
from course.explain.syntax import parse
from cq4ds.adapters import duckdb_source, memory, memory_sink, table_sinks
from cq4ds.columnar import conform, to_passengers
from cq4ds.domain import RULES, Cq4dsError
from cq4ds.usecases import Predictor, score_batch

BAD_ROW, BAD_COLUMN, BAD_VALUE = 3, "sex", "M"  # the row an upstream job breaks: a value the domain refuses
WAREHOUSE_WORDS = ("duckdb", "sql", "table", "buffer", "commit", "rollback", "bigquery", "connect")
DOMAIN_WORDS = ("passenger", "predictor", "prediction", "source", "sink", "chunk")


@dataclass(frozen=True)
class BadRow:
    """One night whose input holds a row breaking a domain rule, run as configured and with quarantine."""

    rows: int
    raised: str  # the message `score_batch` stopped with (on_invalid="raise")
    published_after_raise: bool  # whether `predictions` exists after the refused night
    quarantined: tuple[Any, ...]  # the rows set aside with on_invalid="quarantine"
    scored: int  # predictions published with quarantine
    rule_fix: str  # the fix the domain's rule for BAD_COLUMN words


def bad_row_night(model: Predictor, rows: int, seed: int, chunk_rows: int) -> BadRow:
    """Night 1's passengers with row BAD_ROW's BAD_COLUMN set to BAD_VALUE, scored from and into DuckDB files."""
    frame = warehouse.passengers_to_score(rows, seed, night=1)
    frame.loc[BAD_ROW - 1, BAD_COLUMN] = BAD_VALUE
    with tempfile.TemporaryDirectory(prefix="cq4ds-bad-row-") as folder:
        place = Path(folder)
        warehouse.load_input(place, frame)
        pipeline = warehouse.warehouse_pipeline(place)
        try:
            score_batch(
                model, pipeline.source, pipeline.sink, pipeline.engine, chunk_rows=chunk_rows, on_invalid="raise"
            )
            raised = ""
        except Cq4dsError as error:
            raised = str(error).replace(f"{folder}/", "the warehouse folder's ")
        published = warehouse.table_state(place).rows > 0
        kept = score_batch(
            model, pipeline.source, pipeline.sink, pipeline.engine, chunk_rows=chunk_rows, on_invalid="quarantine"
        )
    return BadRow(rows, raised, published, kept.data.quarantined, kept.rows_scored, RULES[BAD_COLUMN].fix)


@dataclass(frozen=True)
class Words:
    """Which warehouse words and which domain words a piece of code uses (case-insensitive, as whole words)."""

    name: str
    path: str
    warehouse: tuple[str, ...]
    domain: tuple[str, ...]


def checking_code() -> tuple[str, str]:
    """Where the scoring use case checks what it reads: (the function that calls `conform`, its file)."""
    view = module_source(score_batch.__module__)
    for node in ast.walk(parse(view.text)):
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.FunctionDef) and _calls(inner, "conform"):
                    owner = f"{node.name}.{inner.name}" if node is not inner else inner.name
                    return owner.replace(".__call__", ""), view.path
    return "", view.path


def _calls(function: ast.FunctionDef, name: str) -> bool:
    return any(
        isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name
        for call in ast.walk(function)
    )


def words_of(name: str, path: str, text: str) -> Words:
    """The WAREHOUSE_WORDS and DOMAIN_WORDS found in `text` (a word may carry a plural or other ending)."""

    def found(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(w for w in words if re.search(rf"(?<![a-z]){w}", text, re.IGNORECASE))

    return Words(name, path, found(WAREHOUSE_WORDS), found(DOMAIN_WORDS))


def vocabulary() -> tuple[Words, ...]:
    """The words of the scoring use case, and of the source and sink the warehouse context injects."""
    pieces = (score_batch, duckdb_source.DuckdbSource, table_sinks.DuckdbSink)
    return tuple(words_of(v.qualname, v.path, v.text) for v in map(source_of, pieces))


def warehouse_modules() -> tuple[str, ...]:
    """The package's modules that import duckdb: the only code that would change with the warehouse."""
    return warehouse_code.pipeline_modules_mentioning("import duckdb")


@dataclass(frozen=True)
class CodeCost:
    """Lines of one piece of the seam: what you write and keep to get it."""

    piece: str
    role: str
    path: str
    lines: int  # non-blank lines, docstrings and comments included


def code_costs() -> tuple[CodeCost, ...]:
    """The adapters and doubles the warehouse job needs, and the use case they serve, counted from their files."""
    pieces = (
        ("warehouse source", "reads the warehouse table, read-only and bounded", duckdb_source.__name__),
        ("table sinks (SQLite, DuckDB)", "buffer table, SQL checks, swap, all or nothing", table_sinks.__name__),
        ("test source", "passengers from memory", memory.__name__),
        ("test sink", "predictions kept in memory", memory_sink.__name__),
    )
    costs = [CodeCost(piece, role, *_counted(module_source(module))) for piece, role, module in pieces]
    use_case = source_of(score_batch)
    costs.append(CodeCost("use case `score_batch`", "the job itself: unchanged by any of them", *_counted(use_case)))
    return tuple(costs)


def _counted(view: Any) -> tuple[str, int]:
    return view.path, sum(1 for line in view.text.splitlines() if line.strip())


@dataclass(frozen=True)
class CheckCost:
    """The time the domain's checks take on one night's rows, against the whole night."""

    rows: int
    conform_seconds: float  # the rules on whole columns, as `score_batch` applies them
    objects_seconds: float  # the same rules, one `Passenger` per row (what the package does not do on batches)


def check_cost(rows: int, seed: int) -> CheckCost:
    """Time `conform` (best of three) and `to_passengers` (once) on night 1's passengers."""
    frame = warehouse.passengers_to_score(rows, seed, night=1)
    conform(frame.head(50), "warm-up")  # first-call costs are not the checks' costs
    return CheckCost(rows, _best(lambda: conform(frame, "night 1"), 3), _best(lambda: to_passengers(frame), 1))


def _best(step: Callable[[], object], times: int) -> float:
    best = float("inf")
    for _ in range(times):
        gc.collect()
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


@dataclass(frozen=True)
class Step:
    """One step of the publish, as the DuckDB sink runs it and as a BigQuery sink would have to."""

    step: str
    duckdb: str  # read from the sink's code
    bigquery: str


def publish_steps() -> tuple[Step, ...]:
    """The DuckDB sink's statements, in its code's order, beside what a BigQuery sink would do at each step."""
    (_, write), (_, insert), (_, check) = warehouse_code.filled_sql(warehouse.OUTPUT_TABLE)
    begin, drop_buffer, create_buffer, drop_table, rename, commit, rollback = write
    return (
        Step("open", begin, "none: a BigQuery transaction may not create or drop a permanent table [R]"),
        Step(
            "fresh buffer",
            f"{drop_buffer}; {create_buffer}",
            "CREATE OR REPLACE TABLE ds.predictions__buffer (...), a statement of its own, outside any transaction",
        ),
        Step("each chunk", insert[0], "a load job per chunk into the buffer (WRITE_APPEND), or INSERT statements"),
        Step("check", check[0], "the same query on the buffer; stop the job if a count is off"),
        Step(
            "publish",
            f"{drop_table}; {rename}; {commit}",
            "a copy job, buffer to ds.predictions, with WRITE_TRUNCATE; or CREATE OR REPLACE TABLE ds.predictions "
            "AS SELECT * FROM ds.predictions__buffer",
        ),
        Step(
            "on failure",
            rollback,
            "nothing to undo in ds.predictions, untouched until the publish; the buffer stays behind: drop it, or "
            "give it an expiration",
        ),
    )
