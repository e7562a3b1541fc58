"""Adapter, Factory and Strategy used live: build components from TOML, swap a strategy, read through adapters."""

from __future__ import annotations

import csv
import sqlite3
import tomllib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from cq4ds.adapters.layouts import PASSENGER_TABLE, TARGET_TABLE
from cq4ds.bootstrap import build_pipeline
from cq4ds.columnar import conform
from cq4ds.config_file import NOTEBOOK_RECIPE, load_config
from cq4ds.domain import FIELD_NAMES, ComponentSpec, ConfigError, RunResult
from cq4ds.params import current_params
from cq4ds.registry import Registry

ADAPTER_SAMPLES: dict[str, ComponentSpec] = {  # the same sample passengers, stored five ways
    "CSV (titanic3)": ComponentSpec("csv", {"path": "sample_data/titanic3.csv"}),
    "CSV (Kaggle)": ComponentSpec("csv", {"path": "sample_data/kaggle_train.csv"}),
    "Parquet": ComponentSpec("parquet", {"path": "sample_data/passengers.parquet"}),
    "DuckDB": ComponentSpec("duckdb", {"path": "sample_data/warehouse.duckdb", "table": "passengers"}),
    "SQLite": ComponentSpec("sqlite", {"path": "sample_data/titanic.db"}),
}


@dataclass(frozen=True, slots=True)
class Built:
    """What the Factory made from a spec: the object's repr, its class and module, and its parameters."""

    text: str
    cls: str
    module: str
    params: dict[str, object]


def spec_from_toml(text: str) -> ComponentSpec:
    """A spec from TOML holding `kind = "..."` and optionally `params = { ... }`."""
    example = 'write kind = "random_forest" and, optionally, params = { n_estimators = 50 }'
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"this is not valid TOML ({error})", example) from None
    extra = sorted(set(data) - {"kind", "params"})
    if not isinstance(data.get("kind"), str) or extra or not isinstance(data.get("params", {}), dict):
        raise ConfigError("the TOML needs a kind (text) and may hold params (a table), nothing else", example)
    return ComponentSpec(data["kind"], data.get("params", {}))


def build_from_toml(port: str, text: str, registry: Registry | None = None) -> Built:
    """Build a component with the registry, the way configs do (unknown kinds and bad params raise ConfigError)."""
    component = (registry or Registry()).create(port, spec_from_toml(text))
    cls = type(component)
    return Built(repr(component), cls.__name__, cls.__module__, current_params(component))


def train_with_model(kind: str) -> RunResult:
    """The notebook recipe trained through build_pipeline on the sample, with only the model strategy swapped."""
    config = load_config(NOTEBOOK_RECIPE).with_spec("model", ComponentSpec(kind))
    return build_pipeline(config).train_and_evaluate().result


@dataclass(frozen=True)
class AdapterView:
    """One adapter seen from both sides: the store's own columns, what `read_batches` yields, and after `conform`."""

    origin: str
    stored: tuple[str, ...]
    yielded: pd.DataFrame
    checked: pd.DataFrame

    @property
    def extra(self) -> tuple[str, ...]:
        """Columns the adapter passed through that the schema does not have (`conform` drops them)."""
        return tuple(str(c) for c in self.yielded.columns if c not in FIELD_NAMES)


def adapter_view(spec: ComponentSpec, rows: int) -> AdapterView:
    """Read the first `rows` records through the adapter `spec` names, and check them against the schema."""
    source = Registry().create("source", spec)
    batch = next(iter(source.read_batches(rows)))
    return AdapterView(source.describe(), stored_columns(spec), batch, conform(batch, source.describe()).frame)


def stored_columns(spec: ComponentSpec) -> tuple[str, ...]:
    """The column names as the store itself holds them, before the adapter renames anything."""
    path = Path(spec.options["path"])
    if spec.kind == "csv":
        with path.open(encoding="utf-8-sig", newline="") as file:
            return tuple(next(csv.reader(file)))
    if spec.kind == "parquet":
        return tuple(pq.read_schema(path).names)
    if spec.kind == "duckdb":
        with closing(duckdb.connect(str(path), read_only=True)) as db:
            return tuple(row[0] for row in db.execute(f'DESCRIBE "{spec.options["table"]}"').fetchall())
    if spec.kind == "sqlite":
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            tables = (PASSENGER_TABLE, TARGET_TABLE)
            return tuple(f"{t}.{row[1]}" for t in tables for row in db.execute(f"PRAGMA table_info({t})"))
    raise ConfigError(f"no stored layout to show for a {spec.kind} source", "choose a file or database source")
