"""Characterization of the refactoring replay: every state computes exactly what the legacy script computed.

Each state runs in its own Python process (as the app runs it), with a copy of the pickles the legacy
script's own `do_test` calls wrote, so each state's home-made checks compare against the notebook too.
Then every break is made in every state, and every one of them must make the checks fail.
The 41 runs are independent, so they go in parallel: about a minute on two idle cores, more on a busy machine.
"""

from __future__ import annotations

import os
import runpy
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from course.explain import replay
from course.explain.lessons import LEGACY_SCRIPT
from course.explain.replay import NO_BREAK, ReplayError
from course.explain.replay_checks import ARTEFACTS, NUMERIC_COLUMNS, Artefacts, compare

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]  # the first test waits for all the runs

NUMBERS = [state.number for state in replay.states()]
KEYS = [variant.key for variant in replay.variants()]
LAST = NUMBERS[-1]


def _in_parallel(jobs: dict[Any, Callable[[], Artefacts]]) -> dict[Any, Artefacts | Exception]:
    """Run every job (each starts its own process) on a few threads; keep each result or error."""

    def attempt(job: Callable[[], Artefacts]) -> Artefacts | Exception:
        try:
            return job()
        except Exception as error:  # reported by the test that reads it
            return error

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(jobs, pool.map(attempt, jobs.values()), strict=True))


@pytest.fixture(scope="module")
def legacy_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Artefacts]:
    """Run the legacy script in this process: the pickles its do_test calls wrote, and its artefacts."""
    cache = tmp_path_factory.mktemp("legacy_pickles")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(replay.REPO)
        patch.setenv(replay.CACHE_VARIABLE, str(cache))
        names = runpy.run_path(str(replay.REPO / "lessons" / LEGACY_SCRIPT))
    return cache, {
        "X_train_processed": names["X_train_processed"],
        "X_test_processed": names["X_test_processed"],
        "train_pids": np.array(names["X_train"].index, dtype=int),
        "test_pids": np.array(names["X_test"].index, dtype=int),
        "cm_train": names["cm_train"],
        "cm_test": names["cm_test"],
    }


@pytest.fixture(scope="module")
def legacy_cache(legacy_run: tuple[Path, Artefacts]) -> Path:
    """The folder of pickles the legacy script's own do_test calls wrote."""
    return legacy_run[0]


@pytest.fixture(scope="module")
def legacy(legacy_run: tuple[Path, Artefacts]) -> Artefacts:
    """The legacy script's artefacts, read from its globals: the reference."""
    return legacy_run[1]


@pytest.fixture(scope="module")
def runs(legacy_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[Any, Artefacts | Exception]:
    """Every state as it is (with a copy of the legacy pickles), and every break in every state (fresh caches)."""
    jobs: dict[Any, Callable[[], Artefacts]] = {}
    for number in NUMBERS:
        cache = tmp_path_factory.mktemp(f"state_{number:02d}")
        shutil.copytree(legacy_cache, cache, dirs_exist_ok=True)
        jobs[number, NO_BREAK] = lambda number=number, cache=cache: replay.run_state(number, NO_BREAK, cache)
        for key in KEYS:
            jobs[number, key] = lambda number=number, key=key: replay.run_state(number, key)
    return _in_parallel(jobs)


def _result(runs: dict[Any, Artefacts | Exception], number: int, key: str) -> Artefacts:
    found = runs[number, key]
    if isinstance(found, Exception):
        raise found
    return found


def test_the_replay_reference_is_the_legacy_script(legacy: Artefacts, runs) -> None:
    reference = _result(runs, 0, NO_BREAK)
    assert all(check.passed for check in compare(legacy, reference))
    assert set(reference) == set(ARTEFACTS)


@pytest.mark.parametrize("number", NUMBERS)
def test_every_state_reproduces_the_legacy_artefacts_exactly(number: int, legacy: Artefacts, runs) -> None:
    # the state also ran its own do_test checks against the legacy pickles: a failure there fails the run
    checks = compare(legacy, _result(runs, number, NO_BREAK))
    assert [check.summary() for check in checks if not check.passed] == []


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("number", NUMBERS)
def test_every_break_in_every_state_fails_the_checks(number: int, key: str, legacy: Artefacts, runs) -> None:
    run = _result(runs, number, key)
    passed = {check.name: check.passed for check in compare(legacy, run)}
    assert passed["train_pids"] and passed["test_pids"]  # the same passengers: only the data changed
    assert not passed["X_train_processed"] and not passed["X_test_processed"]


@pytest.mark.parametrize("number", NUMBERS)
def test_each_break_changes_the_part_of_the_matrix_it_claims_to(number: int, legacy: Artefacts, runs) -> None:
    numbers = len(NUMERIC_COLUMNS)
    reference = legacy["X_train_processed"]
    fixed = _result(runs, number, "is_alone")["X_train_processed"]
    np.testing.assert_allclose(fixed[:, -numbers:], reference[:, -numbers:], atol=1e-9, rtol=0)
    split = _result(runs, number, "split_imputation")["X_train_processed"]
    np.testing.assert_array_equal(split[:, :-numbers], reference[:, :-numbers])
    assert not np.allclose(split[:, -numbers:], reference[:, -numbers:], atol=1e-9, rtol=0)
    rarer = _result(runs, number, "rare_threshold")["X_train_processed"]
    assert rarer.shape[1] == reference.shape[1] + 2  # Dr and Rev get their own one-hot columns


def test_a_state_s_own_checks_catch_a_break_against_the_legacy_pickles(legacy_cache: Path, tmp_path: Path) -> None:
    shutil.copytree(legacy_cache, tmp_path, dirs_exist_ok=True)
    with pytest.raises(ReplayError, match="AssertionError"):
        replay.run_state(LAST, "is_alone", tmp_path)
