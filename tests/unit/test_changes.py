"""Change requests are measured from the real variant files, and the variants do what the pages say they do."""

from __future__ import annotations

import difflib
import runpy
from pathlib import Path

import numpy as np
import pytest

from course.explain import change_checks, change_runs, lifecycle
from course.explain.changes import (
    BY_KEY,
    HEADER,
    LEGACY,
    MEASURES,
    REQUESTS,
    ROOT,
    SIDES,
    FileChange,
    body,
    cost,
    file_diff,
)
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import load_config

CHANGES = [(request.key, side) for request in REQUESTS for side in SIDES]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # lesson scripts and configs name their files from the repository root


def _legacy_names(path: str, cache: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Run a legacy script (or variant) in this process, its reference pickles in `cache`; return its globals."""
    monkeypatch.setenv("CQ4DS_LEGACY_CACHE", str(cache))
    return runpy.run_path(str(ROOT / path))


def _confusion(result) -> tuple:
    return result.train.confusion.as_rows(), result.test.confusion.as_rows()


def _legacy_confusion(names: dict) -> tuple:
    return tuple(tuple(tuple(int(v) for v in row) for row in np.asarray(names[m])) for m in ("cm_train", "cm_test"))


# --- The catalogue -------------------------------------------------------------------------------------------------


def test_every_request_has_both_sides_real_files_and_commands():
    assert set(change_runs.COMMANDS) == set(BY_KEY)
    for request in REQUESTS:
        assert request.legacy == (request.legacy[0],) and request.legacy[0].original == LEGACY
        assert request.package, request.key
        for change in request.legacy + request.package:
            assert (ROOT / change.variant).is_file(), change
            assert change.variant.startswith(f"lessons/changes/{request.key}/"), change
            assert change.original is None or (ROOT / change.original).is_file(), change
        assert change_runs.COMMANDS[request.key]["legacy"] and change_runs.COMMANDS[request.key]["package"]


@pytest.mark.parametrize(("key", "side"), CHANGES)
def test_every_variant_says_what_it_is_in_a_header_that_is_not_counted(key, side):
    for change in BY_KEY[key].files(side):
        lines = (ROOT / change.variant).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith(HEADER) and "CHANGE REQUEST" in lines[0], change.variant
        assert body(change.variant) == lines[len(lines) - len(body(change.variant)) :]
        assert not body(change.variant)[0].startswith(HEADER)


# --- The measurements ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "side"), CHANGES)
def test_counts_match_difflib_on_the_real_files(key, side):
    for diff in cost(key, side).diffs:
        before = body(diff.change.original) if diff.change.original else []
        after = body(diff.change.variant)
        unified = list(difflib.unified_diff(before, after, lineterm=""))
        plus = sum(line.startswith("+") and not line.startswith("+++") for line in unified)
        minus = sum(line.startswith("-") and not line.startswith("---") for line in unified)
        assert diff.added + diff.changed == plus
        assert diff.removed + diff.changed == minus
        assert diff.places == len(list(difflib.SequenceMatcher(None, before, after).get_grouped_opcodes(0)))
        assert diff.lines == diff.added + diff.removed + diff.changed > 0
        assert diff.text.splitlines()[2:] == unified[2:]  # the same hunks as difflib's own unified diff


def test_a_new_file_counts_every_line_as_added():
    new_files = [diff for key, side in CHANGES for diff in cost(key, side).diffs if diff.change.original is None]
    assert new_files
    for diff in new_files:
        assert (diff.added, diff.removed, diff.changed, diff.places) == (len(body(diff.change.variant)), 0, 0, 1)


def test_side_totals_add_up_their_files():
    for key, side in CHANGES:
        measured = cost(key, side)
        for measure in MEASURES:
            assert measured.total(measure) == sum(getattr(diff, measure) for diff in measured.diffs)
    with pytest.raises(ValueError, match="measure"):
        cost("csv_source", "legacy").total("hours")
    with pytest.raises(ValueError, match="side"):
        BY_KEY["csv_source"].files("notebook")


def test_a_one_line_edit_is_one_changed_line_in_one_place(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("x = 1\ny = 2\nz = 3\n")
    (tmp_path / "b.py").write_text("#| header\nx = 1\ny = 20\nz = 3\nw = 4\n")
    monkeypatch.setattr("course.explain.changes.ROOT", tmp_path)
    diff = file_diff(FileChange("b.py", "a.py"))
    assert (diff.added, diff.removed, diff.changed, diff.places, diff.edited) == (1, 0, 1, 2, 1)
    assert diff.written == ("y = 20", "w = 4")


# --- The lifecycle ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("measure", list(MEASURES))
def test_the_lifecycle_totals_are_running_sums_of_the_measured_diffs(measure):
    arrivals = lifecycle.timeline(measure)
    assert [a.request for a in arrivals] == [key for phase in lifecycle.LIFECYCLE for key in phase.requests]
    for side in SIDES:
        steps = [cost(a.request, side).total(measure) for a in arrivals]
        assert [getattr(a, side) for a in arrivals] == steps
        assert [getattr(a, f"{side}_total") for a in arrivals] == list(np.cumsum(steps))
    assert lifecycle.totals_after(lifecycle.PHASES[-1], measure) == {
        "legacy": arrivals[-1].legacy_total,
        "package": arrivals[-1].package_total,
    }


def test_every_request_arrives_somewhere_in_the_lifecycle():
    assert {key for phase in lifecycle.LIFECYCLE for key in phase.requests} == set(BY_KEY)
    with pytest.raises(ValueError, match="unknown phase"):
        lifecycle.phase_of("Retirement")


def test_only_the_legacy_side_pastes_copies_of_the_feature_steps():
    assert lifecycle.pasted_feature_steps(lifecycle.PHASES[0]) == {"legacy": 0, "package": 0}
    final = lifecycle.pasted_feature_steps(lifecycle.PHASES[-1])
    assert final["package"] == 0
    assert final["legacy"] == sum(cost(key, "legacy").written_matching(lifecycle.FEATURE_STEP) for key in BY_KEY) > 0
    assert cost("score_one", "legacy").written_matching(lifecycle.FEATURE_STEP) == 1


# --- The variants run and do what the pages claim --------------------------------------------------------------------


def test_csv_variants_give_the_same_results_as_sqlite(at_root, tmp_path, monkeypatch):
    sqlite = build_pipeline(load_config("configs/notebook.toml")).train_and_evaluate().result
    csv = build_pipeline(load_config("lessons/changes/csv_source/notebook.toml")).train_and_evaluate().result
    assert csv.data.origin.startswith("CSV file") and sqlite.data.origin.startswith("SQLite")
    assert csv.test.metrics == sqlite.test.metrics and _confusion(csv) == _confusion(sqlite)
    original = _legacy_names(LEGACY, tmp_path / "original", monkeypatch)
    variant = _legacy_names(BY_KEY["csv_source"].legacy[0].variant, tmp_path / "csv", monkeypatch)
    assert _legacy_confusion(variant) == _legacy_confusion(original) == _confusion(sqlite)


def test_both_random_forests_agree(at_root, tmp_path, monkeypatch):
    package = build_pipeline(load_config("lessons/changes/random_forest/notebook.toml")).train_and_evaluate().result
    legacy = _legacy_names(BY_KEY["random_forest"].legacy[0].variant, tmp_path, monkeypatch)
    assert type(legacy["model"]).__name__ == "RandomForestClassifier"
    assert _legacy_confusion(legacy) == _confusion(package)


def test_both_sides_add_the_deck_and_agree(at_root, tmp_path, monkeypatch):
    legacy = _legacy_names(BY_KEY["add_feature"].legacy[0].variant, tmp_path, monkeypatch)
    assert "deck" in legacy["categorical"]
    with_deck = runpy.run_path(str(ROOT / BY_KEY["add_feature"].package[0].variant))["WithDeck"]()
    run = build_pipeline(load_config("configs/notebook.toml"), features=with_deck).train_and_evaluate()
    assert any(name.startswith("deck=") for name in run.predictor.features.feature_names())
    assert _legacy_confusion(legacy) == _confusion(run.result)


def test_scoring_one_passenger_encodes_the_title_differently_on_each_side(at_root, tmp_path, monkeypatch, capsys):
    legacy = _legacy_names(BY_KEY["score_one"].legacy[0].variant, tmp_path, monkeypatch)
    assert legacy["new_df"]["title"].iloc[0] == "rare"  # 'Master' counted once, over one passenger
    assert "title_rare" in legacy["one_hot_encoder"].get_feature_names_out(legacy["categorical"])
    runpy.run_path(str(ROOT / "lessons/changes/score_one/score_one.py"), run_name="__main__")
    printed = capsys.readouterr().out
    assert change_checks.reported(printed, change_checks.TITLE) == "Master"
    assert "Master" in change_checks.learned_titles()


@pytest.mark.slow
def test_running_a_million_rows_request_in_small_runs_both_sides():
    outcome = change_runs.run_request("one_million", rows=2_000)
    assert set(outcome) == {"setup", *SIDES}
    assert all(side.ok for side in outcome.values()), {k: [r.error for r in v.runs] for k, v in outcome.items()}
    assert "2000 passengers scored" in outcome["legacy"].output
    assert "scored 2000 passengers" in outcome["package"].output
    assert change_checks.unseen_titles(outcome["legacy"].output)  # titles training called rare, kept as unseen ones
    assert all(run.seconds > 0 and run.peak_mib > 0 for side in outcome.values() for run in side.runs)
    assert change_runs.shown("one_million", "setup", 2_000) == [
        "python -m cq4ds generate --rows 2000 --out $WORK/big_passengers.parquet"
    ]
    assert change_runs.scales("one_million") and not change_runs.scales("score_one")


# --- The runner ------------------------------------------------------------------------------------------------------


def test_a_failing_command_reports_its_exception_and_a_stuck_one_is_stopped(tmp_path, monkeypatch):
    failed = change_runs.run_command(("-c", "raise ValueError('one-hot columns do not match')"), str(tmp_path), 1)
    assert failed.exit_code == 1 and failed.error == "ValueError: one-hot columns do not match"
    monkeypatch.setattr(change_runs, "TIMEOUT_SECONDS", 1)
    stuck = change_runs.run_command(("-c", "import time; time.sleep(60)"), str(tmp_path), 1)
    assert stuck.exit_code != 0 and stuck.error == "stopped after 1 s" and stuck.seconds < 30


def test_peak_memory_is_the_commands_own_not_the_callers(tmp_path):
    ballast = b"x" * (400 * 2**20)  # make this process big: a child's peak must not inherit it
    small = change_runs.run_command(("-c", "pass"), str(tmp_path), 1)
    big = change_runs.run_command(("-c", "data = b'x' * (300 * 2**20)"), str(tmp_path), 1)
    assert len(ballast) and small.peak_mib < 150 <= 300 <= big.peak_mib
    with pytest.raises(ValueError, match="unknown change request"):
        change_runs.run_request("rewrite_in_rust")
