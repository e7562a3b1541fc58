"""Compositions as shareable links: a PipelineConfig to query parameters and back.

The link holds one `port=kind` entry per port and `port.param=value` entries for the
parameters that differ from the component's defaults, so links stay short and readable:
`?model=random_forest&model.n_estimators=300`. Paths in links may only point into the
bundled sample data: a link never carries (or opens) somebody's uploaded file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

from cq4ds.domain import PORTS, ComponentSpec, ConfigError, PipelineConfig
from cq4ds.registry import Registry

SHAREABLE_FOLDER = "sample_data"


def _shareable(name: str, value: object) -> bool:
    if name != "path":
        return True
    path = PurePosixPath(str(value))
    return not path.is_absolute() and path.parts[:1] == (SHAREABLE_FOLDER,) and ".." not in path.parts


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    return str(value)


def to_query(config: PipelineConfig, defaults: PipelineConfig, registry: Registry) -> dict[str, str]:
    """Query parameters describing `config`; ports and parameters equal to the defaults are left out."""
    query: dict[str, str] = {}
    for port in PORTS:
        spec = config.spec(port)
        if spec.kind != defaults.spec(port).kind:
            query[port] = spec.kind
        infos = {info.name: info for info in registry.info(port, spec.kind).params}
        for name, value in spec.params:
            if name in infos and value != infos[name].default and _shareable(name, value):
                query[f"{port}.{name}"] = _text(value)
    if config.on_invalid != defaults.on_invalid:
        query["on_invalid"] = config.on_invalid
    return query


def from_query(query: Mapping[str, str], defaults: PipelineConfig, registry: Registry) -> PipelineConfig:
    """The composition a link describes, starting from `defaults`; raises ConfigError naming a bad entry."""
    known = set(PORTS) | {"on_invalid"} | {f"{port}." for port in PORTS}
    for key in query:
        if key not in known and key.split(".", 1)[0] + "." not in known:
            raise ConfigError(
                f"the link has an unknown entry {key!r}", f"use PORT=KIND or PORT.PARAM=VALUE ({', '.join(PORTS)})"
            )
    specs = {}
    for port in PORTS:
        default = defaults.spec(port)
        kind = query.get(port, default.kind)
        params = dict(default.params) if kind == default.kind else {}
        for key, value in query.items():
            if key.startswith(f"{port}."):
                name = key.split(".", 1)[1]
                if not _shareable(name, value):
                    raise ConfigError(
                        f"the link's {key} is {value!r}", f"links may only name files in {SHAREABLE_FOLDER}/"
                    )
                params[name] = value
        specs[port] = ComponentSpec(kind, params)
    return registry.check(PipelineConfig(**specs, on_invalid=query.get("on_invalid", defaults.on_invalid)))
