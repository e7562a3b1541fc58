"""The code behind a composition: runnable Python that wires it through the composition root, and the CLI line.

A page may show a composition with some values renamed (`shown_config`): a file in a session's private
folder is then named as its user knows it, so the code shown never carries a private path.
"""

from __future__ import annotations

import json
import math
import shlex
from collections.abc import Callable
from typing import Any

from cq4ds.domain import PORTS, ComponentSpec, PipelineConfig
from cq4ds.grading.exercises import POSIX_PYTHON

_WIDTH = 120  # the project's line length: longer specs are split one parameter a line


def _literal(value: Any) -> str:
    """Python source that evaluates to `value` (strings in double quotes, as the project writes them)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid Python string literal
    if isinstance(value, tuple):
        items = ", ".join(_literal(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    return repr(value)


def _spec_lines(port: str, spec: ComponentSpec) -> list[str]:
    """`port=ComponentSpec(...),` on one line, or one parameter a line when that is too long."""
    if not spec.params:
        return [f"    {port}=ComponentSpec({_literal(spec.kind)}),"]
    pairs = [f"{_literal(name)}: {_literal(value)}" for name, value in spec.params]
    line = f"    {port}=ComponentSpec({_literal(spec.kind)}, {{{', '.join(pairs)}}}),"
    if len(line) <= _WIDTH:
        return [line]
    return [
        f"    {port}=ComponentSpec(",
        f"        {_literal(spec.kind)},",
        "        {",
        *(f"            {pair}," for pair in pairs),
        "        },",
        "    ),",
    ]


def config_code(config: PipelineConfig) -> str:
    """A `PipelineConfig(...)` expression equal to `config`, one port a line."""
    lines = ["PipelineConfig("]
    for port in PORTS:
        lines += _spec_lines(port, config.spec(port))
    lines += [f"    on_invalid={_literal(config.on_invalid)},", ")"]
    return "\n".join(lines)


def wiring_code(config: PipelineConfig, exercises: bool = False) -> str:
    """Runnable Python that builds `config` through the composition root, trains, and prints the metrics.

    With `exercises`, the components are looked up in the registry the app uses: the built-in ones plus the
    participant's exercises folder (`cq4ds.extensions.with_exercises`), so their own components resolve too.
    """
    if not exercises:
        imports, registry = "", ""
    else:
        imports = "from cq4ds.extensions import with_exercises  # the built-in components and your exercises/\n"
        registry = "registry=with_exercises().registry"
    return (
        "from cq4ds.bootstrap import build_pipeline\n"
        "from cq4ds.domain import ComponentSpec, PipelineConfig\n"
        f"{imports}"
        "\n"
        f"config = {config_code(config)}\n"
        f"trained = build_pipeline(config{', ' + registry if registry else ''}).train_and_evaluate()\n"
        "print(trained.result.metrics)\n"
    )


def shown_spec(spec: ComponentSpec, rename: Callable[[str], str]) -> ComponentSpec:
    """`spec` with each text parameter passed through `rename` (numbers, flags and lists stay as they are)."""
    return ComponentSpec(spec.kind, {name: rename(v) if isinstance(v, str) else v for name, v in spec.params})


def shown_config(config: PipelineConfig, rename: Callable[[str], str]) -> PipelineConfig:
    """`config` with every port's text parameters passed through `rename` (see `shown_spec`)."""
    specs = {port: shown_spec(config.spec(port), rename) for port in PORTS}
    return PipelineConfig(**specs, on_invalid=config.on_invalid)


def renamed_values(config: PipelineConfig, rename: Callable[[str], str]) -> tuple[str, ...]:
    """The new names `rename` gives to `config`'s text parameters, in port order (those it leaves alone omitted)."""
    return tuple(
        rename(value)
        for port in PORTS
        for _, value in config.spec(port).params
        if isinstance(value, str) and rename(value) != value
    )


def cli_command(config_file: str = "lab.toml", python: str = POSIX_PYTHON) -> str:
    """The command that runs a config file with the project's own Python, typed at the project root."""
    return f"{python} -m cq4ds run --config {shlex.quote(config_file)}"
