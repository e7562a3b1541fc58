"""Read and write pipeline configs as TOML, apply `port.key=value` overrides, and fill in the defaults.

Part of the composition root: a port a config leaves out gets the default component named here.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cq4ds.domain import ON_INVALID, PORTS, ComponentSpec, ConfigError, PipelineConfig

TOP_LEVEL = (*PORTS, "engine", "on_invalid")
RECIPES = Path(__file__).resolve().parent.parent / "configs"
"""The shipped compositions (configs/ beside the package), found from any working directory."""
NOTEBOOK_RECIPE = RECIPES / "notebook.toml"
"""The original notebook's recipe, faithfully: the default composition of every context."""
DEFAULTS: Mapping[str, ComponentSpec] = MappingProxyType(
    {
        "cleaning": ComponentSpec("keep"),
        "features": ComponentSpec("notebook"),
        "model": ComponentSpec("logistic_regression"),
        "split": ComponentSpec("stratified_holdout"),
        "sink": ComponentSpec("memory"),
    }
)
"""The component filling each port a config leaves out: the notebook's recipe, writing to memory."""
DEFAULT_ENGINE = ComponentSpec("in_process")
"""What runs batch scoring when a config names no engine: today's chunked loop in this process."""


def engine_spec(config: PipelineConfig) -> ComponentSpec:
    """The engine `config` scores with: its own, or DEFAULT_ENGINE."""
    return config.engine or DEFAULT_ENGINE


def default_config(source: ComponentSpec, on_invalid: str = "raise", **specs: ComponentSpec) -> PipelineConfig:
    """A config reading `source`, with the given `specs` and the defaults for every other port."""
    return PipelineConfig(source=source, **{**DEFAULTS, **specs}, on_invalid=on_invalid)


def load_config(path: str | Path) -> PipelineConfig:
    """Read a TOML config file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist", "check the path (configs/ holds examples)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {path} cannot be read ({error})", "save it as UTF-8 text") from None
    return parse_config(text, str(path))


def parse_config(text: str, origin: str = "config") -> PipelineConfig:
    """Turn TOML text into a `PipelineConfig` (component names are checked later by the registry)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{origin} is not valid TOML ({error})", "fix the syntax at that line") from None
    unknown = sorted(set(data) - set(TOP_LEVEL))
    if unknown:
        raise ConfigError(f"{origin}: unknown key(s) {', '.join(unknown)}", f"use only: {', '.join(TOP_LEVEL)}")
    if "source" not in data:
        raise ConfigError(f"{origin} has no [source] table", 'add one, e.g. [source] kind = "sqlite"')
    specs = {port: _spec(data[port], port, origin) for port in PORTS if port in data}
    config = default_config(**specs, on_invalid=data.get("on_invalid", "raise"))
    return config.with_engine(_spec(data["engine"], "engine", origin)) if "engine" in data else config


def _spec(table: Any, port: str, origin: str) -> ComponentSpec:
    if not isinstance(table, dict) or not isinstance(table.get("kind"), str):
        raise ConfigError(f"{origin}: [{port}] needs a kind", f'write [{port}] with kind = "..." and optional params')
    extra = sorted(set(table) - {"kind", "params"})
    params = table.get("params", {})
    if extra or not isinstance(params, dict):
        raise ConfigError(f"{origin}: [{port}] may hold only kind and params", "move parameters into params = {...}")
    return ComponentSpec(table["kind"], params)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value))


def dump_spec(spec: ComponentSpec) -> str:
    """One port's spec as the lines of its TOML table: `kind = ...` and, if any, `params = { ... }`."""
    lines = [f"kind = {_value(spec.kind)}"]
    if spec.params:
        lines.append("params = { " + ", ".join(f"{k} = {_value(v)}" for k, v in spec.params) + " }")
    return "\n".join(lines)


def dump_config(config: PipelineConfig) -> str:
    """The config as TOML text that `parse_config` reads back to an equal config."""
    tables = [f"[{port}]\n{dump_spec(config.spec(port))}" for port in PORTS]
    if config.engine is not None:
        tables.append(f"[engine]\n{dump_spec(config.engine)}")
    return "\n\n".join([f"on_invalid = {_value(config.on_invalid)}", *tables]) + "\n"


def _parse_value(text: str) -> Any:
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def apply_overrides(config: PipelineConfig, assignments: Iterable[str]) -> PipelineConfig:
    """Apply `port.kind=name`, `port.params.key=value` and `on_invalid=...` assignments in order.

    `engine.kind=dask` and `engine.params.workers=2` choose what runs batch scoring the same way.
    Changing a port's kind clears its parameters, since they belonged to the old component.
    """
    for assignment in assignments:
        key, sep, raw = assignment.partition("=")
        parts = key.strip().split(".")
        value = _parse_value(raw.strip())
        if sep and parts == ["on_invalid"]:
            config = PipelineConfig(**{p: config.spec(p) for p in PORTS}, on_invalid=str(value), engine=config.engine)
        elif sep and len(parts) >= 2 and parts[0] == "engine":
            config = config.with_engine(_engine_override(engine_spec(config), parts[1:], value, assignment))
        elif sep and len(parts) == 2 and parts[0] in PORTS and parts[1] == "kind":
            old = config.spec(parts[0])
            config = config.with_spec(parts[0], old if old.kind == value else ComponentSpec(str(value)))
        elif sep and len(parts) == 3 and parts[0] in PORTS and parts[1] == "params":
            config = config.with_spec(parts[0], config.spec(parts[0]).with_params(**{parts[2]: value}))
        else:
            raise ConfigError(
                f"cannot apply {assignment!r}",
                f"write PORT.kind=NAME, PORT.params.KEY=VALUE or on_invalid={'|'.join(ON_INVALID)} "
                f"(ports: {', '.join(PORTS)}, and engine)",
            )
    return config


def _engine_override(old: ComponentSpec, path: list[str], value: Any, assignment: str) -> ComponentSpec:
    """`old` after `engine.kind=NAME` or `engine.params.KEY=VALUE`."""
    if path == ["kind"]:
        return old if old.kind == value else ComponentSpec(str(value))
    if len(path) == 2 and path[0] == "params":
        return old.with_params(**{path[1]: value})
    raise ConfigError(f"cannot apply {assignment!r}", "write engine.kind=NAME or engine.params.KEY=VALUE")
