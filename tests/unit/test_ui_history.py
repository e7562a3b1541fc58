"""The run history: records of real runs, their table, and the comparison view in a Streamlit AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from course.ui.charts import METRICS
from course.ui.history import history_table, record_of
from cq4ds.bootstrap import build_pipeline
from cq4ds.config_file import load_config


@pytest.fixture(scope="module")
def notebook_run():
    """The notebook recipe's config and the result of training it once (shared by this module's tests)."""
    config = load_config("configs/notebook.toml")
    return config, build_pipeline(config).train_and_evaluate().result


def test_a_record_keeps_the_runs_test_metrics_sizes_and_duration(notebook_run):
    config, result = notebook_run
    record = record_of(1, "notebook", config, result)
    assert (record.number, record.label, record.config) == (1, "notebook", config)
    assert record.metrics == result.test.metrics
    assert (record.n_train, record.n_test) == (result.n_train, result.n_test)
    assert record.seconds == pytest.approx(sum(t.seconds for t in result.timings))


def test_the_history_table_has_one_rounded_row_per_run(notebook_run):
    config, result = notebook_run
    runs = [record_of(1, "notebook", config, result), record_of(2, "again", config, result)]
    table = history_table(runs)
    assert list(table.columns) == ["#", "label", *METRICS, "train", "test", "seconds"]
    assert list(table["#"]) == [1, 2] and list(table["label"]) == ["notebook", "again"]
    assert table.loc[0, "accuracy"] == round(result.test.metrics.accuracy, 3)
    assert table.loc[1, "roc_auc"] == round(result.test.metrics.roc_auc, 3)
    assert (table.loc[0, "train"], table.loc[0, "test"]) == (result.n_train, result.n_test)


def test_an_empty_history_is_an_empty_table():
    assert history_table([]).empty


def two_runs_app() -> None:
    """A page that shows a history of two runs, compared with a fake diff."""
    from course.ui.history import RunRecord, render_history
    from cq4ds.config_file import default_config
    from cq4ds.domain import ComponentSpec, Metrics

    config = default_config(ComponentSpec("synthetic"))
    runs = [
        RunRecord(1, "notebook", config, Metrics(0.78, 0.71, 0.67, 0.69, 0.82), 712, 179, 0.7),
        RunRecord(2, "forest", config, Metrics(0.82, 0.80, 0.70, 0.75, 0.86), 712, 179, 1.9),
    ]
    render_history(runs, lambda a, b: ["model: logistic_regression → random_forest", "model.C removed"])


def identical_runs_app() -> None:
    """A page that shows two runs whose compositions do not differ."""
    from course.ui.history import RunRecord, render_history
    from cq4ds.config_file import default_config
    from cq4ds.domain import ComponentSpec, Metrics

    config = default_config(ComponentSpec("synthetic"))
    metrics = Metrics(0.78, 0.71, 0.67, 0.69, 0.82)
    runs = [
        RunRecord(1, "notebook", config, metrics, 712, 179, 0.7),
        RunRecord(2, "again", config, metrics, 712, 179, 0.6),
    ]
    render_history(runs, lambda a, b: [])


def one_run_app() -> None:
    """A page that shows a history of a single run."""
    from course.ui.history import RunRecord, render_history
    from cq4ds.config_file import default_config
    from cq4ds.domain import ComponentSpec, Metrics

    config = default_config(ComponentSpec("synthetic"))
    runs = [RunRecord(1, "notebook", config, Metrics(0.78, 0.71, 0.67, 0.69, 0.82), 712, 179, 0.7)]
    render_history(runs, lambda a, b: [])


def markdown_of(app: AppTest) -> str:
    """All markdown the app shows, as one string."""
    return "\n".join(element.value for element in app.markdown)


def test_two_runs_show_the_table_the_chart_and_their_differences():
    app = AppTest.from_function(two_runs_app, default_timeout=30).run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 2
    assert app.selectbox(key="lab.history.a").value == 1
    assert app.selectbox(key="lab.history.b").value == 2
    shown = markdown_of(app)
    assert "model: logistic_regression → random_forest" in shown and "model.C removed" in shown
    assert "| Accuracy | 0.780 | 0.820 | +0.040 |" in shown


def test_picking_another_run_updates_the_comparison():
    app = AppTest.from_function(two_runs_app, default_timeout=30).run()
    app.selectbox(key="lab.history.a").select(2).run()
    assert not app.exception
    assert "| Accuracy | 0.820 | 0.820 | +0.000 |" in markdown_of(app)


def test_identical_compositions_are_called_identical():
    app = AppTest.from_function(identical_runs_app, default_timeout=30).run()
    assert not app.exception
    assert "The two compositions are identical." in markdown_of(app)


def test_a_single_run_asks_for_a_second_one():
    app = AppTest.from_function(one_run_app, default_timeout=30).run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 1
    assert any("second composition" in info.value for info in app.info)
    assert not app.selectbox


def test_run_records_are_frozen(notebook_run):
    config, result = notebook_run
    record = record_of(1, "notebook", config, result)
    with pytest.raises(AttributeError):
        record.label = "changed"  # type: ignore[misc]


def growing_app() -> None:
    """A page whose history holds as many runs as the session's "runs" value says."""
    import streamlit as st

    from course.ui.history import RunRecord, render_history
    from cq4ds.config_file import default_config
    from cq4ds.domain import ComponentSpec, Metrics

    config = default_config(ComponentSpec("synthetic"))
    metrics = Metrics(0.78, 0.71, 0.67, 0.69, 0.82)
    count = st.session_state.setdefault("runs", 2)
    render_history(
        [RunRecord(n, f"run {n}", config, metrics, 712, 179, 0.7) for n in range(1, count + 1)], lambda a, b: []
    )


def test_a_new_run_moves_the_pickers_to_the_last_two_runs():
    app = AppTest.from_function(growing_app, default_timeout=30).run()
    app.selectbox(key="lab.history.b").select(1).run()
    assert app.selectbox(key="lab.history.b").value == 1  # the user's pick survives a rerun
    app.session_state["runs"] = 3
    app.run()
    assert not app.exception
    assert (app.selectbox(key="lab.history.a").value, app.selectbox(key="lab.history.b").value) == (2, 3)
