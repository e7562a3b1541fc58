"""What a laptop reports after grading an exercise, checked field by field before anything is stored.

A report is JSON of exactly this shape, and nothing else is taken:

    {"code": "ROOM5", "name": "Ada",
     "components": [{"port": "source", "kind": "jsonl",
                     "checks": [{"name": "reads schema columns", "passed": true, "message": "one line"}, ...]}]}

The code must be a room code and the name a nickname (the rules of joining from Start); a port one of the
pipeline's, a kind a component name (lowercase letters, digits, `_`); each check a check of that port's battery
(the names are given by whoever builds the route: the grader knows them), at most once, with a boolean and a
one-line message of at most MAX_MESSAGE characters. Only these results are stored, one `exercise` event per
component; a component has passed when every check of its port's battery is reported and passed.

The report lands in the row of the participant who joined the room under that nickname (the latest one, when
the name was taken twice; letters compared regardless of case); a name nobody joined under joins the room, so a
participant who only works on their laptop still has a row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from course.room import codes, store
from course.room.codes import RoomError

KIND = "exercise"
MAX_COMPONENTS = 4
MAX_MESSAGE = 160
COMPONENT_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
FIELDS = ("code", "name", "components")
COMPONENT_FIELDS = ("port", "kind", "checks")
CHECK_FIELDS = ("name", "passed", "message")


@dataclass(frozen=True)
class Result:
    """One check's outcome as the laptop reported it."""

    name: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Component:
    """One graded component: its port, the kind it is registered as, and its checks' outcomes."""

    port: str
    kind: str
    checks: tuple[Result, ...]

    def detail(self, battery: Sequence[str]) -> dict[str, object]:
        """The event's detail: port, kind, whether the whole `battery` passed, and each check's outcome."""
        passed = {check.name for check in self.checks if check.passed}
        checks = [{"name": c.name, "passed": c.passed, "message": c.message} for c in self.checks]
        return {"port": self.port, "kind": self.kind, "passed": set(battery) <= passed, "checks": checks}


@dataclass(frozen=True)
class Report:
    """A checked report: the room, the nickname, the components graded."""

    code: str
    nickname: str
    components: tuple[Component, ...]


def _fields(data: object, expected: Sequence[str], what: str) -> dict[str, object]:
    """`data` as an object with exactly the fields `expected`; raises RoomError naming what is wrong."""
    if not isinstance(data, dict):
        raise RoomError(f"{what} must be a JSON object with the fields {', '.join(expected)}")
    missing = [field for field in expected if field not in data]
    extra = sorted(str(field)[:30] for field in data if field not in expected)
    if missing or extra:
        wrong = (f"missing {', '.join(missing)}" if missing else "") + ("; " if missing and extra else "")
        wrong += f"unexpected {', '.join(extra)}" if extra else ""
        raise RoomError(f"{what} has exactly the fields {', '.join(expected)} ({wrong})")
    return data


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise RoomError(f"{what} must be a string")
    return value


def _message(value: object, where: str) -> str:
    text = _text(value, f"{where}'s message")
    if len(text) > MAX_MESSAGE:
        raise RoomError(f"{where}'s message has {len(text)} characters; at most {MAX_MESSAGE} are taken")
    # every character of a C category is unprintable: a printable text needs no look at each one
    if not text.isprintable() and any(unicodedata.category(char).startswith("C") for char in text):
        raise RoomError(f"{where}'s message is one line of plain text: no line breaks or control characters")
    return text


def _component(data: object, batteries: Mapping[str, Sequence[str]]) -> Component:
    fields = _fields(data, COMPONENT_FIELDS, "a component")
    port = _text(fields["port"], "a component's port")
    if port not in batteries:
        raise RoomError(f"'{port[:20]}' is not a port: one of {', '.join(batteries)}")
    kind = _text(fields["kind"], "a component's kind")
    if not COMPONENT_NAME.fullmatch(kind):
        raise RoomError(f"'{kind[:40]}' is not a component's name: lowercase letters, digits and _, at most 40")
    checks = fields["checks"]
    battery = batteries[port]
    if not isinstance(checks, list) or not 0 < len(checks) <= len(battery):
        raise RoomError(f"a {port}'s checks are a list of 1 to {len(battery)} results")
    found: list[Result] = []
    for entry in checks:
        check = _fields(entry, CHECK_FIELDS, "a check")
        name = _text(check["name"], "a check's name")
        if name not in battery:
            raise RoomError(f"'{name[:40]}' is not a check of a {port}: the grader's checks are {', '.join(battery)}")
        if any(result.name == name for result in found):
            raise RoomError(f"the check '{name}' is reported twice")
        if not isinstance(check["passed"], bool):
            raise RoomError(f"the check '{name}': passed must be true or false")
        found.append(Result(name, check["passed"], _message(check["message"], f"the check '{name}'")))
    return Component(port, kind, tuple(found))


def parse(data: object, batteries: Mapping[str, Sequence[str]]) -> Report:
    """The report `data` (parsed JSON) holds, given each port's check names; raises RoomError when it is not one."""
    fields = _fields(data, FIELDS, "a report")
    code = codes.typed_code(_text(fields["code"], "the room code"))
    nickname = codes.nickname(_text(fields["name"], "the name"))
    components = fields["components"]
    if not isinstance(components, list) or not 0 < len(components) <= MAX_COMPONENTS:
        raise RoomError(f"components are a list of 1 to {MAX_COMPONENTS} graded components")
    return Report(code, nickname, tuple(_component(entry, batteries) for entry in components))


def record(room: store.Room, report: Report, batteries: Mapping[str, Sequence[str]]) -> str:
    """Store `report`'s components as `exercise` events of its participant (joined if new), at once; their id."""
    details = [component.detail(batteries[component.port]) for component in report.components]
    return room.report(report.nickname, KIND, details)
