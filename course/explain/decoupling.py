"""Decoupling, measured: six source adapters, one set of passengers; a swap is one adapter and one config entry."""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from course.explain.lessons import LEGACY_SCRIPT, Excerpt, excerpt, lesson_lines, matching_lines
from cq4ds import contexts
from cq4ds.columnar import conform, to_passengers
from cq4ds.config_file import NOTEBOOK_RECIPE, dump_config, load_config
from cq4ds.domain import ComponentSpec, PipelineConfig
from cq4ds.registry import Registry
from cq4ds.usecases.training import READ_ROWS

SAMPLE_ROWS, SAMPLE_SEED = 1309, 42  # sample_data/ holds generate(1309, seed=42): build_sample_data's defaults
SOURCE_KINDS = ("sqlite", "csv", "parquet", "duckdb", "synthetic", "memory")
STORAGE_LINES = (  # lines of the legacy script that know where and how the data is stored
    r"sqlite3",
    r"\bcon\b",
    r"read_sql",
    r"tbl_",
    r'"pid"',
    r'"is_survived"',
    r'"raw_df\.pkl"',
)
CELL = "# %%"


@dataclass(frozen=True, slots=True)
class Reading:
    """What one source adapter read, and the passengers its records hold once `conform` has checked them."""

    kind: str
    adapter: str  # the adapter's class name
    module: str  # the module the adapter lives in
    origin: str  # the adapter's own description of where the records came from
    raw_columns: tuple[str, ...]  # the columns the adapter yielded, before the schema check
    raw_dtypes: tuple[str, ...]  # their pandas dtypes, in the same order
    passengers: int
    content_hash: str
    seconds: float


def source_spec(kind: str, seed: int = SAMPLE_SEED) -> ComponentSpec:
    """The spec that reads the bundled sample with a `kind` adapter (`seed` is the synthetic source's)."""
    if kind == "synthetic":
        return ComponentSpec(kind, {"rows": SAMPLE_ROWS, "seed": seed})
    registry = Registry()
    defaults = {info.name: info.default for info in registry.info("source", kind).params}
    return ComponentSpec(kind, defaults)  # the file adapters' defaults name the bundled sample files


def config_for(kind: str, seed: int = SAMPLE_SEED) -> PipelineConfig:
    """The notebook recipe with its source swapped for a `kind` adapter."""
    return load_config(NOTEBOOK_RECIPE).with_spec("source", source_spec(kind, seed))


def read(kind: str, seed: int = SAMPLE_SEED) -> Reading:
    """Read the sample through a `kind` adapter, check it with `conform` as the use cases do, and hash it.

    The hash needs `Passenger` objects (`to_passengers`, then `Passengers.content_hash`): the demo builds them
    to compare two sources; the use cases never do. The memory source gets the sample passengers injected by
    the Lab's context, as a notebook would.
    """
    started = time.perf_counter()
    source = contexts.lab(config_for(kind, seed), Path()).source
    raw = pd.concat(source.read_batches(READ_ROWS), ignore_index=True)
    passengers = to_passengers(conform(raw, source.describe()).frame)
    cls = type(source)
    return Reading(
        kind,
        cls.__name__,
        cls.__module__,
        source.describe(),
        tuple(map(str, raw.columns)),
        tuple(map(str, raw.dtypes)),
        len(passengers),
        passengers.content_hash(),
        time.perf_counter() - started,
    )


def config_diff(before: PipelineConfig, after: PipelineConfig) -> str:
    """A unified diff of the two configs as TOML, one line of context."""
    lines = difflib.unified_diff(
        dump_config(before).splitlines(), dump_config(after).splitlines(), "before.toml", "after.toml", n=1, lineterm=""
    )
    return "\n".join(lines)


def changed_lines(diff: str) -> int:
    """How many lines a unified diff removes or adds (headers not counted)."""
    return sum(1 for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---")))


def storage_excerpt() -> Excerpt:
    """The legacy script from its database cell to the label line, storage-bound lines highlighted."""
    return excerpt(LEGACY_SCRIPT, r"^con = sqlite3", r'^targets = df\["is_survived"\]', STORAGE_LINES)


def storage_lines() -> tuple[int, ...]:
    """Every line of the legacy script that would change if the data moved to another store or layout."""
    pattern = "|".join(f"(?:{p})" for p in STORAGE_LINES)
    return matching_lines(LEGACY_SCRIPT, pattern)


def cells_of(lines: tuple[int, ...]) -> tuple[int, ...]:
    """The notebook cells (numbered from 1, as the script's `# %%` markers split it) holding these lines."""
    markers = [number for number, text in enumerate(lesson_lines(LEGACY_SCRIPT), start=1) if text.startswith(CELL)]
    return tuple(sorted({sum(1 for marker in markers if marker < line) for line in lines}))


def storage_summary() -> str:
    """One sentence: how many storage-bound lines the legacy script has, and where."""
    lines = storage_lines()
    shown = storage_excerpt()
    outside = [n for n in lines if not shown.first_line <= n < shown.first_line + len(shown.lines)]
    elsewhere = "; ".join(f"line {n}: `{lesson_lines(LEGACY_SCRIPT)[n - 1].strip()}`" for n in outside)
    text = f"{len(lines)} lines in {len(cells_of(lines))} different cells know where the data lives"
    return f"{text} (also {elsewhere})" if elsewhere else text


def raw_type(reading: Reading, column: str) -> str:
    """The dtype a raw column arrived with from this adapter ("absent" when it did not yield it)."""
    types = dict(zip(reading.raw_columns, reading.raw_dtypes, strict=True))
    return types.get(column, "absent")
