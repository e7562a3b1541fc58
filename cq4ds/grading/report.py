"""Reporting a grade to a workshop room: `python -m cq4ds check FILE --room URL --code ROOM --name NICK`.

The laptop grades as always; then only the results travel: each component's port and kind, and per check its
name, whether it passed and its one-line message (made one line and cut to MAX_MESSAGE characters here). No
code, no file name, no path. They are posted as JSON to the app's route (`ROUTE`, served by the room's server
beside its pages) with the standard library, straight to the address given (never through a proxy: the room is
on the workshop's network), with a short timeout. Whatever the network does, the grade printed above stands and
the exit status is the grade's; one line says whether the room received it, and what to do when it did not.
"""

from __future__ import annotations

import http.client
import json
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from cq4ds.domain import ConfigError
from cq4ds.grading.battery import Graded

ROUTE = "/room/checks"  # course.room.route.PATH: the path the room's server answers on
TIMEOUT_SECONDS = 5.0
MAX_MESSAGE = 160  # course.room.results.MAX_MESSAGE: the longest message the room takes
MAX_ANSWER = 4096  # bytes of the server's answer read
NOT_REACHED_FIX = (
    "check the address your instructor shows (http://HOST:PORT), that this laptop is on the workshop's network, "
    "and that the server was started with `make room`; then run the same command again"
)


@dataclass(frozen=True)
class Target:
    """Where and as whom a grade is reported: the route's URL, the room code, the nickname."""

    url: str
    code: str
    name: str


def target(room: str | None, code: str | None, name: str | None) -> Target | None:
    """The room to report to from the command's options (None without --room); raises ConfigError when incomplete.

    `room` is the server's address, `http://HOST:PORT`; a join link (`http://HOST:PORT/?room=CODE`) does too, and
    its code stands in for a missing `code`.
    """
    if not room:
        if code or name:
            raise ConfigError("--code and --name report to a room given with --room", "add --room http://HOST:PORT")
        return None
    parts = urllib.parse.urlsplit(room.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"--room {room[:60]!r} is not a server address", "give it as http://HOST:PORT")
    code = code or dict(urllib.parse.parse_qsl(parts.query)).get("room")
    if not code or not name:
        raise ConfigError("reporting to a room needs its code and your nickname", "add --code ROOM --name NICK")
    return Target(f"{parts.scheme}://{parts.netloc}{ROUTE}", code, name)


def one_line(text: str) -> str:
    """`text` as one line of at most MAX_MESSAGE characters: control characters become spaces, runs of space one."""
    flat = " ".join("".join(" " if unicodedata.category(c).startswith("C") else c for c in text).split())
    return flat if len(flat) <= MAX_MESSAGE else flat[: MAX_MESSAGE - 1] + "…"


def payload(where: Target, graded: Sequence[Graded]) -> dict[str, object]:
    """What is posted: the room code, the nickname, and per component its checks' names, verdicts and messages."""
    components = [
        {
            "port": g.port,
            "kind": g.kind,
            "checks": [{"name": c.name, "passed": c.passed, "message": one_line(c.reason)} for c in g.checks],
        }
        for g in graded
    ]
    return {"code": where.code, "name": where.name, "components": components}


def _answer(raw: bytes) -> dict[str, object]:
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return answer if isinstance(answer, dict) else {}


def post(where: Target, body: dict[str, object], timeout: float = TIMEOUT_SECONDS) -> tuple[bool, str]:
    """Post `body` to the room; whether it was received, and one line saying so or why not."""
    request = urllib.request.Request(
        where.url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "cq4ds-check"},
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            answer = _answer(response.read(MAX_ANSWER))
    except urllib.error.HTTPError as refused:
        answer = _answer(refused.read(MAX_ANSWER))
        fix = f". Fix: {answer['fix']}" if answer.get("fix") else ""
        return False, f"room: not received (HTTP {refused.code}): {answer.get('error', refused.reason)}{fix}"
    except (OSError, http.client.HTTPException) as error:  # refused, unreachable, timed out, not HTTP
        reason = getattr(error, "reason", error)
        return False, f"room: not reached at {where.url} ({reason}). Fix: {NOT_REACHED_FIX}"
    if answer.get("received") is not True:
        return False, f"room: {where.url} answered, but not as a room does. Fix: {NOT_REACHED_FIX}"
    return True, f"room: received by room {answer.get('room')} as {answer.get('name')}"


def sent_lines(where: Target, body: dict[str, object]) -> list[str]:
    """What was sent, in words: the address, the room, the name, and per component how many results."""
    lines = [f"room: sent to {where.url} as {where.name!r} in room {where.code}, only these results:"]
    for component in body["components"]:  # type: ignore[union-attr]
        checks = component["checks"]
        passed = sum(check["passed"] for check in checks)
        lines.append(f"  [{component['port']}] {component['kind']}: {len(checks)} check results, {passed} passed")
    return lines


def send(where: Target, graded: Sequence[Graded]) -> list[str]:
    """Report `graded` to the room: the lines to print, what was sent and whether the room received it."""
    body = payload(where, graded)
    _, outcome = post(where, body)
    return [*sent_lines(where, body), outcome]
