"""The registry: every component a port can use, by short name (the Factory the UI and configs use)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from cq4ds.adapters.csv_source import CsvSource
from cq4ds.adapters.dask_engine import DaskEngine
from cq4ds.adapters.duckdb_source import DuckdbSource
from cq4ds.adapters.file_sinks import CsvSink, ParquetSink
from cq4ds.adapters.in_process_engine import InProcessEngine
from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.memory_sink import InMemorySink
from cq4ds.adapters.parquet_source import ParquetSource
from cq4ds.adapters.sqlite_source import SqliteSource
from cq4ds.adapters.synthetic import SyntheticSource
from cq4ds.adapters.table_sinks import DuckdbSink, SqliteSink
from cq4ds.domain import PORTS, ComponentSpec, ConfigError, PipelineConfig, UnknownComponentError
from cq4ds.params import ParamInfo, check_params, current_params, params_of, summary
from cq4ds.strategies.cleaning import CleaningChain, DedupeByPid, DropIncomplete, ImputeMissing, KeepAsIs
from cq4ds.strategies.composed import ComposedFeatures
from cq4ds.strategies.features import ExtendedFeatures, MinimalNumericFeatures, NotebookFeatures
from cq4ds.strategies.models import (
    BaselineModel,
    GradientBoostingModel,
    LogisticRegressionModel,
    NearestNeighboursModel,
    RandomForestModel,
)
from cq4ds.strategies.splitting import StratifiedHoldout

BUILTIN: Mapping[str, Mapping[str, type]] = MappingProxyType(
    {
        "source": MappingProxyType(
            {
                "sqlite": SqliteSource,
                "csv": CsvSource,
                "parquet": ParquetSource,
                "duckdb": DuckdbSource,
                "synthetic": SyntheticSource,
                "memory": InMemorySource,
            }
        ),
        "cleaning": MappingProxyType(
            {
                "keep": KeepAsIs,
                "drop_incomplete": DropIncomplete,
                "impute": ImputeMissing,
                "dedupe": DedupeByPid,
                "chain": CleaningChain,
            }
        ),
        "features": MappingProxyType(
            {
                "notebook": NotebookFeatures,
                "minimal": MinimalNumericFeatures,
                "extended": ExtendedFeatures,
                "composed": ComposedFeatures,
            }
        ),
        "model": MappingProxyType(
            {
                "logistic_regression": LogisticRegressionModel,
                "random_forest": RandomForestModel,
                "gradient_boosting": GradientBoostingModel,
                "knn": NearestNeighboursModel,
                "baseline": BaselineModel,
            }
        ),
        "split": MappingProxyType({"stratified_holdout": StratifiedHoldout}),
        "sink": MappingProxyType(
            {
                "memory": InMemorySink,
                "csv": CsvSink,
                "parquet": ParquetSink,
                "sqlite": SqliteSink,
                "duckdb": DuckdbSink,
            }
        ),
        "engine": MappingProxyType({"in_process": InProcessEngine, "dask": DaskEngine}),
    }
)


@dataclass(frozen=True)
class ComponentInfo:
    """What the UI and CLI show about one registered component."""

    port: str
    kind: str
    cls: type
    summary: str
    params: tuple[ParamInfo, ...]


@dataclass(frozen=True)
class Registry:
    """An immutable map from port to component names to classes."""

    components: Mapping[str, Mapping[str, type]] = field(default_factory=lambda: BUILTIN)

    def ports(self) -> tuple[str, ...]:
        """Every port with components, in menu order: the pipeline's six, then the engine that runs batch scoring."""
        return tuple(self.components)

    def kinds(self, port: str) -> tuple[str, ...]:
        """The component names registered for `port`, in menu order."""
        return tuple(self._port(port))

    def info(self, port: str, kind: str) -> ComponentInfo:
        """Name, one-line summary and parameters of a component."""
        cls = self.component_class(port, kind)
        return ComponentInfo(port, kind, cls, summary(cls), params_of(cls))

    def component_class(self, port: str, kind: str) -> type:
        """The class registered as `kind` for `port`."""
        components = self._port(port)
        if kind not in components:
            raise UnknownComponentError(f"{port}: unknown kind {kind!r}", f"choose one of: {', '.join(components)}")
        return components[kind]

    def create(self, port: str, spec: ComponentSpec) -> Any:
        """Build the component a spec names, with its checked parameters (the Factory)."""
        cls = self.component_class(port, spec.kind)
        return cls(**check_params(cls, spec.options, f"{port} '{spec.kind}'"))

    def spec_of(self, port: str, component: Any) -> ComponentSpec:
        """The spec that would rebuild `component` (its kind and current parameters)."""
        for kind, cls in self._port(port).items():
            if type(component) is cls:
                return ComponentSpec(kind, current_params(component))
        raise UnknownComponentError(f"{port}: {type(component).__name__} is not registered", "register it first")

    def check(self, config: PipelineConfig) -> PipelineConfig:
        """`config` with every parameter checked and converted to its declared type ('300' -> 300).

        Raises:
            ConfigError: a spec names an unknown component or an invalid parameter.
        """
        specs = {}
        for port in PORTS:
            spec = config.spec(port)
            checked = check_params(self.component_class(port, spec.kind), spec.options, f"{port} '{spec.kind}'")
            specs[port] = ComponentSpec(spec.kind, checked)
        engine = config.engine
        if engine is not None:
            cls = self.component_class("engine", engine.kind)
            engine = ComponentSpec(engine.kind, check_params(cls, engine.options, f"engine '{engine.kind}'"))
        return PipelineConfig(**specs, on_invalid=config.on_invalid, engine=engine)

    def extended(self, components: Mapping[str, Mapping[str, type]]) -> Registry:
        """A new registry with `components` added to their ports; this one is left as it was (open/closed).

        Args:
            components: classes by kind by port, e.g. {"source": {"jsonl": JsonLinesSource}}.

        Raises:
            ConfigError: a port is unknown, a kind is not a plain name or already taken, or a value is not a class.
        """
        merged = {port: dict(kinds) for port, kinds in self.components.items()}
        for port, kinds in components.items():
            taken = merged.get(port)
            if taken is None:
                raise ConfigError(f"unknown port {port!r}", f"use one of: {', '.join(self.components)}")
            for kind, cls in kinds.items():
                if not (isinstance(kind, str) and kind.isascii() and kind.isidentifier() and kind.islower()):
                    raise ConfigError(f"{port}: kind {kind!r} is not a plain name", "use lowercase letters, digits, _")
                if kind in taken:
                    raise ConfigError(
                        f"{port}: kind {kind!r} is already taken by {taken[kind].__name__}", "choose another name"
                    )
                if not isinstance(cls, type):
                    raise ConfigError(f"{port} {kind!r}: {cls!r} is not a class", "register the class itself")
                taken[kind] = cls
        return Registry(MappingProxyType({port: MappingProxyType(kinds) for port, kinds in merged.items()}))

    def _port(self, port: str) -> Mapping[str, type]:
        if port not in self.components:
            raise ConfigError(f"unknown port {port!r}", f"use one of: {', '.join(self.components)}")
        return self.components[port]
