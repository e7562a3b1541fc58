"""A few participants in the Lab at the same time on one server: no cross-talk, and hostile input is handled.

The 30-participant run for minutes is a benchmark (bench/room.py); this is the same driver, small enough
for the suite: four browser sessions at once, each trying one kind of hostile input through the UI and
then swapping models while the others do the same, beside two wire sessions (tests/e2e/wire.py) that
swap models without a browser. Every swap must show that session's own metrics.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from tests.e2e import hostile
from tests.e2e.browser import SHOTS
from tests.e2e.room import CARDS, LAB_PAGE, MODELS, ambiguous, cast, expected_metrics, judged, run_room
from tests.e2e.wire import WireSession

PARTICIPANTS = 6
BROWSERS = 4
SECONDS = 90  # after the hostile inputs, each participant swaps until then (runs pass a gate of one per CPU)


@pytest.fixture(scope="module")
def room_report(app_url):
    participants = cast(PARTICIPANTS, hostile_every=1, browsers=BROWSERS)  # each browser tries a hostile input
    expected = expected_metrics(participants)
    assert not ambiguous(expected), "two compositions would show the same metrics: the check could not tell"
    # The sync Playwright of the other browser tests owns this thread's event loop: run the room in its own.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        run = pool.submit(asyncio.run, run_room(app_url, participants, expected, SECONDS, 0.5, SHOTS, stagger=0.2))
        return run.result()


def test_every_session_sees_only_its_own_results(room_report):
    assert room_report.errors == []
    swapped = {swap.participant for swap in room_report.completed}
    assert swapped == set(range(PARTICIPANTS)), f"participants with no completed swap: {swapped}"
    assert {swap.participant for swap in room_report.completed if not swap.browser} == {4, 5}
    assert {swap.model for swap in room_report.completed} >= {"knn", "gradient_boosting", "random_forest"}


@pytest.mark.parametrize("action", list(hostile.ACTIONS))
def test_hostile_input_through_the_ui_is_handled(room_report, action):
    (outcome,) = [outcome for outcome in room_report.hostile if outcome.action == action]
    assert outcome.problem is None, outcome.problem
    assert outcome.detail
    assert (SHOTS / f"hostile_{hostile.SHOT_NAMES[action]}.png").is_file()


def test_a_wire_session_showing_another_sessions_result_is_an_error(app_url):
    """The wire sessions' cross-talk check can fail: one participant's result judged against another's."""
    me, other = cast(2, browsers=0)
    expected = expected_metrics([me, other])

    async def open_as(participant):
        async with WireSession(app_url, LAB_PAGE, participant.query_string, CARDS) as session:
            return await session.open()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # away from the sync Playwright's event loop
        run = pool.submit(asyncio.run, open_as(me)).result()
    assert judged(run, me, MODELS[0], expected[me.seed, MODELS[0]]).problem is None
    crossed = judged(run, me, MODELS[0], expected[other.seed, MODELS[0]])
    assert crossed.problem and crossed.problem.startswith("wanted")
