"""The Pipeline Lab, driven like a user: swap components, change parameters, upload files, share links."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys

import pytest

from course.ui.files import UPLOAD
from course.ui.runs import MAX_GENERATED_ROWS
from course.ui.views import METRICS
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import load_config
from cq4ds.domain import PORTS
from cq4ds.registry import Registry
from tests.ui import helpers
from tests.ui.helpers import ROOT

REGISTRY = Registry()
NOTEBOOK = "configs/notebook.toml"
# Kinds that must give exactly the notebook recipe's result: refactorings that keep behaviour.
SAME_RESULT_BY_DESIGN = {("features", "composed")}  # the notebook's features, assembled from named parts


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)


@pytest.fixture(scope="module")
def notebook():
    """The notebook recipe, checked, and its result trained outside the app."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        config = REGISTRY.check(load_config(NOTEBOOK))
        return config, build_pipeline(config).train_and_evaluate().result


def _cards(values) -> list[str]:
    """The first row of cards: the test metrics."""
    return [f"{getattr(values, name):.3f}" for name in METRICS]


def _test_cards(at) -> list[str]:
    """What the first row of cards shows (the second row is train vs test: see test_workshop_flow.py)."""
    return helpers.metrics(at)[: len(METRICS)]


def _assert_kept_last_result(at, before: list[str]) -> None:
    """A failed run left the previous result on show, and said so."""
    helpers.assert_no_exception(at)
    assert helpers.metrics(at) == before
    assert helpers.showing_last(at), helpers.captions(at)


# --- The notebook recipe on opening -------------------------------------------------------------------------------


def test_the_lab_opens_on_the_notebook_recipe_with_every_view(notebook):
    config, expected = notebook
    at = helpers.open_lab()
    assert not helpers.errors(at) and not helpers.warnings(at)

    run = helpers.shown(at)
    assert run.config == config
    assert run.result.metrics == expected.metrics

    cards = at.metric
    labels = ["Accuracy", "Precision", "Recall", "F1", "ROC AUC", "Train", "Test", "Gap (train − test)"]
    assert [card.label for card in cards] == labels
    gap = expected.train.metrics.accuracy - expected.test.metrics.accuracy
    accuracies = [f"{expected.train.metrics.accuracy:.3f}", f"{expected.test.metrics.accuracy:.3f}", f"{gap:+.3f}"]
    assert [card.value for card in cards] == _cards(expected.metrics) + accuracies
    assert all(0 <= float(card.value) <= 1 for card in cards[:-1]) and -1 <= float(cards[-1].value) <= 1
    assert helpers.deltas(at) == [""] * 8  # nothing to compare with yet

    result = run.result
    figures = list(helpers.figures(at).values())
    heatmaps = [f for f in figures if f["data"][0]["type"] == "heatmap"]
    assert sorted(f["layout"]["title"]["text"] for f in heatmaps) == ["Test", "Train"]
    by_title = {f["layout"]["title"]["text"]: f for f in heatmaps}
    assert by_title["Train"]["data"][0]["z"] == [list(row) for row in result.train.confusion.as_rows()]
    assert by_title["Test"]["data"][0]["z"] == [list(row) for row in result.test.confusion.as_rows()]
    roc = [f for f in figures if "ROC" in f["layout"]["title"]["text"]]
    assert len(roc) == 1 and len(roc[0]["data"]) == 3  # train, test, chance
    bars = {tuple(f["data"][0]["y"]): f for f in figures if f["data"][0]["type"] == "bar"}
    strongest = sorted(result.feature_weights, key=lambda w: abs(w.weight), reverse=True)[:15]
    assert tuple(w.feature for w in strongest) in bars  # the weights chart
    assert tuple(t.stage for t in result.timings) in bars  # the timings chart

    caption = helpers.result_caption(at)
    assert f"{result.n_test} passengers, trained on {result.n_train}" in caption
    assert "sample_data/titanic.db" in caption and "written to memory" in caption
    assert [tab.label for tab in at.tabs] == ["Results", "Architecture", "Code", "Wiring", "History"]
    assert not at.code  # only the open tab is drawn: the other views cost nothing until opened


def _drawn_text(at) -> str:
    texts = [*helpers.captions(at), *(c.value for c in at.code), *(m.value for m in at.markdown)]
    return " ".join([*texts, *(h.value for h in at.subheader)])


@pytest.mark.parametrize(
    ("tab", "shows"),
    [
        ("Architecture", "Highlighted"),
        ("Code", "The component: `knn`"),
        ("Wiring", "build_pipeline"),
        ("History", "Compare two runs"),
    ],
)
def test_each_view_is_drawn_when_its_tab_is_opened_and_stays_open_across_swaps(tab, shows):
    at = helpers.open_view(helpers.open_lab(), tab)
    assert not at.metric  # the Results view is not drawn now
    helpers.choose(at, "model", "knn")
    assert at.session_state["lab.tab"] == tab and not at.metric
    assert shows in _drawn_text(at), _drawn_text(at)[:500]
    helpers.open_view(at, "Results")
    assert helpers.metrics(at) and at.session_state["cq4ds.lab.history"][-1].config.model.kind == "knn"


# --- Swapping every kind of every port ----------------------------------------------------------------------------


def _duplicated_kaggle_rows() -> bytes:
    """Kaggle's training file with its first 40 passengers sent twice: the same pids repeated."""
    lines = (ROOT / "sample_data" / "kaggle_train.csv").read_text(encoding="utf-8").splitlines()
    return ("\n".join([*lines, *lines[1:41]]) + "\n").encode("utf-8")


def _history(at) -> list:
    return at.session_state["cq4ds.lab.history"]


@pytest.mark.parametrize("port", PORTS)
def test_swapping_each_kind_of_a_port_changes_the_result(port, notebook):
    """Walk one session through every kind of `port` (the notebook's own kind last): each swap shows."""
    config, _ = notebook
    at = helpers.open_lab()
    default = config.spec(port).kind
    kinds = REGISTRY.kinds(port)
    if port == "cleaning":  # de-duplicating only matters on data with repeated pids: set those aside, visibly
        at.radio(key="lab.on_invalid").set_value("quarantine").run()
        helpers.upload(at, "csv", "repeats.csv", _duplicated_kaggle_rows())
        assert not helpers.errors(at) and "40 quarantined" in helpers.result_caption(at)

    if len(kinds) == 1:  # a port with one kind (the split): change its parameters instead
        before = helpers.snapshot(at)
        helpers.set_param(at, port, default, "test_size", 0.3)
        helpers.assert_no_exception(at)
        assert not helpers.errors(at)
        assert helpers.shown(at).config.spec(port).options["test_size"] == 0.3
        assert helpers.metrics(at) != before[0] and helpers.data_part(helpers.result_caption(at)) != before[1]
        return

    start = helpers.snapshot(at)
    others = sorted((k for k in kinds if k != default), key=lambda k: (port, k) not in SAME_RESULT_BY_DESIGN)
    for kind in [*others, default]:  # same-result kinds first, while the notebook's result is on show
        before, runs = helpers.snapshot(at), len(_history(at))
        helpers.choose(at, port, kind)
        helpers.assert_no_exception(at)
        assert not helpers.errors(at), (kind, helpers.errors(at))
        assert helpers.shown(at).config.spec(port).kind == kind
        after = helpers.snapshot(at)
        assert len(_history(at)) == runs + (kind != default), kind  # returning to a composition reuses its run
        if (port, kind) in SAME_RESULT_BY_DESIGN:
            assert after == start, kind
        elif port == "sink":
            assert after[0] == before[0], kind  # where predictions go does not change the model
            assert helpers.predictions_part(after[1]) != helpers.predictions_part(before[1]), kind
        else:
            assert after[0] != before[0] or helpers.data_part(after[1]) != helpers.data_part(before[1]), kind


def test_a_source_that_cannot_train_explains_and_keeps_the_last_result():
    at = helpers.choose(helpers.open_lab(), "source", "csv")
    before = helpers.metrics(at)
    at.selectbox(key="lab.source.csv.path").select("sample_data/kaggle_test.csv").run()  # no outcomes
    assert any("Fix:" in error and "labelled" in error for error in helpers.errors(at)), helpers.errors(at)
    _assert_kept_last_result(at, before)


# --- Parameters ---------------------------------------------------------------------------------------------------


def _assert_deltas_against_previous(at) -> None:
    run, previous = helpers.shown(at), at.session_state["cq4ds.lab.before"]
    assert previous is not None
    expected = [
        f"{getattr(run.result.metrics, name) - getattr(previous.result.metrics, name):+.3f}" for name in METRICS
    ]
    assert helpers.deltas(at)[: len(METRICS)] == expected


def test_parameter_changes_rerun_and_show_the_change_since_the_previous_run():
    at = helpers.open_lab()
    first = helpers.metrics(at)

    helpers.set_param(at, "model", "logistic_regression", "C", 0.01)
    helpers.assert_no_exception(at)
    assert helpers.shown(at).config.model.options["C"] == 0.01
    second = helpers.metrics(at)
    assert second != first
    _assert_deltas_against_previous(at)
    assert any(delta.strip("+-0.") for delta in helpers.deltas(at))  # at least one card moved

    at.checkbox(key="lab.features.notebook.fix_is_alone").check().run()
    helpers.assert_no_exception(at)
    assert helpers.shown(at).config.features.options["fix_is_alone"] is True
    assert helpers.metrics(at) != second
    _assert_deltas_against_previous(at)


# --- Invalid input ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"model.C": "-5"}, "C"),
        ({"model": "xgboost"}, "xgboost"),
        ({"model.C": "NaN"}, "parameter 'C' is 'NaN', not a finite number. Fix: use a value from 0.001 to 1000"),
        ({"split.test_size": "inf"}, "parameter 'test_size' is 'inf', not a finite number"),
    ],
    ids=["negative C", "unknown model", "NaN C", "infinite test size"],
)
def test_a_bad_link_is_explained_and_the_lab_starts_from_the_notebook_recipe(query, named, notebook):
    config, expected = notebook
    at = helpers.open_lab(query)
    problems = helpers.warnings(at) + helpers.errors(at)
    assert any(named in text and "Fix:" in text for text in problems), problems
    assert helpers.shown(at).config == config
    assert _test_cards(at) == _cards(expected.metrics)


def test_too_many_generated_rows_are_refused_and_the_last_result_stays():
    at = helpers.choose(helpers.open_lab(), "source", "synthetic")
    before = helpers.metrics(at)
    helpers.set_param(at, "source", "synthetic", "rows", 300_000)
    assert MAX_GENERATED_ROWS < 300_000
    assert any("Fix:" in error and "300,000" in error for error in helpers.errors(at)), helpers.errors(at)
    _assert_kept_last_result(at, before)
    assert helpers.shown(at).config.source.options["rows"] == 1309


# --- Uploads ------------------------------------------------------------------------------------------------------


def _sqlite_without_the_exercise_schema(tmp_path) -> bytes:
    path = tmp_path / "people.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (name TEXT, age INTEGER)")
        db.execute("INSERT INTO people VALUES ('Ada', 36)")
    db.close()
    return path.read_bytes()


def _corrupt_parquet() -> bytes:
    whole = (ROOT / "sample_data" / "passengers.parquet").read_bytes()
    return whole[: len(whole) // 2]  # cut off mid-file: no footer


def _cp1252_csv() -> bytes:
    text = helpers.titanic3_rows(50).decode("utf-8")
    header, first, *rest = text.splitlines()
    first = first.replace(first.split(",")[2], '"Müller, Mrs. Zoë"', 1)  # a name with accents
    return "\n".join([header, first, *rest]).encode("cp1252")


BAD_UPLOADS = {
    "wrong layout": ("csv", "people.csv", lambda _: b"city,population\nLondon,9000000\nParis,2100000\n", "layout"),
    "empty": ("csv", "empty.csv", lambda _: b"", "empty"),
    "header only": ("csv", "header.csv", lambda _: helpers.titanic3_rows(0), "no passengers"),
    "not a table": ("csv", "noise.csv", lambda _: random.Random(0).randbytes(4096), "UTF-8"),
    "corrupt parquet": ("parquet", "broken.parquet", lambda _: _corrupt_parquet(), "Parquet"),
    "not the exercise schema": ("sqlite", "people.db", _sqlite_without_the_exercise_schema, "tbl_passengers"),
    "not UTF-8": ("csv", "latin.csv", lambda _: _cp1252_csv(), "UTF-8"),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_is_explained_and_the_last_result_stays(case, tmp_path):
    kind, name, make, named = BAD_UPLOADS[case]
    at = helpers.choose(helpers.open_lab(), "source", kind)
    before = helpers.metrics(at)
    helpers.upload(at, kind, name, make(tmp_path))
    found = helpers.errors(at)
    assert any("Fix:" in error and named in error and repr(name) in error for error in found), found
    _assert_kept_last_result(at, before)


def test_a_good_upload_trains_on_it_and_the_caption_names_it():
    at = helpers.open_lab()
    helpers.upload(at, "csv", "first300.csv", helpers.titanic3_rows(300))
    helpers.assert_no_exception(at)
    assert not helpers.errors(at)
    assert not helpers.showing_last(at)
    path = at.selectbox(key="lab.source.csv.path").value
    assert path != UPLOAD and "your upload: first300.csv" in helpers.file_choices(at, "csv")
    assert at.session_state["cq4ds.files.uploads"] == {path: "first300.csv"}
    assert path.startswith(str(at.session_state["cq4ds.files.folder"]))
    caption = helpers.result_caption(at)
    assert "your upload 'first300.csv'" in caption and path not in caption and "300 rows read" in caption
    assert helpers.shown(at).result.n_train + helpers.shown(at).result.n_test == 300


# --- Links --------------------------------------------------------------------------------------------------------


def test_the_link_carries_the_composition_and_restores_it_in_a_new_session():
    at = helpers.choose(helpers.open_lab(), "model", "random_forest")
    helpers.set_param(at, "model", "random_forest", "n_estimators", 300)
    helpers.assert_no_exception(at)
    assert at.query_params == {"model": "random_forest", "model.n_estimators": "300"}

    restored = helpers.open_lab(dict(at.query_params))
    assert not helpers.warnings(restored) and not helpers.errors(restored)
    assert restored.selectbox(key="lab.model.kind").value == "random_forest"
    assert restored.number_input(key="lab.model.random_forest.n_estimators").value == 300
    assert helpers.shown(restored).config == helpers.shown(at).config
    assert helpers.shown(restored).result.metrics == helpers.shown(at).result.metrics
    assert helpers.metrics(restored) == helpers.metrics(at)


# --- Wiring: what the Lab shows reruns outside it, with the same metrics ------------------------------------------


@pytest.fixture(scope="module")
def wired(tmp_path_factory):
    """A Lab session on a non-default composition: CSV source, extended features, random forest."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        helpers.fresh_process_state(tmp_path_factory.mktemp("wired"), patch)
        at = helpers.open_lab()
        for port, kind in (("source", "csv"), ("features", "extended"), ("model", "random_forest")):
            helpers.choose(at, port, kind)
        helpers.assert_no_exception(at)
        assert not helpers.errors(at)
        at.cards = _test_cards(at)  # what the Results tab showed, before the Wiring tab is opened
        return helpers.open_view(at, "Wiring")


def test_the_toml_shown_reruns_from_the_command_line_with_the_same_metrics(wired, tmp_path):
    (toml,) = helpers.code_blocks(wired, "toml")
    config_file = tmp_path / "lab.toml"
    config_file.write_text(toml, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cq4ds", "run", "--config", str(config_file), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    from_cli = json.loads(done.stdout)["metrics"]
    in_lab = helpers.shown(wired).result.metrics
    assert from_cli == {name: getattr(in_lab, name) for name in from_cli}
    assert [f"{from_cli[name]:.3f}" for name in METRICS] == wired.cards
    assert helpers.shown(wired).config == REGISTRY.check(load_config(config_file))


def test_the_python_shown_builds_the_same_composition_and_metrics(wired, capsys):
    (code,) = [block for block in helpers.code_blocks(wired, "python") if "build_pipeline" in block]
    namespace: dict = {}
    exec(compile(code, "<wiring>", "exec"), namespace)
    assert namespace["config"] == helpers.shown(wired).config
    assert namespace["trained"].result.metrics == helpers.shown(wired).result.metrics
    assert repr(namespace["trained"].result.metrics) in capsys.readouterr().out


def test_a_parquet_dataset_sink_says_it_wrote_a_folder_and_offers_no_download():
    at = helpers.choose(helpers.open_lab(), "sink", "parquet")
    assert [button.label for button in at.get("download_button")] == ["Download predictions.parquet"]
    helpers.set_param(at, "sink", "parquet", "layout", "dataset")
    helpers.assert_no_exception(at)
    assert not helpers.errors(at) and not at.get("download_button")
    assert any("is a Parquet dataset: a folder of 1 part file," in caption.value for caption in at.caption)
