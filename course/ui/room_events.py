"""What a participant's session reports to the room, each step once: pages reached, answers, predictions, the Lab.

Every report is safe to call from any page: outside room mode, or before the session has joined a room, it does
nothing; a failing store (a full disk, a locked or deleted database) costs the participant nothing but one line
in the sidebar (`FAILED`), and the error goes to the server's log. Reports are deduplicated in the session, so
a rerun of a page reports nothing again.

One participant records at most PER_MINUTE events a minute (`LIMITER`), however fast their browser clicks:
past it, an event is dropped with a line in the server's log, and reported again at the next step that reports it
(a page's visit, an answer); only a dropped "stuck" shows the sidebar's line, since the participant waits on it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from course.room import limits, place, store
from course.room.board import STUCK_KINDS
from course.ui import state

LOG = logging.getLogger(__name__)
MEMBER = "room.member"
PAGE = "room.page"
VISIT = "room.visit"
FAILURE = "room.failed"
FAILED = "The room could not record your last step; the course goes on as usual."
LAB = "pages/lab.py"
PER_MINUTE = 60
LIMITER = limits.Limiter(PER_MINUTE)


@dataclass(frozen=True)
class Member:
    """This session's place in a room: the room's code, the participant's id and nickname."""

    code: str
    participant: str
    nickname: str


def member() -> Member | None:
    """This session's place in a room, or None (not joined, or room mode off)."""
    return state.get(MEMBER) if place.room_mode() else None


def failed(what: str, error: BaseException) -> None:
    """Log a store failure and keep a one-line notice for the sidebar."""
    LOG.warning("room: could not %s: %s: %s", what, type(error).__name__, error)
    state.put(FAILURE, True)


def take_failure() -> bool:
    """Whether a report failed since the sidebar last said so (and forget it)."""
    failure = bool(state.get(FAILURE))
    state.put(FAILURE, False)
    return failure


def _record(kind: str, page: str, detail: Mapping[str, object] | None = None) -> bool:
    """Report one event of this session's; whether it was recorded (False outside a room or on a failure)."""
    joined = member()
    if joined is None:
        return False
    if not LIMITER.allow((joined.code, joined.participant)):
        LOG.warning("room %s: dropped a %s of %s: over %d a minute", joined.code, kind, joined.participant, PER_MINUTE)
        if kind in STUCK_KINDS:
            state.put(FAILURE, True)
        return False
    try:
        store.existing(place.folder(), joined.code).record(joined.participant, kind, page, detail)
    except Exception as error:  # a report must never break a page
        failed(f"record a {kind}", error)
        return False
    return True


def page() -> str:
    """The script of the page this session is on (as `arrive` noted it), or ""."""
    return state.get(PAGE, "")


def note(script: str) -> None:
    """Note the page this run shows (answers and stuck flags name it)."""
    state.put(PAGE, script)


def arrive(script: str, force: bool = False) -> None:
    """Note the page this run shows; report a visit when it is another page than the one last reported."""
    note(script)
    if (force or state.get(VISIT) != script) and _record("visit", script):
        state.put(VISIT, script)


def answered(widget_key: str, option: int, right: bool) -> None:
    """Report the option (its index as written, the right one 0) chosen for the check question `widget_key`."""
    reported = dict(state.get("room.answers", {}))
    if reported.get(widget_key) == option:
        return
    if _record("answer", page(), {"question": widget_key, "option": option, "right": right}):
        reported[widget_key] = option
        state.put("room.answers", reported)


def predicted(key: str, choice: str, options: Sequence[str], happened: str | None) -> None:
    """Report a prediction (`choice` among `options`, or a skip) and whether the demo bore it out, once each."""
    reported = dict(state.get("room.predictions", {}))
    if reported.get(key) == choice:
        return
    known = choice in options
    detail = {
        "key": key,
        "choice": options.index(choice) if known else None,
        "right": None if not known or happened is None else choice == happened,
    }
    if _record("predict", page(), detail):
        reported[key] = choice
        state.put("room.predictions", reported)


def prediction_withdrawn(key: str) -> None:
    """The learner predicts again: their next choice is reported, even if it is the same."""
    reported = dict(state.get("room.predictions", {}))
    reported.pop(key, None)
    state.put("room.predictions", reported)


def lab_milestone(detail: Mapping[str, object]) -> bool:
    """Report one of the Lab's milestones (`detail["milestone"]` names it); whether the room recorded it."""
    return _record("lab", LAB, detail)


def lab_ran(shown: object, changed_port: str | None, kind: str | None) -> None:
    """Report the Lab's milestones: the session's first run, and each port swapped (the run shown is new)."""
    if shown is None or state.get("room.lab.shown") is shown:
        return
    if not state.get("room.lab.first"):
        if _record("lab", LAB, {"milestone": "first run"}):
            state.put("room.lab.first", True)
            state.put("room.lab.shown", shown)
        return
    if changed_port is None or _record("lab", LAB, {"milestone": "swap", "port": changed_port, "kind": kind}):
        state.put("room.lab.shown", shown)


def stuck(on: bool) -> None:
    """Report that the participant is stuck on this page, or no longer."""
    _record("stuck" if on else "unstuck", page())


def handled() -> bool:
    """Whether a helper has marked this participant's "stuck" as handled since they switched it on."""
    joined = member()
    if joined is None:
        return False
    try:
        room = store.existing(place.folder(), joined.code)
        return room.last_of(joined.participant, STUCK_KINDS) == "handled"
    except Exception as error:
        failed("read the stuck flag", error)
        return False
