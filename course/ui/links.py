"""Compositions as shareable links: a PipelineConfig to query parameters and back.

The link holds one `port=kind` entry per port and `port.param=value` entries for the
parameters that differ from the component's defaults, so links stay short and readable:
`?model=random_forest&model.n_estimators=300`. Paths in links may only point into the
bundled sample data: a link never carries (or opens) somebody's uploaded file. Which entries are
paths, and whether a path may be read, is the one policy in `course.ui.policy` (`is_path_param`,
`allowed_path` without uploads), so a link cannot reach what no other way in the app can.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from course.ui import files, policy
from cq4ds.domain import PORTS, ComponentSpec, ConfigError, PipelineConfig
from cq4ds.grading.exercises import exercise
from cq4ds.registry import Registry

SHAREABLE_FOLDER = files.SAMPLE_FOLDER.as_posix()
CONTROL_KEYS = ("hide", "lock")  # lesson links: ports whose pickers are hidden, or shown but locked
EXERCISE_KEY = "exercise"  # lesson links: the exercise the link belongs to (the Lab shows its task)


def check_shareable(where: str, name: str, value: object) -> None:
    """Refuse a link's path entry unless it is written as `sample_data/...` and the policy lets anyone read it.

    Raises:
        ConfigError: naming the entry and the value as written in the link.
    """
    if not policy.is_path_param(name):
        return
    policy.allowed_path(value, where=f"the link's {where}", with_uploads=False)  # resolved: no way out, no upload
    path = PurePosixPath(str(value))
    if path.is_absolute() or path.parts[:1] != (SHAREABLE_FOLDER,) or ".." in path.parts:  # works on any server
        raise ConfigError(
            f"the link's {where} {value!r} is not written as {SHAREABLE_FOLDER}/FILE",
            f"links may only name files in {SHAREABLE_FOLDER}/",
        )


def _shareable(name: str, value: object) -> bool:
    try:
        check_shareable(name, name, value)
    except ConfigError:
        return False
    return True


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
    known = set(PORTS) | {"on_invalid", EXERCISE_KEY, *CONTROL_KEYS} | {f"{port}." for port in PORTS}
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
                check_shareable(key, key.split(".", 1)[1], value)
                params[key.split(".", 1)[1]] = value
        specs[port] = ComponentSpec(kind, params)
    return registry.check(PipelineConfig(**specs, on_invalid=query.get("on_invalid", defaults.on_invalid)))


@dataclass(frozen=True)
class Controls:
    """Which ports a lesson link hides from the learner, which it shows but locks, and its exercise (if any)."""

    hidden: frozenset[str] = frozenset()
    locked: frozenset[str] = frozenset()
    exercise: int | None = None

    @property
    def fixed(self) -> frozenset[str]:
        """The ports the learner cannot change: hidden or locked."""
        return self.hidden | self.locked

    def to_query(self) -> dict[str, str]:
        """The link entries for these controls (none when nothing is hidden or locked and no exercise is named)."""
        entries = {"hide": self.hidden, "lock": self.locked}
        query = {key: ",".join(port for port in PORTS if port in ports) for key, ports in entries.items() if ports}
        if self.exercise is not None:
            query[EXERCISE_KEY] = str(self.exercise)
        return query


def controls_from_query(query: Mapping[str, str]) -> Controls:
    """The hidden and locked ports and the exercise a link names; raises ConfigError for an unknown port or exercise."""
    chosen = {}
    for key in CONTROL_KEYS:
        ports = frozenset(p.strip() for p in query.get(key, "").split(",") if p.strip())
        unknown = sorted(ports - set(PORTS))
        if unknown:
            raise ConfigError(f"the link's {key} names unknown ports {unknown}", f"use ports from: {', '.join(PORTS)}")
        chosen[key] = ports
    number = exercise(query[EXERCISE_KEY]).number if query.get(EXERCISE_KEY) else None
    return Controls(hidden=chosen["hide"], locked=chosen["lock"] - chosen["hide"], exercise=number)


def lesson_query(
    config: PipelineConfig, defaults: PipelineConfig, registry: Registry, controls: Controls
) -> dict[str, str]:
    """A lesson link's query: the composition plus the controls hidden or locked."""
    return {**to_query(config, defaults, registry), **controls.to_query()}
