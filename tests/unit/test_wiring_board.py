"""The wiring board runs the unchanged core; the coupled lesson and its variants run and agree with it."""

from __future__ import annotations

import hashlib
import runpy
from pathlib import Path

import pandas as pd
import pytest

from course.explain import wiring_board
from course.explain.lessons import LESSONS
from course.explain.source import source_of
from cq4ds.bootstrap import build_pipeline
from cq4ds.domain import ComponentSpec, ConfigError
from cq4ds.registry import Registry
from cq4ds.usecases.training import train_and_evaluate


def _run_lesson(name: str, out: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """Run a coupled lesson file the way its main() would, writing into `out`; return the creator."""
    monkeypatch.setenv("CQ4DS_COUPLED_OUT", str(out))
    creator = runpy.run_path(str(LESSONS / name))["TitanicModelCreator"]()
    creator.run()
    return creator


def _confusion(creator: object) -> tuple[int, int, int, int]:
    (tn, fp), (fn, tp) = creator.cm_test.tolist()  # type: ignore[attr-defined]
    return tn, fp, fn, tp


def test_the_coupled_lesson_runs_and_matches_the_notebook_wiring(tmp_path, monkeypatch):
    creator = _run_lesson(wiring_board.COUPLED, tmp_path, monkeypatch)
    board = wiring_board.train(wiring_board.default_config())
    assert _confusion(creator) == (
        board.test.confusion.tn,
        board.test.confusion.fp,
        board.test.confusion.fn,
        board.test.confusion.tp,
    )
    assert (tmp_path / "model.pkl").is_file()  # the coupled core pickles its model itself


@pytest.mark.slow
@pytest.mark.parametrize("variant", wiring_board.variants())
def test_every_variant_runs_and_matches_the_board_with_the_same_card(variant, tmp_path, monkeypatch):
    slot, kind = variant.split("_", 1)
    creator = _run_lesson(wiring_board.variant_name(slot, kind), tmp_path, monkeypatch)
    board = wiring_board.train(wiring_board.board_config({slot: kind}))
    confusion = board.test.confusion
    assert _confusion(creator) == (confusion.tn, confusion.fp, confusion.fn, confusion.tp)
    if slot == "sink":
        written = pd.read_csv(tmp_path / "predictions.csv")
        assert len(written) == board.n_test


def test_every_variant_names_a_registered_card_and_edits_the_core():
    registry = Registry()
    assert wiring_board.variants()
    for variant in wiring_board.variants():
        slot, kind = variant.split("_", 1)
        assert slot in wiring_board.SLOTS and kind in registry.kinds(slot), variant
        edit = wiring_board.coupled_edit(slot, kind)
        assert edit is not None and edit.in_core > 0, variant
        assert edit.changed >= edit.in_core


def test_the_model_swap_in_the_coupled_version_is_an_import_and_a_constructor():
    edit = wiring_board.coupled_edit("model", "random_forest")
    assert edit is not None
    assert (edit.changed, edit.in_core) == (4, 2)
    assert "-        model = LogisticRegression(random_state=0)" in edit.diff
    assert "+from sklearn.ensemble import RandomForestClassifier" in edit.diff


def test_a_swap_without_a_variant_says_so():
    assert wiring_board.coupled_edit("model", "baseline") is None


def test_the_board_writes_chosen_cards_with_their_defaults():
    config = wiring_board.board_config({"model": "random_forest", "sink": "csv"})
    assert config.model == ComponentSpec("random_forest", {"n_estimators": 200, "max_depth": 6, "random_state": 0})
    assert "path" in config.sink.options
    assert config.features == wiring_board.default_config().features  # unchanged slots keep the notebook's params
    assert wiring_board.swaps(wiring_board.default_config(), config) == (("model", "random_forest"), ("sink", "csv"))


def test_the_wiring_diff_is_one_spec_per_swapped_slot():
    start = wiring_board.default_config()
    config = wiring_board.board_config({"model": "random_forest"})
    diff = wiring_board.wiring_diff(start, config)
    assert diff.splitlines()[2:] == [
        '-    model=ComponentSpec("logistic_regression", {"C": 1.0, "max_iter": 100, "random_state": 0}),',
        '+    model=ComponentSpec("random_forest", {"max_depth": 6, "n_estimators": 200, "random_state": 0}),',
    ]
    assert wiring_board.wiring_lines(start, config, "model") == 2
    assert wiring_board.wiring_diff(start, start) == ""


def test_training_on_the_board_is_training_through_the_composition_root():
    config = wiring_board.board_config({"model": "knn"})
    assert wiring_board.train(config).test.metrics == build_pipeline(config).train_and_evaluate().result.test.metrics


def test_predictions_are_written_inside_the_given_folder_only(tmp_path):
    config = wiring_board.board_config({"sink": "csv"})
    result = wiring_board.train(config)
    written, destination = wiring_board.publish(result, config, tmp_path)
    assert written == result.n_test
    assert str(tmp_path) in destination
    assert [path.name for path in tmp_path.iterdir()] == ["predictions.csv"]


def test_a_file_sink_without_a_path_is_refused(tmp_path):
    config = wiring_board.default_config().with_spec("sink", ComponentSpec("csv"))
    with pytest.raises(ConfigError, match="no path"):
        wiring_board.publish(wiring_board.train(config), config, tmp_path)


def test_the_core_view_is_the_real_source_and_its_hash():
    view = wiring_board.core_view()
    assert view.text.strip() == source_of(train_and_evaluate).text.strip()
    assert view.digest == hashlib.sha256(view.text.encode()).hexdigest()[:16]
    assert view.location.startswith("cq4ds/usecases/training.py:")
    assert wiring_board.core_view() == view  # reading it again gives the same
