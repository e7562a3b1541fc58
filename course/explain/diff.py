"""What changed between two compositions, compared as the components would actually be built."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cq4ds.domain import PORTS, ComponentSpec, PipelineConfig
from cq4ds.params import check_params
from cq4ds.registry import Registry

ON_INVALID = "on_invalid"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: a port's kind, one of its parameters, or the invalid-row policy."""

    port: str  # a port name, or "on_invalid" for the invalid-row policy
    field: str  # "kind", a parameter name, or "on_invalid"
    before: Any
    after: Any


def effective_params(registry: Registry, port: str, spec: ComponentSpec) -> dict[str, Any]:
    """Every parameter the component would be built with: its defaults, overridden by the spec's checked values."""
    info = registry.info(port, spec.kind)
    given = check_params(info.cls, spec.options, f"{port} '{spec.kind}'")
    return {param.name: given.get(param.name, param.default) for param in info.params}


def _port_changes(registry: Registry, port: str, before: ComponentSpec, after: ComponentSpec) -> list[Change]:
    """The changes to one port: its kind alone, or each parameter whose effective value differs."""
    if before.kind != after.kind:  # the parameters belong to different components
        return [Change(port, "kind", before.kind, after.kind)]
    old, new = effective_params(registry, port, before), effective_params(registry, port, after)
    return [Change(port, name, old[name], new[name]) for name in old if old[name] != new[name]]


def composition_diff(
    before: PipelineConfig, after: PipelineConfig, registry: Registry | None = None
) -> tuple[Change, ...]:
    """The changes from `before` to `after`, port by port; a parameter left at its default equals it written out."""
    registry = registry or Registry()
    changes = [
        change for port in PORTS for change in _port_changes(registry, port, before.spec(port), after.spec(port))
    ]
    if before.on_invalid != after.on_invalid:
        changes.append(Change(ON_INVALID, ON_INVALID, before.on_invalid, after.on_invalid))
    return tuple(changes)


def describe(change: Change) -> str:
    """One human line: "model: logistic_regression → random_forest", "model.C: 1.0 → 0.5"."""
    where = change.port if change.field in ("kind", ON_INVALID) else f"{change.port}.{change.field}"
    return f"{where}: {change.before} → {change.after}"
