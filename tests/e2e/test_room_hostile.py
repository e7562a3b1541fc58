"""A hostile participant in the room: one browser uploads the heaviest files the Lab allows while two others swap.

The minutes-long comparison with a quiet room is a benchmark (bench/room.py --hostile-upload); this is the
same driver, for about 30 s: the heavy participant uploads 10,000 generated passengers (trained), then
50,000 (refused at the 10,000-passenger cap), then a SQLite file whose passenger table is a recursive
view of a million rows (refused at the cap), while two wire sessions swap models. Every swap must show
that session's own metrics, and every heavy file must get the Lab's answer for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from tests.e2e import hostile
from tests.e2e.room import Participant, ambiguous, cast, expected_metrics, run_room

SECONDS = 30
WIRE = 2


@pytest.fixture(scope="module")
def heavy_room(app_url, tmp_path_factory):
    files = hostile.heavy_files(tmp_path_factory.mktemp("heavy"), 1, long_names=False, endless_view=False)
    participants = [*cast(WIRE, browsers=0), Participant(WIRE, heavy=True)]
    expected = expected_metrics(participants)
    assert not ambiguous(expected), "two compositions would show the same metrics: the check could not tell"
    room = run_room(app_url, participants, expected, SECONDS, 0.5, None, stagger=0.2, heavy_files=files)
    # The sync Playwright of the other browser tests owns this thread's event loop: run the room in its own.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, room).result()


def test_the_others_see_only_their_own_results_while_one_uploads_heavy_files(heavy_room):
    assert heavy_room.errors == []
    assert {swap.participant for swap in heavy_room.completed} == set(range(WIRE))
    assert all(not swap.browser for swap in heavy_room.completed)  # the heavy participant swaps nothing


def test_the_heavy_participant_trained_at_the_cap_and_was_refused_over_it(heavy_room):
    def first(what: str) -> hostile.Outcome:
        return next(o for o in heavy_room.hostile if o.action.startswith(f"{hostile.HEAVY}: {what}"))

    trained = first("10,000 passengers")
    assert trained.problem is None and "10000 rows read" in trained.detail
    capped = first("50,000 passengers")
    assert capped.problem is None
    assert "'passengers-50000.csv' holds more than 10,000 passengers. Fix: " in capped.detail
