"""Pipeline configuration as plain, frozen, hashable data: one spec per port."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from cq4ds.domain.errors import ConfigError

PORTS: tuple[str, ...] = ("source", "cleaning", "features", "model", "split", "sink")
ON_INVALID: tuple[str, ...] = ("raise", "quarantine")


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    """Which registered component fills a port, and with which parameters."""

    kind: str
    params: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        params = self.params
        if isinstance(params, Mapping):
            params = params.items()
        object.__setattr__(self, "params", tuple(sorted((str(k), _freeze(v)) for k, v in params)))

    @property
    def options(self) -> dict[str, Any]:
        """The parameters as a dict (a copy; the spec stays frozen)."""
        return dict(self.params)

    def with_params(self, **changes: Any) -> ComponentSpec:
        """A copy with some parameters replaced."""
        return ComponentSpec(self.kind, {**self.options, **changes})


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """A whole composition: a spec for each port plus the policy for invalid rows.

    The domain names no component: which kinds fill a port a config leaves out is the composition
    root's choice (`cq4ds.config_file.DEFAULTS`). The engine that runs batch scoring is chosen the same
    way, but is not one of the pipeline's ports: training always runs in this process.
    """

    source: ComponentSpec
    cleaning: ComponentSpec
    features: ComponentSpec
    model: ComponentSpec
    split: ComponentSpec
    sink: ComponentSpec
    on_invalid: str = "raise"
    engine: ComponentSpec | None = None  # what runs batch scoring; None: the composition root's default

    def __post_init__(self) -> None:
        if self.on_invalid not in ON_INVALID:
            raise ConfigError(
                f"on_invalid is {self.on_invalid!r}",
                f"use one of {', '.join(repr(v) for v in ON_INVALID)}",
            )

    def spec(self, port: str) -> ComponentSpec:
        """The spec filling `port`."""
        if port not in PORTS:
            raise ConfigError(f"unknown port {port!r}", f"use one of {', '.join(PORTS)}")
        return getattr(self, port)

    def with_spec(self, port: str, spec: ComponentSpec) -> PipelineConfig:
        """A copy with one port's spec replaced."""
        self.spec(port)
        return replace(self, **{port: spec})

    def with_engine(self, engine: ComponentSpec | None) -> PipelineConfig:
        """A copy that scores with `engine` (None: the default engine)."""
        return replace(self, engine=engine)
